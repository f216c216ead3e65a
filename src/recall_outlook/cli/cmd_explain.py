"""``recall-outlook explain``: what an AADSTS code, error URL or Recall error means."""

from __future__ import annotations

import argparse

from ..troubleshoot.explain import explain
from ._common import Subparsers, add_command, add_json_flag, print_json, read_text

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``explain`` command."""
    parser = add_command(
        subparsers,
        "explain",
        example="recall-outlook explain AADSTS50011",
        handler=handle,
    )
    parser.add_argument("text", help="a code, description or URL (use - for standard input)")
    parser.add_argument(
        "--where",
        choices=("authorize", "token"),
        help="where the error was met: the redirect after sign-in (authorize) or Recall's call "
        "to the token endpoint (token); read from the text when it tells",
    )
    add_json_flag(parser)


def handle(args: argparse.Namespace) -> int:
    """Print the explanation."""
    explanation = explain(read_text(args.text), where=args.where)
    if args.json:
        print_json(explanation.as_dict())
    else:
        print(explanation.as_text().rstrip("\n"))
    return 0
