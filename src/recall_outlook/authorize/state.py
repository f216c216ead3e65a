"""The ``state`` parameter Recall reads from the Microsoft callback.

Recall's guide asks for ``state=JSON.stringify({...})`` with the user's calendar auth token, the
redirect URI and optional success and error URLs. [`CalendarState`][] serialises exactly as
JavaScript's ``JSON.stringify`` would for the same object literal: compact, keys in the order
below, unset optional keys left out. See
https://docs.recall.ai/docs/calendar-v1-microsoft-outlook#building-microsoft-oauth-20-url.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Final

from ..errors import StateError
from ..masking import mask

__all__ = ["OPTIONAL_STATE_KEYS", "REQUIRED_STATE_KEYS", "STATE_KEYS", "CalendarState"]

REQUIRED_STATE_KEYS: Final = ("recall_calendar_auth_token", "ms_oauth_redirect_url")
"""Keys Recall requires in the state, in serialisation order."""

OPTIONAL_STATE_KEYS: Final = ("success_url", "error_url")
"""Keys Recall accepts in the state when present, in serialisation order."""

STATE_KEYS: Final = REQUIRED_STATE_KEYS + OPTIONAL_STATE_KEYS
"""Every key Recall reads from a Microsoft state, in serialisation order."""

_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _utf16_join(value: str) -> str:
    if not _LONE_SURROGATE.search(value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


_COMPACT: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
"""``json.dumps(..., separators=(",", ":"), ensure_ascii=False)``, its encoder made once."""


def _js_stringify(data: dict[str, str]) -> str:
    """Serialise like ``JSON.stringify``: compact, raw non-ASCII, escaped lone surrogates."""
    text = _COMPACT.encode(data)
    if text.isascii() or not _LONE_SURROGATE.search(text):  # no surrogate: the text is final
        return text
    # A JavaScript string is UTF-16: two adjacent surrogates are one character there, so join
    # them first; well-formed JSON.stringify (ES2019) then escapes the lone ones that remain.
    joined = {key: _utf16_join(value) for key, value in data.items()}
    return _LONE_SURROGATE.sub(
        lambda match: f"\\u{ord(match.group()):04x}", _COMPACT.encode(joined)
    )


def _check(name: str, value: object, *, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str):
        kind = type(value).__name__
        raise StateError(name, f"must be a string, not {kind}")
    if not value:
        hint = "" if required else "; pass None to leave it out"
        raise StateError(name, f"is empty{hint}")


@dataclass(frozen=True)
class CalendarState:
    """The JSON object Recall expects in the Microsoft ``state`` parameter.

    Attributes:
        recall_calendar_auth_token: The user's calendar auth token from
            ``POST /api/v1/calendar/authenticate/`` (masked in ``repr``).
        ms_oauth_redirect_url: The redirect URI, equal to the authorize URL's ``redirect_uri``.
        success_url: Where Recall sends the user after a successful connection.
        error_url: Where Recall sends the user when the connection fails.

    Raises:
        StateError: A value is not a string, or a required one is empty; the error names the
            field at fault.
    """

    recall_calendar_auth_token: str = field(repr=False)
    ms_oauth_redirect_url: str
    success_url: str | None = None
    error_url: str | None = None

    def __post_init__(self) -> None:
        for name in STATE_KEYS:
            _check(name, getattr(self, name), required=name in REQUIRED_STATE_KEYS)

    def __repr__(self) -> str:
        return (
            f"CalendarState(recall_calendar_auth_token={mask(self.recall_calendar_auth_token)!r}, "
            f"ms_oauth_redirect_url={self.ms_oauth_redirect_url!r}, "
            f"success_url={self.success_url!r}, error_url={self.error_url!r})"
        )

    def as_dict(self) -> dict[str, str]:
        """Return the state as a dict in serialisation order, unset optional keys left out."""
        return {name: value for name in STATE_KEYS if (value := getattr(self, name)) is not None}

    def to_json(self) -> str:
        """Serialise exactly as JavaScript's ``JSON.stringify`` of the same object literal."""
        return _js_stringify(self.as_dict())

    def masked(self) -> dict[str, str]:
        """Return [`as_dict`][] with the calendar auth token masked, for display."""
        shown = self.as_dict()
        shown["recall_calendar_auth_token"] = mask(self.recall_calendar_auth_token)
        return shown

    def replace(self, **changes: str | None) -> CalendarState:
        """Return a copy with the given fields changed (validated again)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: object) -> CalendarState:
        """Build a state from a decoded JSON value.

        Args:
            data: Usually a ``dict`` from ``json.loads``.

        Returns:
            The state.

        Raises:
            StateError: ``data`` is not an object, lacks a required key, has a key Recall does
                not read, or a value of the wrong type; the error names the key.
        """
        if not isinstance(data, dict):
            raise StateError(None, f"must be a JSON object, not {_json_kind(data)}")
        for name in data:
            if name not in STATE_KEYS:
                raise StateError(str(name), f"is not a key Recall reads ({', '.join(STATE_KEYS)})")
        for name in REQUIRED_STATE_KEYS:
            if name not in data:
                raise StateError(name, "is missing")
        for name in OPTIONAL_STATE_KEYS:
            if name in data and data[name] is None:
                raise StateError(name, "is null; leave the key out instead")
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> CalendarState:
        """Parse the JSON text of a state (already percent-decoded).

        Raises:
            StateError: ``text`` is not JSON, or see [`from_dict`][].
        """
        try:
            data = json.loads(text)
        except ValueError as error:
            raise StateError(None, f"is not valid JSON ({error})") from None
        return cls.from_dict(data)


def _json_kind(value: object) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    for kind, name in kinds.items():
        if isinstance(value, kind):
            return name
    return "a number"
