"""The command line of the core: in process with capsys, and a few runs of the entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from urllib.parse import parse_qsl, urlsplit

import pytest

from recall_outlook import CalendarState
from recall_outlook.cli import build_parser, main

CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
TOKEN = "sample-calendar-auth-token-for-cli"
CODE = "0.AXkA-sample-authorization-code-for-cli"
DEMO = (
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?scope=offline_access "
    "openid email https://graph.microsoft.com/Calendars.Read&response_mode=query"
    "&response_type=code&prompt=consent&state="
    '{"recall_calendar_auth_token":"' + TOKEN + '","ms_oauth_redirect_url":'
    '"https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"}'
    "&redirect_uri=https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
    f"&client_id={CLIENT_ID}"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_url_builds_from_the_environment_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECALL_CALENDAR_AUTH_TOKEN", TOKEN)
    code, out, _err = run(
        capsys, "url", "--client-id", CLIENT_ID, "--recall-region", "eu-central-1", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert sorted(data) == ["findings", "url"]
    state = CalendarState.from_json(dict(parse_qsl(urlsplit(data["url"]).query))["state"])
    assert state.recall_calendar_auth_token == TOKEN
    assert state.ms_oauth_redirect_url.startswith("https://eu-central-1.recall.ai/")
    assert [f["code"] for f in data["findings"]] == ["redirect-uri-recall-development"]
    assert sorted(data["findings"][0]) == ["code", "fix", "message", "severity"]


def test_url_without_a_token_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECALL_CALENDAR_AUTH_TOKEN", raising=False)
    code, out, err = run(capsys, "url", "--client-id", CLIENT_ID, "--recall-region", "us-east-1")
    assert code == 2
    assert out == ""
    assert "RECALL_CALENDAR_AUTH_TOKEN" in err
    assert len(err.strip().splitlines()) == 1


def test_url_findings_go_to_stderr_masked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "url",
        "--client-id",
        CLIENT_ID,
        "--redirect-uri",
        "http://app.example.com/cb",
        "--token",
        TOKEN,
        "--prompt",
        "consent",
    )
    assert code == 0
    assert out.startswith("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?")
    assert "prompt-consent" in err
    assert "redirect-uri-not-https" in err
    assert TOKEN not in err


def test_lint_exits_1_on_errors_and_0_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", DEMO)
    assert code == 0  # the demo app's URL works: only warnings and info
    assert "prompt-consent" in out
    assert TOKEN not in out
    code, out, _ = run(capsys, "lint", DEMO.replace(CLIENT_ID, "my-app"))
    assert code == 1
    assert "client-id-not-guid" in out


def test_lint_json_has_findings_and_the_parsed_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, out, _ = run(capsys, "lint", DEMO, "--json")
    data = json.loads(out)
    assert {"findings", "request"} <= set(data)
    assert data["request"]["endpoint"]["tenant"] == "common"
    assert TOKEN not in out


def test_lint_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(DEMO))
    _code, out, _ = run(capsys, "lint", "-")
    assert "prompt-consent" in out


def test_empty_input_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "lint", "   ")
    assert code == 2
    assert "empty" in err


def test_explain_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "AADSTS50011")
    assert code == 0
    assert "Redirect URI" in out
    code, out, _ = run(capsys, "explain", "AADSTS99999999", "--json")
    data = json.loads(out)
    assert data["known"] is False
    callback = (
        f"https://app.example.com/cb?code={CODE}&error=access_denied"
        "&error_description=AADSTS65004%3A+User+declined"
    )
    code, out, _ = run(capsys, "explain", callback)
    assert "65004" in out
    assert CODE not in out


def test_forward_keeps_the_query_and_masks_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    query = f"code={CODE}&state=%7B%22a%22%3A1%7D&x=a+b%2Bc&x="
    code, out, _ = run(
        capsys, "forward", f"https://app.example.com/cb?{query}", "--region", "ap-northeast-1"
    )
    assert code == 0
    assert out.startswith(
        "https://ap-northeast-1.recall.ai/api/v1/calendar/ms_oauth_callback/?code="
    )
    assert CODE not in out
    code, out, _ = run(capsys, "forward", query, "--show-secrets")
    assert out.strip() == f"https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/?{query}"


def test_admin_consent_url_refuses_common(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "admin-consent-url",
        "--client-id",
        CLIENT_ID,
        "--redirect-uri",
        "https://x.example.com/a",
    ]
    code, out, err = run(capsys, *args, "--tenant", "common")
    assert code == 2
    assert "common" in err
    code, out, _ = run(capsys, *args, "--tenant", "contoso.onmicrosoft.com")
    assert code == 0
    assert out.startswith(
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["url", "--client-id", CLIENT_ID],
        ["forward"],
        ["serve-forwarder", "--port", "99999"],
        ["url", "--client-id", CLIENT_ID, "--recall-region", "mars-1", "--token", "t"],
    ],
)
def test_bad_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if "error" in line]) == 1


def test_every_command_has_help_with_an_example() -> None:
    import argparse

    parser = build_parser()
    (commands,) = [
        action.choices
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    ]
    assert {"url", "lint", "explain", "forward", "admin-consent-url", "serve-forwarder"} <= set(
        commands
    )
    for name, sub in commands.items():
        assert "Example" in sub.format_help(), name


def test_the_installed_entry_point() -> None:
    exe = shutil.which("recall-outlook") or str(
        __import__("pathlib").Path(sys.executable).with_name("recall-outlook")
    )
    done = subprocess.run(
        [exe, "lint", DEMO, "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "prompt-consent" in done.stdout
    bad = subprocess.run([exe, "explain"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


# -- a closed pipe (issue 11) -----------------------------------------------------------------

BIG = "AADSTS50011 " + "x" * 300_000


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["explain", "--json", "-"], BIG),
        (["explain", "-"], BIG),
        (["lint", "--json", "-"], DEMO + "&junk=" + "y" * 300_000),
        (["--help"], ""),
    ],
    ids=["explain-json", "explain-text", "lint-json", "help"],
)
def test_a_closed_pipe_ends_quietly(args: list[str], stdin: str) -> None:
    exe = shutil.which("recall-outlook") or str(
        __import__("pathlib").Path(sys.executable).with_name("recall-outlook")
    )
    # recall-outlook ... | head -c 1: the reader takes one byte and hangs up.
    with subprocess.Popen(
        [exe, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:
        assert child.stdin is not None
        assert child.stdout is not None
        child.stdin.write(stdin.encode())
        child.stdin.close()
        assert child.stdout.read(1)
        child.stdout.close()
        err = child.stderr.read() if child.stderr else b""
        child.wait(timeout=60)
    assert err == b""
    # 0 when the reader left during one large write: CPython's buffered writer then drops the
    # rest of that write without an error (the JSON output is one write). Either way: no traceback.
    assert child.returncode in {0, 141}
    # Text output comes in many writes: the next one finds the pipe closed.
    if args == ["explain", "-"]:
        assert child.returncode == 141


def test_every_command_ends_quietly_on_a_closed_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from recall_outlook import cli

    def hung_up(argv: object = None) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(cli, "main", hung_up)
    monkeypatch.setattr(os, "dup2", lambda *args: None)
    with pytest.raises(SystemExit) as done:
        cli.run()
    assert done.value.code == 141
