"""Your app, as the sandbox plays it: start page, forwarder, success and error pages.

- ``/``: the scenario in force and a form per step.
- ``POST /connect`` (``step=N`` and the run's token): gets a calendar auth token from Recall
  (server side, with the API key, through
  [`recall_outlook.recall_api.RecallCalendarClient`][]), builds the authorize URL with
  [`recall_outlook.authorize.build.build_authorize_url`][] and redirects the browser to it.
- ``POST /admin-consent`` (the same fields): redirects an admin to
  [`recall_outlook.troubleshoot.consent.admin_consent_url`][].
- [`FORWARDER_PATH`][recall_outlook.sandbox.config.FORWARDER_PATH]: the production redirect URI,
  served by the package's own forwarder ([`recall_outlook.forwarder.forward.make_wsgi_app`][]),
  or by [`naive_forwarder`][] to show why forwarding the query as is matters.
- ``/calendar/connected`` and ``/calendar/error``: Recall's ``success_url`` and ``error_url``.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl, quote

from werkzeug.wrappers import Request, Response

from ..authorize.build import build_authorize_url
from ..authorize.state import CalendarState
from ..forwarder.forward import make_wsgi_app
from ..recall_api import RecallAPIError, RecallCalendarClient
from ..regions import Region
from ..troubleshoot.consent import admin_consent_url, parse_admin_consent_callback
from ..troubleshoot.explain import explain
from . import pages
from .config import ADMIN_CONSENTED_PATH, FORWARDER_PATH, Clock, World
from .recall import ERROR_PARAM
from .steps import Step

__all__ = ["ERROR_PATH", "SUCCESS_PATH", "LocalApp", "naive_forwarder"]

SUCCESS_PATH = "/calendar/connected"
"""Where Recall sends the user after connecting (``success_url``)."""

ERROR_PATH = "/calendar/error"
"""Where Recall sends the user when connecting fails (``error_url``)."""


WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


def naive_forwarder(target: str) -> WSGIApp:
    """Return a forwarder that rebuilds the query from parsed parameters: the bug to avoid.

    It decodes every parameter and writes ``name=value`` back without encoding again, as a
    hand-written ``f"{recall}?code={code}&state={state}"`` does. The decoded JSON state then
    carries its raw ``&`` (from a ``success_url`` with a query) and the state Recall receives
    is cut short. Compare [`recall_outlook.forwarder.forward.make_wsgi_app`][], which forwards
    the raw
    query byte for byte.

    Args:
        target: Recall's Microsoft callback URL.
    """

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        raw = environ.get("QUERY_STRING", "")
        rebuilt = "&".join(f"{name}={value}" for name, value in parse_qsl(raw))
        response = Response(status=302, headers={"Location": f"{target}?{rebuilt}"})
        return response(environ, start_response)

    return app


def _core_forwarder(target_origin: str) -> WSGIApp:
    region = Region("sandbox", target_origin, "the sandbox's local Recall")
    return make_wsgi_app(region=region)


class LocalApp:
    """Your app's side of the flow, a WSGI application.

    Args:
        world: Where everything is, and the app registration's client id.
        steps: The scenario's steps, by number.
        recall: The server-side Recall client (holds the API key).
        clock: The sandbox clock; a step's ``token_age`` moves it between issuing the token and
            redirecting, as when a user opens a day-old link.
        naive: Serve [`naive_forwarder`][] instead of the package's forwarder.
        on_step: Called with the step number before a step starts (the sandbox scripts the
            user's choices for it).
        title: The scenario's name and description, shown on ``/``.
        run_token: The secret a request must carry to start a step (the start page's forms
            hold it): steps start with a ``POST`` carrying it, never a plain ``GET``, so no
            other page can start a flow (cross-site request forgery).
    """

    def __init__(
        self,
        world: World,
        *,
        steps: Sequence[Step],
        recall: RecallCalendarClient,
        clock: Clock,
        naive: bool = False,
        on_step: Callable[[int], None] | None = None,
        title: tuple[str, str] = ("", ""),
        run_token: str,
    ) -> None:
        self.world = world
        self._run_token = run_token
        self.steps = tuple(steps)
        self.recall = recall
        self.clock = clock
        self.on_step = on_step
        self.title = title
        target = world.origins.recall_callback
        self.forwarder = naive_forwarder(target) if naive else _core_forwarder(world.origins.recall)

    def __repr__(self) -> str:
        return f"LocalApp(origin={self.world.origins.app!r}, steps={len(self.steps)})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        """Serve one WSGI request."""
        request = Request(environ)
        if request.path == FORWARDER_PATH:
            return self.forwarder(environ, start_response)
        routes: dict[str, Callable[[Request], Response]] = {
            "/": self._index,
            "/connect": self._connect,
            "/admin-consent": self._admin_consent,
            SUCCESS_PATH: self._connected,
            ERROR_PATH: self._error,
            ADMIN_CONSENTED_PATH: self._admin_consented,
        }
        handler = routes.get(request.path)
        response = handler(request) if handler else Response("Not Found", status=404)
        return response(environ, start_response)

    def _html(self, body: str) -> Response:
        return Response(body, mimetype="text/html")

    def _step(self, request: Request) -> tuple[int, Step] | Response:
        if request.method != "POST":
            return Response(
                "Start a step from the start page (it posts a form).\n",
                status=405,
                headers={"Allow": "POST"},
            )
        given = request.form.get("run", "")
        if not hmac.compare_digest(given.encode(), self._run_token.encode()):
            return Response("This form is not from this sandbox run.\n", status=403)
        try:
            number = int(request.form.get("step", ""))
            step = self.steps[number]
        except (ValueError, IndexError):
            return Response("no such step", status=404)
        if self.on_step is not None:
            self.on_step(number)
        return number, step

    def _index(self, request: Request) -> Response:
        name, description = self.title
        steps = [
            ("/connect" if step.action == "connect" else "/admin-consent", step.label)
            for step in self.steps
        ]
        return self._html(
            pages.start_page(
                f"Scenario: {name}",
                lines=[description, "Run the steps in order:"],
                steps=steps,
                run_token=self._run_token,
            )
        )

    def _connect(self, request: Request) -> Response:
        found = self._step(request)
        if isinstance(found, Response):
            return found
        _, step = found
        origins = self.world.origins
        user_id = step.user_id
        try:
            token = self.recall.authenticate(user_id)
        except RecallAPIError as error:
            return Response(f"Recall refused the token request: {error.message}", status=502)
        self.clock.advance(step.token_age)
        redirect_uri = {
            "recall": origins.recall_callback,
            "forwarder": origins.forwarder,
            "unregistered": origins.forwarder + "/",
        }[step.redirect]
        back = f"?user_id={quote(user_id, safe='')}&tab=outlook"
        state = CalendarState(
            recall_calendar_auth_token=token,
            ms_oauth_redirect_url=(
                origins.recall_callback if step.state_redirect == "recall" else redirect_uri
            ),
            success_url=origins.app + SUCCESS_PATH + back,
            error_url=origins.app + ERROR_PATH + back,
        )
        url = build_authorize_url(
            client_id=self.world.app.client_id,
            redirect_uri=redirect_uri,
            state=state,
            tenant=step.tenant,
            scopes=step.scopes,
            prompt=step.prompt,
            login_hint=step.account,
            authority=origins.microsoft,
        )
        return Response(status=302, headers={"Location": url})

    def _admin_consent(self, request: Request) -> Response:
        found = self._step(request)
        if isinstance(found, Response):
            return found
        _, step = found
        url = admin_consent_url(
            client_id=self.world.app.client_id,
            tenant=step.tenant,
            redirect_uri=self.world.origins.admin_consented,
            state="sandbox-admin-consent",
            authority=self.world.origins.microsoft,
        )
        return Response(status=302, headers={"Location": url})

    def _connected(self, request: Request) -> Response:
        user_id = request.args.get("user_id", "")
        try:
            user = self.recall.get_user(self.recall.authenticate(user_id))
        except RecallAPIError as error:
            return Response(f"Recall refused: {error.message}", status=502)
        outlook = user.connection("microsoft")
        email = outlook.email if outlook and outlook.connected else None
        return self._html(
            pages.status_page(
                "Outlook calendar connected" if email else "Not connected",
                status="connected" if email else "not-connected",
                party="Your app",
                lines=[f"Recall's calendar user {user.external_id} has Microsoft connection:"],
                preformatted=email or "(none)",
            )
        )

    def _error(self, request: Request) -> Response:
        answer = explain(request.url)
        return self._html(
            pages.status_page(
                "Connecting your Outlook calendar failed",
                status="failed",
                party="Your app",
                lines=[
                    "Recall sent you to error_url.",
                    f"The sandbox's Recall adds {ERROR_PARAM}="
                    f"{request.args.get(ERROR_PARAM, '(none)')}. Recall documents no reason "
                    "parameter there: do not rely on one in your app.",
                ],
                preformatted=answer.as_text(),
            )
        )

    def _admin_consented(self, request: Request) -> Response:
        result = parse_admin_consent_callback(request.query_string.decode("utf-8", "replace"))
        if result.granted:
            return self._html(
                pages.status_page(
                    "Admin consent granted",
                    status="granted",
                    party="Your app",
                    lines=[f"Tenant {result.tenant} approved the app for all its users."],
                )
            )
        return self._html(
            pages.status_page(
                "Admin consent not granted",
                status="failed",
                party="Your app",
                lines=[f"Microsoft says: {result.error}"],
                preformatted=explain(request.url).as_text(),
            )
        )
