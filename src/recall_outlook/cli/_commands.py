"""The commands of ``recall-outlook`` and their one-line summaries, defined once.

The top-level ``--help`` lists these without importing any command module; each command's
module (``cmd_<module>``) is imported only when that command runs or shows its own help.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["COMMANDS"]

COMMANDS: Final = MappingProxyType(
    {
        "url": (
            "Build the Microsoft authorize URL that connects one user's Outlook calendar "
            "(printed whole: it carries the user's token; findings are printed to stderr)."
        ),
        "lint": ("Check an authorize URL; exit 1 when any finding is an error."),
        "explain": (
            "Explain an AADSTS code, an error_description, a whole error callback URL or one "
            "of Recall's error texts, with the fix."
        ),
        "forward": (
            "Print the Recall URL a forwarder redirects a Microsoft callback to, the query "
            "kept byte for byte (secrets masked unless --show-secrets)."
        ),
        "admin-consent-url": (
            "Build the v2 admin consent URL an administrator opens to grant the app tenant-"
            "wide consent (the fix for 'Need admin approval', AADSTS90094)."
        ),
        "serve-forwarder": (
            "Run the forwarder on uvicorn: every request to PATH is redirected to Recall's "
            "Microsoft callback with its query string byte for byte (needs the server extra)."
        ),
        "sandbox": (
            "Run a local Microsoft identity platform, a local Recall and your app's forwarder"
            " on 127.0.0.1, for a browser; or --run a scenario in process and print its trace"
            " (needs the server extra)."
        ),
        "check-forwarder": (
            "Send tricky but valid sample callbacks to your forwarder and check each answer: "
            "a 3xx to Recall's Microsoft callback in the region, the query string byte for "
            "byte, Cache-Control: no-store, nothing cacheable, no referrer leak. Exit 1 on "
            "any failure."
        ),
        "register": (
            "Print an 'az ad app create' command (or the Microsoft Graph POST "
            "/v1.0/applications body) that registers the app as Recall's guide asks: any "
            "organisation and personal accounts, Web redirect URIs, delegated Calendars.Read,"
            " offline_access, openid and email. Exit 1 when a redirect URI breaks Microsoft's"
            " rules."
        ),
        "check-app": (
            "Check an app manifest (Azure portal > App registrations > Manifest > Download; "
            "either format): audience, Web redirect URIs, permissions, token version, client "
            "secrets and their expiry. Exit 1 when any finding is an error."
        ),
    }
)
"""Each command's name (as typed) and summary, in the order ``--help`` lists them."""
