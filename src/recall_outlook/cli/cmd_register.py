"""``recall-outlook register``: print the az command or Graph body that registers the app."""

from __future__ import annotations

import argparse
import sys

from ..findings import has_errors
from ..register.registration import (
    GRAPH_APPLICATIONS_URL,
    az_command,
    check_registration,
    graph_application_body,
    registration_output,
)
from ._common import Subparsers, add_command, add_json_flag, print_json, render_findings

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``register`` command."""
    parser = add_command(
        subparsers,
        "register",
        example="recall-outlook register --name 'Acme Calendar' "
        "--redirect-uri https://app.example.com/api/ms_oauth_callback",
        handler=handle,
    )
    parser.add_argument("--name", required=True, help="the app's display name")
    parser.add_argument(
        "--redirect-uri",
        dest="redirect_uris",
        action="append",
        required=True,
        metavar="URI",
        help="a Web redirect URI (repeat for more)",
    )
    parser.add_argument(
        "--format",
        dest="output",
        choices=["az", "graph"],
        default="az",
        help=f"az: an Azure CLI command; graph: the JSON body of POST {GRAPH_APPLICATIONS_URL}",
    )
    add_json_flag(parser)


def handle(args: argparse.Namespace) -> int:
    """Check the inputs, then print the command or body."""
    findings = check_registration(name=args.name, redirect_uris=args.redirect_uris)
    failed = has_errors(findings)
    if args.json:
        output: object = None
        if not failed and args.output == "graph":
            output = graph_application_body(name=args.name, redirect_uris=args.redirect_uris)
        elif not failed:
            output = az_command(name=args.name, redirect_uris=args.redirect_uris)
        print_json(
            {
                "format": args.output,
                "ok": not failed,
                "output": output,
                "findings": [finding.as_dict() for finding in findings],
            }
        )
        return 1 if failed else 0
    if findings:
        print(render_findings(findings), file=sys.stderr)
    if failed:
        print("recall-outlook register: nothing printed: fix the errors above", file=sys.stderr)
        return 1
    print(registration_output(name=args.name, redirect_uris=args.redirect_uris, output=args.output))
    if args.output == "graph":
        print(
            f"# POST this body to {GRAPH_APPLICATIONS_URL}, for example: az rest --method POST "
            f"--url {GRAPH_APPLICATIONS_URL} --body @app.json",
            file=sys.stderr,
        )
    print(
        "# then add a client secret (az ad app credential reset --id <appId> --append) and "
        "save it in Recall with the Application (client) ID",
        file=sys.stderr,
    )
    return 0
