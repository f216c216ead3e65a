"""The local Recall's callback and tokens, through werkzeug's test client."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from werkzeug.test import Client

from recall_outlook.sandbox import Sandbox
from recall_outlook.sandbox.calendar_users import sign_token
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.recall import ERROR_PARAM, INVALID_TOKEN, LocalRecall
from recall_outlook.sandbox.recall_notes import NOTE_HEADER, STAND_IN_NOTES

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


def authed(sandbox: Sandbox, user: str = "u1") -> dict[str, str]:
    return {"X-RecallCalendarAuthToken": sandbox.recall_client.authenticate(user)}


def notes_of(response: Any) -> set[str]:
    header = response.headers.get(NOTE_HEADER, "")
    return {part.split(":")[0].strip() for part in header.split(";") if part}


def test_a_missing_trailing_slash_is_a_404_naming_the_documented_path() -> None:
    sandbox, client = make()
    response = client.get("/api/v1/calendar/user", headers=authed(sandbox))
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert "/api/v1/calendar/user/" in response.get_json()["detail"]
    assert notes_of(response) == {"trailing-slash"}


def test_unknown_paths_and_methods_answer_json() -> None:
    sandbox, client = make()
    assert client.get("/api/v1/calendar/nothing/").get_json() == {"detail": "Not found."}
    response = client.post("/api/v1/calendar/user/", headers=authed(sandbox))
    assert response.status_code == 405
    assert response.get_json() == {"detail": 'Method "POST" not allowed.'}


def test_a_get_with_a_body_meets_recall_firewall() -> None:
    sandbox, client = make()
    for body in ("null", "{}"):
        response = client.get("/api/v1/calendar/meetings/", data=body, headers=authed(sandbox))
        assert response.status_code == 403
        assert response.mimetype == "text/html"


def test_a_token_of_a_deleted_user_is_refused_and_a_new_token_makes_a_new_user() -> None:
    sandbox, client = make()
    headers = authed(sandbox)
    first = client.get("/api/v1/calendar/user/", headers=headers).get_json()["id"]
    assert client.delete("/api/v1/calendar/user/", headers=headers).status_code == 204
    again = client.get("/api/v1/calendar/user/", headers=headers)
    assert again.status_code == 401
    assert "token-after-delete" in notes_of(again)
    fresh = client.get("/api/v1/calendar/user/", headers=authed(sandbox)).get_json()
    assert fresh["id"] != first


def test_connections_list_a_platform_once_connected() -> None:
    with Sandbox() as sandbox:
        client = Client(sandbox.apps["recall"])
        assert (
            client.get("/api/v1/calendar/user/", headers=authed(sandbox, "user-ada")).get_json()[
                "connections"
            ]
            == []
        )
        assert sandbox.run().passed
        headers = authed(sandbox, "user-ada")
        user = client.get("/api/v1/calendar/user/", headers=headers).get_json()
        (outlook,) = user["connections"]
        assert outlook["platform"] == "microsoft"
        assert outlook["connected"] is True
        assert outlook["id"]
        gone = client.post(
            "/api/v1/calendar/user/disconnect/", json={"platform": "microsoft"}, headers=headers
        ).get_json()
        assert gone["connections"] == [{**outlook, "connected": False, "email": None}]
        assert client.get("/api/v1/calendar/meetings/", headers=headers).get_json() == []


def test_preferences_as_fetched_are_accepted_and_mistakes_are_named() -> None:
    sandbox, client = make()
    headers = authed(sandbox)
    user = client.get("/api/v1/calendar/user/", headers=headers).get_json()
    assert client.put("/api/v1/calendar/user/", json=user, headers=headers).get_json() == user
    demo = {"preferences": {**user["preferences"], "record_internal": True}}
    saved = client.put("/api/v1/calendar/user/", json=demo, headers=headers).get_json()
    assert saved["preferences"] == demo["preferences"]
    wrong = client.put(
        "/api/v1/calendar/user/",
        json={"preferences": {"record_all": True, "record_external": "yes"}},
        headers=headers,
    )
    assert wrong.status_code == 400
    assert set(wrong.get_json()["preferences"]) == {"record_all", "record_external"}
    assert "strict-preferences" in notes_of(wrong)
    other = client.put("/api/v1/calendar/user/", json={"external_id": "u2"}, headers=headers)
    assert other.status_code == 400


def test_meeting_filters_and_updates_refuse_bad_values() -> None:
    with Sandbox() as sandbox:
        assert sandbox.run().passed
        client, headers = Client(sandbox.apps["recall"]), authed(sandbox, "user-ada")
        bad = client.get("/api/v1/calendar/meetings/?start_time_after=soon", headers=headers)
        assert bad.status_code == 400
        assert bad.get_json() == {"start_time_after": ["Enter a valid date/time."]}
        meeting = client.get("/api/v1/calendar/meetings/", headers=headers).get_json()[0]
        path = f"/api/v1/calendar/meetings/{meeting['id']}/"
        wrong = client.put(path, json={"override_should_record": "yes"}, headers=headers)
        assert wrong.status_code == 400
        assert client.get(path, headers=authed(sandbox, "someone-else")).status_code == 404


def test_the_users_list_needs_the_api_key_and_pages() -> None:
    sandbox, client = make()
    sandbox.recall.calendar.page_size = 2
    for number in range(3):
        sandbox.recall_client.authenticate(f"user-{number}")
    assert client.get("/api/v1/calendar/users/").status_code == 401
    assert client.get("/api/v1/calendar/users/", headers=authed(sandbox)).status_code == 401
    key = {"Authorization": API_KEY}  # "The Token prefix is optional"
    assert len(client.get("/api/v1/calendar/users/", headers=key).get_json()) == 4
    first = client.get("/api/v1/calendar/users/?paginate=true", headers=key)
    page = first.get_json()
    assert (page["count"], len(page["results"]), page["previous"]) == (4, 2, None)
    assert page["next"].endswith("/api/v1/calendar/users/?paginate=true&page=2")
    assert "users-pagination" in notes_of(first)
    last = client.get("/api/v1/calendar/users/?paginate=true&page=2", headers=key).get_json()
    assert last["next"] is None
    assert (
        client.get("/api/v1/calendar/users/?paginate=true&page=9", headers=key).status_code == 404
    )


def test_calendar_user_calls_are_limited_per_user() -> None:
    moments = [0.0]
    sandbox, client = make()
    sandbox.recall.limiter.now = lambda: moments[0]
    headers, other = authed(sandbox, "busy"), authed(sandbox, "calm")
    for _ in range(120):
        assert client.get("/api/v1/calendar/meetings/", headers=headers).status_code == 200
    limited = client.get("/api/v1/calendar/meetings/", headers=headers)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    assert client.get("/api/v1/calendar/meetings/", headers=other).status_code == 200
    assert client.get("/api/v1/calendar/user/", headers=headers).status_code == 200
    moments[0] = 30.5
    assert client.get("/api/v1/calendar/meetings/", headers=headers).headers["Retry-After"] == "30"
    moments[0] = 60.0
    assert client.get("/api/v1/calendar/meetings/", headers=headers).status_code == 200


def test_the_trace_says_where_the_stand_in_chose() -> None:
    with Sandbox() as sandbox:
        run = sandbox.run()
        client = sandbox.recall_client
        client.list_meetings(client.authenticate("user-ada"))
        hops = sandbox.log.since(0)
    assert run.passed
    assert any("[sandbox: sample-calendar:" in (hop.note or "") for hop in hops)
    declined = sandbox_run("user-declines")
    assert "[sandbox: error-url-params:" in declined


def sandbox_run(name: str) -> str:
    with Sandbox(name) as sandbox:
        return sandbox.run().as_text()


def test_every_note_the_stand_in_sends_is_in_the_catalog() -> None:
    keys = set(STAND_IN_NOTES)
    assert all(note.summary and note.recall and note.source.startswith("https://") for note in
               STAND_IN_NOTES.values())  # fmt: skip
    with Sandbox() as sandbox:
        sandbox.run()
        seen = {hop.note for hop in sandbox.log.since(0) if hop.note and "[sandbox:" in hop.note}
    assert seen
    for note in seen:
        named = {part.split(":")[0].strip() for part in note.split("[sandbox: ")[1].split("; ")}
        assert named <= keys


def test_notes_fit_a_header_and_split_back() -> None:
    for note in STAND_IN_NOTES.values():
        assert ";" not in note.summary
        note.summary.encode("latin-1")
        assert len(note.summary) <= 160
