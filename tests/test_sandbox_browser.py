"""A real browser through the sandbox on loopback: headless Chromium clicks the consent page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from recall_outlook.recall_api import RecallCalendarClient
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.server import SandboxServer
from tests.servers import serve_directory

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    try:
        made = context.new_page()
        made.set_default_timeout(20_000)
        yield made
    finally:
        context.close()


def test_production_path_accept_connects_the_calendar(page: Any) -> None:
    with SandboxServer("production", interactive=True) as server:
        page.goto(server.start_url)
        page.click("#step-0 button")
        page.wait_for_selector("#consent")
        assert page.url.startswith(server.origins.microsoft + "/common/oauth2/v2.0/authorize?")
        page.click("#accept")
        page.wait_for_url(server.origins.app + "/calendar/connected*")
        assert page.text_content("#status") == "connected"
        assert page.text_content("#details") == "ada@contoso.com"
        with RecallCalendarClient(api_key=API_KEY, base_url=server.origins.recall) as recall:
            user = recall.get_user(recall.authenticate("user-ada"))
        outlook = user.connection("microsoft")
        assert outlook is not None
        assert outlook.connected
        assert outlook.email == "ada@contoso.com"


def test_cancel_ends_on_the_error_page_with_the_explanation(page: Any) -> None:
    with SandboxServer("production", interactive=True) as server:
        page.goto(server.step_url(0))
        page.click("#step-0 button")
        page.wait_for_selector("#consent")
        page.click("#cancel")
        page.wait_for_url(server.origins.app + "/calendar/error*")
        assert page.text_content("#status") == "failed"
        details = page.text_content("#details") or ""
        assert "AADSTS65004: User declined consent" in details
        assert "access_denied" in details


def test_unregistered_redirect_stays_on_microsofts_error_page(page: Any) -> None:
    with SandboxServer("unregistered-redirect", interactive=True) as server:
        page.goto(server.step_url(0))
        with page.expect_navigation() as navigation:
            page.click("#step-0 button")
        response = navigation.value
        assert response is not None
        assert response.status == 400
        assert page.url.startswith(server.origins.microsoft)
        assert "AADSTS50011" in (page.text_content("#error-description") or "")


def test_a_foreign_page_cannot_start_a_flow(page: Any, tmp_path: Any) -> None:
    # Another site (here a page on another loopback port) posts the step form without the
    # run's token, and embeds the GET it used to be: neither starts a flow.
    with SandboxServer("production", interactive=True) as server:
        app = server.origins.app
        attacker = (
            f"<!doctype html><img src='{app}/connect?step=0'>"
            f"<form id='f' method='post' action='{app}/connect'>"
            "<input type='hidden' name='step' value='0'></form>"
        )
        (tmp_path / "index.html").write_text(attacker)
        with serve_directory(tmp_path) as origin:
            page.goto(origin + "/index.html")
            with page.expect_navigation() as navigation:
                page.evaluate("document.getElementById('f').submit()")
            response = navigation.value
            assert response is not None
            assert response.status == 403
        hops = [hop.as_text() for hop in server.sandbox.log.since(0)]
        assert not any("/oauth2/v2.0/authorize" in hop for hop in hops), hops
        assert not any("authenticate" in hop for hop in hops), hops
