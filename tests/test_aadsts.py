from __future__ import annotations

import dataclasses
import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.troubleshoot.explain import (
    ERROR_CATALOG,
    ErrorEntry,
    Explanation,
    explain,
    lookup,
)

from .strategies import any_text, query_strings

# Written out from DESIGN.md section 3, independently of the catalog.
DESIGN_CODES = (
    *("50011", "500113", "900971", "65001", "65004", "90094", "90093", "900941", "700016"),
    *("50020", "50194", "9002332", "7000215", "7000222", "7000218", "900144", "70011", "90014"),
    *("9002313", "700054", "50076", "50058", "54005", "70008", "700005", "650057", "901001"),
)
REDIRECT_ERRORS = (
    *("invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type"),
    *("server_error", "temporarily_unavailable", "invalid_resource", "login_required"),
    *("interaction_required", "consent_required"),
)
RECALL_TEXTS = (
    "refresh_token missing from oAuth response",
    "Invalid 'recall_calendar_auth_token' supplied",
)

CODE = "0.AXkA-sample-authorization-code-1234567890"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.calendar-token-secret-value"

# Microsoft's own sample of an admin consent error answer (v2-admin-consent reference).
MS_ADMIN_CONSENT_ERROR = (
    "http://localhost/myapp/permissions?admin_consent=True&error=consent_required"
    "&error_description=AADSTS65004%3a+The+resource+owner+or+authorization+server+denied+the"
    "+request.%0d%0aTrace+ID%3a+0000aaaa-11bb-cccc-dd22-eeeeee333333%0d%0aCorrelation+ID%3a"
    "+8478d534-5b2c-4325-8c2c-51395c342c89%0d%0aTimestamp%3a+2019-09-24+18%3a34%3a26Z"
    "&state=12345"
)


def callback(**params: str) -> str:
    return "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/?" + urlencode(params)


DECLINED = callback(
    error="access_denied",
    error_description=(
        "AADSTS65004: User declined to consent to access the app.\r\n"
        "Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\n"
        "Correlation ID: 8478d534-5b2c-4325-8c2c-51395c342c89\r\n"
        "Timestamp: 2024-05-01 10:00:00Z"
    ),
    state=json.dumps({"recall_calendar_auth_token": TOKEN, "ms_oauth_redirect_url": "x"}),
)


@pytest.mark.parametrize("number", DESIGN_CODES)
def test_every_design_code_is_catalogued(number: str) -> None:
    entry = lookup(f"AADSTS{number}")
    assert entry is not None
    assert entry.key == f"AADSTS{number}"
    assert entry.kind == "aadsts"
    assert all((entry.title, entry.cause, entry.fix))
    assert f"https://login.microsoftonline.com/error?code={number}" in entry.links


@pytest.mark.parametrize("value", REDIRECT_ERRORS)
def test_every_redirect_error_value_is_catalogued(value: str) -> None:
    entry = lookup(value)
    assert entry is not None
    assert entry.kind == "oauth"
    assert all((entry.title, entry.cause, entry.fix))


@pytest.mark.parametrize("text", RECALL_TEXTS)
def test_recall_error_texts_are_explained(text: str) -> None:
    explanation = explain(text)
    assert explanation.known
    assert [entry.kind for entry in explanation.entries] == ["recall"]


def test_catalog_is_frozen_data_with_unique_keys() -> None:
    assert isinstance(ERROR_CATALOG, tuple)
    keys = [entry.key for entry in ERROR_CATALOG]
    assert len(keys) == len(set(keys))
    assert all(lookup(key) is entry for key, entry in zip(keys, ERROR_CATALOG, strict=True))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ERROR_CATALOG[0].title = "changed"  # type: ignore[misc]


def test_lookup_accepts_every_spelling_of_a_code() -> None:
    entry = lookup("AADSTS50011")
    assert entry is not None
    for spelling in ("aadsts50011", "50011", " 50011 ", "AADSTS 50011", "AADSTS:50011"):
        assert lookup(spelling) is entry
    assert lookup("ACCESS_DENIED") is lookup("access_denied")
    assert lookup("AADSTS1") is None
    assert lookup("not an error") is None


def test_fixes_say_what_this_integration_needs() -> None:
    def fix(key: str) -> str:
        entry = lookup(key)
        assert entry is not None
        return entry.fix

    assert "/api/v1/calendar/ms_oauth_callback/" in fix("50011")
    assert "prompt=consent" in fix("90094")
    assert "/v2.0/adminconsent" in fix("90094")
    assert "reconnect" in fix("7000222")
    assert "offline_access" in fix("recall:refresh_token_missing")
    assert "/api/v1/calendar/authenticate/" in fix("recall:invalid_calendar_auth_token")


def test_explains_a_realistic_callback_url() -> None:
    explanation = explain(DECLINED)
    assert explanation.known
    assert [entry.key for entry in explanation.entries] == ["AADSTS65004", "access_denied"]
    assert explanation.codes == ("AADSTS65004",)
    assert explanation.error == "access_denied"
    assert explanation.error_description is not None
    assert explanation.error_description.startswith("AADSTS65004: User declined")
    assert "Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333" in explanation.error_description
    assert "Correlation ID: 8478d534" in explanation.error_description
    assert explanation.summary.startswith("AADSTS65004: ")


def test_explains_microsofts_admin_consent_error_sample() -> None:
    explanation = explain(MS_ADMIN_CONSENT_ERROR)
    assert [entry.key for entry in explanation.entries] == ["AADSTS65004", "consent_required"]
    assert explanation.error == "consent_required"


@pytest.mark.parametrize(
    "text",
    [
        "AADSTS50011",
        "aadsts50011",
        "50011",
        "  AADSTS50011  ",
        '"AADSTS50011"',
        "AADSTS50011: The redirect URI 'https://app.example.com/cb' specified in the request "
        "does not match the redirect URIs configured for the application.\r\nTrace ID: t\r\n"
        "Correlation ID: c\r\nTimestamp: 2024-01-01 00:00:00Z",
        "error=invalid_request&error_description=AADSTS50011%3A+The+redirect+URI",
        "?error=invalid_request&error_description=AADSTS50011%3A%20The%20redirect%20URI",
    ],
)
def test_finds_the_code_however_it_is_pasted(text: str) -> None:
    explanation = explain(text)
    assert explanation.entries[0].key == "AADSTS50011"
    assert explanation.known


def test_keeps_a_pasted_description_whole() -> None:
    text = "AADSTS700016: Application with identifier 'x' was not found. Trace ID: t-1"
    explanation = explain(text)
    assert explanation.error_description == text
    assert explain("AADSTS700016").error_description is None


def test_reads_a_url_wrapped_over_lines_and_the_fragment_form() -> None:
    wrapped = DECLINED.replace("&", "\n  &")
    assert [entry.key for entry in explain(wrapped).entries] == ["AADSTS65004", "access_denied"]
    fragment = DECLINED.replace("?", "#", 1)
    assert explain(fragment).error == "access_denied"


def test_explains_an_error_value_alone() -> None:
    explanation = explain(" access_denied ")
    assert explanation.error == "access_denied"
    assert [entry.key for entry in explanation.entries] == ["access_denied"]


def test_finds_recall_errors_inside_an_error_url() -> None:
    once = "https://app.example.com/calendar/error?reason=" + quote(RECALL_TEXTS[1], safe="")
    twice = "https://app.example.com/error?next=" + quote(
        "https://app.example.com/e?m=" + quote(RECALL_TEXTS[0], safe=""), safe=""
    )
    assert explain(once).entries[0].key == "recall:invalid_calendar_auth_token"
    assert explain(twice).entries[0].key == "recall:refresh_token_missing"


def test_reads_a_token_endpoint_json_answer() -> None:
    answer = json.dumps(
        {
            "error": "invalid_client",
            "error_description": "AADSTS7000222: The provided client secret keys are expired.",
            "error_codes": [7000222],
        }
    )
    explanation = explain(answer)
    assert [entry.key for entry in explanation.entries] == ["AADSTS7000222", "invalid_client"]


def test_unknown_code_is_answered_gracefully() -> None:
    explanation = explain("AADSTS123456: Something new. Trace ID: t")
    assert not explanation.known
    assert explanation.codes == ("AADSTS123456",)
    (entry,) = explanation.entries
    assert entry.kind == "unknown"
    assert "https://login.microsoftonline.com/error?code=123456" in entry.fix
    assert lookup("AADSTS123456") is None


def test_unknown_code_next_to_a_known_error_value() -> None:
    explanation = explain(callback(error="access_denied", error_description="AADSTS1234567: x"))
    assert [entry.kind for entry in explanation.entries] == ["unknown", "oauth"]
    assert not explanation.known


def test_nothing_recognised() -> None:
    explanation = explain("my calendar does not work")
    assert explanation.entries == ()
    assert not explanation.known
    assert "No AADSTS code" in explanation.as_text()


def test_never_shows_the_authorization_code_or_the_calendar_token() -> None:
    url = callback(code=CODE, state=json.dumps({"recall_calendar_auth_token": TOKEN}))
    for text in (url, url.replace("?", "#", 1), url.split("?", 1)[1], DECLINED):
        explanation = explain(text)
        for shown in (explanation.as_text(), json.dumps(explanation.as_dict()), repr(explanation)):
            assert CODE not in shown
            assert TOKEN not in shown
    token_answer = json.dumps({"access_token": TOKEN, "refresh_token": CODE})
    assert TOKEN not in explain(token_answer).query
    assert CODE not in explain(token_answer).query


def test_as_dict_has_stable_keys() -> None:
    data = explain(DECLINED).as_dict()
    assert {"query", "known", "entries", "error", "error_description"} <= set(data)
    assert data["known"] is True
    assert data["error"] == "access_denied"
    for entry in data["entries"]:
        assert {"key", "kind", "title", "cause", "fix"} <= set(entry)
    json.dumps(data)


def test_as_text_names_cause_fix_and_links() -> None:
    text = explain("90094").as_text()
    assert text.startswith("AADSTS90094: ")
    assert "Cause: " in text
    assert "Fix: " in text
    assert "See: https://login.microsoftonline.com/error?code=90094" in text


def test_survives_hostile_inputs() -> None:
    for text in (
        "state=" + "[" * 100_000,
        "error=access_denied&state=%5B" * 3,
        "code=\udcff\udcffsurrogates-in-a-code&error=x",
        "{" * 50_000,
        "%" * 1000,
        "AADSTS" + "9" * 500,
    ):
        assert isinstance(explain(text), Explanation)


def _check(explanation: Explanation) -> None:
    assert isinstance(explanation, Explanation)
    assert all(isinstance(entry, ErrorEntry) for entry in explanation.entries)
    explanation.as_text()
    json.dumps(explanation.as_dict())


@given(st.text())
def test_explain_never_raises(text: str) -> None:
    _check(explain(text))


@given(any_text)
def test_explain_never_raises_on_control_characters(text: str) -> None:
    _check(explain(text))


@given(query_strings)
def test_explain_never_raises_on_raw_queries(query: str) -> None:
    _check(explain(query))
    _check(explain("https://app.example.com/cb?" + query))


@given(st.sampled_from(DESIGN_CODES), st.text(max_size=80))
def test_any_description_of_a_catalogued_code_finds_it_first(number: str, tail: str) -> None:
    url = callback(error="invalid_request", error_description=f"AADSTS{number}: {tail}")
    explanation = explain(url)
    assert explanation.entries[0].key == f"AADSTS{number}"
    assert explanation.error == "invalid_request"


@pytest.mark.parametrize("code", ["AADSTS500112", "AADSTS90002"])
def test_codes_the_sandbox_answers_with_are_known(code: str) -> None:
    assert explain(code).known
