"""The local identity platform's checks, one by one, through werkzeug's test client."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.test import Client, TestResponse

from recall_outlook.authorize.build import build_authorize_url
from recall_outlook.sandbox.config import (
    CLIENT_ID,
    FABRIKAM,
    SECRET_ID,
    SECRET_VALUE,
    Clock,
    World,
    default_world,
)
from recall_outlook.sandbox.entra import read_jwt
from recall_outlook.sandbox.microsoft import MicrosoftIdentity
from recall_outlook.sandbox.recording import page_error
from recall_outlook.troubleshoot.consent import admin_consent_url

AUTHORITY = "https://login.microsoftonline.com"
WORLD = default_world()
FORWARDER = WORLD.origins.forwarder


def make(world: World = WORLD, **kwargs: Any) -> tuple[MicrosoftIdentity, Client]:
    identity = MicrosoftIdentity(world, clock=kwargs.pop("clock", Clock()), **kwargs)
    return identity, Client(identity)


def authorize(client: Client, **kwargs: Any) -> TestResponse:
    arguments: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "redirect_uri": FORWARDER,
        "calendar_auth_token": "eyJ-a-calendar-token",
        "authority": AUTHORITY,
    }
    arguments.update(kwargs)
    url = build_authorize_url(**arguments)
    return client.get(url.removeprefix(AUTHORITY))


def answer(response: TestResponse) -> dict[str, str]:
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def page_code(response: TestResponse) -> str:
    assert "Location" not in response.headers
    text = page_error(response.get_data(as_text=True))
    assert text is not None
    return text.split(":")[0]


def test_issues_a_code_and_echoes_the_state() -> None:
    _, client = make()
    params = answer(authorize(client))
    assert params["code"].startswith("1.AXkA")
    assert json.loads(params["state"])["ms_oauth_redirect_url"] == FORWARDER


def test_unknown_client_id_is_a_page() -> None:
    _, client = make()
    assert page_code(authorize(client, client_id="00000000-0000-0000-0000-000000000000")) == (
        "AADSTS700016"
    )


@pytest.mark.parametrize(
    "redirect_uri", [FORWARDER + "/", FORWARDER.upper(), "https://evil.example/cb"]
)
def test_unregistered_redirect_uri_is_a_page_never_a_redirect(redirect_uri: str) -> None:
    _, client = make()
    assert page_code(authorize(client, redirect_uri=redirect_uri)) == "AADSTS50011"


def test_single_tenant_app_on_common() -> None:
    _, client = make(WORLD.with_app(sign_in_audience="AzureADMyOrg"))
    assert page_code(authorize(client)) == "AADSTS50194"


def test_account_of_another_tenant() -> None:
    identity, client = make()
    identity.sign_in_as = "ada@contoso.com"
    assert page_code(authorize(client, tenant="fabrikam.com", login_hint="ada@contoso.com")) == (
        "AADSTS50020"
    )


@pytest.mark.parametrize(
    "scopes",
    [
        ["offline_access,openid"],
        ["https://www.googleapis.com/auth/calendar.readonly"],
        ["Calendars.Reed"],
    ],
)
def test_invalid_scope_is_redirected(scopes: list[str]) -> None:
    _, client = make()
    params = answer(authorize(client, scopes=scopes))
    assert params["error"] == "invalid_scope"
    assert params["error_description"].startswith("AADSTS70011:")
    assert "state" in params


def test_prompt_admin_consent_is_rejected_on_v2() -> None:
    _, client = make()
    url = build_authorize_url(
        client_id=CLIENT_ID,
        redirect_uri=FORWARDER,
        calendar_auth_token="eyJ-token",
        authority=AUTHORITY,
    )
    params = answer(client.get(url.removeprefix(AUTHORITY) + "&prompt=admin_consent"))
    assert params["error"] == "invalid_request"
    assert params["error_description"].startswith("AADSTS901001:")


def test_user_declines() -> None:
    identity, client = make()
    identity.decision = "cancel"
    params = answer(authorize(client))
    assert params["error"] == "access_denied"
    assert params["error_description"].startswith("AADSTS65004:")
    assert "\r\nTrace ID: " in params["error_description"]


def test_tenant_policy_blocks_user_consent_until_an_admin_grants() -> None:
    identity, client = make()
    identity.sign_in_as = "bob@fabrikam.com"
    response = authorize(client)
    assert page_code(response) == "AADSTS90094"
    assert "Need admin approval" in response.get_data(as_text=True)
    identity.sign_in_as = "admin@fabrikam.com"
    consent = admin_consent_url(client_id=CLIENT_ID, tenant=FABRIKAM, redirect_uri=FORWARDER)
    granted = answer(client.get(consent.removeprefix(AUTHORITY)))
    assert granted["admin_consent"] == "True"
    assert granted["tenant"] == FABRIKAM
    identity.sign_in_as = "bob@fabrikam.com"
    assert "code" in answer(authorize(client))
    assert page_code(authorize(client, prompt="consent")) == "AADSTS90094"


def test_admin_consent_by_a_non_admin_is_refused() -> None:
    identity, client = make()
    identity.sign_in_as = "bob@fabrikam.com"
    consent = admin_consent_url(client_id=CLIENT_ID, tenant=FABRIKAM, redirect_uri=FORWARDER)
    assert page_code(client.get(consent.removeprefix(AUTHORITY))) == "AADSTS90094"


def test_interactive_mode_shows_the_consent_form_then_honours_the_buttons() -> None:
    _, client = make(interactive=True)
    shown = authorize(client)
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "id='accept'" in text
    assert "id='cancel'" in text
    path = urlsplit(
        build_authorize_url(
            client_id=CLIENT_ID,
            redirect_uri=FORWARDER,
            calendar_auth_token="t",
            authority=AUTHORITY,
        )
    )
    form = {"q": path.query, "login": "ada@contoso.com"}
    accepted = answer(client.post(path.path, data={**form, "decision": "accept"}))
    assert "code" in accepted
    cancelled = answer(client.post(path.path, data={**form, "decision": "cancel"}))
    assert cancelled["error"] == "access_denied"


def test_consent_page_escapes_what_it_shows() -> None:
    world = WORLD.with_app(display_name="<script>alert(1)</script>")
    _identity, client = make(world, interactive=True)
    text = authorize(client, scopes=["openid", "email"]).get_data(as_text=True)
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text


# -- token endpoint --------------------------------------------------------------------------


def redeem(client: Client, value: str, **changes: str) -> tuple[int, dict[str, Any]]:
    form = {
        "client_id": CLIENT_ID,
        "client_secret": SECRET_VALUE,
        "grant_type": "authorization_code",
        "code": value,
        "redirect_uri": FORWARDER,
    }
    form.update(changes)
    response = client.post("/common/oauth2/v2.0/token", data=form)
    return response.status_code, json.loads(response.get_data(as_text=True))


def code_for(client: Client, **kwargs: Any) -> str:
    return answer(authorize(client, **kwargs))["code"]


def aadsts(data: dict[str, Any]) -> str:
    return str(data["error_description"]).split(":")[0]


def test_token_issues_refresh_and_id_tokens() -> None:
    _, client = make()
    status, data = redeem(client, code_for(client))
    assert status == 200
    assert data["refresh_token"]
    assert read_jwt(data["id_token"])["email"] == "ada@contoso.com"


def test_no_refresh_token_without_offline_access() -> None:
    _, client = make()
    code = code_for(
        client, scopes=["openid", "email", "https://graph.microsoft.com/Calendars.Read"]
    )
    status, data = redeem(client, code)
    assert status == 200
    assert "refresh_token" not in data


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"client_secret": ""}, 401, "AADSTS7000218"),
        ({"client_secret": SECRET_ID}, 401, "AADSTS7000215"),
        ({"redirect_uri": WORLD.origins.recall_callback}, 400, "AADSTS500112"),
        ({"code": "1.AXkA-made-up"}, 400, "AADSTS9002313"),
    ],
)
def test_token_errors(changes: dict[str, str], status: int, code: str) -> None:
    _, client = make()
    got_status, data = redeem(client, code_for(client), **changes)
    assert (got_status, aadsts(data)) == (status, code)
    assert data["error_codes"] == [int(code.removeprefix("AADSTS"))]


def test_expired_secret() -> None:
    clock = Clock()
    _, client = make(clock=clock)
    code = code_for(client)
    clock.advance(366 * 86_400)
    status, data = redeem(client, code)
    assert (status, aadsts(data)) == (401, "AADSTS7000222")


def test_code_is_single_use() -> None:
    _, client = make()
    code = code_for(client)
    assert redeem(client, code)[0] == 200
    status, data = redeem(client, code)
    assert (status, data["error"], aadsts(data)) == (400, "invalid_grant", "AADSTS54005")


def test_code_expires_after_ten_minutes() -> None:
    clock = Clock()
    _, client = make(clock=clock)
    code = code_for(client)
    clock.advance(601)
    status, data = redeem(client, code)
    assert (status, aadsts(data)) == (400, "AADSTS70008")


def test_second_secret_works_too() -> None:
    secrets = (*WORLD.app.secrets, replace(WORLD.app.secrets[0], value="another-secret-value-0123"))
    _, client = make(WORLD.with_app(secrets=secrets))
    assert redeem(client, code_for(client), client_secret="another-secret-value-0123")[0] == 200
