"""Connect Outlook calendar: a complete FastAPI app on Recall.ai's Calendar V1 API.

Against a local Microsoft and a local Recall, with no account anywhere::

    recall-outlook sandbox --example fastapi

Against the real ones, with the environment variables of ``examples/README.md`` set::

    python examples/fastapi_app.py

Top to bottom: settings from the environment, checked at start; a session with a CSRF token;
a sign-in form standing in for your own login; the **Connect Outlook calendar** button (a POST:
a calendar auth token from Recall, server side, then Microsoft's authorize URL); the redirect URI
on your own domain (the package's forwarder); the success page showing the connection as
Recall reports it, the error page explaining what failed; **Disconnect**. It is the Flask
example (``flask_app.py``) route for route, with the same templates.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import uvicorn
from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Route

from recall_outlook import (
    AppSettings,
    SettingsError,
    build_authorize_url,
    explain,
    load_settings,
    make_asgi_app,
)
from recall_outlook.recall_api import PREFERENCE_FLAGS, RecallAPIError, RecallCalendarClient

TEMPLATES = Path(__file__).parent / "templates"
NOTICES = {
    "saved": "Recording preferences saved.",
    "disconnected": "Outlook calendar disconnected.",
}
log = logging.getLogger("connect_outlook")


def create_app(settings: AppSettings | None = None) -> FastAPI:
    """Return the app; ``settings`` default to :func:`load_settings` of the environment."""
    # --8<-- [start:settings]
    settings = settings or load_settings(os.environ)
    recall = RecallCalendarClient(api_key=settings.recall_api_key, region=settings.recall_region)
    templates = Jinja2Templates(directory=TEMPLATES)
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    # --8<-- [end:settings]

    # --8<-- [start:csrf]
    def csrf_token(request: Request) -> str:
        """Return the session's CSRF token; every form posts it back."""
        if "csrf" not in request.session:
            request.session["csrf"] = secrets.token_urlsafe(32)
        return str(request.session["csrf"])

    def check_csrf(request: Request, csrf: Annotated[str, Form()] = "") -> None:
        """Refuse any POST whose form does not carry the session's CSRF token."""
        if not hmac.compare_digest(csrf.encode(), csrf_token(request).encode()):
            raise HTTPException(403, "Forbidden")

    checked = [Depends(check_csrf)]
    # --8<-- [end:csrf]

    def page(request: Request, template: str, status: int = 200, **context: object) -> Response:
        """Render a template with what every page shows."""
        context.setdefault("title", "Your Outlook calendar")
        email = request.session.get("email")
        context.update(csrf=csrf_token(request), user_email=email)
        return templates.TemplateResponse(request, template, context, status_code=status)

    def signed_in_user(request: Request) -> str:
        """Your user's stable id: Recall keys the calendar user by it. Use your own login."""
        user_id = request.session.get("user_id")
        if not isinstance(user_id, str):
            raise HTTPException(401, "Sign in first")
        return user_id

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        """Sign in, or see the calendar as Recall reports it."""
        if "user_id" not in request.session:
            return page(request, "home.html")
        notice = next((NOTICES[key] for key in NOTICES if key in request.query_params), None)
        return calendar_page(request, notice)

    @app.post("/sign-in", dependencies=checked)
    def sign_in(request: Request, email: Annotated[str, Form()] = "") -> Response:
        """Remember who this is (a stand-in for your own login)."""
        email = email.strip().lower()
        if "@" not in email or len(email) > 254:
            raise HTTPException(400, "Enter an email address")
        request.session.clear()  # a new session (and CSRF token) for the signed-in user
        request.session["user_id"] = email  # your database id for the user: stable, never reused
        request.session["email"] = email
        return RedirectResponse("/", status_code=303)

    @app.post("/sign-out", dependencies=checked)
    def sign_out(request: Request) -> Response:
        """Forget the signed-in user."""
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    # --8<-- [start:connect]
    @app.post("/calendar/connect", dependencies=checked)
    def connect(request: Request) -> Response:
        """The Connect button: a calendar auth token from Recall, then Microsoft's sign-in."""
        user_id = signed_in_user(request)
        token = recall.authenticate(user_id)  # server side, with the API key; valid one day
        url = build_authorize_url(
            client_id=settings.microsoft_client_id,
            redirect_uri=settings.microsoft_redirect_uri,
            calendar_auth_token=token,
            success_url=settings.url("/calendar/connected"),
            error_url=settings.url("/calendar/error"),
            login_hint=request.session.get("email"),
            authority=settings.microsoft_authority,
        )
        log.info("user %s: sent to Microsoft to connect Outlook", user_id)
        # A plain Response: RedirectResponse would quote the already encoded URL again.
        return Response(status_code=303, headers={"Location": url})

    # --8<-- [end:connect]

    # --8<-- [start:connected]
    def calendar_page(request: Request, notice: str | None = None) -> Response:
        """The connection, preferences and meetings, as Recall reports them now."""
        token = recall.authenticate(signed_in_user(request))  # fresh; never sent to the browser
        user = recall.get_user(token)
        outlook_email = user.connected_email("microsoft")  # None: not connected
        meetings = recall.list_meetings(token) if outlook_email else []
        return page(
            request,
            "home.html",
            notice=notice,
            outlook_email=outlook_email,
            preferences=user.preferences,
            meetings=meetings,
        )

    @app.get("/calendar/connected", response_class=HTMLResponse)
    def connected(request: Request) -> Response:
        """Recall's ``success_url``: show what Recall now reports."""
        return calendar_page(request, "Outlook calendar connected.")

    # --8<-- [end:connected]

    # --8<-- [start:error]
    @app.get("/calendar/error", response_class=HTMLResponse)
    def connect_failed(request: Request) -> Response:
        """Recall's ``error_url``: explain what Recall and Microsoft said."""
        explanation = explain(str(request.url))
        log.warning("connecting Outlook failed: %s", explanation.summary)
        return page(
            request,
            "error.html",
            title="Connecting your Outlook calendar failed",
            summary=explanation.summary,
            entries=explanation.entries,
        )

    @app.exception_handler(RecallAPIError)
    def recall_failed(request: Request, error: Exception) -> Response:
        """Recall refused a call: a wrong API key or region, a rate limit, an outage."""
        log.error("Recall refused a call: %s", error)
        message = error.message if isinstance(error, RecallAPIError) else str(error)
        return page(
            request,
            "error.html",
            502,
            title="Recall did not answer as expected",
            summary=str(error),
            entries=explain(message).entries,
        )

    # --8<-- [end:error]

    # --8<-- [start:preferences]
    @app.post("/calendar/preferences", dependencies=checked)
    def save_preferences(
        request: Request, record: Annotated[list[str] | None, Form()] = None
    ) -> Response:
        """Save which meetings the notetaker joins: Recall's recording preferences."""
        chosen = record or []
        token = recall.authenticate(signed_in_user(request))
        recall.update_preferences(token, {flag: flag in chosen for flag in PREFERENCE_FLAGS})
        return RedirectResponse("/?saved", status_code=303)

    # --8<-- [end:preferences]

    # --8<-- [start:disconnect]
    @app.post("/calendar/disconnect", dependencies=checked)
    def disconnect(request: Request) -> Response:
        """The Disconnect button: Recall stops syncing the Outlook calendar."""
        user_id = signed_in_user(request)
        recall.disconnect(recall.authenticate(user_id), "microsoft")
        log.info("user %s: disconnected Outlook", user_id)
        return RedirectResponse("/?disconnected", status_code=303)

    # --8<-- [end:disconnect]

    # --8<-- [start:forwarder]
    # The redirect URI on your own domain: forward Microsoft's callback to Recall, byte for byte.
    if settings.forwarder_path is not None:
        forwarder = make_asgi_app(region=settings.recall_region, path=settings.forwarder_path)
        app.router.routes.append(Route(settings.forwarder_path, forwarder))  # an ASGI app
    # --8<-- [end:forwarder]
    return app


def main() -> int:
    """Check the settings (exit 2 naming each problem), then serve on 127.0.0.1."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(os.environ)
    except SettingsError as error:
        for problem in error.problems:
            print(f"configuration: {problem}", file=sys.stderr)
        return 2
    port = urlsplit(settings.app_base_url).port or 8000
    print(f"Serving on http://127.0.0.1:{port}/ for {settings.app_base_url}/", flush=True)
    # No access log: the redirect URI's query holds a one-time code and the calendar auth
    # token (in state). Keep query strings out of your server's access log too.
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
