"""``recall-outlook forward``: show where a forwarder sends a callback."""

from __future__ import annotations

import argparse

from ..forwarder.forward import forward_url
from ..masking import mask_url
from ..regions import DEFAULT_REGION, REGIONS
from ._common import Subparsers, add_command

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``forward`` command."""
    parser = add_command(
        subparsers,
        "forward",
        example="recall-outlook forward 'https://app.example.com/api/ms_oauth_callback"
        "?code=0.AXk&state=%7B%7D' --region eu-central-1",
        handler=handle,
    )
    parser.add_argument(
        "callback", help="the callback URL your redirect URI received, or its query"
    )
    parser.add_argument("--region", choices=list(REGIONS), default=DEFAULT_REGION)
    parser.add_argument("--show-secrets", action="store_true", help="print the code unmasked")


def handle(args: argparse.Namespace) -> int:
    """Print the forwarded URL."""
    text: str = args.callback.strip()
    query = text.partition("?")[2] if "?" in text or "://" in text else text
    query = query.partition("#")[0]
    url = forward_url(query, args.region)
    print(url if args.show_secrets else mask_url(url))
    return 0
