"""Building the Microsoft authorize URL that starts a user's Outlook connection.

The URL follows Recall's guide
(https://docs.recall.ai/docs/calendar-v1-microsoft-outlook#building-microsoft-oauth-20-url) and
Microsoft's authorization code request
(https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code):

    https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize?client_id=...
        &response_type=code&redirect_uri=...&response_mode=query&scope=...&state=...

Parameters are written in that fixed order, each value percent-encoded (a space as ``%20``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from ..errors import AuthorizeError
from ..scopes import DEFAULT_SCOPES
from .state import CalendarState

__all__ = [
    "AUTHORIZE_HOST",
    "DEFAULT_TENANT",
    "MICROSOFT_AUTHORITY",
    "PROMPTS",
    "TENANTS",
    "authorize_endpoint",
    "build_authorize_url",
    "encode_query",
]

AUTHORIZE_HOST: Final = "login.microsoftonline.com"
"""Microsoft identity platform's global sign-in host."""

DEFAULT_TENANT: Final = "common"
"""Work, school and personal accounts: what Recall's guide requires."""

TENANTS: Final = {
    "common": "work or school and personal Microsoft accounts",
    "organizations": "work or school accounts only",
    "consumers": "personal Microsoft accounts only",
}
"""The tenant aliases of the v2.0 endpoint; any other value is one directory's id or domain."""

PROMPTS: Final = ("login", "none", "consent", "select_account", "create")
"""The ``prompt`` values Microsoft's v2.0 endpoint accepts, one at a time
(https://learn.microsoft.com/en-us/entra/identity-platform/msal-js-prompt-behavior#supported-prompt-values;
``create`` opens self-service sign-up where the tenant offers it, and otherwise acts as no
prompt). ``consent`` causes the admin-consent loop described in Recall's troubleshooting section;
leave ``prompt`` out unless you need one."""


MICROSOFT_AUTHORITY: Final = f"https://{AUTHORIZE_HOST}"
"""The origin of Microsoft's global identity platform."""


# RFC 3986's unreserved characters stay as they are; every other character is percent-encoded.
_UNRESERVED: Final = "A-Za-z0-9_.~-"
_ALL_UNRESERVED: Final = re.compile(f"[{_UNRESERVED}]*")
_RUNS: Final = re.compile(f"([{_UNRESERVED}]*)([^{_UNRESERVED}]*)")


@lru_cache(maxsize=256)
def _escaped(run: str) -> str:
    # The same few runs recur in every URL (``://``, ``/``, ``":"`` in the state): cached.
    return "%" + run.encode("utf-8").hex("%").upper() if run else ""


def _percent_encode(text: str) -> str:
    """Return ``quote(text, safe="")``: every character but the unreserved ones as ``%XX``.

    The text is cut into runs of unreserved characters, kept, and runs of the others, whose
    UTF-8 bytes are written in upper-case hex, ``%`` before each.
    """
    if _ALL_UNRESERVED.fullmatch(text):
        return text
    return "".join([kept + _escaped(escaped) for kept, escaped in _RUNS.findall(text)])


def authorize_endpoint(
    tenant: str = DEFAULT_TENANT, *, authority: str = MICROSOFT_AUTHORITY
) -> str:
    """Return the v2.0 authorize endpoint for ``tenant`` at ``authority`` (an origin)."""
    return f"{authority.rstrip('/')}/{_percent_encode(tenant)}/oauth2/v2.0/authorize"


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """Percent-encode ``name=value`` pairs, every reserved character escaped, space as ``%20``."""
    return "&".join(f"{_percent_encode(name)}={_percent_encode(value)}" for name, value in params)


def _require(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise AuthorizeError(name, f"must be a string, not {type(value).__name__}")
    if not value.strip():
        raise AuthorizeError(name, "is required")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise AuthorizeError(name, "contains a character that has no UTF-8 form") from None
    return value


def _optional(name: str, value: object) -> str | None:
    if value is None:
        return None
    return _require(name, value)


def build_authorize_url(
    *,
    client_id: str,
    redirect_uri: str,
    state: CalendarState | None = None,
    calendar_auth_token: str | None = None,
    success_url: str | None = None,
    error_url: str | None = None,
    tenant: str = DEFAULT_TENANT,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    prompt: str | None = None,
    login_hint: str | None = None,
    domain_hint: str | None = None,
    authority: str = MICROSOFT_AUTHORITY,
) -> str:
    """Build the authorize URL that sends one user to connect their Outlook calendar.

    Give either a complete ``state`` or the ``calendar_auth_token`` (with optional
    ``success_url`` and ``error_url``), in which case the state's ``ms_oauth_redirect_url`` is
    ``redirect_uri``, as Recall requires. Only ``None`` means "absent".

    Args:
        client_id: The Entra app's Application (client) ID.
        redirect_uri: A redirect URI registered on the app, exactly as registered.
        state: The whole state, when it must differ from the default.
        calendar_auth_token: The user's Recall calendar auth token.
        success_url: Where Recall sends the user after connecting.
        error_url: Where Recall sends the user when connecting fails.
        tenant: ``common`` (default), ``organizations``, ``consumers`` or a directory.
        scopes: The scopes, by default the four of Recall's guide.
        prompt: One of [`PROMPTS`][]; none unless asked for.
        login_hint: Pre-fills the sign-in name.
        domain_hint: Skips the home realm discovery (``consumers`` or ``organizations``).
        authority: The identity platform's origin; only a local stand-in such as the sandbox
            changes it.

    Returns:
        The URL, every value percent-encoded.

    Raises:
        AuthorizeError: An argument is missing or not allowed; the error names it.
        StateError: A state value is invalid.
    """
    client_id = _require("client_id", client_id).strip()
    redirect_uri = _require("redirect_uri", redirect_uri)
    tenant = _require("tenant", tenant).strip()
    if "/" in tenant or "?" in tenant or "#" in tenant:
        raise AuthorizeError("tenant", "must be common, organizations, consumers or a directory")
    if isinstance(scopes, str):
        raise AuthorizeError("scopes", "must be a list of scopes, not one string")
    scope_list = [_require("scopes", scope).strip() for scope in scopes]
    if not scope_list:
        raise AuthorizeError("scopes", "is empty")
    if prompt is not None and prompt not in PROMPTS:
        raise AuthorizeError("prompt", f"must be one of {', '.join(PROMPTS)} (or left out)")
    if state is None:
        if calendar_auth_token is None:
            raise AuthorizeError("calendar_auth_token", "is required (or pass a whole state)")
        state = CalendarState(
            recall_calendar_auth_token=calendar_auth_token,
            ms_oauth_redirect_url=redirect_uri,
            success_url=success_url,
            error_url=error_url,
        )
    elif not isinstance(state, CalendarState):
        raise AuthorizeError("state", "must be a CalendarState")
    elif calendar_auth_token is not None or success_url is not None or error_url is not None:
        raise AuthorizeError("state", "give a whole state or its parts, not both")
    params = [
        ("client_id", client_id),
        ("response_type", "code"),
        ("redirect_uri", redirect_uri),
        ("response_mode", "query"),
        ("scope", " ".join(scope_list)),
        ("state", state.to_json()),
    ]
    for name, value in (
        ("prompt", prompt),
        ("login_hint", login_hint),
        ("domain_hint", domain_hint),
    ):
        checked = _optional(name, value)
        if checked is not None:
            params.append((name, checked))
    return f"{authorize_endpoint(tenant, authority=authority)}?{encode_query(params)}"
