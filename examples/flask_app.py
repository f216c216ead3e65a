"""Connect Outlook calendar: a complete Flask app on Recall.ai's Calendar V1 API.

Against a local Microsoft and a local Recall, with no account anywhere::

    recall-outlook sandbox --example flask

Against the real ones, with the environment variables of ``examples/README.md`` set::

    python examples/flask_app.py

Top to bottom: settings from the environment, checked at start; a session with a CSRF token;
a sign-in form standing in for your own login; the **Connect Outlook calendar** button (a POST:
a calendar auth token from Recall, server side, then Microsoft's authorize URL); the redirect URI
on your own domain (the package's forwarder); the success page showing the connection as
Recall reports it, the error page explaining what failed; **Disconnect**.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, redirect, render_template, request, session
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import WSGIRequestHandler, run_simple
from werkzeug.wrappers import Response

from recall_outlook import (
    AppSettings,
    SettingsError,
    build_authorize_url,
    explain,
    load_settings,
    make_wsgi_app,
)
from recall_outlook.recall_api import PREFERENCE_FLAGS, RecallAPIError, RecallCalendarClient

TEMPLATES = Path(__file__).parent / "templates"
NOTICES = {
    "saved": "Recording preferences saved.",
    "disconnected": "Outlook calendar disconnected.",
}
log = logging.getLogger("connect_outlook")


def create_app(settings: AppSettings | None = None) -> Flask:
    """Return the app; ``settings`` default to :func:`load_settings` of the environment."""
    # --8<-- [start:settings]
    settings = settings or load_settings(os.environ)
    recall = RecallCalendarClient(api_key=settings.recall_api_key, region=settings.recall_region)
    app = Flask(__name__, template_folder=TEMPLATES)
    app.config.update(
        SECRET_KEY=settings.session_secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
    )
    # --8<-- [end:settings]

    # --8<-- [start:csrf]
    def csrf_token() -> str:
        """Return the session's CSRF token; every form posts it back."""
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return str(session["csrf"])

    @app.before_request
    def check_csrf() -> None:
        """Refuse any POST whose form does not carry the session's CSRF token."""
        if request.method == "POST":
            sent = request.form.get("csrf", "").encode()
            if not hmac.compare_digest(sent, csrf_token().encode()):
                abort(403)

    # --8<-- [end:csrf]

    def page(template: str, status: int = 200, **context: object) -> tuple[str, int]:
        """Render a template with what every page shows."""
        context.setdefault("title", "Your Outlook calendar")
        email = session.get("email")
        return render_template(template, csrf=csrf_token(), user_email=email, **context), status

    def signed_in_user() -> str:
        """Your user's stable id: Recall keys the calendar user by it. Use your own login."""
        user_id = session.get("user_id")
        if not isinstance(user_id, str):
            abort(401)
        return user_id

    @app.get("/")
    def home() -> tuple[str, int]:
        """Sign in, or see the calendar as Recall reports it."""
        if "user_id" not in session:
            return page("home.html")
        return calendar_page(next((NOTICES[key] for key in NOTICES if key in request.args), None))

    @app.post("/sign-in")
    def sign_in() -> Response:
        """Remember who this is (a stand-in for your own login)."""
        email = request.form.get("email", "").strip().lower()
        if "@" not in email or len(email) > 254:
            abort(400)
        session.clear()  # a new session (and CSRF token) for the signed-in user
        session["user_id"] = email  # your database id for the user: stable, never reused
        session["email"] = email
        return redirect("/", code=303)

    @app.post("/sign-out")
    def sign_out() -> Response:
        """Forget the signed-in user."""
        session.clear()
        return redirect("/", code=303)

    # --8<-- [start:connect]
    @app.post("/calendar/connect")
    def connect() -> Response:
        """The Connect button: a calendar auth token from Recall, then Microsoft's sign-in."""
        user_id = signed_in_user()
        token = recall.authenticate(user_id)  # server side, with the API key; valid one day
        url = build_authorize_url(
            client_id=settings.microsoft_client_id,
            redirect_uri=settings.microsoft_redirect_uri,
            calendar_auth_token=token,
            success_url=settings.url("/calendar/connected"),
            error_url=settings.url("/calendar/error"),
            login_hint=session.get("email"),
            authority=settings.microsoft_authority,
        )
        log.info("user %s: sent to Microsoft to connect Outlook", user_id)
        return redirect(url, code=303)

    # --8<-- [end:connect]

    # --8<-- [start:connected]
    def calendar_page(notice: str | None = None) -> tuple[str, int]:
        """The connection, preferences and meetings, as Recall reports them now."""
        token = recall.authenticate(signed_in_user())  # a fresh token; never sent to the browser
        user = recall.get_user(token)
        outlook_email = user.connected_email("microsoft")  # None: not connected
        meetings = recall.list_meetings(token) if outlook_email else []
        return page(
            "home.html",
            notice=notice,
            outlook_email=outlook_email,
            preferences=user.preferences,
            meetings=meetings,
        )

    @app.get("/calendar/connected")
    def connected() -> tuple[str, int]:
        """Recall's ``success_url``: show what Recall now reports."""
        return calendar_page("Outlook calendar connected.")

    # --8<-- [end:connected]

    # --8<-- [start:error]
    @app.get("/calendar/error")
    def connect_failed() -> tuple[str, int]:
        """Recall's ``error_url``: explain what Recall and Microsoft said."""
        explanation = explain(request.url)
        log.warning("connecting Outlook failed: %s", explanation.summary)
        return page(
            "error.html",
            title="Connecting your Outlook calendar failed",
            summary=explanation.summary,
            entries=explanation.entries,
        )

    @app.errorhandler(RecallAPIError)
    def recall_failed(error: RecallAPIError) -> tuple[str, int]:
        """Recall refused a call: a wrong API key or region, a rate limit, an outage."""
        log.error("Recall refused a call: %s", error)
        return page(
            "error.html",
            502,
            title="Recall did not answer as expected",
            summary=str(error),
            entries=explain(error.message).entries,
        )

    # --8<-- [end:error]

    # --8<-- [start:preferences]
    @app.post("/calendar/preferences")
    def save_preferences() -> Response:
        """Save which meetings the notetaker joins: Recall's recording preferences."""
        chosen = request.form.getlist("record")
        token = recall.authenticate(signed_in_user())
        recall.update_preferences(token, {flag: flag in chosen for flag in PREFERENCE_FLAGS})
        return redirect("/?saved", code=303)

    # --8<-- [end:preferences]

    # --8<-- [start:disconnect]
    @app.post("/calendar/disconnect")
    def disconnect() -> Response:
        """The Disconnect button: Recall stops syncing the Outlook calendar."""
        user_id = signed_in_user()
        recall.disconnect(recall.authenticate(user_id), "microsoft")
        log.info("user %s: disconnected Outlook", user_id)
        return redirect("/?disconnected", code=303)

    # --8<-- [end:disconnect]

    # --8<-- [start:forwarder]
    # The redirect URI on your own domain: forward Microsoft's callback to Recall, byte for byte.
    if settings.forwarder_path is not None:
        forwarder = make_wsgi_app(region=settings.recall_region, path=settings.forwarder_path)
        app.wsgi_app = DispatcherMiddleware(  # type: ignore[method-assign]
            app.wsgi_app, {settings.forwarder_path: forwarder}
        )
    # --8<-- [end:forwarder]
    return app


class PathOnlyLog(WSGIRequestHandler):
    """werkzeug's request log without query strings.

    The redirect URI's query holds a one-time code and the calendar auth token (in ``state``):
    keep query strings out of your production server's access log too.
    """

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log the method, the path and the status."""
        self.log("info", '"%s %s" %s', self.command, urlsplit(self.path).path, code)


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
    run_simple("127.0.0.1", port, create_app(settings), request_handler=PathOnlyLog)
    return 0


if __name__ == "__main__":
    sys.exit(main())
