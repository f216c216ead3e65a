"""The Recall API client against the sandbox's local Recall (in process and on loopback), and
against canned answers for what the sandbox does not produce."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from recall_outlook.errors import RecallOutlookError
from recall_outlook.recall_api import (
    CalendarUser,
    Meeting,
    Preferences,
    RecallAPIError,
    RecallAuthError,
    RecallBlockedError,
    RecallCalendarClient,
    RecallNotFoundError,
    RecallRateLimitError,
    RecallValidationError,
)
from recall_outlook.sandbox import Sandbox
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.server import SandboxServer


@pytest.fixture(params=["in-process", "loopback"])
def client(request: pytest.FixtureRequest) -> Iterator[RecallCalendarClient]:
    if request.param == "in-process":
        with Sandbox() as sandbox:
            yield RecallCalendarClient(
                api_key=API_KEY,
                base_url=sandbox.origins.recall,
                transport=httpx.WSGITransport(app=sandbox.apps["recall"]),
            )
    else:
        with (
            SandboxServer() as server,
            RecallCalendarClient(api_key=API_KEY, base_url=server.origins.recall) as made,
        ):
            yield made


@pytest.fixture
def connected() -> Iterator[tuple[Sandbox, str]]:
    """A sandbox whose user ``user-ada`` has connected Outlook, and a token for that user."""
    with Sandbox() as sandbox:
        assert sandbox.run().passed
        yield sandbox, sandbox.recall_client.authenticate("user-ada")


def test_authenticate_then_read_the_user(client: RecallCalendarClient) -> None:
    token = client.authenticate("user-1")
    user = client.get_user(token)
    assert isinstance(user, CalendarUser)
    assert user.external_id == "user-1"
    assert user.connection("microsoft") is None  # never connected: Recall lists no rule
    assert user.connected_email("microsoft") is None
    assert user.preferences.id
    assert not any(user.preferences.flags.values())  # nothing recorded by default
    assert client.get_user(client.authenticate("user-1")).id == user.id


def test_preferences_as_fetched_go_back_unchanged(client: RecallCalendarClient) -> None:
    token = client.authenticate("user-2")
    fetched = client.get_user(token).preferences
    assert isinstance(fetched, Preferences)
    assert "id" in fetched.as_json()
    assert client.update_preferences(token, fetched).preferences == fetched
    changed = client.update_preferences(token, fetched, record_external=True)
    assert changed.preferences["record_external"] is True
    assert changed.preferences.id == fetched.id
    patched = client.update_preferences(token, {"bot_name": "Notes"}, method="PATCH")
    assert patched.preferences.bot_name == "Notes"
    assert patched.preferences["record_external"] is True
    with pytest.raises(RecallValidationError) as caught:
        client.update_preferences(token, record_everything=True)
    assert caught.value.status == 400
    assert "record_everything" in caught.value.message


def test_disconnect_answers_the_user_and_delete_ends_the_token(
    client: RecallCalendarClient,
) -> None:
    token = client.authenticate("user-3")
    assert isinstance(client.disconnect(token, "microsoft"), CalendarUser)
    assert client.list_meetings(token) == []
    before = client.get_user(token).id
    client.delete_user(token)
    with pytest.raises(RecallAuthError):
        client.get_user(token)  # a token of a deleted user is refused, not a new user
    assert client.get_user(client.authenticate("user-3")).id != before
    with pytest.raises(RecallValidationError):
        client.disconnect(client.authenticate("user-3"), "zoom")  # type: ignore[arg-type]


def test_meetings_are_typed_and_follow_the_preferences(connected: tuple[Sandbox, str]) -> None:
    sandbox, token = connected
    client = sandbox.recall_client
    meetings = client.list_meetings(token)
    assert meetings
    assert all(isinstance(m, Meeting) for m in meetings)
    assert {m.calendar_platform for m in meetings} == {"microsoft"}
    assert not any(m.will_record for m in meetings)  # every preference off
    assert all(m.start_time is not None and m.start_time.tzinfo for m in meetings)
    assert all(m.extra == {} for m in meetings)
    client.update_preferences(token, record_recurring=True)
    recorded = [m for m in client.list_meetings(token) if m.will_record]
    assert recorded
    assert all(m.is_recurring and m.bot_id for m in recorded)


def test_one_meeting_read_overridden_and_refreshed(connected: tuple[Sandbox, str]) -> None:
    sandbox, token = connected
    client = sandbox.recall_client
    now = datetime.fromtimestamp(sandbox.clock.now(), tz=timezone.utc)
    upcoming = [m for m in client.list_meetings(token) if m.end_time and m.end_time > now]
    first = next(m for m in upcoming if m.meeting_platform)
    assert client.get_meeting(token, first.id) == first
    forced = client.update_meeting(token, first.id, override_should_record=True)
    assert (forced.will_record, forced.override_should_record) == (True, True)
    assert forced.will_record_reason
    assert "override" in forced.will_record_reason
    assert client.get_meeting(token, first.id).will_record
    back = client.update_meeting(token, first.id, override_should_record=None)
    assert (back.will_record, back.override_should_record) == (False, None)
    assert [m.id for m in client.refresh_meetings(token)] == [
        m.id for m in client.list_meetings(token)
    ]
    with pytest.raises(RecallNotFoundError):
        client.get_meeting(token, "../user")  # quoted: never another endpoint


def test_meeting_filters(connected: tuple[Sandbox, str]) -> None:
    sandbox, token = connected
    client = sandbox.recall_client
    meetings = client.list_meetings(token)
    one = meetings[2]
    assert one.ical_uid
    assert one.start_time
    assert [m.id for m in client.list_meetings(token, ical_uid=one.ical_uid)] == [one.id]
    assert len(client.list_meetings(token, ical_uid=one.ical_uid[:10])) == len(meetings)
    later = client.list_meetings(token, start_time_after=one.start_time)
    assert [m.id for m in later] == [m.id for m in meetings[2:]]
    earlier = client.list_meetings(token, start_time_before=one.start_time - timedelta(seconds=1))
    assert [m.id for m in earlier] == [m.id for m in meetings[:2]]
    assert client.list_meetings(token, start_time_after="2000-01-01T00:00:00Z") == meetings
    with pytest.raises(RecallOutlookError):
        client.list_meetings(token, start_time_after=datetime(2026, 1, 1))  # naive: ambiguous
    with pytest.raises(RecallValidationError):
        client.list_meetings(token, start_time_before="not a time")


def test_calendar_users_every_page_and_by_email(connected: tuple[Sandbox, str]) -> None:
    sandbox, _ = connected
    client = sandbox.recall_client
    sandbox.recall.calendar.page_size = 2
    for number in range(4):
        client.authenticate(f"extra-{number}")
    users = client.list_calendar_users()
    assert len(users) == len({u.id for u in users}) == 5
    found = client.list_calendar_users(email="ADA@contoso.com")
    assert [u.external_id for u in found] == ["user-ada"]
    assert client.list_calendar_users(email="nobody@example.com") == []


def test_wrong_api_key_is_a_typed_error(client: RecallCalendarClient) -> None:
    bad = RecallCalendarClient(
        api_key="wrong-key-123456789", base_url=client.base_url, transport=client._http._transport
    )
    with pytest.raises(RecallAuthError) as caught:
        bad.authenticate("user-4")
    assert caught.value.status == 401
    assert caught.value.message == "Invalid token."
    assert isinstance(caught.value, RecallOutlookError)
    with pytest.raises(RecallAuthError):
        bad.list_calendar_users()


def test_invalid_calendar_token(client: RecallCalendarClient) -> None:
    with pytest.raises(RecallAuthError) as caught:
        client.get_user("eyJ-not-a-token")
    assert "recall_calendar_auth_token" in caught.value.message


def test_keys_and_tokens_read_from_files_work(client: RecallCalendarClient) -> None:
    padded = RecallCalendarClient(
        api_key=f"  {API_KEY}\n", base_url=client.base_url, transport=client._http._transport
    )
    token = padded.authenticate("user-6")
    assert padded.get_user(token + "\r\n").external_id == "user-6"


def test_api_key_never_logged_nor_shown(
    client: RecallCalendarClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        token = client.authenticate("user-5")
        client.get_user(token)
        client.list_meetings(token)
    assert API_KEY not in caplog.text
    assert token not in caplog.text
    assert API_KEY not in repr(client)


def test_region_selects_the_base_url() -> None:
    assert RecallCalendarClient(api_key="k", region="eu-central-1").base_url == (
        "https://eu-central-1.recall.ai"
    )
    with pytest.raises(RecallOutlookError):
        RecallCalendarClient(api_key="k", region="mars-1")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:9/", "http://[::1]:80", "https://r.test"]
)
def test_http_only_for_loopback(url: str) -> None:
    assert RecallCalendarClient(api_key="k", base_url=url).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://recall.example.com",
        "http://10.0.0.1",
        "ftp://recall.test",
        "https://user:pass@recall.test",
        "https://recall.test/?x=1",
        "recall.test",
    ],
)
def test_unsafe_base_urls_are_refused(url: str) -> None:
    with pytest.raises(RecallOutlookError) as caught:
        RecallCalendarClient(api_key="k", base_url=url)
    assert "pass" not in str(caught.value)


@pytest.mark.parametrize("value", ["", "   \n", "two words", "line\nbreak", "caf\u00e9"])
def test_unusable_keys_are_refused_without_showing_them(value: str) -> None:
    with pytest.raises(RecallOutlookError) as caught:
        RecallCalendarClient(api_key=value, base_url="https://r.test")
    if value.strip():
        assert value.strip() not in str(caught.value)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf")])
def test_unusable_timeouts_are_refused(timeout: float) -> None:
    with pytest.raises(RecallOutlookError):
        RecallCalendarClient(api_key="k", base_url="https://r.test", timeout=timeout)


def _answer(
    status: int, body: bytes, headers: dict[str, str] | None = None
) -> RecallCalendarClient:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers=headers or {})
    )
    return RecallCalendarClient(api_key="k", base_url="https://recall.test", transport=transport)


def test_error_classes_by_status() -> None:
    with pytest.raises(RecallNotFoundError):
        _answer(404, b'{"detail": "Not found."}').get_user("t")
    with pytest.raises(RecallRateLimitError) as caught:
        _answer(429, b'{"detail": "slow down"}', {"Retry-After": "3"}).authenticate("u")
    assert caught.value.retry_after == 3.0
    when = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    with pytest.raises(RecallRateLimitError) as dated:
        _answer(429, b"{}", {"Retry-After": when}).authenticate("u")
    assert dated.value.retry_after is not None
    assert 3000 < dated.value.retry_after <= 3600
    with pytest.raises(RecallRateLimitError) as unreadable:
        _answer(429, b"{}", {"Retry-After": "soon"}).authenticate("u")
    assert unreadable.value.retry_after is None
    with pytest.raises(RecallAPIError) as other:
        _answer(502, b"bad gateway").authenticate("u")
    assert (other.value.status, other.value.message) == (502, "bad gateway")


def test_403_is_recall_firewall_not_a_wrong_key() -> None:
    page = b"<BODY>\n<H1>403 ERROR</H1>\n<H2>The request could not be satisfied.</H2></BODY>"
    with pytest.raises(RecallBlockedError) as caught:
        _answer(403, page, {"Content-Type": "text/html"}).get_user("token-value-1234567")
    assert not isinstance(caught.value, RecallAuthError)
    assert "firewall" in caught.value.message
    assert "not a wrong key" in caught.value.message
    assert "docs.recall.ai/reference/errors" in caught.value.message


@pytest.mark.parametrize("body", [b"null", b"[]", b'"text"', b"<html>", b"{", b"7"])
def test_a_200_that_is_not_an_object_is_a_recall_error(body: bytes) -> None:
    client = _answer(200, body)
    for call in (
        lambda: client.authenticate("u"),
        lambda: client.get_user("t"),
        lambda: client.get_meeting("t", "m"),
        lambda: client.update_meeting("t", "m", override_should_record=True),
        lambda: client.disconnect("t"),
    ):
        with pytest.raises(RecallAPIError):
            call()


@pytest.mark.parametrize("body", [b"null", b'{"detail": 1}', b"<html>", b'"x"'])
def test_a_200_that_is_not_a_list_is_a_recall_error(body: bytes) -> None:
    client = _answer(200, body)
    calls: list[Callable[[], object]] = [
        lambda: client.list_meetings("t"),
        lambda: client.refresh_meetings("t"),
    ]
    for call in calls:
        with pytest.raises(RecallAPIError):
            call()
    with pytest.raises(RecallAPIError):
        client.list_calendar_users()


def test_external_id_null_stays_none() -> None:
    body = b'{"id": "u", "external_id": null, "connections": [], "preferences": {}}'
    assert _answer(200, body).get_user("t").external_id is None


def test_a_next_page_on_another_origin_is_not_followed() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"next": "https://evil.test/steal", "results": []})

    client = RecallCalendarClient(
        api_key="k-123456789012", base_url="https://r.test", transport=httpx.MockTransport(answer)
    )
    with pytest.raises(RecallAPIError):
        client.list_calendar_users()
    assert all(url.startswith("https://r.test/") for url in seen)


def test_unreachable_recall_is_a_typed_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = RecallCalendarClient(
        api_key="k", base_url="https://recall.test", transport=httpx.MockTransport(refuse)
    )
    with pytest.raises(RecallAPIError) as caught:
        client.authenticate("u")
    assert caught.value.status == 0
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
