"""check-forwarder against hostile servers on loopback: bounded in memory and in time.

The servers (:func:`tests.servers.hostile_server`) answer with a 2 GB body, an endless chunked
body, one byte every half second in the head or the body, terminal escapes in the
``Location``, a 100 KB header, something that is not HTTP, or nothing at all. The checker must
read no body, give up on a probe when its deadline passes, and say what was wrong. Memory is
measured in a child process (its own peak RSS, ``VmHWM`` in ``/proc``: Linux only); every
child has a hard timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.cli import main
from recall_outlook.forwarder.check import ForwarderCheckError, byte_diff, check_forwarder, visible
from recall_outlook.forwarder.fetch import _parse_head, shown_url
from recall_outlook.forwarder.probes import PROBES
from recall_outlook.forwarder.report import render_report
from tests import forwarders
from tests.servers import hostile_server

PEAK_RSS_LIMIT_KIB = 64 * 1024  # "a few tens of MiB whatever the server does"

# VmHWM (peak RSS of this process image) rather than getrusage's ru_maxrss, which Linux
# carries over from the forked parent, pytest, across execve.
_MEASURED = """
import json, sys
from pathlib import Path
from recall_outlook.cli import main
code = main(sys.argv[1:])
status = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "peak_kib": peak}), file=sys.stderr)
"""


def run_measured(argv: list[str], *, limit: float) -> tuple[int, int, str, str]:
    """Run the command line in a child; return (exit code, peak RSS KiB, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *argv],
        capture_output=True,
        text=True,
        timeout=limit,
        env=forwarders.python_env(),
        check=False,
    )
    *lines, last = done.stderr.strip().splitlines()
    measured = json.loads(last)
    return measured["code"], measured["peak_kib"], done.stdout, "\n".join(lines)


@pytest.mark.parametrize("mode", ["huge-body", "endless-chunked", "drip-body"])
def test_a_body_is_never_read(mode: str) -> None:
    # Each answer's head is a correct redirect: every probe passes without reading the body.
    with hostile_server(mode) as url:
        code, peak, out, err = run_measured(
            ["check-forwarder", url, "--timeout", "5", "--json"], limit=120
        )
    assert code == 0, err
    report = json.loads(out)
    assert report["passed"] is True
    assert len(report["probes"]) == len(PROBES)
    assert peak < PEAK_RSS_LIMIT_KIB, f"peak RSS {peak} KiB"


def test_a_dripping_head_ends_at_the_probe_deadline() -> None:
    with hostile_server("drip-head") as url:
        code, peak, out, err = run_measured(["check-forwarder", url, "--timeout", "2"], limit=60)
    assert code == 2
    assert out == ""
    assert err.startswith("recall-outlook check-forwarder: error: no answer from ")
    assert "no complete status line and headers within 2 s" in err
    assert len(err.splitlines()) == 1
    assert peak < PEAK_RSS_LIMIT_KIB


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("long-head", "headers are longer than 64 KiB"),
        ("not-http", "not HTTP/1.x"),
        ("silent", "within 1 s"),
    ],
)
def test_unusable_answers_are_named(mode: str, reason: str) -> None:
    with hostile_server(mode) as url, pytest.raises(ForwarderCheckError) as caught:
        check_forwarder(url, timeout=1)
    assert reason in str(caught.value)


def test_control_bytes_in_the_location_are_judged_and_shown_escaped() -> None:
    with hostile_server("control-location") as url:
        report = check_forwarder(url, timeout=5)
    assert not report.passed
    failed = {
        check.name for result in report.results for check in result.checks if not check.passed
    }
    assert failed == {"query"}  # the real fault, not "no answer"
    table = render_report(report)
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in table)
    assert "\\x1b[2J\\x07\\x9b" in table
    as_json = json.dumps(report.as_dict())
    assert "\\u001b" in as_json


def test_cli_json_escapes_c1_controls(capsys: pytest.CaptureFixture[str]) -> None:
    with hostile_server("control-location") as url:
        assert main(["check-forwarder", url, "--json", "--timeout", "5"]) == 1
    out = capsys.readouterr().out
    assert "\x9b" not in out
    assert "\x1b" not in out
    assert "\\u009b" in out
    assert json.loads(out)["passed"] is False


def test_byte_diff_keeps_the_caret_under_an_escaped_byte() -> None:
    text = byte_diff("a=1&b=2", "a=\x1b1&b=2")
    assert text is not None
    first, expected, got, caret = text.splitlines()
    assert "got '\\x1b1&b=2'" in first
    column = caret.index("^")
    assert got[column:].startswith("\\x1b")
    assert expected[column] == "1"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("\x1b[31m", "\\x1b[31m"),
        ("\x9b\x7f", "\\x9b\\x7f"),
        ("a\\x1b", "a\\\\x1b"),
    ],
)
def test_visible_escapes_controls_and_backslashes(text: str, shown: str) -> None:
    assert visible(text) == shown


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "1e999", "soon"])
def test_bad_timeouts_are_usage_errors(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check-forwarder", "http://127.0.0.1:9/cb", f"--timeout={value}"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--timeout" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["serve-forwarder", f"--header-timeout={value}"]) == 2
    assert "--header-timeout" in capsys.readouterr().err


@pytest.mark.parametrize("value", [0, -1.0, float("nan"), float("inf")])
def test_bad_timeouts_are_refused_by_the_library(value: float) -> None:
    with pytest.raises(ForwarderCheckError, match="timeout"):
        check_forwarder("http://127.0.0.1:9/cb", timeout=value)


def test_a_password_in_the_url_is_never_shown(capsys: pytest.CaptureFixture[str]) -> None:
    port = forwarders.free_port()
    secret = "hunter2-SWEEP-pw"
    assert main(["check-forwarder", f"http://ada:{secret}@127.0.0.1:{port}/cb"]) == 2
    err = capsys.readouterr().err
    assert secret not in err
    assert "ada:***@127.0.0.1" in err
    for url in [f"ftp://ada:{secret}@example.com/cb", f"https://ada:{secret}@example.com/cb?x=1"]:
        assert main(["check-forwarder", url]) == 2
        assert secret not in capsys.readouterr().err


def test_a_password_in_the_url_is_masked_in_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    from recall_outlook.forwarder.forward import make_wsgi_app

    secret = "hunter2-SWEEP-pw"
    with forwarders.serve_wsgi(make_wsgi_app()) as base:
        url = base.replace("http://", f"http://ada:{secret}@") + "/api/ms_oauth_callback"
        for flags in ([], ["--json"]):
            assert main(["check-forwarder", url, *flags]) == 0
            out, err = capsys.readouterr()
            assert secret not in out + err
            assert "ada:***@" in out


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1, made with Debian's openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key),
            *("-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def test_https_forwarders_are_checked_with_verified_tls(certificate: tuple[str, str]) -> None:
    import ssl

    from werkzeug.serving import make_server

    from recall_outlook.forwarder.fetch import http_fetch
    from recall_outlook.forwarder.forward import make_wsgi_app

    cert, key = certificate
    server = make_server("127.0.0.1", 0, make_wsgi_app(), threaded=True, ssl_context=(cert, key))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_port}/api/ms_oauth_callback"
        trusting = ssl.create_default_context(cafile=cert)
        assert check_forwarder(url, fetch=http_fetch(5, context=trusting)).passed
        with pytest.raises(ForwarderCheckError, match="CERTIFICATE_VERIFY_FAILED"):
            check_forwarder(url, timeout=5)  # the system's authorities do not know it
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


# -- properties of what parses and shows answers ---------------------------------------------


@given(st.text())
def test_visible_is_printable_ascii_and_loses_nothing(text: str) -> None:
    import codecs

    shown = visible(text)
    assert all(0x20 <= ord(char) <= 0x7E for char in shown)
    assert codecs.decode(shown, "unicode_escape") == text


@given(st.binary(max_size=2000))
def test_any_head_is_parsed_or_refused_cleanly(head: bytes) -> None:
    try:
        status, headers = _parse_head(head)
    except ForwarderCheckError:
        return
    assert 100 <= status <= 599
    assert all(name and ":" not in name for name, _ in headers)


_NAMES = st.from_regex(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,30}", fullmatch=True)
_VALUES = st.text(st.characters(min_codepoint=0x21, max_codepoint=0xFF), max_size=200).map(
    lambda value: value.strip(" \t")
)


@given(st.sampled_from([200, 302, 404, 503]), st.lists(st.tuples(_NAMES, _VALUES), max_size=30))
def test_well_formed_heads_are_read_back(status: int, headers: list[tuple[str, str]]) -> None:
    lines = [f"HTTP/1.1 {status} Reason"] + [f"{name}: {value}" for name, value in headers]
    assert _parse_head("\r\n".join(lines).encode("latin-1")) == (status, tuple(headers))


@given(
    st.from_regex(r"[a-z]{1,10}", fullmatch=True),
    st.text(
        st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="@/?#"), min_size=4
    ),
)
def test_a_password_never_shows(user: str, password: str) -> None:
    shown = shown_url(f"https://{user}:{password}@app.example.com/api/ms_oauth_callback")
    assert shown == f"https://{user}:***@app.example.com/api/ms_oauth_callback"
