"""``recall-outlook admin-consent-url``: the link a tenant admin opens to grant consent."""

from __future__ import annotations

import argparse

from ..troubleshoot.consent import admin_consent_url
from ._common import Subparsers, add_command

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``admin-consent-url`` command."""
    parser = add_command(
        subparsers,
        "admin-consent-url",
        example="recall-outlook admin-consent-url --client-id 6731de76-14a6-49ae-97bc-"
        "6eba6914391e --tenant contoso.onmicrosoft.com --redirect-uri "
        "https://app.example.com/admin-consented",
        handler=handle,
    )
    parser.add_argument("--client-id", required=True, help="the app's Application (client) ID")
    parser.add_argument(
        "--tenant", required=True, help="the customer's directory id or domain (not common)"
    )
    parser.add_argument("--redirect-uri", required=True, help="a redirect URI of the app")
    parser.add_argument("--state", help="an opaque value returned to the redirect URI")


def handle(args: argparse.Namespace) -> int:
    """Print the admin consent URL."""
    print(
        admin_consent_url(
            client_id=args.client_id,
            tenant=args.tenant,
            redirect_uri=args.redirect_uri,
            state=args.state,
        )
    )
    return 0
