"""``recall-outlook url``: build the authorize URL for one user."""

from __future__ import annotations

import argparse
import sys

from ..authorize.build import DEFAULT_TENANT, PROMPTS, build_authorize_url
from ..authorize.lint import lint_authorize_url
from ..regions import REGIONS, get_region
from ..scopes import DEFAULT_SCOPES
from ._common import (
    CommandError,
    Subparsers,
    add_command,
    add_json_flag,
    print_json,
    render_findings,
    secret_argument,
)

__all__ = ["register"]

TOKEN_ENV = "RECALL_CALENDAR_AUTH_TOKEN"  # noqa: S105 - the variable's name, not a secret


def register(subparsers: Subparsers) -> None:
    """Add the ``url`` command."""
    parser = add_command(
        subparsers,
        "url",
        example="RECALL_CALENDAR_AUTH_TOKEN=... recall-outlook url --client-id 6731de76-"
        "14a6-49ae-97bc-6eba6914391e --recall-region us-east-1 --success-url "
        "https://app.example.com/connected",
        handler=handle,
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--redirect-uri", help="a redirect URI registered on the Entra app")
    target.add_argument(
        "--recall-region",
        choices=list(REGIONS),
        help="use Recall's own callback in this region as redirect URI (development)",
    )
    parser.add_argument("--client-id", required=True, help="the app's Application (client) ID")
    parser.add_argument("--token", help=f"the user's Recall calendar auth token (or ${TOKEN_ENV})")
    parser.add_argument("--success-url", help="where Recall sends the user after connecting")
    parser.add_argument("--error-url", help="where Recall sends the user when it fails")
    parser.add_argument("--tenant", default=DEFAULT_TENANT, help="default: %(default)s")
    parser.add_argument(
        "--scope",
        action="append",
        dest="scopes",
        metavar="SCOPE",
        help=f"repeat for each scope (default: {' '.join(DEFAULT_SCOPES)})",
    )
    parser.add_argument("--prompt", choices=PROMPTS, help="leave out unless you need one")
    parser.add_argument("--login-hint")
    parser.add_argument("--domain-hint")
    add_json_flag(parser)


def handle(args: argparse.Namespace) -> int:
    """Build the URL, print it, and report the linter's findings about it."""
    token = secret_argument(args.token, TOKEN_ENV, "the calendar auth token (--token)")
    redirect = args.redirect_uri or get_region(args.recall_region).ms_callback_url
    if args.scopes is not None and not args.scopes:
        raise CommandError("--scope needs a value")
    url = build_authorize_url(
        client_id=args.client_id,
        redirect_uri=redirect,
        calendar_auth_token=token,
        success_url=args.success_url,
        error_url=args.error_url,
        tenant=args.tenant,
        scopes=args.scopes or DEFAULT_SCOPES,
        prompt=args.prompt,
        login_hint=args.login_hint,
        domain_hint=args.domain_hint,
    )
    findings = lint_authorize_url(url)
    if args.json:
        print_json({"url": url, "findings": [finding.as_dict() for finding in findings]})
    else:
        print(url)
        if findings:
            print(render_findings(findings), file=sys.stderr)
    return 0
