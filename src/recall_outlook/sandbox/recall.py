"""A local Recall: calendar auth tokens, the Microsoft OAuth callback and the Calendar V1 API.

Endpoints (Calendar V1, https://docs.recall.ai/docs/calendar-v1-1), each with the rate limit
its reference page states (``rate_limits``):

- ``POST /api/v1/calendar/authenticate/`` with ``Authorization: Token <API key>`` (the ``Token``
  prefix is optional, as Recall documents) and ``{"user_id"}``: answers ``{"token"}``, valid one
  day, and creates the calendar user if it does not exist.
- ``GET /api/v1/calendar/ms_oauth_callback/``: reads the JSON state and checks its calendar auth
  token before using any URL in it; then redeems the code at the local Microsoft with the
  workspace's client id and secret and the state's ``ms_oauth_redirect_url``, and redirects to
  ``success_url`` or ``error_url`` (their own query parameters kept). Like Recall, it only looks
  for a refresh token in Microsoft's answer, so a wrong secret, a missing ``offline_access`` or
  any other token error all read "refresh_token missing from oAuth response".
- With ``X-RecallCalendarAuthToken``: ``GET``, ``PUT``/``PATCH``, ``DELETE
  /api/v1/calendar/user/``; ``POST /api/v1/calendar/user/disconnect/``; ``GET
  /api/v1/calendar/meetings/`` (``ical_uid``, ``start_time_after``, ``start_time_before``);
  ``GET``, ``PUT``/``PATCH /api/v1/calendar/meetings/{id}/``; ``POST
  /api/v1/calendar/meetings/refresh/``.
- With the API key: ``GET /api/v1/calendar/users/`` (``email``, ``paginate``).

A ``GET`` with a body meets Recall's firewall page (403), as Recall's errors page warns. What
Recall does not document (the parameters added to ``error_url``, the bodies of errors, a token
of a deleted user, a missing trailing slash, ...) is the stand-in's choice, listed in
``recall_notes`` and named in each answer's ``X-Sandbox-Note``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

import httpx
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, RequestRedirect, Rule
from werkzeug.wrappers import Request, Response

from .calendar_users import CalendarUsers, TokenError, sign_token
from .config import Clock, World
from .entra import read_jwt
from .rate_limits import RateLimiter
from .recall_calendar import CalendarAPI, throttled
from .recall_http import has_body, json_answer, read_json, waf_blocked
from .recall_notes import NOTE_HEADER, note_header

__all__ = ["ERROR_PARAM", "INVALID_TOKEN", "REFRESH_TOKEN_MISSING", "LocalRecall"]

REFRESH_TOKEN_MISSING: Final = "refresh_token missing from oAuth response"  # noqa: S105 - a text
"""Recall's error when Microsoft's token answer has no refresh token."""

INVALID_TOKEN: Final = "Invalid 'recall_calendar_auth_token' supplied"  # noqa: S105 - a text
"""Recall's error for an undecodable or expired calendar auth token."""

ERROR_PARAM: Final = "sandbox_error"
"""What the stand-in adds to ``error_url`` (Recall documents no parameter there)."""

_V1: Final = "/api/v1/calendar"


def _with_params(url: str, params: Iterable[tuple[str, str]]) -> str:
    """Return ``url`` with ``params`` appended after its own query, before any fragment."""
    base, hash_sign, fragment = url.partition("#")
    extra = urlencode(list(params))
    if not extra:
        return url
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{extra}{hash_sign}{fragment}"


def _web_url(value: object) -> str | None:
    """Return ``value`` if it is an absolute http(s) URL, else ``None``."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _failed(reason: str) -> str:
    return f"Calendar connection failed! (reason: {reason})"


class LocalRecall:
    """The local Recall deployment, a WSGI application.

    Args:
        world: Gives the workspace (API key, saved Microsoft client id and secret) and where
            the local Microsoft is.
        clock: The sandbox clock (tokens live one day of it).
        http: The client Recall reaches Microsoft's token endpoint with.
        rate_limits: Whether Recall's documented rate limits apply.
        rate_clock: The time source of the rate limits (default: real monotonic time).
        page_size: Calendar users on one page of the paginated users list.
    """

    def __init__(
        self,
        world: World,
        *,
        clock: Clock,
        http: httpx.Client,
        rate_limits: bool = True,
        rate_clock: Callable[[], float] = time.monotonic,
        page_size: int = 50,
    ) -> None:
        self.world = world
        self.clock = clock
        self.http = http
        self.users = CalendarUsers(clock=clock)
        self.limiter = RateLimiter(rate_clock, enabled=rate_limits)
        self.calendar = CalendarAPI(
            self.users,
            clock=clock,
            limiter=self.limiter,
            tenant_of=self._tenant_of,
            page_size=page_size,
        )
        token_methods = ["GET", "PUT", "PATCH", "DELETE"]
        self._map = Map(
            [
                Rule(f"{_V1}/authenticate/", endpoint="authenticate", methods=["POST"]),
                Rule(f"{_V1}/ms_oauth_callback/", endpoint="callback", methods=["GET"]),
                Rule(f"{_V1}/user/", endpoint="user", methods=token_methods),
                Rule(f"{_V1}/user/disconnect/", endpoint="disconnect", methods=["POST"]),
                Rule(f"{_V1}/meetings/", endpoint="meetings", methods=["GET"]),
                Rule(f"{_V1}/meetings/refresh/", endpoint="refresh", methods=["POST"]),
                Rule(
                    f"{_V1}/meetings/<meeting_id>/", endpoint="meeting", methods=token_methods[:3]
                ),
                Rule(f"{_V1}/users/", endpoint="users", methods=["GET"]),
            ],
            redirect_defaults=False,
        )

    def __repr__(self) -> str:
        return f"LocalRecall(users={len(self.users)})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        """Serve one WSGI request."""
        request = Request(environ)
        return self._answer(request)(environ, start_response)

    def _answer(self, request: Request) -> Response:
        if request.method == "GET" and has_body(request):
            return waf_blocked()
        try:
            endpoint, values = self._map.bind_to_environ(request.environ).match()
        except RequestRedirect as moved:
            path = urlsplit(moved.new_url).path
            return json_answer(
                {"detail": f"Not found. Recall documents this path as {path} (with the slash)."},
                404,
                notes=("trailing-slash",),
            )
        except MethodNotAllowed:
            detail = f'Method "{request.method}" not allowed.'
            return json_answer({"detail": detail}, 405, notes=("error-body",))
        except NotFound:
            return json_answer({"detail": "Not found."}, 404, notes=("error-body",))
        except HTTPException as error:  # pragma: no cover - werkzeug's other routing errors
            return json_answer({"detail": error.description}, error.code or 400)
        if endpoint == "authenticate":
            return self._authenticate(request)
        if endpoint == "callback":
            return self._callback(request)
        if endpoint == "users":
            refused = self._check_api_key(request)
            base = self.world.origins.recall
            return refused or self.calendar.list_users(request, base)
        user_id = self._token_user(request)
        if isinstance(user_id, Response):
            return user_id
        if endpoint == "user":
            return self.calendar.user(request, user_id)
        if endpoint == "disconnect":
            return self.calendar.disconnect(request, user_id)
        if endpoint == "meetings":
            return self.calendar.meetings(request, user_id)
        if endpoint == "refresh":
            return self.calendar.refresh(request, user_id)
        return self.calendar.meeting(request, user_id, str(values["meeting_id"]))

    # -- credentials ----------------------------------------------------------------------

    def _check_api_key(self, request: Request) -> Response | None:
        header = request.headers.get("Authorization", "").strip()
        if not header:
            detail = "Authentication credentials were not provided."
            return json_answer({"detail": detail}, 401, notes=("error-body",))
        scheme, _, rest = header.partition(" ")
        key = rest.strip() if scheme == "Token" else header
        if key != self.world.workspace.api_key:
            return json_answer({"detail": "Invalid token."}, 401, notes=("error-body",))
        return None

    def _token_user(self, request: Request) -> str | Response:
        token = request.headers.get("X-RecallCalendarAuthToken", "").strip()
        try:
            return self.users.verify(token, self.world.workspace.signing_key)
        except TokenError as error:
            notes = (
                ("error-body", "token-after-delete") if "deleted" in str(error) else ("error-body",)
            )
            return json_answer({"detail": INVALID_TOKEN}, 401, notes=notes)

    def _tenant_of(self, email: str) -> str:
        account = self.world.account(email)
        return account.tenant_id if account is not None else "00000000-0000-0000-0000-000000000000"

    # -- authentication -------------------------------------------------------------------

    def _authenticate(self, request: Request) -> Response:
        refused = self._check_api_key(request)
        if refused is not None:
            return refused
        wait = self.limiter.check("calendar_authenticate_create", "workspace")
        if wait is not None:
            return throttled(wait)
        ok, body = read_json(request)
        if not ok:
            return json_answer({"detail": "JSON parse error."}, 400, notes=("error-body",))
        user_id = body.get("user_id") if isinstance(body, dict) else None
        if not isinstance(user_id, str) or not user_id:
            return json_answer({"user_id": ["This field is required."]}, 400, notes=("error-body",))
        uid = self.users.ensure(user_id)
        token = sign_token(user_id, self.clock.now(), self.world.workspace.signing_key, uid=uid)
        return json_answer({"token": token})

    # -- the Microsoft callback -----------------------------------------------------------

    def _callback(self, request: Request) -> Response:
        try:
            state = json.loads(request.args.get("state", ""))
        except ValueError:
            state = None
        if not isinstance(state, dict) or not isinstance(state.get("ms_oauth_redirect_url"), str):
            detail = "Invalid 'state' supplied: it is not the JSON object Recall's guide describes."
            return json_answer({"detail": _failed(detail)}, 400)
        try:  # the token first: no URL of the state is used before it is known to be genuine
            user_id = self.users.verify(
                str(state.get("recall_calendar_auth_token", "")), self.world.workspace.signing_key
            )
        except TokenError:
            return json_answer(
                {"detail": f"Calendar connection failed! ({INVALID_TOKEN})"},
                400,
                notes=("callback-bad-token",),
            )
        error_url = _web_url(state.get("error_url"))

        def fail(message: str, extra: Iterable[tuple[str, str]] = ()) -> Response:
            if error_url is None:
                return json_answer({"detail": _failed(message)}, 400)
            params = [(ERROR_PARAM, message), *((f"{ERROR_PARAM}_{k}", v) for k, v in extra)]
            location = _with_params(error_url, params)
            headers = {"Location": location, NOTE_HEADER: note_header("error-url-params")}
            return Response(status=302, headers=headers)

        if "error" in request.args:
            description = request.args.get("error_description", "")
            return fail(request.args["error"], [("description", description)])
        code = request.args.get("code", "")
        if not code:
            return fail("code missing from oAuth callback")
        answer = self._redeem(code, state["ms_oauth_redirect_url"])
        refresh_token = answer.get("refresh_token")
        if not isinstance(refresh_token, str) or not refresh_token:
            return fail(REFRESH_TOKEN_MISSING)
        claims = read_jwt(str(answer.get("id_token", "")))
        email = claims.get("email") or claims.get("preferred_username")
        self.users.connect(user_id, "microsoft", str(email) if email else None)
        success_url = _web_url(state.get("success_url"))
        if success_url is None:
            return json_answer({"detail": "Calendar connected."})
        return Response(status=302, headers={"Location": success_url})

    def _redeem(self, code: str, redirect_uri: str) -> dict[str, Any]:
        workspace = self.world.workspace
        try:
            response = self.http.post(
                f"{self.world.origins.microsoft}/common/oauth2/v2.0/token",
                data={
                    "client_id": workspace.client_id,
                    "client_secret": workspace.client_secret,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                },
            )
            data = response.json()
        except (httpx.HTTPError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}
