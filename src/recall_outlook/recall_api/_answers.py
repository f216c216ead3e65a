"""Recall's error answers turned into the client's exceptions, secrets removed."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Final

from ._http import Answer, scrub
from .errors import (
    ERRORS_PAGE,
    RecallAPIError,
    RecallAuthError,
    RecallBlockedError,
    RecallNotFoundError,
    RecallRateLimitError,
    RecallValidationError,
)

__all__ = ["error_for"]

_ERRORS: Final[dict[int, type[RecallAPIError]]] = {
    400: RecallValidationError,
    401: RecallAuthError,
    403: RecallBlockedError,
    404: RecallNotFoundError,
    429: RecallRateLimitError,
}
_BLOCKED: Final = (
    "Recall's firewall (WAF) blocked the request: an HTML page, not a wrong key (that is a "
    "401). Recall names a body on a GET (even null) and a localhost URL in the payload as "
    f"common causes, and the server's IP reputation: {ERRORS_PAGE}#403-request-blocked"
)


def _retry_after(value: str | None) -> float | None:
    """Read ``Retry-After``: delay-seconds, or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _message(data: object, answer: Answer) -> str:
    if isinstance(data, Mapping):
        if isinstance(data.get("detail"), str):
            return str(data["detail"])
        return "; ".join(f"{key}: {value}" for key, value in data.items())[:500]
    text = answer.body[:500].decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else f"HTTP {answer.status}"


def error_for(answer: Answer, data: object, secrets: tuple[str, ...]) -> RecallAPIError:
    """Return the exception for Recall's error ``answer`` (its JSON ``data``), secrets masked.

    A 403 whose body is not JSON is Recall's firewall page, named as such.
    """
    data = scrub(data, secrets)  # an error may echo what was sent
    if answer.status == 403 and not isinstance(data, Mapping):
        return RecallBlockedError(403, _BLOCKED)
    kind = _ERRORS.get(answer.status, RecallAPIError)
    message = scrub(_message(data, answer), secrets)
    if kind is RecallRateLimitError:
        retry = _retry_after(answer.headers.get("Retry-After"))
        return RecallRateLimitError(answer.status, message, data, retry)
    return kind(answer.status, message, data)
