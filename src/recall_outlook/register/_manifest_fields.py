"""Typed access to the fields of a loaded app manifest, with errors that name the field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from ..errors import RecallOutlookError

__all__ = [
    "MAX_MANIFEST_BYTES",
    "ManifestError",
    "as_list",
    "as_mapping",
    "as_str",
    "parse_time",
    "shown",
    "str_list",
]

MAX_MANIFEST_BYTES: Final = 1024 * 1024
"""The largest manifest read, in bytes (UTF-8): a real one is a few KiB."""

_SHOWN: Final = 80
"""Characters of a manifest's string shown in a message; longer values are cut."""

_TIME: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?",
    re.I,
)


class ManifestError(RecallOutlookError):
    """An app manifest cannot be read: not JSON, not a manifest, or a field of the wrong type."""


def shown(value: str) -> str:
    """Return ``repr(value)`` for a message, cut to about 80 characters when longer."""
    return repr(value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…")


def as_mapping(value: Any, where: str) -> Mapping[str, Any]:  # noqa: ANN401 - any JSON value
    """Return ``value`` as an object; ``None`` reads as an empty one."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ManifestError(f"{where} must be an object, not {type(value).__name__}")
    return value


def as_list(data: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
    """Return ``data[key]`` as a list; absent or ``None`` reads as empty."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        name = f"{where}.{key}" if where else key
        raise ManifestError(f"{name} must be a list, not {type(value).__name__}")
    return value


def as_str(data: Mapping[str, Any], key: str, where: str = "") -> str | None:
    """Return ``data[key]`` as a string, or ``None`` when absent or ``None``."""
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    name = f"{where}.{key}" if where else key
    raise ManifestError(f"{name} must be a string, not {type(value).__name__}")


def str_list(data: Mapping[str, Any], key: str, where: str = "") -> list[str]:
    """Return ``data[key]`` as a list of strings; absent or ``None`` reads as empty."""
    items = as_list(data, key, where)
    if not all(isinstance(item, str) for item in items):
        name = f"{where}.{key}" if where else key
        raise ManifestError(f"{name} must be a list of strings")
    return items


def parse_time(text: str | None, where: str) -> datetime | None:
    """Read an ISO 8601 time as the portal writes it (``Z``, up to 7 decimals); naive is UTC.

    Raises:
        ManifestError: The text is not such a time.
    """
    if text is None or not text.strip():
        return None
    match = _TIME.fullmatch(text.strip()) if len(text) <= _SHOWN else None
    if match is None:
        raise ManifestError(f"{where}: cannot read the date {shown(text)}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone.utc,
        )
    except ValueError as error:
        raise ManifestError(f"{where}: cannot read the date {text!r} ({error})") from None
    if offset and offset.upper() != "Z":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        try:
            moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        except OverflowError:  # 0001-01-01 at +23:59, 9999-12-31 at -23:00
            raise ManifestError(
                f"{where}: the date {text!r} is out of range (years 1 to 9999 in UTC)"
            ) from None
    return moment
