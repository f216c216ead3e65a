from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook import RecallOutlookError, build_authorize_url, encode_query
from recall_outlook.authorize.lint import LintError, check_authorize_url, lint_authorize_url
from recall_outlook.authorize.lint_codes import LINT_CATALOG, LINT_SPECS, lint_spec
from recall_outlook.findings import Finding, FindingSpec, Severity
from recall_outlook.regions import REGIONS

from .strategies import any_text, guids, https_urls, printable, query_strings
from .test_redirect import REDIRECT_CASES

ENDPOINT = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
OWN = "https://app.example.com/api/ms_oauth_callback"
SCOPES = "offline_access openid email https://graph.microsoft.com/Calendars.Read"
NOW = 1_750_000_000.0


def jwt(claims: dict[str, Any]) -> str:
    def segment(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{segment({'alg': 'HS256', 'typ': 'JWT'})}.{segment(claims)}.signature-not-checked"


SECRET_VALUE = "Fak8Q~abcdefghijklmnopqrstuvwxyz0123456789"
"""A fake client secret of the shape Entra issues."""
TOKEN = jwt({"exp": NOW + 3600, "user_id": "user-1"})
EXPIRED = jwt({"exp": NOW - 7200, "user_id": "user-1"})
STATE: dict[str, Any] = {"recall_calendar_auth_token": TOKEN, "ms_oauth_redirect_url": OWN}


def make(
    *, endpoint: str = ENDPOINT, state: object = STATE, extra: str = "", **changes: str | None
) -> str:
    """A clean authorize URL with ``changes`` (None drops a parameter) and raw ``extra`` text."""
    params: dict[str, str | None] = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "redirect_uri": OWN,
        "response_mode": "query",
        "scope": SCOPES,
    }
    params.update(changes)
    pairs = [(name, value) for name, value in params.items() if value is not None]
    if state is not None:
        text = state if isinstance(state, str) else json.dumps(state, separators=(",", ":"))
        pairs.append(("state", text))
    return f"{endpoint}?{encode_query(pairs)}{extra}"


def with_state(**changes: Any) -> dict[str, Any]:
    data = {**STATE, **changes}
    return {key: value for key, value in data.items() if value is not ...}


def codes(url: str) -> set[str]:
    return {finding.code for finding in lint_authorize_url(url, now=NOW)}


RAW_STATE = (
    '{"recall_calendar_auth_token":"tok-123456789","ms_oauth_redirect_url":"' + OWN + '",'
    '"success_url":"https://app.example.com/done?tab=cal&ok=1"}'
)

# (code, an authorize URL that triggers it, a near miss that does not)
LINT_CASES = [
    pytest.param(
        "endpoint-not-microsoft",
        make(endpoint="https://accounts.google.com/o/oauth2/v2/auth"),
        make(),
        id="endpoint-not-microsoft",
    ),
    pytest.param(
        "endpoint-not-microsoft",
        make(endpoint=ENDPOINT.replace("https", "http")),
        make(endpoint=ENDPOINT.replace("common", "Common")),
        id="endpoint-http",
    ),
    pytest.param(
        "tenant-invalid",
        make(endpoint=ENDPOINT.replace("common", "{tenant}")),
        make(endpoint=ENDPOINT.replace("common", "contoso.onmicrosoft.com")),
        id="tenant-placeholder",
    ),
    pytest.param(
        "tenant-invalid",
        make(endpoint=ENDPOINT.replace("common", "comon")),
        make(endpoint=ENDPOINT.replace("common", "COMMON")),
        id="tenant-typo",
    ),
    pytest.param(
        "endpoint-not-microsoft",
        make(endpoint="https://login.microsoftonline.us/common/oauth2/v2.0/authorize"),
        make(),
        id="endpoint-national-cloud",
    ),
    pytest.param(
        "endpoint-not-v2",
        make(endpoint="https://login.microsoftonline.com/common/oauth2/authorize"),
        make(),
        id="endpoint-not-v2",
    ),
    pytest.param(
        "endpoint-not-v2",
        make(endpoint="https://login.microsoftonline.com/organizations/v2.0/adminconsent"),
        make(),
        id="endpoint-admin-consent",
    ),
    pytest.param(
        "tenant-excludes-personal",
        make(endpoint=ENDPOINT.replace("common", "organizations")),
        make(),
        id="tenant-organizations",
    ),
    pytest.param(
        "tenant-excludes-personal",
        make(endpoint=ENDPOINT.replace("common", "72f988bf-86f1-41af-91ab-2d7cd011db47")),
        make(endpoint=ENDPOINT.replace("common", "consumers")),
        id="tenant-guid",
    ),
    pytest.param(
        "tenant-excludes-work",
        make(endpoint=ENDPOINT.replace("common", "consumers")),
        make(endpoint=ENDPOINT.replace("common", "organizations")),
        id="tenant-consumers",
    ),
    pytest.param(
        "tenant-excludes-work",
        make(endpoint=ENDPOINT.replace("common", "9188040d-6c67-4c5b-b112-36a304b66dad")),
        make(),
        id="tenant-consumers-guid",
    ),
    pytest.param("client-id-missing", make(client_id=None), make(), id="client-id-missing"),
    pytest.param("client-id-missing", make(client_id=""), make(), id="client-id-empty-is-missing"),
    pytest.param(
        "client-id-not-guid",
        make(client_id="YOUR_CLIENT_ID"),
        make(client_id=CLIENT_ID.upper()),
        id="client-id-not-guid",
    ),
    pytest.param(
        "response-type-not-code",
        make(response_type="token"),
        make(),
        id="response-type-token",
    ),
    pytest.param(
        "response-type-not-code",
        make(response_type=None),
        make(),
        id="response-type-missing",
    ),
    pytest.param(
        "response-type-not-code",
        make(response_type="code id_token"),
        make(),
        id="response-type-hybrid",
    ),
    pytest.param(
        "response-mode-not-query",
        make(response_mode="fragment"),
        make(),
        id="response-mode-fragment",
    ),
    pytest.param(
        "response-mode-not-query",
        make(response_mode="form_post"),
        make(response_mode=None),
        id="response-mode-form-post",
    ),
    pytest.param(
        "response-mode-missing",
        make(response_mode=None),
        make(),
        id="response-mode-missing",
    ),
    pytest.param("scope-missing", make(scope=None), make(), id="scope-missing"),
    pytest.param("scope-missing", make(scope=" "), make(), id="scope-blank"),
    pytest.param(
        "scope-calendars-read-missing",
        make(scope="offline_access openid email"),
        make(scope="offline_access openid email Calendars.Read"),
        id="scope-calendars-read-missing",
    ),
    pytest.param(
        "scope-calendars-read-missing",
        make(scope="offline_access openid email https://outlook.office.com/Calendars.Read"),
        make(scope="offline_access openid email https://graph.microsoft.com/calendars.read"),
        id="scope-calendars-other-resource",
    ),
    pytest.param(
        "scope-offline-access-missing",
        make(scope="openid email https://graph.microsoft.com/Calendars.Read"),
        make(scope="https://graph.microsoft.com/Calendars.Read email openid offline_access"),
        id="scope-offline-access-missing",
    ),
    pytest.param(
        "scope-openid-missing",
        make(scope="offline_access email https://graph.microsoft.com/Calendars.Read"),
        make(),
        id="scope-openid-missing",
    ),
    pytest.param(
        "scope-email-missing",
        make(scope="offline_access openid https://graph.microsoft.com/Calendars.Read"),
        make(),
        id="scope-email-missing",
    ),
    pytest.param(
        "scope-broader-than-needed",
        make(scope="offline_access openid email https://graph.microsoft.com/Calendars.ReadWrite"),
        make(scope=SCOPES + " User.Read profile"),
        id="scope-broader-readwrite",
    ),
    pytest.param(
        "scope-broader-than-needed",
        make(scope=SCOPES + " Mail.Read"),
        make(),
        id="scope-broader-mail",
    ),
    pytest.param(
        "scope-broader-than-needed",
        make(scope="offline_access openid email https://graph.microsoft.com/.default"),
        make(),
        id="scope-broader-default",
    ),
    pytest.param(
        "scope-bad-separator",
        make(scope=SCOPES.replace(" ", ",")),
        make(),
        id="scope-comma",
    ),
    pytest.param(
        "scope-bad-separator",
        make(scope=None, extra="&scope=" + SCOPES.replace(" ", "%2B").replace(":", "%3A")),
        make(scope=None, extra="&scope=" + SCOPES.replace(" ", "+").replace(":", "%3A")),
        id="scope-encoded-plus",
    ),
    pytest.param(
        "prompt-consent", make(prompt="consent"), make(prompt="select_account"), id="consent"
    ),
    pytest.param(
        "prompt-admin-consent", make(prompt="admin_consent"), make(prompt="login"), id="admin"
    ),
    pytest.param("prompt-none", make(prompt="none"), make(prompt="login"), id="prompt-none"),
    pytest.param(
        "prompt-invalid",
        make(prompt="consent select_account"),
        make(prompt="select_account"),
        id="prompt-several",
    ),
    pytest.param(
        "prompt-invalid", make(prompt="force"), make(prompt="create"), id="prompt-invalid-value"
    ),
    pytest.param(
        "pkce-not-supported",
        make(
            code_challenge="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            code_challenge_method="S256",
        ),
        make(code="not-a-pkce-parameter"),
        id="pkce-challenge",
    ),
    pytest.param(
        "pkce-not-supported",
        make(code_challenge_method="plain"),
        make(),
        id="pkce-method-alone",
    ),
    pytest.param(
        "client-secret-in-url",
        make(client_secret=SECRET_VALUE),
        make(client_id=CLIENT_ID),
        id="client-secret",
    ),
    pytest.param(
        "client-secret-in-url",
        make(client_assertion="eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"),
        make(),
        id="client-assertion",
    ),
    pytest.param(
        "redirect-uri-missing",
        make(redirect_uri=None),
        make(),
        id="redirect-uri-missing",
    ),
    pytest.param(
        "redirect-uri-not-https",
        make(redirect_uri="http://app.example.com/cb", state=with_state(ms_oauth_redirect_url=...)),
        make(redirect_uri="http://localhost:3000/cb", state=with_state(ms_oauth_redirect_url=...)),
        id="redirect-uri-not-https-in-url",
    ),
    pytest.param(
        "redirect-uri-recall-development",
        make(redirect_uri=CALLBACK, state=with_state(ms_oauth_redirect_url=CALLBACK)),
        make(),
        id="redirect-uri-recall-development-in-url",
    ),
    pytest.param(
        "redirect-uri-has-query",
        make(redirect_uri=None, extra="&redirect_uri=https://app.example.com/cb?a=1&b=2"),
        make(redirect_uri=None, extra="&redirect_uri=https://app.example.com/cb"),
        id="redirect-uri-unencoded-query",
    ),
    pytest.param("state-missing", make(state=None), make(), id="state-missing"),
    pytest.param("state-missing", make(state=""), make(), id="state-empty"),
    pytest.param("state-not-json", make(state="user-42"), make(), id="state-not-json"),
    pytest.param(
        "state-not-json",
        make(state=None, extra="&state=" + RAW_STATE),
        make(state=json.loads(RAW_STATE)),
        id="state-cut-at-ampersand",
    ),
    pytest.param(
        "state-not-json",
        make(state=None, extra="&state=" + RAW_STATE.replace("&", "#")),
        make(state=json.loads(RAW_STATE.replace("&", "#"))),
        id="state-cut-at-hash",
    ),
    pytest.param(
        "state-not-json",
        make(state="{recall_calendar_auth_token: 'x'}"),
        make(),
        id="state-js-literal",
    ),
    pytest.param("state-not-object", make(state="[1, 2]"), make(), id="state-array"),
    pytest.param(
        "state-not-v1",
        make(state={"userId": "user-42", "provider": "microsoft", "returnTo": "/settings"}),
        make(state=with_state(returnTo="/settings")),
        id="state-v2-style",
    ),
    pytest.param(
        "state-not-object",
        make(state=json.dumps(json.dumps(STATE))),
        make(),
        id="state-encoded-twice",
    ),
    pytest.param(
        "state-token-missing",
        make(state=with_state(recall_calendar_auth_token=...)),
        make(state=with_state(recall_calendar_auth_token="opaque-token-without-dots")),
        id="state-token-missing",
    ),
    pytest.param(
        "state-token-missing",
        make(state=with_state(recall_calendar_auth_token=42)),
        make(),
        id="state-token-number",
    ),
    pytest.param(
        "state-token-expired",
        make(state=with_state(recall_calendar_auth_token=EXPIRED)),
        make(state=with_state(recall_calendar_auth_token=TOKEN)),
        id="state-token-expired",
    ),
    pytest.param(
        "state-token-expired",
        make(state=with_state(recall_calendar_auth_token=jwt({"iat": NOW - 2 * 86_400}))),
        make(state=with_state(recall_calendar_auth_token=jwt({"iat": NOW - 3600}))),
        id="state-token-issued-over-a-day-ago",
    ),
    pytest.param(
        "state-redirect-missing",
        make(state=with_state(ms_oauth_redirect_url=...)),
        make(),
        id="state-redirect-missing",
    ),
    pytest.param(
        "state-redirect-mismatch",
        make(state=with_state(ms_oauth_redirect_url=OWN + "/")),
        make(),
        id="state-redirect-trailing-slash",
    ),
    pytest.param(
        "state-redirect-mismatch",
        make(state=with_state(ms_oauth_redirect_url=CALLBACK)),
        make(redirect_uri=CALLBACK, state=with_state(ms_oauth_redirect_url=CALLBACK)),
        id="state-redirect-recall-in-production",
    ),
    pytest.param(
        "state-google-key",
        make(state=with_state(google_oauth_redirect_url=OWN)),
        make(),
        id="state-google-key",
    ),
    pytest.param(
        "state-unknown-key",
        make(state=with_state(user="alice")),
        make(state=with_state(success_url="https://app.example.com/ok")),
        id="state-unknown-key",
    ),
    pytest.param(
        "state-url-invalid",
        make(state=with_state(success_url="/calendar/connected")),
        make(state=with_state(success_url="https://app.example.com/calendar/connected")),
        id="state-url-relative",
    ),
    pytest.param(
        "state-url-invalid",
        make(state=with_state(error_url=None)),
        make(state=with_state(error_url="https://app.example.com/calendar/error?x=1")),
        id="state-url-null",
    ),
    pytest.param(
        "state-url-not-https",
        make(state=with_state(success_url="http://app.example.com/done")),
        make(state=with_state(success_url="http://localhost:3000/done")),
        id="state-url-not-https",
    ),
    pytest.param(
        "param-duplicated",
        make(prompt="select_account", extra="&prompt=login"),
        make(prompt="select_account", extra="&login_hint=alice%40example.com"),
        id="param-duplicated",
    ),
    pytest.param(
        "param-google-only",
        make(extra="&access_type=offline&include_granted_scopes=true"),
        make(extra="&domain_hint=consumers"),
        id="param-google-only",
    ),
    pytest.param(
        "url-unencoded",
        make(scope=None, extra="&scope=" + SCOPES),
        make(scope=None, extra="&scope=" + SCOPES.replace(" ", "+")),
        id="url-unencoded",
    ),
    pytest.param(
        "url-unencoded",
        make(extra="&login_hint=100%"),
        make(extra="&login_hint=100%25"),
        id="url-bad-escape",
    ),
]


@pytest.mark.parametrize(("code", "trigger", "near_miss"), LINT_CASES)
def test_each_code_has_a_trigger_and_a_near_miss(code: str, trigger: str, near_miss: str) -> None:
    assert code in codes(trigger)
    assert code not in codes(near_miss)


def test_every_catalog_code_has_a_triggering_test() -> None:
    tested = {case.values[0] for case in [*LINT_CASES, *REDIRECT_CASES]}
    assert tested == set(LINT_CATALOG)


def test_the_reference_url_is_clean() -> None:
    assert lint_authorize_url(make(), now=NOW) == []


# -- the catalog ------------------------------------------------------------------------------


def test_catalog_codes_are_unique_kebab_case_and_documented() -> None:
    assert len({spec.code for spec in LINT_SPECS}) == len(LINT_SPECS)
    assert list(LINT_CATALOG) == [spec.code for spec in LINT_SPECS]
    for spec in LINT_SPECS:
        assert isinstance(spec, FindingSpec)
        assert spec.code == spec.code.lower().strip()
        assert all(part.isalnum() for part in spec.code.split("-"))
        assert spec.title.endswith((".", ")"))
        assert spec.fix
        assert lint_spec(spec.code) is spec


def test_a_finding_in_the_catalogs_own_words_is_the_same_every_time() -> None:
    for spec in LINT_SPECS:
        plain = Finding(spec.code, spec.severity, spec.title, spec.fix)
        assert spec.finding() == plain
        assert spec.finding("") == plain
        assert spec.finding() == spec.finding()
        assert spec.finding("Seen here.") == Finding(
            spec.code, spec.severity, "Seen here.", spec.fix
        )
        assert spec.finding(fix="Do this.") == Finding(
            spec.code, spec.severity, spec.title, "Do this."
        )
        with pytest.raises(AttributeError):  # shared between lints, so it must stay immutable
            spec.finding().message = "changed"  # type: ignore[misc]
    assert spec.finding() == plain  # still


def test_catalog_is_read_only() -> None:
    with pytest.raises(TypeError):
        LINT_CATALOG["new-code"] = LINT_SPECS[0]  # type: ignore[index]
    with pytest.raises(KeyError):
        lint_spec("no-such-code")


@pytest.mark.parametrize(
    ("code", "severity"),
    [
        ("prompt-consent", Severity.WARNING),
        ("prompt-admin-consent", Severity.ERROR),
        ("scope-offline-access-missing", Severity.ERROR),
        ("response-mode-missing", Severity.INFO),
        ("redirect-uri-recall-development", Severity.INFO),
        ("state-unknown-key", Severity.INFO),
        ("param-duplicated", Severity.ERROR),
        ("url-unencoded", Severity.WARNING),
    ],
)
def test_key_severities(code: str, severity: Severity) -> None:
    assert LINT_CATALOG[code].severity is severity


def test_findings_carry_their_catalog_severity() -> None:
    for case in LINT_CASES:
        for finding in lint_authorize_url(str(case.values[1]), now=NOW):
            assert finding.severity is LINT_CATALOG[finding.code].severity
            assert finding.message
            assert finding.fix


# -- Recall's demo app and the seed --------------------------------------------------------------

DEMO_TOKEN = jwt({"exp": NOW + 600, "user_id": "demo"})
DEMO_CALLBACK = "https://api.recall.ai/api/v1/calendar/ms_oauth_callback/"
# recallai/calendar-integration-demo builds exactly this: prompt=consent, nothing encoded.
DEMO = (
    f"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id={CLIENT_ID}"
    f"&response_type=code&prompt=consent&redirect_uri={DEMO_CALLBACK}&response_mode=query"
    f"&scope={SCOPES}"
    f'&state={{"recall_calendar_auth_token":"{DEMO_TOKEN}","ms_oauth_redirect_url":'
    f'"{DEMO_CALLBACK}"}}'
)


def test_recall_demo_app_url() -> None:
    findings = lint_authorize_url(DEMO, now=NOW)
    assert [(f.severity, f.code) for f in findings] == [
        (Severity.WARNING, "prompt-consent"),
        (Severity.WARNING, "url-unencoded"),
        (Severity.INFO, "redirect-uri-recall-development"),
    ]
    unencoded = next(f for f in findings if f.code == "url-unencoded")
    assert "'&'" in unencoded.message
    assert "state" in unencoded.message
    assert check_authorize_url(DEMO, now=NOW) == findings


def test_recall_demo_app_url_with_a_success_url_query_fails() -> None:
    state = (
        f'{{"recall_calendar_auth_token":"{DEMO_TOKEN}","ms_oauth_redirect_url":'
        f'"{DEMO_CALLBACK}","success_url":"https://app.example.com/?oauth_success=true&p=ms"}}'
    )
    url = DEMO.partition("&state=")[0] + "&state=" + state
    findings = lint_authorize_url(url, now=NOW)
    assert findings[0].code == "state-not-json"
    assert "'&'" in findings[0].message
    with pytest.raises(LintError) as raised:
        check_authorize_url(url, now=NOW)
    assert raised.value.findings == tuple(findings)
    assert "state-not-json" in str(raised.value)


def test_the_seed_layout_wrapped_over_lines() -> None:
    wrapped = f"""https://login.microsoftonline.com/common/oauth2/v2.0/authorize?
    scope={SCOPES}
    &response_mode=query
    &response_type=code
    &state={{"recall_calendar_auth_token":"{DEMO_TOKEN}","ms_oauth_redirect_url":"{CALLBACK}"}}
    &redirect_uri={CALLBACK}
    &client_id={CLIENT_ID}"""
    assert codes(wrapped) == {"url-unencoded", "redirect-uri-recall-development"}


# -- secrets, ordering, time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        DEMO,
        make(state=with_state(recall_calendar_auth_token=EXPIRED)),
        make(state=with_state(recall_calendar_auth_token=EXPIRED, user="x"), prompt="consent"),
        make(state=None, extra="&state=" + RAW_STATE.replace("tok-123456789", EXPIRED)),
        make(client_id="Qx8~abcdefghijklmnopqrstuvwxyz0123456789"),
    ],
)
def test_messages_never_hold_a_secret_whole(url: str) -> None:
    for finding in lint_authorize_url(url, now=NOW):
        for secret in (EXPIRED, DEMO_TOKEN, "Qx8~abcdefghijklmnopqrstuvwxyz0123456789"):
            assert secret not in finding.message
            assert secret not in finding.fix


def test_expired_token_message_shows_it_masked() -> None:
    (finding,) = lint_authorize_url(
        make(state=with_state(recall_calendar_auth_token=EXPIRED)), now=NOW
    )
    assert finding.code == "state-token-expired"
    assert "2 hours ago" in finding.message or "120 minutes ago" in finding.message
    assert EXPIRED[:3] + "…" in finding.message


def test_findings_are_sorted_worst_first_and_stable() -> None:
    url = make(
        prompt="consent",
        response_mode=None,
        client_id=None,
        extra="&access_type=offline",
        state=with_state(user="x"),
    )
    findings = lint_authorize_url(url, now=NOW)
    assert [f.code for f in findings] == [
        "client-id-missing",
        "prompt-consent",
        "response-mode-missing",
        "state-unknown-key",
        "param-google-only",
    ]


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        int(NOW),
        datetime.fromtimestamp(NOW, tz=timezone.utc),
        datetime.fromtimestamp(NOW, tz=timezone(timedelta(hours=9))),
        datetime.fromtimestamp(NOW, tz=timezone.utc).replace(tzinfo=None),
    ],
)
def test_now_accepts_datetimes_and_epoch_seconds(now: datetime | float) -> None:
    url = make(state=with_state(recall_calendar_auth_token=jwt({"exp": NOW + 60})))
    assert lint_authorize_url(url, now=now) == []
    later = make(state=with_state(recall_calendar_auth_token=jwt({"exp": NOW - 60})))
    assert {f.code for f in lint_authorize_url(later, now=now)} == {"state-token-expired"}


def test_now_defaults_to_the_clock() -> None:
    url = make(state=with_state(recall_calendar_auth_token=jwt({"exp": 1})))
    assert "state-token-expired" in {f.code for f in lint_authorize_url(url)}


def test_a_local_authority_is_accepted() -> None:
    local = "http://127.0.0.1:8765"
    url = make(endpoint=f"{local}/common/oauth2/v2.0/authorize")
    assert "endpoint-not-microsoft" in codes(url)
    assert lint_authorize_url(url, now=NOW, authority=local) == []


@pytest.mark.parametrize(
    ("state", "hint"),
    [
        ("%7B%22a%22%3A1%7D", "twice"),
        ("{'recall_calendar_auth_token': 'x'}", "Python"),
        ("{recall_calendar_auth_token: AUTH_TOKEN_HERE}", "JavaScript"),
    ],
)
def test_state_not_json_says_why(state: str, hint: str) -> None:
    (finding,) = lint_authorize_url(make(state=state), now=NOW)
    assert finding.code == "state-not-json"
    assert hint in finding.message


def test_empty_and_non_url_inputs() -> None:
    assert codes("") == {"endpoint-not-microsoft"}
    assert "endpoint-not-microsoft" in codes("client_id=abc")


def test_lint_error_is_part_of_the_exception_tree() -> None:
    with pytest.raises(RecallOutlookError):
        check_authorize_url(make(client_id=None), now=NOW)
    with pytest.raises(ValueError, match="client-id-missing"):
        check_authorize_url(make(client_id=None), now=NOW)
    assert check_authorize_url(make(prompt="consent"), now=NOW)[0].code == "prompt-consent"


# -- properties ----------------------------------------------------------------------------------


@given(st.text())
def test_lint_never_raises_on_any_text(text: str) -> None:
    findings = lint_authorize_url(text)
    assert all(isinstance(finding, Finding) for finding in findings)
    assert all(finding.code in LINT_CATALOG for finding in findings)


@given(any_text)
def test_lint_never_raises_on_any_query(text: str) -> None:
    lint_authorize_url(f"{ENDPOINT}?{text}")


@given(query_strings)
def test_lint_never_raises_on_raw_query_strings(query: str) -> None:
    lint_authorize_url(f"{ENDPOINT}?{query}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


@given(json_values, json_values)
def test_lint_never_raises_on_odd_states_and_tokens(state: Any, claims: Any) -> None:
    lint_authorize_url(make(state=json.dumps(state)), now=NOW)
    token = "a." + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode() + ".b"
    lint_authorize_url(make(state=with_state(recall_calendar_auth_token=token)), now=NOW)
    lint_authorize_url(make(state=with_state(success_url=state, error_url=claims)), now=NOW)


@given(
    client_id=guids,
    token=printable,
    redirect_uri=https_urls | st.sampled_from([r.ms_callback_url for r in REGIONS.values()]),
    success_url=st.none() | https_urls,
    error_url=st.none() | https_urls,
    prompt=st.sampled_from([None, "login", "select_account"]),
    login_hint=st.none() | printable,
    domain_hint=st.none() | printable,
)
def test_built_urls_have_no_error_or_warning(
    client_id: str,
    token: str,
    redirect_uri: str,
    success_url: str | None,
    error_url: str | None,
    prompt: str | None,
    login_hint: str | None,
    domain_hint: str | None,
) -> None:
    url = build_authorize_url(
        client_id=client_id,
        redirect_uri=redirect_uri,
        calendar_auth_token=token,
        success_url=success_url,
        error_url=error_url,
        prompt=prompt,
        login_hint=login_hint,
        domain_hint=domain_hint,
    )
    findings = lint_authorize_url(url)
    assert [f for f in findings if f.severity is not Severity.INFO] == []
    assert {f.code for f in findings} <= {"redirect-uri-recall-development"}
    check_authorize_url(url)


# -- issue 11: what real users paste ---------------------------------------------------------


def test_prompt_create_is_accepted() -> None:
    assert lint_authorize_url(make(prompt="create"), now=NOW) == []


def test_pkce_fix_says_to_drop_it() -> None:
    (finding,) = [
        f
        for f in lint_authorize_url(
            make(code_challenge="abc", code_challenge_method="S256"), now=NOW
        )
        if f.code == "pkce-not-supported"
    ]
    assert finding.severity is Severity.ERROR
    assert "code_challenge and code_challenge_method" in finding.message
    assert finding.fix.startswith("Drop PKCE for this flow")


@pytest.mark.parametrize("name", ["client_secret", "client_assertion", "Client_Secret"])
def test_a_client_secret_in_the_url_is_an_error_never_echoed(name: str) -> None:
    url = make(**{name: SECRET_VALUE})
    findings = lint_authorize_url(url, now=NOW)
    assert "client-secret-in-url" in {f.code for f in findings}
    shown = json.dumps([f.as_dict() for f in findings])
    assert SECRET_VALUE not in shown
    assert "abcdefghij" not in shown


def test_a_v2_style_state_gets_one_clear_finding() -> None:
    findings = lint_authorize_url(make(state={"userId": "u-1", "nonce": "n"}), now=NOW)
    assert [f.code for f in findings] == ["state-not-v1"]
    assert "'userId'" in findings[0].message
    assert "another flow" in findings[0].message
    assert "recall_calendar_auth_token" in findings[0].fix


def test_an_empty_object_state_still_names_the_missing_keys() -> None:
    assert {"state-token-missing", "state-redirect-missing"} <= codes(make(state={}))


@pytest.mark.parametrize(
    "url",
    [
        f"https://login.microsoftonline.com/{SECRET_VALUE}/oauth2/v2.0/authorize?client_id=x",
        f"https://login.microsoftonline.com/common/{SECRET_VALUE}/authorize?client_id=x",
        make(extra=f"&my_key={SECRET_VALUE}&{SECRET_VALUE}=1&{SECRET_VALUE}=2"),
        make(client_id=SECRET_VALUE),
        make(redirect_uri=f"https://app.example.com/cb/{SECRET_VALUE}"),
        make(scope=f"openid {SECRET_VALUE}"),
    ],
    ids=["tenant", "path", "unknown-params", "client-id", "redirect-path", "scope"],
)
def test_a_secret_anywhere_in_the_url_is_masked(url: str) -> None:
    findings = lint_authorize_url(url, now=NOW)
    shown = json.dumps([f.as_dict() for f in findings])
    assert findings
    assert "abcdefghijklmnop" not in shown


def test_an_http_method_before_the_url_is_ignored() -> None:
    assert codes("GET " + make()) == set()


@given(
    prefix=st.sampled_from(["GET ", "get ", "POST  ", "Location: ", "location:"]),
    prompt=st.sampled_from([None, "login", "consent", "create", "force"]),
    state=st.one_of(st.none(), st.just("user-42"), st.just(STATE)),
)
def test_a_pasted_request_line_or_header_reads_like_the_url(
    prefix: str, prompt: str | None, state: object
) -> None:
    url = make(prompt=prompt, state=state)
    assert codes(prefix + url) == codes(url)


def test_a_tenant_typo_is_a_tenant_error_with_a_suggestion() -> None:
    found = lint_authorize_url(make(endpoint=ENDPOINT.replace("common", "comon")), now=NOW)
    assert [f.code for f in found if f.severity.value == "error"] == ["tenant-invalid"]
    assert "Did you mean 'common'?" in found[0].message


def test_findings_show_as_a_table_in_notebooks() -> None:
    found = lint_authorize_url(make(prompt="consent"), now=NOW)
    table = found._repr_html_()  # type: ignore[attr-defined]
    assert table.count("<tr>") == len(found) + 1
    assert ">prompt-consent</code>" in table
    assert found[0]._repr_html_().count("<tr>") == 2
