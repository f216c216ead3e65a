"""Reading Recall's JSON leniently: a value of another type becomes ``None`` or ``False``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

__all__ = ["flag", "json_object", "rest", "text", "time_of"]


def text(value: object) -> str | None:
    """Return ``value`` if it is a string, else ``None``."""
    return value if isinstance(value, str) else None


def flag(value: object) -> bool:
    """Return whether ``value`` is ``true`` (anything else is ``False``)."""
    return value is True


def time_of(value: object) -> datetime | None:
    """Return an ISO 8601 time (``Z`` allowed) as a datetime, or ``None``."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def json_object(value: object) -> Mapping[str, Any] | None:
    """Return a copy of ``value`` if it is an object, else ``None``."""
    return dict(value) if isinstance(value, Mapping) else None


def rest(data: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    """Return the fields of ``data`` not in ``known``."""
    return {key: value for key, value in data.items() if key not in known}
