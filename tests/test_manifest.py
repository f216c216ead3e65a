"""check-app: reading both manifest formats and checking them, on realistic sample manifests."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.cli import main
from recall_outlook.findings import Severity
from recall_outlook.register._manifest_fields import parse_time
from recall_outlook.register.app_codes import APP_CATALOG, APP_SPECS
from recall_outlook.register.manifest import (
    EXPIRY_WARNING_DAYS,
    ManifestError,
    check_manifest,
    read_manifest,
)

DATA = Path(__file__).parent / "data" / "manifests"
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
"""Secret expiry is judged at this fixed moment, so the sample manifests never rot."""


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text())
    return data


def codes(data: Any, now: datetime = NOW) -> set[str]:
    return {finding.code for finding in check_manifest(data, now=now)}


@pytest.mark.parametrize(
    ("name", "kind"),
    [("good_graph.json", "microsoft-graph"), ("good_aad.json", "azure-ad-graph")],
)
def test_good_manifests_have_nothing_to_fix(name: str, kind: str) -> None:
    findings = check_manifest((DATA / name).read_text(), now=NOW)
    assert read_manifest(load(name)).format == kind
    assert all(finding.severity is Severity.INFO for finding in findings)


def test_good_aad_manifest_notes_the_development_callback() -> None:
    assert codes(load("good_aad.json")) == {"redirect-uri-recall-development"}


def test_good_graph_manifest_reads_every_field() -> None:
    app = read_manifest(load("good_graph.json"))
    assert app.display_name == "Acme Calendar Sync"
    assert app.sign_in_audience == "AzureADandPersonalMicrosoftAccount"
    assert app.web_redirect_uris == ("https://acme.example.com/api/ms_oauth_callback",)
    assert app.spa_redirect_uris == ()
    assert app.token_version == 2
    assert len(app.graph_scope_ids) == 4
    assert app.secrets[0].end == datetime(2027, 1, 15, 10, 20, 31, 523000, tzinfo=timezone.utc)
    assert app.secrets[0].label == "'Recall production' (hint Q~8…)"
    assert app.verified_publisher_id == "6483921"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "single_tenant_graph.json",
            {"app-audience-single-tenant", "app-publisher-domain-default", "app-token-version"},
            id="single-tenant",
        ),
        pytest.param(
            "spa_redirect_aad.json",
            {"app-no-web-redirect-uri", "app-redirect-uri-spa", "app-redirect-uri-public-client"},
            id="spa-redirect",
        ),
        pytest.param(
            "missing_offline_access_graph.json", {"app-permission-missing"}, id="no-offline-access"
        ),
        pytest.param(
            "three_secrets_graph.json",
            {"app-too-many-secrets", "app-secret-expired", "app-secret-expiring"},
            id="three-secrets",
        ),
        pytest.param(
            "work_only_no_calendar_aad.json",
            {
                "app-audience-no-personal",
                "app-calendars-read-missing",
                "app-no-secret",
                "app-token-version",
                "redirect-uri-recall-development",
            },
            id="work-only",
        ),
    ],
)
def test_bad_manifests(name: str, expected: set[str]) -> None:
    assert codes(load(name)) == expected


def test_secret_findings_name_the_secret_and_the_consequence() -> None:
    findings = {f.code: f for f in check_manifest(load("three_secrets_graph.json"), now=NOW)}
    expired = findings["app-secret-expired"]
    assert expired.severity is Severity.ERROR
    assert "'Recall 2023' (hint aB3…)" in expired.message
    assert "2025-03-02" in expired.message
    assert "(90 days ago)" in expired.message
    assert "existing calendar connections must then be authorised again" in expired.message
    expiring = findings["app-secret-expiring"]
    assert expiring.severity is Severity.WARNING
    assert "in 10 days" in expiring.message
    assert "AADSTS7000222" in expiring.message


def test_the_missing_permission_is_named_with_its_consequence() -> None:
    (finding,) = check_manifest(load("missing_offline_access_graph.json"), now=NOW)
    assert "offline_access" in finding.message
    assert "refresh_token missing" in finding.message


def test_token_version_is_an_error_only_for_personal_account_apps() -> None:
    data = load("good_graph.json")
    data["api"]["requestedAccessTokenVersion"] = 1
    (finding,) = check_manifest(data, now=NOW)
    assert (finding.code, finding.severity) == ("app-token-version", Severity.ERROR)
    assert "is 1, not 2" in finding.message
    data["signInAudience"] = "AzureADMultipleOrgs"
    severities = {f.code: f.severity for f in check_manifest(data, now=NOW)}
    assert severities["app-token-version"] is Severity.INFO


@pytest.mark.parametrize(
    ("audience", "code"),
    [
        ("AzureADMyOrg", "app-audience-single-tenant"),
        ("AzureADMultipleOrgs", "app-audience-no-personal"),
        ("PersonalMicrosoftAccount", "app-audience-personal-only"),
        ("AzureADMultipleOrgs ", "app-audience-unknown"),
        (None, "app-audience-unknown"),
    ],
)
def test_each_audience(audience: str | None, code: str) -> None:
    data = load("good_graph.json")
    data["signInAudience"] = audience
    assert code in codes(data)


def test_web_redirect_uris_are_held_to_microsoft_rules() -> None:
    data = load("good_graph.json")
    data["web"]["redirectUris"] = ["http://acme.example.com/cb", "https://acme.example.com/cb?x=1"]
    found = check_manifest(data, now=NOW)
    assert {"redirect-uri-not-https", "redirect-uri-has-query"} <= {f.code for f in found}
    assert any("'http://acme.example.com/cb'" in f.message for f in found)


@pytest.mark.parametrize(
    ("days", "code"),
    [
        (-1, "app-secret-expired"),
        (0, "app-secret-expired"),
        (EXPIRY_WARNING_DAYS, "app-secret-expiring"),
    ],
)
def test_expiry_boundaries(days: int, code: str) -> None:
    data = load("good_graph.json")
    data["passwordCredentials"][0]["endDateTime"] = (NOW + timedelta(days=days)).isoformat()
    assert codes(data) == {code}


def test_a_secret_past_the_warning_window_is_fine() -> None:
    data = load("good_graph.json")
    end = NOW + timedelta(days=EXPIRY_WARNING_DAYS, seconds=1)
    data["passwordCredentials"][0]["endDateTime"] = end.isoformat()
    assert codes(data) == set()


def test_a_naive_now_is_utc() -> None:
    data = load("three_secrets_graph.json")
    assert codes(data, NOW.replace(tzinfo=None)) == codes(data)


def test_secret_values_never_appear(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = load("three_secrets_graph.json")
    data["passwordCredentials"][0]["secretText"] = "Xy8Q~real-looking-secret-value-0123456789"
    path = tmp_path / "app.json"
    path.write_text(json.dumps(data))
    main(["check-app", str(path), "--at", "2025-06-01", "--json"])
    main(["check-app", str(path), "--at", "2025-06-01"])
    assert "real-looking-secret" not in capsys.readouterr().out


def test_graph_list_responses_bytes_and_byte_order_marks_are_read() -> None:
    text = (DATA / "good_aad.json").read_text()
    assert read_manifest(("\ufeff" + text).encode()).display_name == "Globex Meetings"
    assert read_manifest({"value": [load("good_graph.json")]}).format == "microsoft-graph"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "empty"),
        ("{", "not JSON (line 1, column 2"),
        ("[1, 2]", "must be a JSON object"),
        ('{"foo": 1}', "not an app manifest"),
        ('{"value": []}', "lists 0 applications"),
        ('{"displayName": "x", "web": []}', "web must be an object"),
        ('{"displayName": "x", "web": {"redirectUris": [1]}}', "list of strings"),
        ('{"name": "x", "replyUrlsWithType": {"url": "y"}}', "replyUrlsWithType must be a list"),
        ('{"displayName": "x", "passwordCredentials": [{"endDateTime": "soon"}]}', "cannot read"),
        ('{"displayName": "x", "api": {"requestedAccessTokenVersion": "2"}}', "must be a number"),
        ("[" * 100000, "nested too deeply"),
    ],
)
def test_bad_files_raise_a_clear_error(data: str, message: str) -> None:
    with pytest.raises(ManifestError, match=message.replace("(", r"\(")):
        check_manifest(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
manifest_keys = st.sampled_from(
    [
        "displayName", "name", "signInAudience", "web", "spa", "publicClient", "api",
        "replyUrlsWithType", "replyUrls", "accessTokenAcceptedVersion", "passwordCredentials",
        "requiredResourceAccess", "publisherDomain", "verifiedPublisher", "value",
    ]
)  # fmt: skip


@given(st.dictionaries(manifest_keys, json_values, min_size=1))
def test_any_json_gives_findings_or_a_manifest_error(data: dict[str, Any]) -> None:
    try:
        findings = check_manifest(data, now=NOW)
    except ManifestError:
        return
    assert all(finding.code for finding in findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-04T16:15:40.112Z", datetime(2026, 9, 4, 16, 15, 40, 112000, timezone.utc)),
        ("2027-01-15T10:20:31.5230000Z", datetime(2027, 1, 15, 10, 20, 31, 523000, timezone.utc)),
        ("2025-06-01T02:00:00+02:00", datetime(2025, 6, 1, tzinfo=timezone.utc)),
        ("2025-06-01", datetime(2025, 6, 1, tzinfo=timezone.utc)),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: datetime | None) -> None:
    assert parse_time(text, "t") == expected


def test_every_manifest_code_is_reached_by_a_sample() -> None:
    reached: set[str] = set()
    for path in DATA.glob("*.json"):
        reached |= codes(json.loads(path.read_text()))
    manifest_codes = {spec.code for spec in APP_SPECS if spec.code.startswith("app-")}
    by_hand = {"app-audience-personal-only", "app-audience-unknown", "app-publisher-unverified"}
    assert manifest_codes - by_hand <= reached
    data = load("good_graph.json")
    data["verifiedPublisher"]["verifiedPublisherId"] = None
    assert codes(data) == {"app-publisher-unverified"}
    assert set(APP_CATALOG) == {spec.code for spec in APP_SPECS}


# -- the command line ------------------------------------------------------------------------


def test_cli_good_manifest_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-app", str(DATA / "good_graph.json"), "--at", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    assert "'Acme Calendar Sync' (microsoft-graph manifest)" in out
    assert "no findings" in out


def test_cli_bad_manifest_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-app", str(DATA / "three_secrets_graph.json"), "--at", "2025-06-01"]) == 1
    out = capsys.readouterr().out
    assert "ERROR   app-secret-expired" in out
    assert "fix:" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "spa_redirect_aad.json")
    assert main(["check-app", path, "--json", "--at", "2025-06-01"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"manifest", "findings"}
    assert data["manifest"]["format"] == "azure-ad-graph"
    assert data["manifest"]["spa_redirect_uris"] == [
        "https://globex.example.org/oauth/microsoft/callback"
    ]
    assert set(data["findings"][0]) == {"code", "severity", "message", "fix"}


def test_cli_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO((DATA / "good_aad.json").read_text()))
    assert main(["check-app", "-", "--at", "2025-06-01"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["check-app", "/nonexistent/manifest.json"],
        ["check-app", "BAD"],
        ["check-app", "X", "--at", "soon"],
    ],
)
def test_cli_unreadable_input_exits_2(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    argv = [str(bad) if arg in {"BAD", "X"} else arg for arg in argv]
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


# -- hostile files: one line, exit 2, never a traceback or an unbounded read -----------------


def _hostile_manifest(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return str(path)


def _with(change: dict[str, Any]) -> str:
    manifest = json.loads((DATA / "good_graph.json").read_text())
    manifest.update(change)
    return json.dumps(manifest)


def _secret_ending(end: str) -> str:
    return _with({"passwordCredentials": [{"displayName": "prod", "endDateTime": end}]})


HOSTILE_FILES = {
    "5000-digit-integer": (
        _with({"api": {"requestedAccessTokenVersion": 0}}).replace(
            '"requestedAccessTokenVersion": 0', '"requestedAccessTokenVersion": ' + "9" * 5000
        ),
        "too many digits",
    ),
    "4000-digit-integer": (
        _with({"api": {"requestedAccessTokenVersion": 0}}).replace(
            '"requestedAccessTokenVersion": 0', '"requestedAccessTokenVersion": ' + "9" * 4000
        ),
        "out of range",
    ),
    "end-before-year-1": (_secret_ending("0001-01-01T00:00:00+23:59"), "out of range"),
    "end-after-year-9999": (_secret_ending("9999-12-31T23:59:59-23:00"), "out of range"),
    "lone-surrogate": (_with({"displayName": "A\ud800B"}), "lone surrogate"),
    "over-1-MiB": (_with({"notes": "n" * (1024 * 1024)}), "larger than 1 MiB"),
}


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_cli_hostile_files_are_one_line_errors(
    name: str, json_flag: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, reason = HOSTILE_FILES[name]
    assert main(["check-app", _hostile_manifest(tmp_path, name, text), *json_flag]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("recall-outlook check-app: error: ")
    assert reason in err
    assert len(err.strip().splitlines()) == 1
    assert len(err) < 400


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-23:00", "0000-01-01", "9" * 5000]
)
def test_cli_at_out_of_range_is_a_one_line_error(
    moment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-app", str(DATA / "good_graph.json"), "--at", moment]) == 2
    err = capsys.readouterr().err
    assert err.startswith("recall-outlook check-app: error: --at")
    assert len(err.strip().splitlines()) == 1
    assert len(err) < 400


def test_cli_reads_at_most_a_little_over_1_mib(capsys: pytest.CaptureFixture[str]) -> None:
    # /dev/zero never ends: the command must stop reading, not exhaust memory.
    assert main(["check-app", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert "larger than 1 MiB" in err
    assert len(err.strip().splitlines()) == 1


def test_read_manifest_refuses_more_than_1_mib() -> None:
    with pytest.raises(ManifestError, match="larger than 1 MiB"):
        read_manifest(_with({"notes": "n" * (1024 * 1024)}))


def test_long_strings_are_cut_when_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = json.loads((DATA / "good_graph.json").read_text())
    manifest["displayName"] = "N" * 200_000
    manifest["web"]["redirectUris"].append("https://app.example.com/" + "p" * 100_000)
    manifest["publisherDomain"] = "d" * 50_000 + ".onmicrosoft.com"
    path = _hostile_manifest(tmp_path, "long", json.dumps(manifest))
    assert main(["check-app", path]) == 1
    out = capsys.readouterr().out
    assert "redirect-uri-too-long" in out
    assert max(len(line) for line in out.splitlines()) < 400
    assert len(out) < 5000
