"""A local Recall: calendar auth tokens, the Microsoft OAuth callback and calendar users.

Endpoints (Calendar V1, https://docs.recall.ai/docs/calendar-v1-1):

- ``POST /api/v1/calendar/authenticate/`` with ``Authorization: Token <API key>`` and
  ``{"user_id"}``: answers ``{"token"}``, a signed token valid for one day.
- ``GET /api/v1/calendar/ms_oauth_callback/``: reads the JSON state, checks the token, redeems
  the code at the local Microsoft with the workspace's client id and secret and the state's
  ``ms_oauth_redirect_url``, then redirects to ``success_url`` or ``error_url`` (their own query
  parameters kept). Like Recall, it only looks for a refresh token in Microsoft's answer, so a
  wrong secret, a missing ``offline_access`` or any other token error all read "refresh_token
  missing from oAuth response". The exact parameters Recall adds to ``error_url`` are not
  documented: the sandbox adds ``error`` (and Microsoft's ``error_description`` when Microsoft
  sent one).
- ``GET``, ``PUT``/``PATCH``, ``DELETE /api/v1/calendar/user/``,
  ``POST /api/v1/calendar/user/disconnect/`` and ``GET /api/v1/calendar/meetings/`` with
  ``X-RecallCalendarAuthToken``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import httpx
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .calendar_users import PREFERENCE_DEFAULTS, CalendarUsers, TokenError, sign_token
from .config import Clock, World
from .entra import read_jwt

__all__ = ["INVALID_TOKEN", "REFRESH_TOKEN_MISSING", "LocalRecall"]

REFRESH_TOKEN_MISSING = "refresh_token missing from oAuth response"  # noqa: S105 - an error text
"""Recall's error when Microsoft's token answer has no refresh token."""

INVALID_TOKEN = "Invalid 'recall_calendar_auth_token' supplied"  # noqa: S105 - an error text
"""Recall's error for an undecodable or expired calendar auth token."""


def _json(data: Any, status: int = 200) -> Response:  # noqa: ANN401 - any JSON value
    return Response(json.dumps(data), status=status, mimetype="application/json")


def _with_params(url: str, params: Iterable[tuple[str, str]]) -> str:
    """Return ``url`` with ``params`` appended after its own query, before any fragment."""
    base, hash_sign, fragment = url.partition("#")
    extra = urlencode(list(params))
    if not extra:
        return url
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{extra}{hash_sign}{fragment}"


class LocalRecall:
    """The local Recall deployment, a WSGI application.

    Args:
        world: Gives the workspace (API key, saved Microsoft client id and secret) and where
            the local Microsoft is.
        clock: The sandbox clock (tokens live one day of it).
        http: The client Recall reaches Microsoft's token endpoint with.
    """

    def __init__(self, world: World, *, clock: Clock, http: httpx.Client) -> None:
        self.world = world
        self.clock = clock
        self.http = http
        self.users = CalendarUsers(clock=clock)
        self._map = Map(
            [
                Rule("/api/v1/calendar/authenticate/", endpoint="authenticate", methods=["POST"]),
                Rule("/api/v1/calendar/ms_oauth_callback/", endpoint="callback", methods=["GET"]),
                Rule(
                    "/api/v1/calendar/user/",
                    endpoint="user",
                    methods=["GET", "PUT", "PATCH", "DELETE"],
                ),
                Rule("/api/v1/calendar/user/disconnect/", endpoint="disconnect", methods=["POST"]),
                Rule("/api/v1/calendar/meetings/", endpoint="meetings", methods=["GET"]),
            ]
        )

    def __repr__(self) -> str:
        return f"LocalRecall(users={len(self.users)})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        """Serve one WSGI request."""
        request = Request(environ)
        try:
            endpoint, _ = self._map.bind_to_environ(environ).match()
        except HTTPException as error:
            return error(environ, start_response)
        handler = getattr(self, f"_{endpoint}")
        response: Response = handler(request)
        return response(environ, start_response)

    # -- authentication --------------------------------------------------------------------

    def _authenticate(self, request: Request) -> Response:
        header = request.headers.get("Authorization", "")
        if not header:
            return _json({"detail": "Authentication credentials were not provided."}, 401)
        scheme, _, key = header.partition(" ")
        if scheme != "Token" or key.strip() != self.world.workspace.api_key:
            return _json({"detail": "Invalid token."}, 401)
        try:
            body = json.loads(request.get_data(as_text=True) or "{}")
        except ValueError:
            return _json({"detail": "JSON parse error."}, 400)
        user_id = body.get("user_id") if isinstance(body, dict) else None
        if not isinstance(user_id, str) or not user_id:
            return _json({"user_id": ["This field is required."]}, 400)
        self.users.ensure(user_id)
        token = sign_token(user_id, self.clock.now(), self.world.workspace.signing_key)
        return _json({"token": token})

    def _user_id(self, request: Request) -> str | Response:
        token = request.headers.get("X-RecallCalendarAuthToken", "")
        try:
            return self.users.verify(token, self.world.workspace.signing_key)
        except TokenError:
            return _json({"detail": INVALID_TOKEN}, 401)

    # -- the Microsoft callback ------------------------------------------------------------

    def _callback(self, request: Request) -> Response:
        try:
            state = json.loads(request.args.get("state", ""))
        except ValueError:
            state = None
        if not isinstance(state, dict) or not isinstance(state.get("ms_oauth_redirect_url"), str):
            return _json(
                {
                    "detail": "Invalid 'state' supplied: it is not the JSON object "
                    "Recall's guide describes."
                },
                400,
            )
        error_url = state.get("error_url") if isinstance(state.get("error_url"), str) else None
        success_url = state.get("success_url")

        def fail(message: str, extra: Iterable[tuple[str, str]] = ()) -> Response:
            if error_url is None:
                return _json({"detail": message}, 400)
            return Response(
                status=302,
                headers={"Location": _with_params(error_url, [("error", message), *extra])},
            )

        try:
            user_id = self.users.verify(
                str(state.get("recall_calendar_auth_token", "")), self.world.workspace.signing_key
            )
        except TokenError:
            return fail(INVALID_TOKEN)
        if "error" in request.args:
            description = request.args.get("error_description", "")
            return fail(request.args["error"], [("error_description", description)])
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
        if not isinstance(success_url, str):
            return _json({"detail": "Calendar connected."})
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

    # -- calendar users --------------------------------------------------------------------

    def _user(self, request: Request) -> Response:
        user_id = self._user_id(request)
        if isinstance(user_id, Response):
            return user_id
        if request.method == "DELETE":
            self.users.delete(user_id)
            return Response(status=204)
        if request.method in ("PUT", "PATCH"):
            try:
                body = json.loads(request.get_data(as_text=True) or "{}")
            except ValueError:
                return _json({"detail": "JSON parse error."}, 400)
            preferences = body.get("preferences") if isinstance(body, dict) else None
            if not isinstance(preferences, dict):
                return _json({"preferences": ["This field is required."]}, 400)
            problems = {
                key: ["Unknown field."] if key not in PREFERENCE_DEFAULTS else ["Wrong type."]
                for key, value in preferences.items()
                if key not in PREFERENCE_DEFAULTS
                or type(value) is not type(PREFERENCE_DEFAULTS[key])
            }
            if problems:
                return _json({"preferences": problems}, 400)
            self.users.update_preferences(user_id, preferences)
        return _json(self.users.as_json(user_id))

    def _disconnect(self, request: Request) -> Response:
        user_id = self._user_id(request)
        if isinstance(user_id, Response):
            return user_id
        try:
            body = json.loads(request.get_data(as_text=True) or "{}")
        except ValueError:
            body = None
        platform = body.get("platform") if isinstance(body, dict) else None
        if platform not in ("google", "microsoft"):
            return _json({"platform": [f'"{platform}" is not a valid choice.']}, 400)
        self.users.connect(user_id, platform, None)
        return _json(self.users.as_json(user_id))

    def _meetings(self, request: Request) -> Response:
        user_id = self._user_id(request)
        if isinstance(user_id, Response):
            return user_id
        return _json(self.users.meetings(user_id))
