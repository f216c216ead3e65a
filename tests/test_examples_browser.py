"""The example apps end to end in headless Chromium, run by the sandbox as "your app".

Each test starts ``recall-outlook sandbox --example`` 's machinery (:class:`SandboxServer` with
``example=``): a local Microsoft, a local Recall and ``python examples/<framework>_app.py`` in
its own process, configured by environment variables only. The browser signs in, presses
Connect Outlook calendar, goes through Microsoft and back, and presses Disconnect. Every page the
app rendered and everything the app process logged is swept for the API key and for the
calendar auth tokens and authorization codes the browser carried.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from recall_outlook.recall_api import RecallCalendarClient
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.server import SandboxServer

pytestmark = pytest.mark.browser

FRAMEWORKS = ["flask", "fastapi"]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    try:
        made = context.new_page()
        made.set_default_timeout(20_000)
        yield made
    finally:
        context.close()


class Visit:
    """What the browser carried and what the app showed and logged, for the secret sweep."""

    def __init__(self, page: Any, server: SandboxServer, log: Path) -> None:
        self.page = page
        self.server = server
        self.log = log
        self.urls: list[str] = []
        self.pages: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def keep(self) -> None:
        """Keep the page now shown (rendered by the app) for the sweep."""
        assert self.page.url.startswith(self.server.origins.app)
        self.pages.append(self.page.content())

    def sign_in(self, email: str = "ada@contoso.com") -> None:
        self.page.goto(self.server.start_url)
        self.keep()
        self.page.fill("#email", email)
        self.page.click("#sign-in")
        self.page.wait_for_selector("#connect")
        assert self.page.text_content("#signed-in-as") == email
        self.keep()

    def secrets(self) -> dict[str, list[str]]:
        """The API key, and every code and calendar auth token the browser's URLs carried."""
        found: dict[str, list[str]] = {"api key": [API_KEY], "code": [], "token": []}
        for url in self.urls:
            query = parse_qs(urlsplit(url).query)
            found["code"] += query.get("code", [])
            for state in query.get("state", []):
                try:
                    token = json.loads(state).get("recall_calendar_auth_token")
                except (ValueError, AttributeError):
                    continue
                if isinstance(token, str):
                    found["token"].append(token)
        return found

    def assert_nothing_leaked(self, *, expect: tuple[str, ...] = ("code", "token")) -> None:
        found = self.secrets()
        for kind in expect:
            assert found[kind], f"the browser carried no {kind}: the sweep would prove nothing"
        logged = self.log.read_text(encoding="utf-8", errors="replace")
        assert "connect_outlook" in logged, "the app's log was not captured"
        for kind, values in found.items():
            for value in set(values):
                shown = [(logged, "the app's log"), *((page, "a page") for page in self.pages)]
                for text, where in shown:
                    for form in (value, quote(value, safe="")):
                        assert form[3:] not in text, f"{where} shows a {kind}"


@contextmanager
def example(
    framework: str, tmp_path: Path, scenario: str = "production", *, interactive: bool = False
) -> Iterator[tuple[SandboxServer, Path]]:
    log = tmp_path / f"{framework}.log"
    with (
        log.open("wb") as output,
        SandboxServer(
            scenario, interactive=interactive, example=framework, example_output=output
        ) as server,
    ):
        yield server, log


def recall_user(server: SandboxServer, user_id: str = "ada@contoso.com") -> Any:
    """The calendar user as Recall reports it, asked outside the app."""
    with RecallCalendarClient(api_key=API_KEY, base_url=server.origins.recall) as recall:
        return recall.get_user(recall.authenticate(user_id))


def recorded(page: Any) -> list[str]:
    """Each meeting's "Recorded?" answer as the page shows it: Yes or No."""
    return [text.split()[0] for text in page.locator("#meetings .will-record").all_text_contents()]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_connect_on_the_consent_page_then_disconnect(
    page: Any, framework: str, tmp_path: Path
) -> None:
    with example(framework, tmp_path, interactive=True) as (server, log):
        visit = Visit(page, server, log)
        visit.sign_in()
        assert page.text_content("#status") == "Your Outlook calendar is not connected."
        page.click("#connect")
        page.wait_for_selector("#consent")
        assert page.url.startswith(server.origins.microsoft + "/common/oauth2/v2.0/authorize?")
        page.click("#accept")
        page.wait_for_url(server.origins.app + "/calendar/connected")
        visit.keep()
        assert page.text_content("#notice") == "Outlook calendar connected."
        assert page.text_content("#outlook-address") == "ada@contoso.com"
        assert page.locator("#meetings tr").count() > 1
        assert recall_user(server).connected_email("microsoft") == "ada@contoso.com"

        # Recall records nothing by default: turn on external and internal meetings.
        assert recorded(page) == ["No"] * len(recorded(page))
        for flag in ("record_external", "record_internal"):
            page.check(f"#preferences input[value='{flag}']")
        page.click("#save-preferences")
        page.wait_for_selector("#notice")
        visit.keep()
        assert page.text_content("#notice") == "Recording preferences saved."
        assert page.is_checked("#preferences input[value='record_external']")
        flags = recall_user(server).preferences.flags
        assert flags["record_external"]
        assert flags["record_internal"]
        assert not flags["record_non_host"]
        assert "Yes" in recorded(page)
        assert "No" in recorded(page)  # the meeting that ended, the one without a link

        page.click("#disconnect")
        page.wait_for_selector("#connect")
        visit.keep()
        assert page.text_content("#notice") == "Outlook calendar disconnected."
        assert recall_user(server).connected_email("microsoft") is None
    visit.assert_nothing_leaked()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_connect_without_the_consent_page(page: Any, framework: str, tmp_path: Path) -> None:
    with example(framework, tmp_path, "personal-account") as (server, log):
        visit = Visit(page, server, log)
        visit.sign_in("grace@outlook.com")
        page.click("#connect")
        page.wait_for_url(server.origins.app + "/calendar/connected")
        visit.keep()
        assert page.text_content("#outlook-address") == "grace@outlook.com"
    visit.assert_nothing_leaked()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_declined_consent_lands_on_the_error_page(
    page: Any, framework: str, tmp_path: Path
) -> None:
    with example(framework, tmp_path, interactive=True) as (server, log):
        visit = Visit(page, server, log)
        visit.sign_in()
        page.click("#connect")
        page.wait_for_selector("#consent")
        page.click("#cancel")
        page.wait_for_url(server.origins.app + "/calendar/error*")
        visit.keep()
        assert page.text_content("h1") == "Connecting your Outlook calendar failed"
        headings = page.locator(".entry h2").all_text_contents()
        assert "AADSTS65004: User declined consent" in headings[0]
        assert recall_user(server).connected_email("microsoft") is None
    visit.assert_nothing_leaked(expect=("token",))


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_expired_client_secret_lands_on_the_error_page(
    page: Any, framework: str, tmp_path: Path
) -> None:
    with example(framework, tmp_path, "expired-client-secret") as (server, log):
        visit = Visit(page, server, log)
        visit.sign_in()
        page.click("#connect")
        page.wait_for_url(server.origins.app + "/calendar/error*")
        visit.keep()
        entry = page.locator(".entry").first.text_content() or ""
        assert "Recall got no refresh token from Microsoft" in entry
        assert "expired" in entry
    visit.assert_nothing_leaked()
