"""The local Recall's callback and tokens, through werkzeug's test client."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from werkzeug.test import Client

from recall_outlook.sandbox import Sandbox
from recall_outlook.sandbox.calendar_users import sign_token
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.recall import ERROR_PARAM, INVALID_TOKEN, LocalRecall
from recall_outlook.sandbox.recall_notes import NOTE_HEADER

CALLBACK = "/api/v1/calendar/ms_oauth_callback/"


def make() -> tuple[Sandbox, Client]:
    sandbox = Sandbox()
    return sandbox, Client(sandbox.apps["recall"])


def token(client: Client) -> str:
    response = client.post(
        "/api/v1/calendar/authenticate/",
        json={"user_id": "u1"},
        headers={"Authorization": f"Token {API_KEY}"},
    )
    return str(json.loads(response.get_data(as_text=True))["token"])


def state(**values: str) -> str:
    return quote(json.dumps(values), safe="")


def test_authenticate_requires_the_api_key_and_a_user_id() -> None:
    _, client = make()
    assert client.post("/api/v1/calendar/authenticate/", json={"user_id": "u"}).status_code == 401
    missing = client.post(
        "/api/v1/calendar/authenticate/", json={}, headers={"Authorization": f"Token {API_KEY}"}
    )
    assert missing.status_code == 400


def test_callback_without_readable_state_is_an_error_answer() -> None:
    _, client = make()
    response = client.get(CALLBACK + "?code=abc&state=%7Bnot-json")
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_error_redirect_keeps_the_error_url_query() -> None:
    _, client = make()
    value = state(
        recall_calendar_auth_token=token(client),
        ms_oauth_redirect_url="https://app.example.com/cb",
        error_url="https://app.example.com/err?tab=outlook&x=1#top",
    )
    response = client.get(f"{CALLBACK}?state={value}")  # no code
    parts = urlsplit(response.headers["Location"])
    params = parse_qs(parts.query)
    assert params["tab"] == ["outlook"]
    assert params["x"] == ["1"]
    assert params[ERROR_PARAM] == ["code missing from oAuth callback"]
    assert "error" not in params  # Recall documents no parameter: the sandbox's is its own
    assert parts.fragment == "top"
    assert "error-url-params" in response.headers[NOTE_HEADER]


def test_a_bad_token_is_refused_before_any_url_of_the_state_is_used() -> None:
    _, client = make()
    for bad in ("eyJ-forged.x.y", "", sign_token("u1", 0.0, "another-key")):
        value = state(
            recall_calendar_auth_token=bad,
            ms_oauth_redirect_url="https://app.example.com/cb",
            success_url="https://evil.example/ok",
            error_url="https://evil.example/err",
        )
        response = client.get(f"{CALLBACK}?code=abc&state={value}")
        assert response.status_code == 400
        assert "Location" not in response.headers  # no open redirect
        assert INVALID_TOKEN in response.get_data(as_text=True)
        assert "callback-bad-token" in response.headers[NOTE_HEADER]


def test_token_older_than_a_day_is_invalid() -> None:
    sandbox, client = make()
    fresh = token(client)
    sandbox.clock.advance(86_401)
    value = state(
        recall_calendar_auth_token=fresh,
        ms_oauth_redirect_url="https://app.example.com/cb",
        error_url="https://app.example.com/err",
    )
    response = client.get(f"{CALLBACK}?code=abc&state={value}")
    assert response.status_code == 400
    detail = json.loads(response.get_data(as_text=True))["detail"]
    assert detail == f"Calendar connection failed! ({INVALID_TOKEN})"


def test_token_signed_by_another_key_is_invalid() -> None:
    sandbox, _ = make()
    forged = sign_token("u1", sandbox.clock.now(), "another-key")
    response = Client(sandbox.apps["recall"]).get(
        "/api/v1/calendar/user/", headers={"X-RecallCalendarAuthToken": forged}
    )
    assert response.status_code == 401


def test_microsoft_error_is_passed_to_the_error_url() -> None:
    _, client = make()
    value = state(
        recall_calendar_auth_token=token(client),
        ms_oauth_redirect_url="https://app.example.com/cb",
        error_url="https://app.example.com/err",
    )
    location = client.get(
        f"{CALLBACK}?error=access_denied&error_description=AADSTS65004%3a+declined&state={value}"
    ).headers["Location"]
    params = parse_qs(urlsplit(location).query)
    assert params[ERROR_PARAM] == ["access_denied"]
    assert params[f"{ERROR_PARAM}_description"] == ["AADSTS65004: declined"]


def test_a_non_web_error_url_is_not_redirected_to() -> None:
    _, client = make()
    value = state(
        recall_calendar_auth_token=token(client),
        ms_oauth_redirect_url="https://app.example.com/cb",
        error_url="javascript:alert(1)",
    )
    response = client.get(f"{CALLBACK}?state={value}")
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_recall_redeems_with_the_state_redirect_url_and_workspace_secret() -> None:
    seen: list[httpx.Request] = []

    def microsoft(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"refresh_token": "r", "id_token": "x.e30."})

    sandbox = Sandbox()
    recall = LocalRecall(
        sandbox.world,
        clock=sandbox.clock,
        http=httpx.Client(transport=httpx.MockTransport(microsoft)),
    )
    client = Client(recall)
    value = state(
        recall_calendar_auth_token=token(client),
        ms_oauth_redirect_url="https://app.example.com/cb",
        success_url="https://app.example.com/ok?tab=outlook",
    )
    response = client.get(f"{CALLBACK}?code=the-code&state={value}")
    assert response.headers["Location"] == "https://app.example.com/ok?tab=outlook"
    form = parse_qs(seen[0].content.decode())
    assert form["redirect_uri"] == ["https://app.example.com/cb"]
    assert form["client_secret"] == [sandbox.world.workspace.client_secret]
    assert form["code"] == ["the-code"]
