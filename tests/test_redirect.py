from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.authorize.lint_codes import LINT_CATALOG
from recall_outlook.findings import Finding, Severity
from recall_outlook.redirect_uri import (
    REDIRECT_URI_MAX_LENGTH,
    check_redirect_uri,
    recall_callback_region,
)
from recall_outlook.regions import REGIONS, Region

OWN = "https://app.example.com/api/ms_oauth_callback"
CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"


def codes(uri: str, *, personal_accounts: bool = True) -> set[str]:
    return {
        finding.code for finding in check_redirect_uri(uri, personal_accounts=personal_accounts)
    }


# (code, a redirect URI that triggers it, a near miss that does not)
REDIRECT_CASES = [
    pytest.param("redirect-uri-missing", "", OWN, id="missing"),
    pytest.param("redirect-uri-missing", "   ", OWN, id="missing-blank"),
    pytest.param("redirect-uri-not-absolute", "/api/ms_oauth_callback", OWN, id="not-absolute"),
    pytest.param(
        "redirect-uri-not-absolute", "app.example.com/cb", OWN, id="not-absolute-no-scheme"
    ),
    pytest.param("redirect-uri-not-absolute", "https:///cb", OWN, id="not-absolute-no-host"),
    pytest.param(
        "redirect-uri-not-absolute",
        "https%3A%2F%2Fapp.example.com%2Fcb",
        OWN,
        id="not-absolute-double-encoded",
    ),
    pytest.param(
        "redirect-uri-not-https",
        "http://app.example.com/cb",
        "http://localhost:3000/cb",
        id="not-https",
    ),
    pytest.param(
        "redirect-uri-not-https",
        "http://[::1]:3000/cb",
        "http://127.0.0.1:8080/cb",
        id="not-https-ipv6-loopback",
    ),
    pytest.param("redirect-uri-not-https", "myapp://callback", OWN, id="not-https-custom-scheme"),
    pytest.param(
        "redirect-uri-not-https",
        "http://app.localhost:3000/cb",
        "http://localhost/cb",
        id="not-https-localhost-subdomain",
    ),
    pytest.param(
        "redirect-uri-too-long",
        "https://app.example.com/" + "a" * (REDIRECT_URI_MAX_LENGTH - 23),
        "https://app.example.com/" + "a" * (REDIRECT_URI_MAX_LENGTH - 24),
        id="too-long",
    ),
    pytest.param(
        "redirect-uri-has-query", OWN + "?tab=calendar", OWN + "/calendar", id="has-query"
    ),
    pytest.param("redirect-uri-has-query", OWN + "?", OWN, id="has-query-empty"),
    pytest.param("redirect-uri-has-fragment", OWN + "#done", OWN, id="has-fragment"),
    pytest.param(
        "redirect-uri-wildcard",
        "https://*.example.com/cb",
        "https://www.example.com/cb",
        id="wildcard",
    ),
    pytest.param("redirect-uri-bad-chars", OWN + ";jsessionid=1", OWN + "-1", id="bad-chars"),
    pytest.param("redirect-uri-bad-chars", "https://app.example.com/a(b)", OWN, id="bad-parens"),
    pytest.param("redirect-uri-bad-chars", OWN + " ", OWN, id="bad-trailing-space"),
    pytest.param("redirect-uri-recall-development", CALLBACK, OWN, id="recall-development"),
    pytest.param(
        "redirect-uri-recall-wrong-path",
        CALLBACK.rstrip("/"),
        CALLBACK,
        id="recall-wrong-path-no-slash",
    ),
    pytest.param(
        "redirect-uri-recall-wrong-path",
        "https://us-east-1.recall.ai/api/v1/calendar/google_oauth_callback/",
        CALLBACK,
        id="recall-wrong-path-google",
    ),
    pytest.param(
        "redirect-uri-recall-wrong-path",
        "https://us-east-1.recall.ai/API/v1/calendar/ms_oauth_callback/",
        CALLBACK,
        id="recall-wrong-path-case",
    ),
    pytest.param(
        "redirect-uri-recall-wrong-path",
        "https://eu-central-1.recall.ai/",
        "https://eu-central-1.recall.ai/api/v1/calendar/ms_oauth_callback/",
        id="recall-wrong-path-root",
    ),
    pytest.param(
        "redirect-uri-recall-unknown-region",
        "https://us-east-2.recall.ai/api/v1/calendar/ms_oauth_callback/",
        "https://us-west-2.recall.ai/api/v1/calendar/ms_oauth_callback/",
        id="recall-unknown-region",
    ),
    pytest.param(
        "redirect-uri-recall-unknown-region",
        "https://recall.ai/api/v1/calendar/ms_oauth_callback/",
        "https://api.recall.ai/api/v1/calendar/ms_oauth_callback/",
        id="recall-unknown-region-apex",
    ),
]


@pytest.mark.parametrize(("code", "trigger", "near_miss"), REDIRECT_CASES)
def test_each_code_has_a_trigger_and_a_near_miss(code: str, trigger: str, near_miss: str) -> None:
    assert code in codes(trigger)
    assert code not in codes(near_miss)


def test_every_redirect_code_comes_from_the_catalog() -> None:
    for case in REDIRECT_CASES:
        code, trigger, _ = case.values
        for finding in check_redirect_uri(str(trigger)):
            spec = LINT_CATALOG[finding.code]
            assert finding.fix
            if finding.code == code:
                assert finding.severity is spec.severity


@pytest.mark.parametrize("uri", [OWN, "https://app.example.com", "http://localhost:8080/cb"])
def test_a_good_own_redirect_uri_has_no_findings(uri: str) -> None:
    assert check_redirect_uri(uri) == []


@pytest.mark.parametrize("region", list(REGIONS.values()), ids=list(REGIONS))
def test_each_recall_callback_is_only_a_development_note(region: Region) -> None:
    uri = region.ms_callback_url
    findings = check_redirect_uri(uri)
    assert [(f.code, f.severity) for f in findings] == [
        ("redirect-uri-recall-development", Severity.INFO)
    ]
    assert recall_callback_region(uri) is region


def test_legacy_alias_names_the_region_it_points_to() -> None:
    (finding,) = check_redirect_uri("https://api.recall.ai/api/v1/calendar/ms_oauth_callback/")
    assert "us-east-1" in finding.message
    assert "legacy alias" in finding.message


def test_a_broken_recall_callback_gets_no_development_note() -> None:
    found = codes("http://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/")
    assert found == {"redirect-uri-not-https"}
    assert codes(CALLBACK + "?x=1") == {"redirect-uri-has-query"}


def test_messages_explain_the_recall_path() -> None:
    (finding,) = check_redirect_uri(CALLBACK.rstrip("/"))
    assert "trailing slash" in finding.message
    assert CALLBACK in finding.fix
    (google,) = check_redirect_uri(
        "https://eu-central-1.recall.ai/api/v1/calendar/google_oauth_callback/"
    )
    assert "Google" in google.message
    assert "https://eu-central-1.recall.ai/api/v1/calendar/ms_oauth_callback/" in google.fix


def test_unknown_region_with_wrong_path_reports_both() -> None:
    found = codes("https://eu.recall.ai/api/v1/calendar/ms_oauth_callback")
    assert found == {"redirect-uri-recall-unknown-region", "redirect-uri-recall-wrong-path"}


def test_work_only_apps_may_use_a_query_and_a_wildcard_is_only_a_warning() -> None:
    assert codes(OWN + "?tenant=contoso", personal_accounts=False) == set()
    (wildcard,) = check_redirect_uri("https://*.example.com/cb", personal_accounts=False)
    assert wildcard.code == "redirect-uri-wildcard"
    assert wildcard.severity is Severity.WARNING
    (strict,) = check_redirect_uri("https://*.example.com/cb")
    assert strict.severity is Severity.ERROR


def test_ipv6_loopback_message_says_it_is_unsupported() -> None:
    (finding,) = check_redirect_uri("http://[::1]:3000/cb")
    assert "[::1]" in finding.message


def test_unreadable_uri_is_reported_not_raised() -> None:
    assert codes("https://[::1/cb") == {"redirect-uri-not-absolute"}


def test_findings_are_sorted_worst_first() -> None:
    findings = check_redirect_uri("http://app.example.com/cb?x=(1)#top")
    ranks = [finding.severity.rank for finding in findings]
    assert ranks == sorted(ranks)
    assert {f.code for f in findings} >= {
        "redirect-uri-not-https",
        "redirect-uri-has-query",
        "redirect-uri-has-fragment",
        "redirect-uri-bad-chars",
    }


def test_recall_callback_region_rejects_near_misses() -> None:
    assert recall_callback_region(CALLBACK) is REGIONS["us-east-1"]
    assert recall_callback_region(CALLBACK.rstrip("/")) is None
    assert recall_callback_region(CALLBACK + "?a=1") is None
    assert recall_callback_region(CALLBACK + "#a") is None
    assert recall_callback_region(CALLBACK.replace("https", "http")) is None
    assert recall_callback_region("https://[::1") is None


@given(st.text())
def test_never_raises(uri: str) -> None:
    findings = check_redirect_uri(uri)
    assert all(isinstance(finding, Finding) for finding in findings)
    assert all(finding.code in LINT_CATALOG for finding in findings)


@pytest.mark.parametrize(
    "uri",
    [
        "https://[removed for security].azurewebsites.net/signin-simple-end",
        "https://[your-app]/cb",
        "https://[127.0.0.1]/cb",
    ],
)
def test_a_bracketed_host_that_is_no_ipv6_address_cannot_be_read_on_any_python(uri: str) -> None:
    # Python 3.11.4+ refuses these in urlsplit; 3.10 reads them. The verdict is the same on both.
    assert "redirect-uri-not-absolute" in codes(uri)


def test_a_bracketed_ipv6_host_is_read() -> None:
    assert "redirect-uri-not-absolute" not in codes("https://[::1]:8443/cb")
