"""The Calendar V1 client: one method per endpoint of Recall's API reference.

Server side only: it holds the workspace API key, which must never reach a browser. The key
travels in ``Authorization: Token``, calendar auth tokens in ``X-RecallCalendarAuthToken``;
both are stripped of surrounding whitespace, checked, and never logged, shown in ``repr`` or
put in an error. Each call has a total deadline and a cap on the answer's size
([`recall_outlook.recall_api._http`][]).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Final, Literal
from urllib.parse import quote, urlencode, urlsplit

import httpx

from ..errors import RecallOutlookError
from ..masking import mask
from ..regions import DEFAULT_REGION, Region, get_region
from ._answers import error_for
from ._http import BoundedSender, check_base_url, clean_secret
from .errors import (
    RecallAPIError,
)
from .meetings import Meeting
from .users import CalendarUser, Platform

__all__ = ["DEFAULT_MAX_BYTES", "RecallCalendarClient"]

_log = logging.getLogger("recall_outlook.recall_api")

DEFAULT_MAX_BYTES: Final = 8 * 1024 * 1024
"""The largest answer read by default (8 MiB)."""

_MAX_PAGES: Final = 1000
_V1: Final = "/api/v1/calendar"


def _when(value: datetime | str | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        raise RecallOutlookError(f"{name} must carry a time zone (a naive datetime is ambiguous)")
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


class RecallCalendarClient:
    """Calls Recall's Calendar V1 endpoints for one workspace.

    Args:
        api_key: The workspace API key (surrounding whitespace is dropped; masked in ``repr``).
        region: The workspace's region name or [`Region`][recall_outlook.regions.Region].
        base_url: Overrides the region's origin (a sandbox, a proxy). ``http://`` is refused
            unless the host is a loopback address.
        transport: An httpx transport, e.g. ``httpx.WSGITransport`` for in-process use.
        timeout: Seconds a whole call may take (connecting, sending, reading the answer).
        max_bytes: The largest answer read; a larger one is an error, never read whole.
        headers: Extra headers sent with every request, such as a ``User-Agent``.

    Raises:
        RegionError: ``region`` is unknown.
        RecallOutlookError: The key, the base URL, ``timeout`` or ``max_bytes`` is unusable.
    """

    def __init__(
        self,
        *,
        api_key: str,
        region: str | Region = DEFAULT_REGION,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = check_base_url(base_url or get_region(region).base_url)
        self._api_key = clean_secret(api_key, "API key")
        if transport is None:
            # One connection per call, so the deadline's watchdog always sees the socket.
            transport = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
        self._http = httpx.Client(
            transport=transport,
            headers={
                "Accept": "application/json",
                "Accept-Encoding": "identity",
                **(headers or {}),
            },
            follow_redirects=False,
        )
        self._sender = BoundedSender(self._http, timeout=timeout, max_bytes=max_bytes)

    def __repr__(self) -> str:
        return f"RecallCalendarClient(base_url={self.base_url!r}, api_key={mask(self._api_key)!r})"

    def __enter__(self) -> RecallCalendarClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying connections."""
        self._http.close()

    # -- one exchange ---------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, str] | None = None,
    ) -> object:
        secrets: tuple[str, ...] = (self._api_key,)
        if token is None:
            headers = {"Authorization": f"Token {self._api_key}"}
        else:
            token = clean_secret(token, "calendar auth token")
            secrets = (self._api_key, token)
            headers = {"X-RecallCalendarAuthToken": token}
        content = None
        if body is not None:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        url = path if path.startswith("http") else self.base_url + path
        if query:
            url += "?" + urlencode(query)
        answer = self._sender.send(method, url, headers=headers, body=content, secrets=secrets)
        _log.info("%s %s -> %s", method, urlsplit(url).path, answer.status)
        data = answer.json()
        if 200 <= answer.status < 300:
            if answer.body.strip() and not answer.is_json:
                raise RecallAPIError(answer.status, "Recall's answer is not JSON")
            return data
        raise error_for(answer, data, secrets)

    def _object(self, data: object, what: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise RecallAPIError(200, f"Recall's answer to {what} is not a JSON object")
        return data

    def _meetings(self, data: object, what: str) -> list[Meeting]:
        if isinstance(data, Mapping) and isinstance(data.get("results"), list):
            data = data["results"]
        if not isinstance(data, list):
            raise RecallAPIError(200, f"Recall's answer to {what} is not a JSON list")
        return [Meeting.from_json(item) for item in data if isinstance(item, Mapping)]

    # -- authentication -------------------------------------------------------------------

    def authenticate(self, user_id: str) -> str:
        """Return a calendar auth token for ``user_id`` (valid one day).

        Recall creates the calendar user if none has this ``external_id``. Keep ``user_id``
        stable per user: another id makes another calendar user.
        https://docs.recall.ai/reference/calendar_authenticate_create

        Raises:
            RecallAuthError: The API key is wrong.
            RecallRateLimitError: More than 300 a minute for the workspace.
            RecallAPIError: Any other error.
        """
        data = self._object(
            self._call("POST", f"{_V1}/authenticate/", body={"user_id": user_id}), "authenticate"
        )
        token = data.get("token")
        if not isinstance(token, str) or not token.strip():
            raise RecallAPIError(200, "Recall's answer has no token")
        return token.strip()

    # -- the calendar user ----------------------------------------------------------------

    def get_user(self, token: str) -> CalendarUser:
        """Return the calendar user the token belongs to.

        https://docs.recall.ai/reference/calendar_user_retrieve
        """
        data = self._call("GET", f"{_V1}/user/", token=token)
        return CalendarUser.from_json(self._object(data, "get user"))

    def update_preferences(
        self,
        token: str,
        preferences: Mapping[str, Any] | None = None,
        *,
        method: Literal["PUT", "PATCH"] = "PUT",
        **changes: bool | str,
    ) -> CalendarUser:
        """Change recording preferences and return the user as Recall answers.

        ``preferences`` may be the [`Preferences`][recall_outlook.recall_api.users.Preferences] as
        fetched (its ``id`` included, as Recall's demo sends it); keyword arguments change
        single preferences: ``update_preferences(token, record_external=True)``.
        https://docs.recall.ai/reference/calendar_user_update
        """
        body = {**dict(preferences or {}), **changes}
        data = self._call(method, f"{_V1}/user/", token=token, body={"preferences": body})
        return CalendarUser.from_json(self._object(data, "update preferences"))

    def disconnect(self, token: str, platform: Platform = "microsoft") -> CalendarUser:
        """Disconnect the user's ``platform`` calendar and return the user as Recall answers.

        https://docs.recall.ai/reference/calendar_user_disconnect_create
        """
        data = self._call(
            "POST", f"{_V1}/user/disconnect/", token=token, body={"platform": platform}
        )
        return CalendarUser.from_json(self._object(data, "disconnect"))

    def delete_user(self, token: str) -> None:
        """Delete the calendar user, disconnecting every calendar.

        Ask [`authenticate`][] for a new token afterwards: what Recall does with a token of a
        deleted user is not documented.
        """
        self._call("DELETE", f"{_V1}/user/", token=token)

    # -- meetings -------------------------------------------------------------------------

    def list_meetings(
        self,
        token: str,
        *,
        ical_uid: str | None = None,
        start_time_after: datetime | str | None = None,
        start_time_before: datetime | str | None = None,
    ) -> list[Meeting]:
        """Return the user's calendar meetings, filtered as Recall filters them.

        Args:
            token: The calendar auth token.
            ical_uid: Only meetings whose ``ical_uid`` starts with this (case sensitive).
            start_time_after: Only meetings starting at or after this time (time zone aware).
            start_time_before: Only meetings starting at or before this time.

        https://docs.recall.ai/reference/calendar_meetings_list
        """
        query = {
            name: value
            for name, value in (
                ("ical_uid", ical_uid),
                ("start_time_after", _when(start_time_after, "start_time_after")),
                ("start_time_before", _when(start_time_before, "start_time_before")),
            )
            if value is not None
        }
        data = self._call("GET", f"{_V1}/meetings/", token=token, query=query)
        return self._meetings(data, "list meetings")

    def get_meeting(self, token: str, meeting_id: str) -> Meeting:
        """Return one meeting of the user.

        https://docs.recall.ai/reference/calendar_meetings_retrieve
        """
        data = self._call("GET", f"{_V1}/meetings/{quote(meeting_id, safe='')}/", token=token)
        return Meeting.from_json(self._object(data, "get meeting"))

    def update_meeting(
        self, token: str, meeting_id: str, *, override_should_record: bool | None
    ) -> Meeting:
        """Force recording of one meeting on or off, or let the preferences decide again.

        ``override_should_record``: ``True`` records, ``False`` does not, ``None`` hands the
        decision back to the recording preferences. Returns the meeting as Recall answers.

        https://docs.recall.ai/reference/calendar_meetings_update
        """
        data = self._call(
            "PUT",
            f"{_V1}/meetings/{quote(meeting_id, safe='')}/",
            token=token,
            body={"override_should_record": override_should_record},
        )
        return Meeting.from_json(self._object(data, "update meeting"))

    def refresh_meetings(self, token: str) -> list[Meeting]:
        """Ask Recall to resync the user's calendar and return the meetings.

        Recall keeps calendars in sync by itself; this is rarely needed.
        https://docs.recall.ai/reference/calendar_meetings_refresh_create
        """
        data = self._call("POST", f"{_V1}/meetings/refresh/", token=token)
        return self._meetings(data, "refresh meetings")

    # -- the workspace --------------------------------------------------------------------

    def list_calendar_users(self, *, email: str | None = None) -> list[CalendarUser]:
        """Return the workspace's calendar users (API key), every page.

        Args:
            email: Only users with a connection of this address.

        https://docs.recall.ai/reference/calendar_users_list
        """
        query = {"paginate": "true", **({"email": email} if email is not None else {})}
        origin = urlsplit(self.base_url)
        url: str | None = f"{_V1}/users/"
        users: list[CalendarUser] = []
        seen: set[str] = set()
        for _ in range(_MAX_PAGES):
            if url is None:
                return users
            data = self._call("GET", url, query=query)
            query = {}
            if isinstance(data, list):
                return users + [CalendarUser.from_json(u) for u in data if isinstance(u, Mapping)]
            page = self._object(data, "list calendar users")
            results = page.get("results")
            if not isinstance(results, list):
                raise RecallAPIError(200, "Recall's page of calendar users has no results list")
            users.extend(CalendarUser.from_json(u) for u in results if isinstance(u, Mapping))
            following = page.get("next")
            if following is None:
                return users
            target = urlsplit(str(following))
            if (target.scheme, target.netloc) != (origin.scheme, origin.netloc):
                raise RecallAPIError(
                    200, "Recall's next page is on another origin; not followed with the API key"
                )
            url = str(following)
            if url in seen:
                raise RecallAPIError(200, "Recall's pages loop; stopped")
            seen.add(url)
        raise RecallAPIError(200, f"more than {_MAX_PAGES} pages of calendar users; stopped")
