from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.errors import ConsentError, RecallOutlookError
from recall_outlook.troubleshoot.consent import (
    AdminConsentResult,
    admin_consent_url,
    parse_admin_consent_callback,
)
from recall_outlook.troubleshoot.explain import explain

from .strategies import any_text, guids, https_urls, query_strings

CLIENT = "00001111-aaaa-2222-bbbb-3333cccc4444"
TENANT = "aaaabbbb-0000-cccc-1111-dddd2222eeee"
REDIRECT = "https://app.example.com/microsoft/admin-consent"
SCOPES = "offline_access openid email https://graph.microsoft.com/Calendars.Read"


def build(**overrides: object) -> str:
    arguments: dict[str, object] = {
        "client_id": CLIENT,
        "tenant": TENANT,
        "redirect_uri": REDIRECT,
        **overrides,
    }
    return admin_consent_url(**arguments)  # type: ignore[arg-type]


def test_builds_the_v2_admin_consent_url() -> None:
    url = build(state="12345")
    assert url == (
        f"https://login.microsoftonline.com/{TENANT}/v2.0/adminconsent"
        f"?client_id={CLIENT}"
        "&scope=offline_access%20openid%20email%20https%3A%2F%2Fgraph.microsoft.com%2FCalendars.Read"
        "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fmicrosoft%2Fadmin-consent"
        "&state=12345"
    )


def test_round_trips_through_parse_qs() -> None:
    state = '{"user": "42", "next": "/settings?tab=calendar&x=1"}'
    parts = urlsplit(build(state=state))
    assert parts.path == f"/{TENANT}/v2.0/adminconsent"
    assert parse_qs(parts.query, keep_blank_values=True) == {
        "client_id": [CLIENT],
        "scope": [SCOPES],
        "redirect_uri": [REDIRECT],
        "state": [state],
    }
    assert "+" not in parts.query


def test_state_is_omitted_only_when_none() -> None:
    assert "state" not in parse_qs(urlsplit(build()).query)
    assert parse_qs(urlsplit(build(state="")).query, keep_blank_values=True)["state"] == [""]


def test_custom_scopes() -> None:
    query = parse_qs(urlsplit(build(scopes=("https://graph.microsoft.com/.default",))).query)
    assert query["scope"] == ["https://graph.microsoft.com/.default"]


@pytest.mark.parametrize(
    ("tenant", "path_tenant"),
    [
        (TENANT, TENANT),
        ("contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
        ("contoso.com", "contoso.com"),
        ("organizations", "organizations"),
        ("Organizations", "organizations"),
        (f" {TENANT} ", TENANT),
    ],
)
def test_accepted_tenants(tenant: str, path_tenant: str) -> None:
    assert urlsplit(build(tenant=tenant)).path == f"/{path_tenant}/v2.0/adminconsent"


@pytest.mark.parametrize("tenant", ["common", "COMMON", "Common", "consumers", "Consumers "])
def test_common_and_consumers_are_refused_with_the_reason(tenant: str) -> None:
    with pytest.raises(ConsentError) as caught:
        build(tenant=tenant)
    assert caught.value.field == "tenant"
    message = str(caught.value)
    assert tenant.strip().lower() in message
    assert "admin" in message
    assert "organizations" in message
    assert "tenant ID" in message
    assert isinstance(caught.value, RecallOutlookError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("tenant", ["", "contoso", "not a tenant", "https://contoso.com", "a/b"])
def test_other_tenants_are_refused(tenant: str) -> None:
    with pytest.raises(ConsentError, match="tenant"):
        build(tenant=tenant)


@pytest.mark.parametrize("client_id", ["", "my-app", "00001111aaaa2222bbbb3333cccc4444x"])
def test_client_id_must_be_a_guid(client_id: str) -> None:
    with pytest.raises(ConsentError) as caught:
        build(client_id=client_id)
    assert caught.value.field == "client_id"
    assert "Application (client) ID" in str(caught.value)


@pytest.mark.parametrize("redirect_uri", ["", "   ", " https://a.example.com/cb", "https://a/cb#x"])
def test_bad_redirect_uris_are_refused(redirect_uri: str) -> None:
    with pytest.raises(ConsentError) as caught:
        build(redirect_uri=redirect_uri)
    assert caught.value.field == "redirect_uri"


@pytest.mark.parametrize("scopes", [(), ("Calendars.Read",), ("openid email",), ("",)])
def test_bad_scopes_are_refused(scopes: tuple[str, ...]) -> None:
    with pytest.raises(ConsentError) as caught:
        build(scopes=scopes)
    assert caught.value.field == "scopes"


def test_a_bare_permission_name_gets_its_qualified_form_suggested() -> None:
    with pytest.raises(ConsentError, match=r"https://graph\.microsoft\.com/Calendars\.Read"):
        build(scopes=("openid", "Calendars.Read"))


def test_a_single_string_of_scopes_is_refused() -> None:
    with pytest.raises(ConsentError, match="sequence"):
        build(scopes="openid")


@given(guids, guids, https_urls, st.one_of(st.none(), st.text()))
def test_round_trip_property(client_id: str, tenant: str, redirect: str, state: str | None) -> None:
    url = admin_consent_url(client_id=client_id, tenant=tenant, redirect_uri=redirect, state=state)
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert query["client_id"] == [client_id]
    assert query["redirect_uri"] == [redirect]
    assert query["scope"] == [SCOPES]
    assert query.get("state") == (None if state is None else [state])


# Microsoft's own samples (v2-admin-consent reference).
MS_SUCCESS = (
    "http://localhost/myapp/permissions?admin_consent=True"
    "&tenant=fa00d692-e9c7-4460-a743-29f2956fd429&state=12345"
    "&scope=https%3a%2f%2fgraph.microsoft.com%2fCalendars.Read+https%3a%2f%2fgraph.microsoft.com"
    "%2fMail.Send"
)
MS_ERROR = (
    "http://localhost/myapp/permissions?admin_consent=True&error=consent_required"
    "&error_description=AADSTS65004%3a+The+resource+owner+or+authorization+server+denied+the"
    "+request.%0d%0aTrace+ID%3a+0000aaaa-11bb-cccc-dd22-eeeeee333333%0d%0aCorrelation+ID%3a"
    "+8478d534-5b2c-4325-8c2c-51395c342c89%0d%0aTimestamp%3a+2019-09-24+18%3a34%3a26Z"
    "&state=12345"
)


def test_parses_a_granted_answer() -> None:
    result = parse_admin_consent_callback(MS_SUCCESS)
    assert result == AdminConsentResult(
        granted=True,
        tenant="fa00d692-e9c7-4460-a743-29f2956fd429",
        scopes=(
            "https://graph.microsoft.com/Calendars.Read",
            "https://graph.microsoft.com/Mail.Send",
        ),
        state="12345",
    )


def test_parses_an_error_answer_that_still_says_admin_consent_true() -> None:
    result = parse_admin_consent_callback(MS_ERROR)
    assert not result.granted
    assert result.error == "consent_required"
    assert result.error_description is not None
    assert result.error_description.startswith("AADSTS65004: ")
    assert "Correlation ID: 8478d534" in result.error_description
    assert result.state == "12345"
    assert explain(MS_ERROR).entries[0].key == "AADSTS65004"


@pytest.mark.parametrize(
    "text",
    [
        MS_SUCCESS.split("?", 1)[1],
        "?" + MS_SUCCESS.split("?", 1)[1],
        MS_SUCCESS.replace("&", "\n    &"),
        f"  {MS_SUCCESS}  ",
    ],
)
def test_reads_what_people_paste(text: str) -> None:
    assert parse_admin_consent_callback(text).granted


@pytest.mark.parametrize("text", ["", "admin_consent=False", "tenant=x", "admin_consent=yes"])
def test_not_granted(text: str) -> None:
    assert not parse_admin_consent_callback(text).granted


@given(st.one_of(st.text(), any_text, query_strings))
def test_parse_never_raises(text: str) -> None:
    assert isinstance(parse_admin_consent_callback(text), AdminConsentResult)
