"""``recall-outlook lint``: check an authorize URL against Microsoft's and Recall's rules."""

from __future__ import annotations

import argparse

from ..authorize.lint import lint_authorize_url
from ..authorize.parse import parse_authorize_url
from ..findings import has_errors
from ._common import Subparsers, add_command, add_json_flag, print_json, read_text, render_findings

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``lint`` command."""
    parser = add_command(
        subparsers,
        "lint",
        example="recall-outlook lint 'https://login.microsoftonline.com/common/oauth2/v2.0/"
        "authorize?client_id=...&prompt=consent'   (or - to read standard input)",
        handler=handle,
    )
    parser.add_argument("url", help="the authorize URL, as pasted (use - for standard input)")
    add_json_flag(parser)


def handle(args: argparse.Namespace) -> int:
    """Lint the URL and print the findings."""
    text = read_text(args.url)
    findings = lint_authorize_url(text)
    if args.json:
        print_json(
            {
                "findings": [finding.as_dict() for finding in findings],
                "request": parse_authorize_url(text).as_dict(),
            }
        )
    else:
        print(render_findings(findings))
    return 1 if has_errors(findings) else 0
