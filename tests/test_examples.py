"""The example apps: their frameworks' test clients, their own process, and the sandbox CLI.

The apps run against the sandbox's Microsoft and Recall on loopback (:class:`SandboxServer`),
configured the way a deployment is: :func:`load_settings` of environment variables. The whole
flow in a real browser is in ``test_examples_browser.py``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall_outlook.authorize.lint import lint_authorize_url
from recall_outlook.cli import main
from recall_outlook.findings import Severity
from recall_outlook.forwarder.app_settings import APP_ENVIRONMENT, load_settings
from recall_outlook.sandbox.config import API_KEY
from recall_outlook.sandbox.example import EXAMPLES, example_environ, example_scenarios
from recall_outlook.sandbox.scenarios import get_scenario
from recall_outlook.sandbox.server import SandboxServer
from tests.forwarders import python_env

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FILES = {name: ROOT / "examples" / file for name, file in EXAMPLES.items()}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
FRAMEWORKS = sorted(EXAMPLES)


def load(framework: str) -> ModuleType:
    """Import an example from its file, as ``python examples/<file>`` would."""
    spec = importlib.util.spec_from_file_location(f"example_{framework}", EXAMPLE_FILES[framework])
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer("production") as running:
        yield running


class Client:
    """One framework's test client behind the same three calls."""

    def __init__(self, framework: str, server: SandboxServer) -> None:
        world = server.sandbox.world
        self.settings = load_settings(example_environ(world, get_scenario("production")))
        app = load(framework).create_app(self.settings)
        self.flask = framework == "flask"
        if self.flask:
            self.http: Any = app.test_client()
        else:
            with warnings.catch_warnings():  # Starlette 1.10 prefers httpx2 to httpx
                warnings.filterwarnings("ignore", message="Using `httpx` with `starlette")
                from fastapi.testclient import TestClient
            self.http = TestClient(app, base_url=server.origins.app, follow_redirects=False)

    def get(self, path: str) -> Any:
        return self.http.get(path)

    def post(self, path: str, data: dict[str, str]) -> Any:
        return self.http.post(path, data=data)

    def csrf(self) -> str:
        found = CSRF.search(self.get("/").text)
        assert found is not None
        return found.group(1)

    def sign_in(self, email: str = "ada@contoso.com") -> str:
        token = self.csrf()
        assert self.post("/sign-in", {"csrf": token, "email": email}).status_code == 303
        fresh = self.csrf()
        assert fresh != token  # signing in starts a new session
        return fresh


@pytest.fixture(params=FRAMEWORKS)
def client(request: pytest.FixtureRequest, server: SandboxServer) -> Client:
    return Client(request.param, server)


def test_every_button_needs_the_sessions_csrf_token(client: Client) -> None:
    token = client.sign_in()
    for path in (
        "/calendar/connect",
        "/calendar/preferences",
        "/calendar/disconnect",
        "/sign-out",
        "/sign-in",
    ):
        assert client.post(path, {}).status_code == 403
        assert client.post(path, {"csrf": token[:-1] + "x"}).status_code == 403
        assert client.post(path, {"csrf": "é" * len(token)}).status_code == 403
    assert client.post("/calendar/connect", {"csrf": token}).status_code == 303


def test_connect_needs_a_signed_in_user(client: Client) -> None:
    assert client.post("/calendar/connect", {"csrf": client.csrf()}).status_code == 401


def test_connect_redirects_to_a_url_the_linter_passes(
    client: Client, server: SandboxServer
) -> None:
    token = client.sign_in()
    response = client.post("/calendar/connect", {"csrf": token})
    location = response.headers["location"]
    assert location.startswith(server.origins.microsoft + "/common/oauth2/v2.0/authorize?")
    errors = {f.code for f in lint_authorize_url(location) if f.severity is Severity.ERROR}
    # Only the sandbox shows: a local authority, and a token issued at sandbox time (2026-01-01).
    assert errors <= {"endpoint-not-microsoft", "state-token-expired"}
    assert "login_hint=ada%40contoso.com" in location
    assert "redirect_uri=" + quote(server.origins.app + "/api/ms_oauth_callback", safe="") in (
        location
    )
    assert "prompt=" not in location


def test_the_pages_set_a_hardened_session_cookie(client: Client) -> None:
    cookie = client.get("/").headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # http://127.0.0.1: the settings say when to add it


QUERY = st.lists(st.tuples(st.text(min_size=1, max_size=12), st.text(max_size=24)), max_size=4)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=QUERY)
def test_the_redirect_uri_forwards_the_query_byte_for_byte(
    framework: str, server: SandboxServer, pairs: list[tuple[str, str]]
) -> None:
    client = clients(framework, server)
    query = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
    response = client.get("/api/ms_oauth_callback" + (f"?{query}" if query else ""))
    assert response.status_code == 302
    callback = client.settings.recall_region.ms_callback_url
    assert callback.startswith(server.origins.recall)
    assert response.headers["location"] == (f"{callback}?{query}" if query else callback)


_CLIENTS: dict[str, Client] = {}


def clients(framework: str, server: SandboxServer) -> Client:
    """One client per framework for the property test (hypothesis reruns the test body)."""
    if framework not in _CLIENTS:
        _CLIENTS[framework] = Client(framework, server)
    return _CLIENTS[framework]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_app_refuses_to_start_naming_every_problem(framework: str) -> None:
    env = {k: v for k, v in python_env().items() if k not in {v.name for v in APP_ENVIRONMENT}}
    env |= {"RECALL_API_KEY": API_KEY, "RECALL_REGION": "mars", "APP_BASE_URL": "ftp://x"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLE_FILES[framework])],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    named = [line.split()[1] for line in lines]
    assert named == ["RECALL_REGION", "MICROSOFT_CLIENT_ID", "APP_BASE_URL", "APP_SESSION_SECRET"]
    assert all(line.startswith("configuration: ") for line in lines)
    assert API_KEY not in done.stderr + done.stdout


def test_the_sandbox_refuses_scenarios_an_example_does_not_play(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sandbox", "--example", "flask", "--scenario", "prompt-consent-loop"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "production" in err
    assert "prompt-consent-loop" in err
    assert "user-declines" in example_scenarios()
    assert "naive-forwarder" not in example_scenarios()


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--example", "django"], "neither flask nor fastapi"),
        (["--example", "flask", "--run"], "leave out --run"),
    ],
)
def test_sandbox_example_usage_errors(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", *argv]) == 2
    err = capsys.readouterr().err
    assert says in err
    assert len(err.strip().splitlines()) == 1


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize(
    ("framework", "scenario"), [("flask", "production"), ("fastapi", "development")]
)
def test_sandbox_example_serves_the_whole_flow_and_stops(framework: str, scenario: str) -> None:
    argv = [sys.executable, "-u", "-m", "recall_outlook", "sandbox", "--example", framework]
    argv += ["--scenario", scenario]
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=python_env()
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (lines and lines[-1].startswith("Start: ")):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
        start = lines[-1].removeprefix("Start: ").strip()
        assert start.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=start, follow_redirects=True, timeout=10) as browser:
            token = CSRF.search(browser.get("/").text)
            assert token is not None
            browser.post("/sign-in", data={"csrf": token.group(1), "email": "ada@contoso.com"})
            token = CSRF.search(browser.get("/").text)
            assert token is not None
            connected = browser.post("/calendar/connect", data={"csrf": token.group(1)})
        assert connected.url.path == "/calendar/connected"
        assert "ada@contoso.com" in connected.text
        carried = [parse_qs(r.url.query.decode()) for r in connected.history]
        codes = [code for query in carried for code in query.get("code", [])]
        tokens = [
            json.loads(state)["recall_calendar_auth_token"]
            for query in carried
            for state in query.get("state", [])
        ]
        assert codes
        assert tokens
        forwarded = any(r.url.path == "/api/ms_oauth_callback" for r in connected.history)
        assert forwarded is (scenario == "production")
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    logged = "".join(lines) + out
    assert f"examples/{EXAMPLES[framework]}" in logged or EXAMPLES[framework] in logged
    assert "Sandbox stopped." in logged
    for secret in [API_KEY, *codes, *tokens]:
        assert secret[3:] not in logged
    assert _free(int(start.rstrip("/").rsplit(":", 1)[1]))


def test_the_readme_lists_exactly_the_variables_the_settings_read() -> None:
    readme = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([A-Z_]+)` \|", readme, re.M)
    assert listed == [var.name for var in APP_ENVIRONMENT]
    for var in APP_ENVIRONMENT:
        assert ("testing only" in readme.split(f"`{var.name}`")[1].split("\n")[0]) is (
            var.testing_only
        )


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_example_does_not_know_the_sandbox(framework: str) -> None:
    tree = ast.parse(EXAMPLE_FILES[framework].read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    imported = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("recall_outlook")
    ]
    assert imported
    assert not [name for name in imported if "sandbox" in name]
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]
    assert not [text for text in strings if "sandbox" in text.lower()]
