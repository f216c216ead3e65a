"""A small client of Recall's Calendar V1 API (httpx), region aware.

Server side only: it holds the workspace API key, which must never reach a browser. The key is
sent in the ``Authorization: Token`` header, never logged, and masked in ``repr``; calendar auth
tokens travel in ``X-RecallCalendarAuthToken``. See https://docs.recall.ai/docs/calendar-v1-1.

>>> client = RecallCalendarClient(api_key="...", region="eu-central-1")  # doctest: +SKIP
>>> token = client.authenticate("user-42")  # doctest: +SKIP
>>> client.get_user(token).connection("microsoft")  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

import httpx

from .errors import RecallOutlookError
from .masking import mask
from .regions import DEFAULT_REGION, Region, get_region

__all__ = [
    "CalendarUser",
    "Connection",
    "Platform",
    "RecallAPIError",
    "RecallAuthError",
    "RecallCalendarClient",
    "RecallNotFoundError",
    "RecallRateLimitError",
    "RecallValidationError",
]

_log = logging.getLogger(__name__)

Platform = Literal["google", "microsoft"]
"""A calendar platform of Calendar V1."""


class RecallAPIError(RecallOutlookError):
    """Recall answered with an error.

    Attributes:
        status: The HTTP status (0 when Recall could not be reached).
        message: Recall's message (``detail``, or the validation errors as text).
        data: Recall's JSON answer, if any.
    """

    def __init__(self, status: int, message: str, data: object = None) -> None:
        self.status = status
        self.message = message
        self.data = data
        super().__init__(f"Recall answered {status}: {message}" if status else message)


class RecallAuthError(RecallAPIError):
    """401 or 403: a wrong API key, or an invalid or expired calendar auth token."""


class RecallNotFoundError(RecallAPIError):
    """404: no such object."""


class RecallValidationError(RecallAPIError):
    """400: Recall rejected the request body."""


class RecallRateLimitError(RecallAPIError):
    """429: too many requests (300 a minute per workspace for ``authenticate``).

    Attributes:
        retry_after: Seconds to wait, when Recall said.
    """

    def __init__(self, status: int, message: str, data: object = None) -> None:
        super().__init__(status, message, data)
        self.retry_after: float | None = None


@dataclass(frozen=True)
class Connection:
    """One calendar connection of a calendar user.

    Attributes:
        platform: ``google`` or ``microsoft``.
        connected: Whether it is connected.
        email: The connected account's email address.
    """

    platform: str
    connected: bool
    email: str | None = None


@dataclass(frozen=True)
class CalendarUser:
    """A Recall calendar user, as ``GET /api/v1/calendar/user/`` shows it.

    Attributes:
        id: Recall's id of the user.
        external_id: Your ``user_id``.
        connections: Its calendar connections.
        preferences: Its recording preferences.
        raw: The whole JSON answer.
    """

    id: str
    external_id: str
    connections: tuple[Connection, ...] = ()
    preferences: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def connection(self, platform: Platform) -> Connection | None:
        """Return the connection of ``platform``, or ``None``."""
        return next((c for c in self.connections if c.platform == platform), None)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CalendarUser:
        """Build from Recall's JSON answer."""
        connections = tuple(
            Connection(str(c.get("platform")), bool(c.get("connected")), c.get("email"))
            for c in data.get("connections") or ()
            if isinstance(c, Mapping)
        )
        return cls(
            id=str(data.get("id", "")),
            external_id=str(data.get("external_id", "")),
            connections=connections,
            preferences=dict(data.get("preferences") or {}),
            raw=dict(data),
        )


_ERRORS: dict[int, type[RecallAPIError]] = {
    400: RecallValidationError,
    401: RecallAuthError,
    403: RecallAuthError,
    404: RecallNotFoundError,
    429: RecallRateLimitError,
}


def _message(data: object, response: httpx.Response) -> str:
    if isinstance(data, Mapping):
        if isinstance(data.get("detail"), str):
            return str(data["detail"])
        return "; ".join(f"{key}: {value}" for key, value in data.items())
    return response.text.strip()[:200] or response.reason_phrase


class RecallCalendarClient:
    """Calls Recall's Calendar V1 endpoints for one workspace.

    Args:
        api_key: The workspace API key (kept server side; masked in ``repr``).
        region: The workspace's region name or [`Region`][recall_outlook.regions.Region].
        base_url: Overrides the region's origin (a sandbox, a proxy).
        transport: An httpx transport, e.g. ``httpx.WSGITransport`` for in-process use.
        timeout: Seconds per request.
        headers: Extra headers sent with every request, such as a ``User-Agent``.

    Raises:
        RegionError: ``region`` is unknown.
    """

    def __init__(
        self,
        *,
        api_key: str,
        region: str | Region = DEFAULT_REGION,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = (base_url or get_region(region).base_url).rstrip("/")
        self._api_key = api_key
        self._http = httpx.Client(
            base_url=self.base_url, transport=transport, timeout=timeout, headers=headers
        )

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

    def _call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:  # noqa: ANN401 - Recall's JSON
        headers = (
            {"X-RecallCalendarAuthToken": token}
            if token is not None
            else {"Authorization": f"Token {self._api_key}"}
        )
        try:
            response = self._http.request(method, path, headers=headers, json=body)
        except httpx.HTTPError as error:
            raise RecallAPIError(0, f"could not reach {self.base_url}: {error}") from error
        _log.info("%s %s -> %s", method, path, response.status_code)
        try:
            data = response.json() if response.content else None
        except ValueError:
            data = None
        if response.is_success:
            return data
        kind = _ERRORS.get(response.status_code, RecallAPIError)
        failure = kind(response.status_code, _message(data, response), data)
        if isinstance(failure, RecallRateLimitError):
            retry = response.headers.get("Retry-After", "")
            failure.retry_after = float(retry) if retry.replace(".", "", 1).isdigit() else None
        raise failure

    def authenticate(self, user_id: str) -> str:
        """Return a calendar auth token for ``user_id`` (valid one day).

        Keep ``user_id`` stable per user: another id makes another calendar user.

        Raises:
            RecallAuthError: The API key is wrong.
            RecallAPIError: Any other error.
        """
        data = self._call("POST", "/api/v1/calendar/authenticate/", body={"user_id": user_id})
        token = data.get("token") if isinstance(data, Mapping) else None
        if not isinstance(token, str):
            raise RecallAPIError(200, "Recall's answer has no token", data)
        return token

    def get_user(self, token: str) -> CalendarUser:
        """Return the calendar user the token belongs to."""
        return CalendarUser.from_json(self._call("GET", "/api/v1/calendar/user/", token=token))

    def update_preferences(
        self, token: str, preferences: Mapping[str, Any], *, method: str = "PUT"
    ) -> CalendarUser:
        """Change some recording preferences (``PUT``, or ``PATCH``) and return the user."""
        data = self._call(
            method, "/api/v1/calendar/user/", token=token, body={"preferences": dict(preferences)}
        )
        return CalendarUser.from_json(data)

    def disconnect(self, token: str, platform: Platform = "microsoft") -> None:
        """Disconnect the user's ``platform`` calendar."""
        self._call(
            "POST", "/api/v1/calendar/user/disconnect/", token=token, body={"platform": platform}
        )

    def delete_user(self, token: str) -> None:
        """Delete the calendar user, disconnecting every calendar."""
        self._call("DELETE", "/api/v1/calendar/user/", token=token)

    def list_meetings(self, token: str) -> list[dict[str, Any]]:
        """Return the user's calendar meetings as Recall lists them."""
        data = self._call("GET", "/api/v1/calendar/meetings/", token=token)
        if isinstance(data, Mapping):  # a paginated answer
            data = data.get("results", [])
        return [dict(item) for item in data or () if isinstance(item, Mapping)]
