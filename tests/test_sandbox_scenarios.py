"""Every scenario of the catalog ends as it says, in process, automatic and interactive."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from recall_outlook.sandbox import SCENARIOS, Sandbox, get_scenario, run_scenario
from recall_outlook.sandbox.config import API_KEY, SECRET_VALUE

# Outcomes written out independently of the catalog's own expectations.
EXPECTED = {
    "development": ("connected", "success_url", None),
    "production": ("connected", "success_url", None),
    "personal-account": ("connected", "success_url", None),
    "user-declines": ("failed", "error_url", "AADSTS65004"),
    "admin-consent": ("connected", "success_url", None),
    "prompt-consent-loop": ("connected", "success_url", None),
    "unregistered-redirect": ("failed", "microsoft", "AADSTS50011"),
    "state-redirect-mismatch": ("failed", "error_url", "recall:refresh_token_missing"),
    "wrong-client-secret": ("failed", "error_url", "AADSTS7000215"),
    "expired-client-secret": ("failed", "error_url", "AADSTS7000222"),
    "single-tenant-on-common": ("failed", "microsoft", "AADSTS50194"),
    "missing-offline-access": ("failed", "error_url", "recall:refresh_token_missing"),
    # A bad token makes the state untrustworthy: no redirect to its error_url (issue 18).
    "expired-recall-token": ("failed", "recall", "recall:invalid_calendar_auth_token"),
    "naive-forwarder": ("failed", "recall", None),
}


def test_catalog_lists_every_required_scenario() -> None:
    assert set(EXPECTED) == set(SCENARIOS)
    for scenario in SCENARIOS.values():
        assert scenario.description
        assert "\n" not in scenario.description


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("interactive", [False, True], ids=["automatic", "interactive"])
def test_scenario_outcome(name: str, interactive: bool) -> None:
    run = run_scenario(name, interactive=interactive)
    status, stopped_at, key = EXPECTED[name]
    assert run.passed, run.as_text()
    assert run.outcome.status == status
    assert run.outcome.stopped_at == stopped_at
    if key is not None:
        assert key in run.outcome.keys
    if status == "failed":
        assert run.outcome.explanation is not None
        assert run.outcome.error


def test_connected_outcome_names_the_microsoft_account() -> None:
    assert run_scenario("production").outcome.email == "ada@contoso.com"
    assert run_scenario("personal-account").outcome.email == "grace@outlook.com"


def test_admin_consent_steps() -> None:
    run = run_scenario("admin-consent")
    first, granted, again = (trace.outcome for trace in run.traces)
    assert (first.status, first.stopped_at, "AADSTS90094" in first.keys) == (
        "failed",
        "microsoft",
        True,
    )
    assert granted.status == "granted"
    assert again.email == "bob@fabrikam.com"


def test_prompt_consent_loops_even_after_admin_consent() -> None:
    with Sandbox("prompt-consent-loop") as sandbox:
        assert sandbox.microsoft.admin_consented("bbbbcccc-1111-dddd-2222-eeee3333ffff", ["openid"])
        looped = sandbox.run_step(0)
        again = sandbox.run_step(0)  # the loop: the same URL fails every time
        fixed = sandbox.run_step(1)
    assert "AADSTS90094" in looped.outcome.keys
    assert "AADSTS90094" in again.outcome.keys
    assert fixed.outcome.status == "connected"


def test_microsoft_error_pages_are_not_redirected() -> None:
    for name in ("unregistered-redirect", "single-tenant-on-common"):
        trace = run_scenario(name).traces[-1]
        last = trace.hops[-1]
        assert last.party == "microsoft"
        assert last.location is None
        assert last.status >= 400


def test_back_channel_token_error_is_in_the_trace() -> None:
    trace = run_scenario("wrong-client-secret").traces[-1]
    token_hops = [hop for hop in trace.hops if hop.url.endswith("/oauth2/v2.0/token")]
    assert len(token_hops) == 1
    assert token_hops[0].channel == "back"
    assert token_hops[0].status == 401
    assert token_hops[0].note is not None
    assert token_hops[0].note.startswith("AADSTS7000215")
    # The root cause comes before Recall's summary of it.
    keys = run_scenario("wrong-client-secret").outcome.keys
    assert keys.index("AADSTS7000215") < keys.index("recall:refresh_token_missing")


def test_state_mismatch_fails_at_the_token_endpoint() -> None:
    keys = run_scenario("state-redirect-mismatch").outcome.keys
    assert "AADSTS500112" in keys


def test_naive_forwarder_changes_the_query_the_core_one_keeps() -> None:
    naive = run_scenario("naive-forwarder").traces[-1]
    good = run_scenario("production").traces[-1]

    def forwarded(trace_hops: tuple[object, ...]) -> tuple[str, str]:
        hop = next(
            h
            for h in trace_hops
            if getattr(h, "url", "").split("?")[0].endswith("/api/ms_oauth_callback")
        )
        return hop.url.partition("?")[2], (hop.location or "").partition("?")[2]  # type: ignore[attr-defined]

    received, sent = forwarded(good.hops)
    assert received == sent
    received, sent = forwarded(naive.hops)
    assert received != sent


@pytest.mark.parametrize("name", list(EXPECTED))
def test_traces_never_show_secrets(name: str) -> None:
    with Sandbox(name) as sandbox:
        run = sandbox.run()
        codes = list(sandbox.microsoft.tokens._codes)
    dumped = run.as_text() + json.dumps(run.as_dict()) + repr(run)
    assert SECRET_VALUE not in dumped
    assert API_KEY not in dumped
    for code in codes:
        assert code[:12] not in dumped
    # Calendar auth tokens, access and id tokens are JWTs: only "eyJ…***" may show.
    assert not re.search(r"eyJ[A-Za-z0-9_-]{4}", dumped)


def test_get_scenario_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="production"):
        get_scenario("nope")


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"])
def test_no_proxy_from_the_environment_reaches_past_the_sandbox(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy in the environment must neither carry a request out nor change an outcome.
    monkeypatch.setenv(variable, "http://127.0.0.1:9")
    refused = pytest.raises(httpx.ConnectError, match=r"refuses to contact example\.org")
    with Sandbox("production") as sandbox, refused:
        sandbox.browser.get("https://example.org/")
    assert run_scenario("production").outcome.status == "connected"
