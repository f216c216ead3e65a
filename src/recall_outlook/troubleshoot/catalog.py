"""The catalog of errors met while connecting Outlook through Recall, defined once.

AADSTS codes of the Microsoft identity platform, the OAuth ``error`` values Microsoft sends to
the redirect URI, and Recall's own Calendar V1 error texts, each with what it means *for a
Recall Outlook connection* and what to change. Some entries read differently depending on where
the error was met or what ``error_description`` names ([`Variant`][]).
[`recall_outlook.troubleshoot.explain`][] reads pasted text against it; the CLI, widgets and
docs render it. The entries live in modules by theme: the app registration, the authorize
request, the user and their tenant, the token endpoint, then OAuth and Recall errors.

Sources: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (codes;
look any code up at https://login.microsoftonline.com/error?code=NNNN),
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow (``error``
values) and https://docs.recall.ai/docs/calendar-v1-microsoft-outlook (Recall).
"""

from __future__ import annotations

from typing import Final

from ._codes_app import APP_ENTRIES
from ._codes_request import REQUEST_ENTRIES
from ._codes_token import TOKEN_ENTRIES
from ._codes_user import USER_ENTRIES
from ._entry import ADMIN_FIX, LOOKUP_URL, ErrorEntry, ErrorKind, Variant, Where
from ._oauth_errors import OAUTH_ENTRIES, RECALL_ENTRIES

__all__ = [
    "ADMIN_CONSENT_FIX",
    "ERROR_CATALOG",
    "LOOKUP_URL",
    "RECALL_ENTRIES",
    "ErrorEntry",
    "ErrorKind",
    "Variant",
    "Where",
]

ERROR_CATALOG: Final[tuple[ErrorEntry, ...]] = (
    *APP_ENTRIES,
    *REQUEST_ENTRIES,
    *USER_ENTRIES,
    *TOKEN_ENTRIES,
    *OAUTH_ENTRIES,
    *RECALL_ENTRIES,
)
"""Every catalogued error: AADSTS codes (app registration, authorize request, user and tenant,
token endpoint), then OAuth ``error`` values, then Recall texts."""

ADMIN_CONSENT_FIX: Final = ADMIN_FIX
"""The fix several consent errors share; the docs show it once and link to it."""
