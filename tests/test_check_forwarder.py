"""check-forwarder: the probe catalog, the judging of answers, and real forwarders on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import uvicorn
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.cli import main
from recall_outlook.forwarder.check import (
    ForwarderCheckError,
    Reply,
    byte_diff,
    check_forwarder,
    check_response,
)
from recall_outlook.forwarder.forward import make_asgi_app, make_wsgi_app
from recall_outlook.forwarder.probes import FORWARDER_CATALOG, FORWARDER_SPECS, PROBES, Probe
from recall_outlook.forwarder.report import CHECK_CODES, render_report
from recall_outlook.regions import get_region
from tests import forwarders

US = get_region("us-east-1").ms_callback_url
GOOD_HEADERS = (("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer"))
PROBE = Probe("t", "code=SAMPLE+a%2Bb&state=x", "test")


def reply(status: int = 302, location: str | None = None, *extra: tuple[str, str]) -> Reply:
    where = f"{US}?{PROBE.query}" if location is None else location
    headers = (("Location", where),) if where else ()
    return Reply(status, (*headers, *(extra or GOOD_HEADERS)))


def failed(result: Any) -> set[str]:
    return {check.name for check in result.checks if not check.passed}


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    port = forwarders.free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        forwarders._wait_for(port, None, None)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# -- the catalog -----------------------------------------------------------------------------


def test_probe_names_are_unique_and_values_are_samples() -> None:
    assert len({probe.name for probe in PROBES}) == len(PROBES)
    for probe in PROBES:
        for key, value in parse_qsl(probe.query, keep_blank_values=True):
            if key == "code":
                assert value == "" or value.startswith("SAMPLE"), probe.name
        assert "#" not in probe.query
        assert probe.query.isascii()


def test_probes_cover_the_tricky_cases() -> None:
    queries = " ".join(probe.query for probe in PROBES)
    for needle in ["code=SAMPLE-first&code=SAMPLE-second", "+", "%2B", "%20", "%E2%9C%93"]:
        assert needle in queries
    assert any("error=access_denied" in probe.query for probe in PROBES)
    assert any("=&" in probe.query for probe in PROBES)
    assert max(len(probe.query) for probe in PROBES) > 1000


def test_every_check_has_a_finding_code() -> None:
    assert set(CHECK_CODES.values()) == {spec.code for spec in FORWARDER_SPECS}
    assert set(FORWARDER_CATALOG) == set(CHECK_CODES.values())


# -- judging one answer ----------------------------------------------------------------------


def test_a_correct_answer_passes() -> None:
    result = check_response(PROBE, reply())
    assert result.passed
    assert result.difference is None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(reply(200, ""), {"status", "target", "query"}, id="no-redirect"),
        pytest.param(reply(301), {"not-cached"}, id="permanent-301"),
        pytest.param(reply(308), {"not-cached"}, id="permanent-308"),
        pytest.param(
            reply(302, None, ("Referrer-Policy", "no-referrer")), {"no-store"}, id="no-cc"
        ),
        pytest.param(
            reply(302, None, ("Cache-Control", "no-store, max-age=3600"), GOOD_HEADERS[1]),
            {"not-cached"},
            id="max-age",
        ),
        pytest.param(
            reply(302, None, ("Cache-Control", "public, no-store"), GOOD_HEADERS[1]),
            {"not-cached"},
            id="public",
        ),
        pytest.param(reply(302, None, GOOD_HEADERS[0]), {"referrer"}, id="no-referrer-policy"),
        pytest.param(
            reply(302, None, GOOD_HEADERS[0], ("Referrer-Policy", "unsafe-url")),
            {"referrer"},
            id="unsafe-url",
        ),
        pytest.param(
            reply(302, f"/api/v1/calendar/ms_oauth_callback/?{PROBE.query}"),
            {"target"},
            id="relative",
        ),
        pytest.param(
            reply(302, f"{get_region('eu-central-1').ms_callback_url}?{PROBE.query}"),
            {"target"},
            id="other-region",
        ),
        pytest.param(reply(302, US.rstrip("/") + f"?{PROBE.query}"), {"target"}, id="no-slash"),
        pytest.param(reply(302, f"{US}?{PROBE.query}#x"), {"target"}, id="fragment"),
        pytest.param(reply(302, f"{US}?code=SAMPLE+a%2bb&state=x"), {"query"}, id="re-cased"),
        pytest.param(reply(302, US), {"query"}, id="query-dropped"),
    ],
)
def test_each_mistake_fails_its_check(answer: Reply, expected: set[str]) -> None:
    assert failed(check_response(PROBE, answer)) == expected


def test_the_last_referrer_policy_wins() -> None:
    headers = (GOOD_HEADERS[0], ("Referrer-Policy", "unsafe-url, no-referrer"))
    assert check_response(PROBE, reply(302, None, *headers)).passed


def test_the_query_actually_sent_is_the_reference() -> None:
    sent = "code=SAMPLE%20x"
    answer = Reply(302, (("Location", f"{US}?{sent}"), *GOOD_HEADERS), sent_query=sent)
    assert check_response(PROBE, answer).passed


# -- the byte difference ---------------------------------------------------------------------


def test_byte_diff_points_at_the_first_changed_byte() -> None:
    text = byte_diff("code=a%2Bb&state=x", "code=a+b&state=x")
    assert text is not None
    first, expected, got, caret = text.splitlines()
    assert first.startswith("first difference at byte 6 (sent 18 bytes, got 16)")
    assert "expected '%2Bb&s'" in first
    assert "got '+b&sta'" in first
    column = caret.index("^")
    assert expected[column] == "%"
    assert got[column] == "+"


def test_byte_diff_of_equal_strings_is_none() -> None:
    assert byte_diff("a=1", "a=1") is None


def test_byte_diff_when_one_is_a_prefix() -> None:
    text = byte_diff("a=1&b=", "a=1")
    assert text is not None
    assert "byte 3" in text
    assert "got '(end)'" in text


@given(
    prefix=st.text(alphabet="abc=&%+", max_size=80),
    left=st.text(alphabet="xyz", min_size=1, max_size=40),
    right=st.text(alphabet="XYZ", max_size=40),
)
def test_byte_diff_caret_is_under_the_difference(prefix: str, left: str, right: str) -> None:
    text = byte_diff(prefix + left, prefix + right)
    assert text is not None
    lines = text.splitlines()
    assert f"at byte {len(prefix)} " in lines[0]
    column = lines[3].index("^")
    assert lines[1][column] == left[0]
    assert column >= len(lines[2]) or lines[2][column] == (right[:1] or lines[2][column])


# -- real forwarders on loopback -------------------------------------------------------------


def test_the_package_wsgi_forwarder_passes() -> None:
    with forwarders.serve_wsgi(make_wsgi_app(region="eu-central-1")) as base:
        report = check_forwarder(base + "/api/ms_oauth_callback", region="eu-central-1")
    assert report.passed, render_report(report)
    assert report.findings() == []


def test_the_package_asgi_forwarder_on_uvicorn_passes() -> None:
    app = make_asgi_app(region="us-west-2", path="/api/ms_oauth_callback")
    with serve_asgi(app) as base:
        report = check_forwarder(base + "/api/ms_oauth_callback", region="us-west-2")
    assert report.passed, render_report(report)


def test_nginx_passes(tmp_path: Path) -> None:
    with forwarders.nginx_server(tmp_path) as url:
        report = check_forwarder(url)
    assert report.passed, render_report(report)


def test_the_wrong_region_fails_every_probe() -> None:
    with forwarders.serve_wsgi(make_wsgi_app(region="us-east-1")) as base:
        report = check_forwarder(base + "/cb", region="eu-central-1")
    assert not any(result.passed for result in report.results)
    assert [finding.code for finding in report.findings()] == ["forwarder-wrong-target"]


def test_a_naive_forwarder_fails_with_the_difference_shown() -> None:
    with forwarders.serve_wsgi(forwarders.naive_app) as base:
        report = check_forwarder(base + "/cb")
    results = {result.probe.name: result for result in report.results}
    assert not report.passed
    assert results["success"].passed  # nothing tricky: a naive forwarder gets this one right
    changed = {name for name, result in results.items() if not result.passed}
    assert changed == {
        "percent-20",  # %20 becomes +
        "unicode",  # and again between the UTF-8 escapes
        "lowercase-escapes",  # %2b becomes %2B
        "empty-values",  # parse_qsl drops blank values
        "reserved-characters",  # ! $ ' ( ) * , ; : @ / ? get escaped
    }
    assert all(failed(results[name]) == {"query"} for name in changed)
    difference = results["percent-20"].difference
    assert difference is not None
    assert "expected '%20cod'" in difference
    assert "got '+code&'" in difference
    codes = [finding.code for finding in report.findings()]
    assert codes == ["forwarder-query-changed"]
    table = render_report(report)
    assert "percent-20" in table
    assert "^" in table
    assert "FAIL" in table


def test_a_dict_based_forwarder_loses_repeated_keys() -> None:
    with forwarders.serve_wsgi(forwarders.naive_dict_app) as base:
        report = check_forwarder(base + "/cb")
    result = next(result for result in report.results if result.probe.name == "repeated-keys")
    assert result.difference is not None
    assert "expected 'SAMPLE', got 'SAMPLE'" not in result.difference
    assert "code=SAMPLE-second&state=two" in result.difference


def test_injected_fetch_needs_no_network() -> None:
    seen: list[str] = []

    def fetch(url: str) -> Reply:
        seen.append(url)
        query = url.partition("?")[2]
        return Reply(302, (("Location", f"{US}?{query}"), *GOOD_HEADERS))

    report = check_forwarder("https://app.example.com/api/ms_oauth_callback", fetch=fetch)
    assert report.passed
    assert seen == [f"https://app.example.com/api/ms_oauth_callback?{p.query}" for p in PROBES]


@pytest.mark.parametrize(
    "url", ["app.example.com/cb", "https://app.example.com/cb?x=1", "https://app.example.com/#f"]
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(ForwarderCheckError):
        check_forwarder(url, fetch=lambda _: Reply(302, ()))


def test_an_unreachable_forwarder_is_an_error() -> None:
    port = forwarders.free_port()
    with pytest.raises(ForwarderCheckError, match="no answer"):
        check_forwarder(f"http://127.0.0.1:{port}/cb", timeout=2)


# -- the command line ------------------------------------------------------------------------


def test_cli_passes_on_the_package_forwarder(capsys: pytest.CaptureFixture[str]) -> None:
    with forwarders.serve_wsgi(make_wsgi_app(region="ap-northeast-1")) as base:
        code = main(["check-forwarder", base + "/cb", "--region", "ap-northeast-1"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{len(PROBES)} probes: {len(PROBES)} passed, 0 failed" in out


def test_cli_fails_on_the_naive_forwarder(capsys: pytest.CaptureFixture[str]) -> None:
    with forwarders.serve_wsgi(forwarders.naive_app) as base:
        code = main(["check-forwarder", base + "/cb"])
    out = capsys.readouterr().out
    assert code == 1
    assert "first difference at byte" in out
    assert "expected:" in out
    assert "got:" in out


def test_cli_json_has_stable_keys(capsys: pytest.CaptureFixture[str]) -> None:
    with forwarders.serve_wsgi(forwarders.naive_app) as base:
        code = main(["check-forwarder", base + "/cb", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(data) == {"url", "region", "callback", "passed", "probes", "findings"}
    assert data["passed"] is False
    probe = data["probes"][0]
    assert set(probe) == {"probe", "query", "status", "location", "passed", "checks", "difference"}
    assert [check["name"] for check in probe["checks"]] == list(CHECK_CODES)
    assert {"code", "severity", "message", "fix"} == set(data["findings"][0])


@pytest.mark.parametrize(
    "argv",
    [
        ["check-forwarder", "https://app.example.com/cb?code=1"],
        ["check-forwarder", "https://app.example.com/cb", "--region", "mars-1"],
        ["check-forwarder"],
    ],
)
def test_cli_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_cli_unreachable_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    port = forwarders.free_port()
    assert main(["check-forwarder", f"http://127.0.0.1:{port}/cb", "--timeout", "2"]) == 2
    assert "no answer" in capsys.readouterr().err


def test_wsgi_fetch_checks_a_forwarder_in_process() -> None:
    from recall_outlook import check_forwarder as check
    from recall_outlook import make_wsgi_app, wsgi_fetch

    url = "https://app.example.com/api/ms_oauth_callback"
    assert check(
        url, region="eu-central-1", fetch=wsgi_fetch(make_wsgi_app(region="eu-central-1"))
    ).passed
    wrong = check(url, region="us-east-1", fetch=wsgi_fetch(make_wsgi_app(region="eu-central-1")))
    assert not wrong.passed
    assert "forwarder-wrong-target" in {finding.code for finding in wrong.findings()}
