"""``recall-outlook serve-forwarder``: run the production redirect URI handler."""

from __future__ import annotations

import argparse

from ..forwarder.forward import DEFAULT_FORWARDER_PATH
from ..forwarder.serve import serve_forwarder
from ..regions import DEFAULT_REGION, REGIONS
from ._common import Subparsers, add_command, port_number

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``serve-forwarder`` command."""
    parser = add_command(
        subparsers,
        "serve-forwarder",
        example="recall-outlook serve-forwarder --port 8000 --region eu-central-1",
        handler=handle,
    )
    parser.add_argument("--host", default="127.0.0.1", help="default: %(default)s")
    parser.add_argument("--port", type=port_number, default=8000, help="default: %(default)s")
    parser.add_argument("--path", default=DEFAULT_FORWARDER_PATH, help="default: %(default)s")
    parser.add_argument("--region", choices=list(REGIONS), default=DEFAULT_REGION)


def handle(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    serve_forwarder(host=args.host, port=args.port, path=args.path, region=args.region)
    return 0
