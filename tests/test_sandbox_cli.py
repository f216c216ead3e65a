"""``recall-outlook sandbox``: in process for --list and --run, as a subprocess for serving."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from recall_outlook.cli import cmd_sandbox
from recall_outlook.sandbox import SCENARIOS
from recall_outlook.sandbox.config import API_KEY, SECRET_VALUE

SRC = str(Path(__file__).resolve().parent.parent / "src")


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cmd_sandbox.register(parser.add_subparsers())
    args = parser.parse_args(["sandbox", *argv])
    return int(args.handler(args))


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--list"]) == 0
    out = capsys.readouterr().out
    for name, scenario in SCENARIOS.items():
        assert re.search(rf"^{re.escape(name)} +{re.escape(scenario.description)}$", out, re.M)


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--list", "--json"]) == 0
    names = [item["name"] for item in json.loads(capsys.readouterr().out)]
    assert names == list(SCENARIOS)


def test_run_prints_the_trace(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--run", "--scenario", "wrong-client-secret"]) == 0
    out = capsys.readouterr().out
    assert "FAILED at error_url" in out
    assert "AADSTS7000215" in out
    assert SECRET_VALUE not in out
    assert API_KEY not in out


def test_run_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--run", "--json", "--scenario", "production"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is True
    assert data["steps"][0]["outcome"]["email"] == "ada@contoso.com"


def test_serve_logs_hops_and_stops_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "recall_outlook", "sandbox", "--scenario", "production"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Start: "):
                break
        start = lines[-1].removeprefix("Start: ").strip()
        assert start.startswith("http://127.0.0.1:")
        assert any("production" in line for line in lines)
        index = httpx.get(start, timeout=10)
        assert index.status_code == 200
        form = re.search(
            r"<form id='step-0' method='post' action='([^']+)'>(.*?)</form>", index.text
        )
        assert form is not None
        fields = dict(re.findall(r"name='(\w+)' value='([^']*)'", form.group(2)))
        assert set(fields) == {"step", "run"}
        final = httpx.post(
            start.rstrip("/") + form.group(1), data=fields, follow_redirects=True, timeout=10
        )
        assert final.url.path == "/calendar/connected"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    logged = "".join(lines) + out
    assert "/oauth2/v2.0/authorize" in logged
    assert "ms_oauth_callback" in logged
    assert SECRET_VALUE not in logged + err
    assert API_KEY not in logged + err
    assert not re.search(r"code=1\.AXkA[A-Za-z0-9_-]{4}", logged + err)
    assert "Sandbox stopped." in err
