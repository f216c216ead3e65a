"""The Microsoft scopes a Recall Outlook connection asks for, and why each one is needed.

See https://docs.recall.ai/docs/calendar-v1-microsoft-outlook (SCOPES) and
https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "CALENDARS_READ",
    "DEFAULT_SCOPES",
    "GRAPH_RESOURCE",
    "SCOPES",
    "Scope",
    "normalize_scope",
]

GRAPH_RESOURCE: Final = "https://graph.microsoft.com/"
"""The Microsoft Graph resource prefix of resource-qualified scopes."""
_GRAPH_ORIGIN: Final = GRAPH_RESOURCE.rstrip("/")

CALENDARS_READ: Final = "https://graph.microsoft.com/Calendars.Read"
"""The resource-qualified Calendars.Read scope, as Recall's guide writes it."""


@dataclass(frozen=True)
class Scope:
    """One scope of the integration.

    Attributes:
        value: The scope as written in the authorize URL.
        permission: The delegated Microsoft Graph permission name.
        permission_id: Its id on the Microsoft Graph service principal, for app manifests.
        purpose: Why Recall needs it.
    """

    value: str
    permission: str
    permission_id: str
    purpose: str


SCOPES: Final = (
    Scope(
        "offline_access",
        "offline_access",
        "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
        "Makes Microsoft issue a refresh token, so Recall keeps the calendar in sync after the "
        "first hour. Without it Recall answers 'refresh_token missing from oAuth response'.",
    ),
    Scope(
        "openid",
        "openid",
        "37f7f235-527c-4136-accd-4a02d197296e",
        "Signs the user in with OpenID Connect, so Recall learns which account connected.",
    ),
    Scope(
        "email",
        "email",
        "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
        "Gives Recall the account's email address, shown on the calendar user's connection.",
    ),
    Scope(
        CALENDARS_READ,
        "Calendars.Read",
        "465a38f9-76ea-45b9-9f34-9e8b0d4b0b42",
        "Lets Recall read the user's calendar events to schedule bots for their meetings.",
    ),
)
"""The four scopes of Recall's guide, with their permission ids and purposes."""

DEFAULT_SCOPES: Final = tuple(scope.value for scope in SCOPES)
"""``offline_access openid email https://graph.microsoft.com/Calendars.Read``."""


def normalize_scope(scope: str) -> str:
    """Return the permission a scope names, case-folded, without the Microsoft Graph prefix.

    ``https://graph.microsoft.com/Calendars.Read`` and ``Calendars.Read`` both become
    ``calendars.read``: Microsoft treats an unqualified scope as a Microsoft Graph one.
    """
    lowered = scope.strip().lower()
    if lowered.startswith(_GRAPH_ORIGIN):  # with or without the slash of GRAPH_RESOURCE
        return lowered[len(_GRAPH_ORIGIN) :].lstrip("/")
    return lowered
