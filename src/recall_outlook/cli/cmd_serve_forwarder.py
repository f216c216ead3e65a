"""``recall-outlook serve-forwarder``: run the production redirect URI handler."""

from __future__ import annotations

import argparse

from ..forwarder.forward import DEFAULT_FORWARDER_PATH
from ..forwarder.serve import HEADER_TIMEOUT, MAX_CONNECTIONS, serve_forwarder
from ..regions import DEFAULT_REGION, REGIONS
from ._common import Subparsers, add_command, port_number, positive_count, positive_seconds

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
    parser.add_argument(
        "--header-timeout",
        type=positive_seconds,
        default=HEADER_TIMEOUT,
        metavar="SECONDS",
        help="seconds an idle connection has to send a whole request head (default: %(default)s)",
    )
    parser.add_argument(
        "--max-connections",
        type=positive_count,
        default=MAX_CONNECTIONS,
        metavar="N",
        help="connections served at once; above it requests get 503 (default: %(default)s)",
    )


def handle(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    serve_forwarder(
        host=args.host,
        port=args.port,
        path=args.path,
        region=args.region,
        header_timeout=args.header_timeout,
        max_connections=args.max_connections,
    )
    return 0
