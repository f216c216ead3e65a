from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook import (
    DEFAULT_SCOPES,
    AuthorizeError,
    CalendarState,
    StateError,
    build_authorize_url,
    encode_query,
    parse_authorize_url,
)

from .strategies import guids, printable

CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
RECALL_CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
TOKEN = "sample-calendar-auth-token"


def _params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


def test_the_seed_url() -> None:
    url = build_authorize_url(
        client_id=CLIENT_ID,
        redirect_uri=RECALL_CALLBACK,
        calendar_auth_token=TOKEN,
        success_url="https://yourdomain.com/microsoft-calendar-connection/success",
        error_url="https://yourdomain.com/microsoft-calendar-connection/error",
    )
    assert url.startswith("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?")
    params = dict(_params(url))
    assert params == {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "redirect_uri": RECALL_CALLBACK,
        "response_mode": "query",
        "scope": "offline_access openid email https://graph.microsoft.com/Calendars.Read",
        "state": CalendarState(
            recall_calendar_auth_token=TOKEN,
            ms_oauth_redirect_url=RECALL_CALLBACK,
            success_url="https://yourdomain.com/microsoft-calendar-connection/success",
            error_url="https://yourdomain.com/microsoft-calendar-connection/error",
        ).to_json(),
    }


def test_every_reserved_character_is_encoded_and_space_is_percent_20() -> None:
    url = build_authorize_url(
        client_id=CLIENT_ID, redirect_uri=RECALL_CALLBACK, calendar_auth_token="a+b c&d"
    )
    query = urlsplit(url).query
    assert "+" not in query
    assert (
        "scope=offline_access%20openid%20email%20https%3A%2F%2Fgraph.microsoft.com%2FCalendars.Read"
        in query
    )
    for char in ' "{}:,/&':
        assert char not in query.split("state=")[1]


@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=60)), max_size=6))
def test_encode_query_is_the_standard_librarys_quote_byte_for_byte(
    pairs: list[tuple[str, str]],
) -> None:
    assert encode_query(pairs) == urlencode(pairs, quote_via=quote, safe="")


def test_no_prompt_unless_asked() -> None:
    url = build_authorize_url(
        client_id=CLIENT_ID, redirect_uri=RECALL_CALLBACK, calendar_auth_token=TOKEN
    )
    assert "prompt" not in dict(_params(url))
    asked = build_authorize_url(
        client_id=CLIENT_ID,
        redirect_uri=RECALL_CALLBACK,
        calendar_auth_token=TOKEN,
        prompt="select_account",
    )
    assert dict(_params(asked))["prompt"] == "select_account"


def test_hints_and_tenant() -> None:
    url = build_authorize_url(
        client_id=CLIENT_ID,
        redirect_uri=RECALL_CALLBACK,
        calendar_auth_token=TOKEN,
        tenant="organizations",
        login_hint="ada@contoso.com",
        domain_hint="organizations",
    )
    params = dict(_params(url))
    assert urlsplit(url).path == "/organizations/oauth2/v2.0/authorize"
    assert params["login_hint"] == "ada@contoso.com"
    assert params["domain_hint"] == "organizations"


def test_state_redirect_defaults_to_redirect_uri_and_can_be_given_whole() -> None:
    state = CalendarState(
        recall_calendar_auth_token=TOKEN, ms_oauth_redirect_url="https://other.example.com/cb"
    )
    url = build_authorize_url(client_id=CLIENT_ID, redirect_uri=RECALL_CALLBACK, state=state)
    assert CalendarState.from_json(dict(_params(url))["state"]) == state


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (
            {"client_id": "", "redirect_uri": RECALL_CALLBACK, "calendar_auth_token": TOKEN},
            "client_id",
        ),
        (
            {"client_id": CLIENT_ID, "redirect_uri": " ", "calendar_auth_token": TOKEN},
            "redirect_uri",
        ),
        ({"client_id": CLIENT_ID, "redirect_uri": RECALL_CALLBACK}, "calendar_auth_token"),
        (
            {
                "client_id": CLIENT_ID,
                "redirect_uri": RECALL_CALLBACK,
                "calendar_auth_token": TOKEN,
                "prompt": "admin_consent",
            },
            "prompt",
        ),
        (
            {
                "client_id": CLIENT_ID,
                "redirect_uri": RECALL_CALLBACK,
                "calendar_auth_token": TOKEN,
                "tenant": "a/b",
            },
            "tenant",
        ),
        (
            {
                "client_id": CLIENT_ID,
                "redirect_uri": RECALL_CALLBACK,
                "calendar_auth_token": TOKEN,
                "scopes": "openid email",
            },
            "scopes",
        ),
        (
            {
                "client_id": CLIENT_ID,
                "redirect_uri": RECALL_CALLBACK,
                "calendar_auth_token": TOKEN,
                "scopes": [],
            },
            "scopes",
        ),
        (
            {
                "client_id": CLIENT_ID,
                "redirect_uri": RECALL_CALLBACK,
                "calendar_auth_token": TOKEN,
                "login_hint": "",
            },
            "login_hint",
        ),
        (
            {
                "client_id": CLIENT_ID,
                "redirect_uri": RECALL_CALLBACK,
                "calendar_auth_token": TOKEN,
                "state": CalendarState(recall_calendar_auth_token="t", ms_oauth_redirect_url="u"),
            },
            "state",
        ),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(AuthorizeError) as caught:
        build_authorize_url(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_empty_success_url_is_a_state_error() -> None:
    with pytest.raises(StateError) as caught:
        build_authorize_url(
            client_id=CLIENT_ID,
            redirect_uri=RECALL_CALLBACK,
            calendar_auth_token=TOKEN,
            success_url="",
        )
    assert caught.value.field == "success_url"


@given(
    client_id=guids | printable,
    redirect_uri=printable,
    token=printable,
    success=st.none() | printable,
    error=st.none() | printable,
    login_hint=st.none() | printable,
    tenant=st.sampled_from(["common", "organizations", "consumers", "contoso.onmicrosoft.com"]),
    prompt=st.none() | st.sampled_from(["login", "none", "consent", "select_account"]),
)
def test_build_then_parse_returns_the_inputs(
    client_id: str,
    redirect_uri: str,
    token: str,
    success: str | None,
    error: str | None,
    login_hint: str | None,
    tenant: str,
    prompt: str | None,
) -> None:
    url = build_authorize_url(
        client_id=client_id,
        redirect_uri=redirect_uri,
        calendar_auth_token=token,
        success_url=success,
        error_url=error,
        tenant=tenant,
        prompt=prompt,
        login_hint=login_hint,
    )
    request = parse_authorize_url(url)
    assert request.problems == ()
    assert request.client_id == client_id.strip()
    assert request.redirect_uri == redirect_uri
    assert request.tenant == tenant
    assert request.version == "v2.0"
    assert request.prompt == prompt
    assert request.get("login_hint") == login_hint
    assert request.scopes == DEFAULT_SCOPES
    assert request.calendar_state == CalendarState(
        recall_calendar_auth_token=token,
        ms_oauth_redirect_url=redirect_uri,
        success_url=success,
        error_url=error,
    )
    assert not any(param.unencoded for param in request.params)
