"""The local Recall's calendar endpoints: the calendar user, its meetings, the workspace's users.

Shapes follow Recall's API reference (https://docs.recall.ai/reference/calendar_user_retrieve
and its siblings); where the reference stops, ``recall_notes`` says what the stand-in does,
and each such answer names the note in ``X-Sandbox-Note``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Final
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from .calendar_users import PLATFORMS, PREFERENCE_DEFAULTS, CalendarUsers
from .config import Clock
from .meetings import calendar_meetings
from .rate_limits import RateLimiter
from .recall_http import json_answer, read_json
from .recall_notes import NOTE_HEADER, note_header

__all__ = ["CalendarAPI"]

_NOT_FOUND: Final = {"detail": "Not found."}
_MEETING_NOTES: Final = ("sample-calendar", "recording-reasons")


def throttled(seconds: int) -> Response:
    """Return Recall's 429 with ``Retry-After`` (the body's wording is the stand-in's)."""
    return json_answer(
        {"detail": f"Request was throttled. Expected available in {seconds} seconds."},
        429,
        notes=("error-body",),
        headers={"Retry-After": str(seconds)},
    )


def _within(meeting: dict[str, Any], bound: datetime, *, after: bool) -> bool:
    start = _moment(str(meeting["start_time"]))
    return start is not None and (start >= bound if after else start <= bound)


def _moment(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class CalendarAPI:
    """Serves the calendar user and meeting endpoints once the token is checked.

    Args:
        users: The workspace's calendar users.
        clock: The sandbox clock (meeting times).
        limiter: Recall's rate limits.
        tenant_of: Returns the Microsoft tenant id of a connected address (for Teams invites).
        page_size: Calendar users on one page of the paginated list.
    """

    def __init__(
        self,
        users: CalendarUsers,
        *,
        clock: Clock,
        limiter: RateLimiter,
        tenant_of: Callable[[str], str],
        page_size: int = 50,
    ) -> None:
        self.users = users
        self.clock = clock
        self.limiter = limiter
        self.tenant_of = tenant_of
        self.page_size = page_size

    def __repr__(self) -> str:
        return f"CalendarAPI(users={len(self.users)})"

    def _limited(self, operation: str, user_id: str) -> Response | None:
        wait = self.limiter.check(operation, "user:" + user_id)
        return throttled(wait) if wait is not None else None

    def user_answer(self, user_id: str, status: int = 200) -> Response:
        """Return the calendar user, naming the stand-in's choices it shows."""
        data = self.users.as_json(user_id)
        untouched = all(data["preferences"][k] == v for k, v in PREFERENCE_DEFAULTS.items())
        notes = ("connections", "default-preferences") if untouched else ("connections",)
        return json_answer(data, status, notes=notes)

    # -- the calendar user ----------------------------------------------------------------

    def user(self, request: Request, user_id: str) -> Response:
        """``GET``, ``PUT``/``PATCH`` or ``DELETE`` ``/api/v1/calendar/user/``."""
        operation = {
            "GET": "calendar_user_retrieve",
            "DELETE": "calendar_user_destroy",
        }.get(request.method, "calendar_user_update")
        if (limited := self._limited(operation, user_id)) is not None:
            return limited
        if request.method == "DELETE":
            self.users.delete(user_id)
            return Response(status=204, headers={NOTE_HEADER: note_header("delete-answer")})
        if request.method in ("PUT", "PATCH"):
            problem = self._update(request, user_id)
            if problem is not None:
                return problem
        return self.user_answer(user_id)

    def _update(self, request: Request, user_id: str) -> Response | None:
        ok, body = read_json(request)
        if not ok:
            return json_answer({"detail": "JSON parse error."}, 400, notes=("error-body",))
        if not isinstance(body, dict):
            return json_answer({"non_field_errors": ["Invalid data."]}, 400, notes=("error-body",))
        external = body.get("external_id")
        if external is not None and external != user_id:
            return json_answer(
                {"external_id": ["The stand-in does not change external_id."]},
                400,
                notes=("strict-preferences",),
            )
        preferences = body.get("preferences")
        if preferences is None:
            return None
        if not isinstance(preferences, dict):
            return json_answer(
                {"preferences": ["Expected a dictionary of items."]}, 400, notes=("error-body",)
            )
        changes = {k: v for k, v in preferences.items() if k != "id"}  # read-only, as fetched
        problems = {
            key: ["Unknown field."] if key not in PREFERENCE_DEFAULTS else ["Wrong type."]
            for key, value in changes.items()
            if key not in PREFERENCE_DEFAULTS or type(value) is not type(PREFERENCE_DEFAULTS[key])
        }
        if problems:
            return json_answer({"preferences": problems}, 400, notes=("strict-preferences",))
        self.users.update_preferences(user_id, changes)
        return None

    def disconnect(self, request: Request, user_id: str) -> Response:
        """``POST /api/v1/calendar/user/disconnect/`` with ``{"platform"}``."""
        if (limited := self._limited("calendar_user_disconnect_create", user_id)) is not None:
            return limited
        ok, body = read_json(request)
        platform = body.get("platform") if ok and isinstance(body, dict) else None
        if platform not in PLATFORMS:
            return json_answer(
                {"platform": [f'"{platform}" is not a valid choice.']}, 400, notes=("error-body",)
            )
        self.users.connect(user_id, str(platform), None)
        return self.user_answer(user_id)

    # -- meetings -------------------------------------------------------------------------

    def _meetings(self, user_id: str) -> list[dict[str, Any]]:
        email = self.users.connected_email(user_id, "microsoft")
        if email is None:
            return []
        return calendar_meetings(
            user_id=self.users.recall_id(user_id),
            email=email,
            now=self.clock.now(),
            preferences=self.users.preferences(user_id),
            overrides=self.users.overrides(user_id),
            tenant=self.tenant_of(email),
        )

    def meetings(self, request: Request, user_id: str) -> Response:
        """``GET /api/v1/calendar/meetings/`` with its ``ical_uid`` and time filters."""
        if (limited := self._limited("calendar_meetings_list", user_id)) is not None:
            return limited
        found = self._meetings(user_id)
        prefix = request.args.get("ical_uid")
        if prefix is not None:
            found = [m for m in found if str(m["ical_uid"]).startswith(prefix)]
        for name in ("start_time_after", "start_time_before"):
            text = request.args.get(name)
            if text is None:
                continue
            bound = _moment(text)
            if bound is None:
                return json_answer({name: ["Enter a valid date/time."]}, 400, notes=("error-body",))
            after = name.endswith("after")
            found = [m for m in found if _within(m, bound, after=after)]
        timed = any(n in request.args for n in ("start_time_after", "start_time_before"))
        return json_answer(found, notes=(*_MEETING_NOTES, *(("time-filters",) if timed else ())))

    def meeting(self, request: Request, user_id: str, meeting_id: str) -> Response:
        """``GET``, ``PUT`` or ``PATCH`` ``/api/v1/calendar/meetings/{id}/``."""
        operation = (
            "calendar_meetings_retrieve"
            if request.method == "GET"
            else ("calendar_meetings_update")
        )
        if (limited := self._limited(operation, user_id)) is not None:
            return limited
        found = next((m for m in self._meetings(user_id) if m["id"] == meeting_id), None)
        if found is None:
            return json_answer(_NOT_FOUND, 404, notes=("error-body",))
        if request.method != "GET":
            ok, body = read_json(request)
            if not ok or not isinstance(body, dict):
                return json_answer({"detail": "JSON parse error."}, 400, notes=("error-body",))
            if "override_should_record" in body:
                value = body["override_should_record"]
                if value is not None and not isinstance(value, bool):
                    return json_answer(
                        {"override_should_record": ["Must be a valid boolean."]},
                        400,
                        notes=("error-body",),
                    )
                self.users.set_override(user_id, meeting_id, value)
                found = next(m for m in self._meetings(user_id) if m["id"] == meeting_id)
        return json_answer(found, notes=_MEETING_NOTES)

    def refresh(self, request: Request, user_id: str) -> Response:
        """``POST /api/v1/calendar/meetings/refresh/``: the meetings, resynced."""
        if (limited := self._limited("calendar_meetings_refresh_create", user_id)) is not None:
            return limited
        return json_answer(self._meetings(user_id), notes=_MEETING_NOTES)

    # -- the workspace --------------------------------------------------------------------

    def list_users(self, request: Request, base_url: str) -> Response:
        """``GET /api/v1/calendar/users/`` (API key already checked): ``email``, ``paginate``."""
        wait = self.limiter.check("calendar_users_list", "workspace")
        if wait is not None:
            return throttled(wait)
        wanted = request.args.get("email")
        users = [self.users.as_json(u) for u in self.users.user_ids()]
        if wanted is not None:
            users = [
                u
                for u in users
                if any((c["email"] or "").lower() == wanted.lower() for c in u["connections"])
            ]
        notes = ("users-email",) if wanted is not None else ()
        if request.args.get("paginate", "").lower() not in ("true", "1"):
            return json_answer(users, notes=notes)
        page_text = request.args.get("page", "1")
        pages = max(1, -(-len(users) // self.page_size))
        if not page_text.isdigit() or not 1 <= int(page_text) <= pages:
            return json_answer({"detail": "Invalid page."}, 404, notes=("error-body",))
        page = int(page_text)

        def link(number: int) -> str | None:
            if not 1 <= number <= pages:
                return None
            query = {k: v for k, v in request.args.items() if k != "page"}
            return f"{base_url}/api/v1/calendar/users/?{urlencode({**query, 'page': number})}"

        start = (page - 1) * self.page_size
        return json_answer(
            {
                "count": len(users),
                "next": link(page + 1),
                "previous": link(page - 1),
                "results": users[start : start + self.page_size],
            },
            notes=("users-pagination", *notes),
        )
