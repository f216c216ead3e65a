"""Masking of secrets wherever recall-outlook shows or logs them.

Calendar auth tokens, client secrets, API keys and authorization codes are never displayed
whole. [`mask`][] hides one value; [`mask_query`][] and [`mask_url`][] hide the secret
parameters of a query string, including the token inside a JSON ``state``.
"""

from __future__ import annotations

import json
from typing import Final
from urllib.parse import quote, unquote_plus

__all__ = ["SECRET_PARAMS", "mask", "mask_query", "mask_url"]

SECRET_PARAMS: Final = frozenset(
    {
        "code",
        "client_secret",
        "refresh_token",
        "access_token",
        "id_token",
        "token",
        "api_key",
        "recall_calendar_auth_token",
        "password",
        "client_assertion",
    }
)
"""Query parameter names whose values are always masked."""

_MARK: Final = "…***"
# The mark as quote() writes it; masked queries show it readable (they are for display only).
_QUOTED_MARK: Final = "%E2%80%A6%2A%2A%2A"
_SHOWN: Final = 3
_MIN_TO_SHOW: Final = 12


def mask(secret: str | None) -> str:
    """Return a display form of ``secret`` that does not reveal it.

    Long values keep their first three characters, as the Azure portal shows client secrets, so
    a person can tell two secrets apart; short ones are hidden entirely.

    Args:
        secret: The value to hide. ``None`` and ``""`` are shown as ``""``.

    Returns:
        For example ``"eyJ…***"`` or ``"***"``.
    """
    if not secret:
        return ""
    if len(secret) < _MIN_TO_SHOW:
        return "***"
    return secret[:_SHOWN] + _MARK


def _mask_state(value: str) -> str:
    try:
        data = json.loads(unquote_plus(value))
    except (ValueError, RecursionError):  # not JSON, or absurdly nested
        return mask(value)
    if not isinstance(data, dict):
        return mask(value)
    shown = {
        key: (mask(item) if key in SECRET_PARAMS and isinstance(item, str) else item)
        for key, item in data.items()
    }
    text = json.dumps(shown, separators=(",", ":"), ensure_ascii=False)
    return quote(text, safe="", errors="replace").replace(_QUOTED_MARK, _MARK)


def mask_query(query: str) -> str:
    """Mask the secret parameters of a raw query string, keeping everything else as it is.

    Args:
        query: A query string without the leading ``?``.

    Returns:
        The query with each secret value (see [`SECRET_PARAMS`][]) masked and the calendar
        auth token inside a JSON ``state`` masked.
    """
    if not query:
        return query
    parts = []
    for piece in query.split("&"):
        name, sep, value = piece.partition("=")
        key = unquote_plus(name).strip().lower()
        if sep and key in SECRET_PARAMS:
            shown = quote(mask(unquote_plus(value)), safe="*", errors="replace")
            shown = shown.replace(_QUOTED_MARK.replace("%2A", "*"), _MARK)
            parts.append(f"{name}={shown}")
        elif sep and key == "state":
            parts.append(f"{name}={_mask_state(value)}")
        else:
            parts.append(piece)
    return "&".join(parts)


def mask_url(url: str) -> str:
    """Mask the secret parameters of ``url``'s query and fragment (see [`mask_query`][]).

    The fragment is masked too: with ``response_mode=fragment`` the code arrives there.
    """
    base, sep, rest = url.partition("?")
    if not sep:
        base, sep, fragment = url.partition("#")
        return f"{base}{sep}{mask_query(fragment)}"
    query, hash_sep, fragment = rest.partition("#")
    return f"{base}?{mask_query(query)}{hash_sep}{mask_query(fragment)}"
