"""Recall's documented rate limits, enforced by the stand-in with ``429`` and ``Retry-After``.

Each endpoint page of Recall's API reference states its limit (checked 2025-06-10 copies):
``authenticate`` 300 a minute per workspace, the calendar users list 60 a minute per workspace,
and each calendar user endpoint 120 a minute per calendar user. Delete Calendar User's limit
comes from an older summary of Recall's published API (10 a minute per user), and Retrieve
Calendar Meeting's page was not found: the stand-in gives it its siblings' 120. The window is a
sliding minute of real (monotonic) time, not the sandbox clock, so a sandbox left running does
not run out; tests pass their own time source.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

__all__ = ["LIMITS", "Limit", "RateLimiter"]


@dataclass(frozen=True)
class Limit:
    """One documented limit.

    Attributes:
        requests: How many requests a window admits.
        per: ``workspace`` or ``calendar_user``.
        source: Where Recall states it.
        window: The window in seconds.
    """

    requests: int
    per: str
    source: str
    window: float = 60.0


_REF: Final = "https://docs.recall.ai/reference/"

LIMITS: Final = {
    "calendar_authenticate_create": Limit(300, "workspace", _REF + "calendar_authenticate_create"),
    "calendar_users_list": Limit(60, "workspace", _REF + "calendar_users_list"),
    "calendar_user_retrieve": Limit(120, "calendar_user", _REF + "calendar_user_retrieve"),
    "calendar_user_update": Limit(120, "calendar_user", _REF + "calendar_user_update"),
    "calendar_user_disconnect_create": Limit(
        120, "calendar_user", _REF + "calendar_user_disconnect_create"
    ),
    "calendar_user_destroy": Limit(
        10, "calendar_user", "an older summary of Recall's published API (calendar_user_destroy)"
    ),
    "calendar_meetings_list": Limit(120, "calendar_user", _REF + "calendar_meetings_list"),
    "calendar_meetings_retrieve": Limit(120, "calendar_user", "the stand-in's choice"),
    "calendar_meetings_update": Limit(120, "calendar_user", _REF + "calendar_meetings_update"),
    "calendar_meetings_refresh_create": Limit(
        120, "calendar_user", _REF + "calendar_meetings_refresh_create"
    ),
}
"""Each endpoint's limit, by Recall's operation name."""


class RateLimiter:
    """Counts requests per endpoint and per workspace or calendar user.

    Args:
        now: The time source in seconds (default: [`time.monotonic`][]).
        enabled: Whether limits apply at all.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic, *, enabled: bool = True) -> None:
        self.now = now
        self.enabled = enabled
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter(enabled={self.enabled!r})"

    def check(self, operation: str, who: str) -> int | None:
        """Count one request; return the seconds to wait if it is over the limit, else ``None``.

        Args:
            operation: Recall's operation name (a key of [`LIMITS`][]).
            who: The workspace or the calendar user the limit counts for.
        """
        limit = LIMITS[operation]
        if not self.enabled:
            return None
        moment = self.now()
        with self._lock:
            seen = self._seen.setdefault((operation, who), deque())
            while seen and seen[0] <= moment - limit.window:
                seen.popleft()
            if len(seen) >= limit.requests:
                return max(1, math.ceil(seen[0] + limit.window - moment))
            seen.append(moment)
            return None
