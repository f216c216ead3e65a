"""Masking of secrets wherever recall-outlook shows or logs them.

Calendar auth tokens, client secrets, API keys and authorization codes are never displayed
whole. [`mask`][] hides one value; [`mask_query`][] and [`mask_url`][] hide the secret
parameters of a query string, including the token inside a JSON ``state``;
[`mask_secrets`][] hides whatever merely looks like a secret (a JWT, an Entra client secret, a
long token) in any text; [`shown`][] is how checks quote a value the user gave them, and
[`shown_list`][] how they quote several.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Final
from urllib.parse import quote, unquote_plus

__all__ = [
    "SECRET_PARAMS",
    "mask",
    "mask_query",
    "mask_secrets",
    "mask_url",
    "shown",
    "shown_list",
]

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


def _mixed(run: str) -> bool:
    """Whether ``run`` mixes lower case, upper case and digits, as random tokens do."""
    return (
        any(char.islower() for char in run)
        and any(char.isupper() for char in run)
        and any(char.isdigit() for char in run)
    )


_SECRET_SHAPES: Final[tuple[tuple[re.Pattern[str], Callable[[str], bool] | None, str], ...]] = (
    # A JWT: Recall's calendar auth token, an ID or access token.
    (re.compile(r"eyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*"), None, "eyJ"),
    # An Entra client secret value: 40 characters holding '~' (e.g. 'abc8Q~...').
    (re.compile(r"(?<![\w.~-])[\w.-]{2,8}~[\w.~-]{20,}"), None, "~"),
    # A long random token (authorization or refresh code, API key): a run of 32+ token
    # characters mixing cases and digits. Hosts, paths and GUIDs do not mix cases, so they stay.
    (re.compile(r"[A-Za-z0-9_+!*-]{32,}=*"), _mixed, ""),
)
"""What a secret looks like, in the order they are looked for, with an extra test if any and
a text every match holds (a cheap test that lets most texts skip the pattern)."""

_SHORTEST_SECRET: Final = 17
"""The fewest characters any shape above matches: a JWT's ``eyJ`` + 6 + ``.`` + 6 + ``.``."""


def mask_secrets(text: str) -> str:
    """Mask every part of ``text`` that looks like a secret, keeping the rest as it is.

    Used wherever a check quotes something the user pasted (a path, an unknown parameter, a
    value) that no parameter name marks as secret. JWTs, Entra client secret values (they hold
    ``~``) and long random tokens are masked with [`mask`][].

    Args:
        text: Any text.

    Returns:
        The text with each secret-looking run masked.
    """
    if len(text) < _SHORTEST_SECRET:  # too short to hold one
        return text
    for pattern, replace, held in _REPLACERS:
        if held in text:
            text = pattern.sub(replace, text)
    return text


def _masked(found: re.Match[str], *, looks_random: Callable[[str], bool] | None) -> str:
    run = found.group()
    return mask(run) if looks_random is None or looks_random(run) else run


_REPLACERS: Final = tuple(
    (pattern, partial(_masked, looks_random=looks_random), held)
    for pattern, looks_random, held in _SECRET_SHAPES
)
"""Each shape's pattern with the function that masks what it matches, made once."""


_QUOTED_AT_MOST: Final = 80


def shown(text: str, *, limit: int = _QUOTED_AT_MOST) -> str:
    """Quote a value the user gave, fit for a message: secrets masked, cut when long.

    Args:
        text: The value (a URL is best passed through [`mask_url`][] first).
        limit: The most characters shown.

    Returns:
        ``repr`` of the masked value, cut with ``…`` beyond ``limit`` characters.
    """
    if len(text) < _SHORTEST_SECRET <= limit:  # the usual case: too short to hide or cut
        return repr(text)
    masked = mask_secrets(text)
    return repr(masked if len(masked) <= limit else masked[: limit - 1] + "…")


def shown_list(texts: Sequence[str], *, most: int) -> str:
    """Quote the first ``most`` of ``texts`` with [`shown`][], joined by commas.

    Returns:
        For example ``'a', 'b' and 3 more`` (the count of the rest, when there is a rest).
    """
    more = f" and {len(texts) - most} more" if len(texts) > most else ""
    return ", ".join(map(shown, texts[:most])) + more
