"""``recall-outlook check-forwarder``: verify a deployed forwarder the way Recall will use it."""

from __future__ import annotations

import argparse

from ..forwarder.check import check_forwarder
from ..forwarder.report import render_report
from ..regions import DEFAULT_REGION, REGIONS
from ._common import Subparsers, add_command, add_json_flag, positive_seconds, print_json

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``check-forwarder`` command."""
    parser = add_command(
        subparsers,
        "check-forwarder",
        example="recall-outlook check-forwarder https://app.example.com/api/ms_oauth_callback "
        "--region eu-central-1",
        handler=handle,
    )
    parser.add_argument("url", help="the forwarder's URL (your production redirect URI)")
    parser.add_argument("--region", choices=list(REGIONS), default=DEFAULT_REGION)
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=10.0,
        help="seconds allowed for each probe as a whole (default: %(default)s)",
    )
    add_json_flag(parser)


def handle(args: argparse.Namespace) -> int:
    """Check the forwarder and print the table (or JSON)."""
    report = check_forwarder(args.url, region=args.region, timeout=args.timeout)
    if args.json:
        print_json(report.as_dict())
    else:
        print(render_report(report))
    return 0 if report.passed else 1
