"""The Recall API client, against the sandbox's local Recall: in process and on loopback."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from recall_outlook.errors import RecallOutlookError
from recall_outlook.recall_api import (
    RecallAPIError,
    RecallAuthError,
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


def test_authenticate_then_read_the_user(client: RecallCalendarClient) -> None:
    token = client.authenticate("user-1")
    user = client.get_user(token)
    assert user.external_id == "user-1"
    outlook = user.connection("microsoft")
    assert outlook is not None
    assert not outlook.connected
    assert client.authenticate("user-1") != ""
    assert client.get_user(token).id == user.id


def test_preferences_put_and_patch(client: RecallCalendarClient) -> None:
    token = client.authenticate("user-2")
    assert (
        client.update_preferences(token, {"record_external": False}).preferences["record_external"]
        is False
    )
    patched = client.update_preferences(token, {"bot_name": "Notes"}, method="PATCH")
    assert patched.preferences["bot_name"] == "Notes"
    with pytest.raises(RecallValidationError) as caught:
        client.update_preferences(token, {"record_everything": True})
    assert caught.value.status == 400
    assert "record_everything" in caught.value.message


def test_disconnect_delete_and_meetings(client: RecallCalendarClient) -> None:
    token = client.authenticate("user-3")
    client.disconnect(token, "microsoft")
    assert client.list_meetings(token) == []
    before = client.get_user(token).id
    client.delete_user(token)
    assert client.get_user(token).id != before  # a fresh calendar user
    with pytest.raises(RecallValidationError):
        client.disconnect(token, "zoom")  # type: ignore[arg-type]


def test_wrong_api_key_is_a_typed_error(client: RecallCalendarClient) -> None:
    bad = RecallCalendarClient(
        api_key="wrong-key-123456789", base_url=client.base_url, transport=client._http._transport
    )
    with pytest.raises(RecallAuthError) as caught:
        bad.authenticate("user-4")
    assert caught.value.status == 401
    assert caught.value.message == "Invalid token."
    assert isinstance(caught.value, RecallOutlookError)


def test_invalid_calendar_token(client: RecallCalendarClient) -> None:
    with pytest.raises(RecallAuthError) as caught:
        client.get_user("eyJ-not-a-token")
    assert "recall_calendar_auth_token" in caught.value.message


def test_api_key_never_logged_nor_shown(
    client: RecallCalendarClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        token = client.authenticate("user-5")
        client.get_user(token)
    assert API_KEY not in caplog.text
    assert token not in caplog.text
    assert API_KEY not in repr(client)


def test_region_selects_the_base_url() -> None:
    assert RecallCalendarClient(api_key="k", region="eu-central-1").base_url == (
        "https://eu-central-1.recall.ai"
    )
    with pytest.raises(RecallOutlookError):
        RecallCalendarClient(api_key="k", region="mars-1")


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
    with pytest.raises(RecallAPIError) as other:
        _answer(502, b"bad gateway").authenticate("u")
    assert (other.value.status, other.value.message) == (502, "bad gateway")


def test_unreachable_recall_is_a_typed_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = RecallCalendarClient(
        api_key="k", base_url="https://recall.test", transport=httpx.MockTransport(refuse)
    )
    with pytest.raises(RecallAPIError) as caught:
        client.authenticate("u")
    assert caught.value.status == 0


def test_meetings_once_outlook_is_connected() -> None:
    with Sandbox() as sandbox:
        sandbox.run()
        token = sandbox.recall_client.authenticate("user-ada")
        meetings = sandbox.recall_client.list_meetings(token)
    assert [m["platform"] for m in meetings] == ["microsoft", "microsoft"]
    assert str(meetings[0]["start_time"]).endswith("Z")
