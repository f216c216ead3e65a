"""A client of Recall's Calendar V1 API (httpx), region aware: one method per endpoint.

Server side only: it holds the workspace API key, which must never reach a browser. Meetings
and calendar users come back as typed frozen values that keep any field Recall adds. Every call
has a total deadline and a cap on the answer's size, and no error, ``repr`` or log line ever
holds the key or a token. See https://docs.recall.ai/docs/calendar-v1-1.

>>> client = RecallCalendarClient(api_key="...", region="eu-central-1")  # doctest: +SKIP
>>> token = client.authenticate("user-42")  # doctest: +SKIP
>>> client.get_user(token).connected_email("microsoft")  # doctest: +SKIP
>>> [m.title for m in client.list_meetings(token) if m.will_record]  # doctest: +SKIP

This package re-exports its names (unlike the core's step packages) so that
``from recall_outlook.recall_api import RecallCalendarClient`` keeps working.
"""

from __future__ import annotations

from .client import DEFAULT_MAX_BYTES, RecallCalendarClient
from .errors import (
    RecallAPIError,
    RecallAuthError,
    RecallBlockedError,
    RecallNotFoundError,
    RecallRateLimitError,
    RecallValidationError,
)
from .meetings import Attendee, Meeting
from .users import PREFERENCE_FLAGS, CalendarUser, Connection, Platform, Preferences

__all__ = [
    "DEFAULT_MAX_BYTES",
    "PREFERENCE_FLAGS",
    "Attendee",
    "CalendarUser",
    "Connection",
    "Meeting",
    "Platform",
    "Preferences",
    "RecallAPIError",
    "RecallAuthError",
    "RecallBlockedError",
    "RecallCalendarClient",
    "RecallNotFoundError",
    "RecallRateLimitError",
    "RecallValidationError",
]
