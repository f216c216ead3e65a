"""``recall-outlook check-app``: check an app manifest downloaded from the Azure portal."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..findings import has_errors
from ..register._manifest_fields import MAX_MANIFEST_BYTES, parse_time, shown
from ..register.manifest import AppManifest, check_manifest, read_manifest
from ._common import (
    CommandError,
    Subparsers,
    add_command,
    add_json_flag,
    print_json,
    render_findings,
)

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``check-app`` command."""
    parser = add_command(
        subparsers,
        "check-app",
        example="recall-outlook check-app manifest.json   (or - to read standard input)",
        handler=handle,
    )
    parser.add_argument("manifest", help="the manifest file, or - for standard input")
    parser.add_argument(
        "--at",
        metavar="DATE",
        help="judge secret expiry at this date (e.g. 2025-06-30) instead of now",
    )
    add_json_flag(parser)


def _read(path: str) -> bytes:
    """Read at most one byte more than a manifest may hold (``/dev/zero`` is endless)."""
    name = "standard input" if path == "-" else shown(path)
    try:
        if path == "-":
            binary = getattr(sys.stdin, "buffer", None)  # absent on a text stream (tests)
            data = (
                binary.read(MAX_MANIFEST_BYTES + 1)
                if binary is not None
                else sys.stdin.read(MAX_MANIFEST_BYTES + 1).encode("utf-8", "surrogateescape")
            )
        else:
            with Path(path).open("rb") as file:
                data = file.read(MAX_MANIFEST_BYTES + 1)
    except OSError as error:
        raise CommandError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_MANIFEST_BYTES:
        raise CommandError(f"{name} is larger than 1 MiB: a manifest is a few KiB")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"cannot read {name}: not UTF-8 text ({error.reason})") from None
    return data


def _summary(app: AppManifest) -> dict[str, Any]:
    return {
        "format": app.format,
        "display_name": app.display_name,
        "sign_in_audience": app.sign_in_audience,
        "web_redirect_uris": list(app.web_redirect_uris),
        "spa_redirect_uris": list(app.spa_redirect_uris),
        "public_client_redirect_uris": list(app.public_client_redirect_uris),
        "token_version": app.token_version,
        "secrets": [
            {"label": secret.label, "end": secret.end.isoformat() if secret.end else None}
            for secret in app.secrets
        ],
    }


def handle(args: argparse.Namespace) -> int:
    """Read the manifest and print the findings."""
    now = parse_time(args.at, "--at") if args.at else datetime.now(timezone.utc)
    app = read_manifest(_read(args.manifest))
    findings = check_manifest(app, now=now)
    if args.json:
        print_json(
            {"manifest": _summary(app), "findings": [finding.as_dict() for finding in findings]}
        )
    else:
        name = f"{shown(app.display_name)} " if app.display_name else ""
        print(f"app {name}({app.format} manifest)")
        print(render_findings(findings))
    return 1 if has_errors(findings) else 0
