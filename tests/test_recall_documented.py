"""The client and the sandbox's Recall held to Recall's documented examples.

``tests/data/recall/*.json`` record each Calendar V1 endpoint as Recall's API reference, FAQ,
errors page and demo app show it, with their sources. A field Recall documents that the
stand-in does not send (or sends with another JSON type), or that the client does not model,
fails here; so does a rate limit or a recording rule that differs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from werkzeug.test import Client

from recall_outlook.recall_api import (
    CalendarUser,
    Meeting,
    RecallBlockedError,
    RecallCalendarClient,
    RecallRateLimitError,
)
from recall_outlook.sandbox import Sandbox
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.rate_limits import LIMITS

DATA = Path(__file__).parent / "data" / "recall"
DOCUMENTED = {path.stem: json.loads(path.read_text()) for path in sorted(DATA.glob("*.json"))}
MEETING_EXAMPLE: dict[str, Any] = DOCUMENTED["calendar_meetings_list"]["response_body"][0]
USER_EXAMPLE: dict[str, Any] = DOCUMENTED["calendar_user_retrieve"]["response_body"]
VALUES = DOCUMENTED["calendar_meetings_list"]["value_sets"]


def kind(value: object) -> str:
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "object", type(None): "null"}[type(value)]  # fmt: skip


def same_shape(documented: Any, answered: Any, path: str = "$") -> list[str]:
    """The differences of shape: missing or extra keys, other JSON types (null allowed)."""
    if isinstance(documented, dict) and isinstance(answered, dict):
        wrong = [f"{path}: missing {k}" for k in documented.keys() - answered.keys()]
        wrong += [f"{path}: not documented {k}" for k in answered.keys() - documented.keys()]
        for key in documented.keys() & answered.keys():
            wrong += same_shape(documented[key], answered[key], f"{path}.{key}")
        return wrong
    if isinstance(documented, list) and isinstance(answered, list):
        return [e for item in answered for e in same_shape(documented[0], item, f"{path}[]")]
    if answered is None or kind(documented) == kind(answered):
        return []
    return [f"{path}: {kind(answered)} where Recall documents {kind(documented)}"]


def test_every_record_names_its_sources() -> None:
    assert len(DOCUMENTED) >= 13
    for name, record in DOCUMENTED.items():
        assert record["operation"] == name
        assert record["sources"], name
        for source in record["sources"]:
            assert source["url"].startswith("https://"), source
            assert source["what"]
            assert source["via"]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as made:
        assert made.run().passed  # user-ada has connected Outlook
        yield made


def call(sandbox: Sandbox, method: str, path: str, **kwargs: Any) -> Any:
    token = sandbox.recall_client.authenticate("user-ada")
    headers = {"X-RecallCalendarAuthToken": token, **kwargs.pop("headers", {})}
    response = Client(sandbox.apps["recall"]).open(path, method=method, headers=headers, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data(as_text=True))


V1 = "/api/v1/calendar"


@pytest.mark.parametrize(
    ("operation", "method", "path", "body"),
    [
        ("calendar_user_retrieve", "GET", f"{V1}/user/", None),
        ("calendar_user_update", "PUT", f"{V1}/user/", "request_body"),
        ("calendar_user_update", "PATCH", f"{V1}/user/", "request_body"),
        ("calendar_user_disconnect_create", "POST", f"{V1}/user/disconnect/", "request_body"),
        ("calendar_meetings_list", "GET", f"{V1}/meetings/", None),
        ("calendar_meetings_refresh_create", "POST", f"{V1}/meetings/refresh/", None),
    ],
)
def test_the_stand_in_answers_in_the_documented_shape(
    sandbox: Sandbox, operation: str, method: str, path: str, body: str | None
) -> None:
    record = DOCUMENTED[operation]
    assert record["path"] == path
    assert method in record.get("methods_seen", [record["method"]])
    sent = record[body] if body else None
    answered = call(sandbox, method, path, json=sent)
    assert same_shape(record["response_body"], answered) == []


def test_one_meeting_read_and_updated_in_the_documented_shape(sandbox: Sandbox) -> None:
    meetings = call(sandbox, "GET", "/api/v1/calendar/meetings/")
    path = f"/api/v1/calendar/meetings/{meetings[0]['id']}/"
    read = call(sandbox, "GET", path)
    assert same_shape(DOCUMENTED["calendar_meetings_retrieve"]["response_body"], read) == []
    update = DOCUMENTED["calendar_meetings_update"]
    for method in update["methods_seen"]:
        changed = call(sandbox, method, path, json=update["request_body"])
        assert same_shape(update["response_body"], changed) == []
        assert changed["override_should_record"] is True


def test_the_users_list_answers_in_the_documented_shape(sandbox: Sandbox) -> None:
    record = DOCUMENTED["calendar_users_list"]
    response = Client(sandbox.apps["recall"]).get(
        record["path"], headers={"Authorization": f"Token {API_KEY}"}
    )
    assert same_shape(record["response_body"], json.loads(response.get_data(as_text=True))) == []


def test_authenticate_answers_in_the_documented_shape(sandbox: Sandbox) -> None:
    record = DOCUMENTED["calendar_authenticate_create"]
    for header in (f"Token {API_KEY}", API_KEY):  # "The Token prefix is optional"
        response = Client(sandbox.apps["recall"]).post(
            record["path"], json=record["request_body"], headers={"Authorization": header}
        )
        assert same_shape(record["response_body"], response.get_json()) == []


def test_meeting_values_are_in_recall_value_sets(sandbox: Sandbox) -> None:
    for meeting in call(sandbox, "GET", "/api/v1/calendar/meetings/"):
        assert meeting["calendar_platform"] in VALUES["calendar_platform (demo models.ts)"]
        assert meeting["meeting_platform"] in [*VALUES["meeting_platform (demo models.ts)"], None]
        assert meeting["visibility"] in VALUES["visibility (microsoft)"]
        for attendee in meeting["attendees"]:
            assert attendee["status"] in VALUES["attendees[].status"]
        assert meeting["attendee_emails"] == [a["email"] for a in meeting["attendees"]]
        assert (meeting["bot_id"] is not None) == meeting["will_record"]


def test_the_client_models_every_documented_field() -> None:
    meeting = Meeting.from_json(MEETING_EXAMPLE)
    assert meeting.extra == {}
    assert meeting.override_should_record is True
    assert meeting.start_time is not None
    assert meeting.attendees[0].status == "accepted"
    assert meeting.teams_invite == MEETING_EXAMPLE["teams_invite"]
    user = CalendarUser.from_json(USER_EXAMPLE)
    assert user.extra == {}
    assert user.preferences.extra == {}
    assert user.preferences.as_json() == USER_EXAMPLE["preferences"]
    assert user.connections[0].id == "string"


def test_the_client_sends_the_documented_requests() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        path = request.url.path
        if path.endswith("/authenticate/"):
            return httpx.Response(
                200, json=DOCUMENTED["calendar_authenticate_create"]["response_body"]
            )
        if "/meetings/" in path and request.method in ("PUT", "GET") and path.count("/") == 6:
            return httpx.Response(200, json=MEETING_EXAMPLE)
        if "/meetings/" in path:
            return httpx.Response(200, json=[MEETING_EXAMPLE])
        if path.endswith("/users/"):
            return httpx.Response(200, json=[USER_EXAMPLE])
        return httpx.Response(200, json=USER_EXAMPLE)

    client = RecallCalendarClient(
        api_key=API_KEY, base_url="https://r.test", transport=httpx.MockTransport(answer)
    )
    token = client.authenticate("string")
    user = client.get_user(token)
    client.update_preferences(token, user.preferences)
    client.disconnect(token, "google")
    client.list_meetings(token, ical_uid="abc")
    client.get_meeting(token, MEETING_EXAMPLE["id"])
    client.update_meeting(token, MEETING_EXAMPLE["id"], override_should_record=True)
    client.refresh_meetings(token)
    client.list_calendar_users(email="a@b.test")
    client.delete_user(token)
    expected = [
        ("calendar_authenticate_create", "POST"),
        ("calendar_user_retrieve", "GET"),
        ("calendar_user_update", "PUT"),
        ("calendar_user_disconnect_create", "POST"),
        ("calendar_meetings_list", "GET"),
        ("calendar_meetings_retrieve", "GET"),
        ("calendar_meetings_update", "PUT"),
        ("calendar_meetings_refresh_create", "POST"),
        ("calendar_users_list", "GET"),
        ("calendar_user_destroy", "DELETE"),
    ]
    for request, (operation, method) in zip(sent, expected, strict=True):
        record = DOCUMENTED[operation]
        assert request.method == method
        path = record["path"].replace("{id}", MEETING_EXAMPLE["id"])
        assert request.url.path == path
        if "request_body" in record:
            assert json.loads(request.content) == record["request_body"]
        elif request.method == "GET":
            assert request.content == b""  # a body on a GET meets Recall's firewall
        wants_key = record["auth"].startswith("Authorization")
        assert ("authorization" in request.headers) == wants_key
        assert ("x-recallcalendarauthtoken" in request.headers) != wants_key
    assert dict(sent[4].url.params) == {"ical_uid": "abc"}
    assert sent[8].url.params["email"] == "a@b.test"


def test_recall_firewall_page_is_blocked_not_unauthorized(sandbox: Sandbox) -> None:
    errors = DOCUMENTED["errors"]
    client = RecallCalendarClient(
        api_key=API_KEY,
        base_url="https://r.test",
        transport=httpx.MockTransport(
            lambda request: httpx.Response(403, text=errors["response_403_html"])
        ),
    )
    with pytest.raises(RecallBlockedError):
        client.get_user("a-token-of-some-length")
    token = sandbox.recall_client.authenticate("user-ada")
    response = Client(sandbox.apps["recall"]).get(
        "/api/v1/calendar/user/", data="null", headers={"X-RecallCalendarAuthToken": token}
    )  # "Providing a body (including a null body) in a GET request"
    assert response.status_code == 403
    assert "Request blocked." in response.get_data(as_text=True)


def test_the_stand_in_limits_are_recall_documented_limits() -> None:
    for operation, record in DOCUMENTED.items():
        documented = record.get("rate_limit")
        if operation not in LIMITS:
            continue
        limit = LIMITS[operation]
        if documented is None:
            assert limit.source == "the stand-in's choice"
            continue
        assert (limit.requests, limit.per, limit.window) == (
            documented["limit"],
            documented["scope"],
            60.0,
        ), operation


def test_over_the_limit_recall_answers_429_with_retry_after() -> None:
    moments = [1000.0]
    with Sandbox() as sandbox:
        sandbox.recall.limiter.now = lambda: moments[0]
        client = sandbox.recall_client
        for _ in range(LIMITS["calendar_authenticate_create"].requests):
            client.authenticate("user-ada")
        with pytest.raises(RecallRateLimitError) as caught:
            client.authenticate("user-ada")
        assert caught.value.retry_after == 60
        moments[0] += 60
        assert client.authenticate("user-ada")


RULES = DOCUMENTED["recording_preferences"]
OFF = dict.fromkeys(RULES["use_cases"]["Record all meetings"], False)
# What each combination records of the sample calendar, worked out by hand from Recall's rules:
# Weekly sync (internal, hosted, recurring, Teams), Customer call (external guest hosts, Zoom),
# Design review (internal, colleague hosts, tentative), Team lunch (no link), Partner intro
# (external, hosted, Meet), Sprint retro (ended).
RECORDED = {
    "Record all meetings": {"Weekly sync", "Customer call", "Design review", "Partner intro"},
    "Record only internal meetings": {"Weekly sync", "Design review"},
    "Record only external meetings": {"Customer call", "Partner intro"},
    "Record only meetings where connected account is the host (both internal + external)": {
        "Weekly sync",
        "Partner intro",
    },
    "Record only meetings where connected account has accepted the invite (both internal + "
    "external)": {"Weekly sync", "Customer call", "Partner intro"},
}
MORE = [
    ({}, set()),  # "Calendar meetings do not get recorded by default."
    ({"record_recurring": True}, {"Weekly sync"}),  # recurring only (Sprint retro has ended)
    ({"record_non_host": True}, {"Customer call", "Design review"}),
    ({"record_confirmed": True}, set()),  # a filter on nothing chosen records nothing
]


def recorded(client: RecallCalendarClient, token: str, preferences: dict[str, bool]) -> set[str]:
    client.update_preferences(token, {**OFF, **preferences})
    meetings = client.list_meetings(token)
    assert all((m.bot_id is not None) == m.will_record for m in meetings)
    assert all(m.will_record_reason for m in meetings)
    return {str(m.title) for m in meetings if m.will_record}


def test_recall_use_cases_record_what_recall_says(sandbox: Sandbox) -> None:
    assert set(RECORDED) == set(RULES["use_cases"])
    token = sandbox.recall_client.authenticate("user-ada")
    for name, preferences in RULES["use_cases"].items():
        assert recorded(sandbox.recall_client, token, preferences) == RECORDED[name], name
    for preferences, titles in MORE:
        assert recorded(sandbox.recall_client, token, preferences) == titles, preferences


def test_an_override_wins_over_the_preferences_but_not_the_prerequisites(
    sandbox: Sandbox,
) -> None:
    client = sandbox.recall_client
    token = client.authenticate("user-ada")
    by_title = {m.title: m for m in client.list_meetings(token)}
    forced = client.update_meeting(token, by_title["Customer call"].id, override_should_record=True)
    assert forced.will_record  # every preference off, recorded anyway
    for title in ("Team lunch", "Sprint retro"):  # no link; ended
        assert not client.update_meeting(
            token, by_title[title].id, override_should_record=True
        ).will_record
    client.update_preferences(token, RULES["use_cases"]["Record all meetings"])
    weekly = client.update_meeting(token, by_title["Weekly sync"].id, override_should_record=False)
    assert not weekly.will_record
    assert weekly.bot_id is None
