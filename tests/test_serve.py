from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import recall_outlook
from recall_outlook.cli import main
from recall_outlook.errors import RecallOutlookError, RegionError
from recall_outlook.forwarder.forward import MAX_QUERY_LENGTH
from recall_outlook.forwarder.probes import PROBES
from recall_outlook.forwarder.serve import ServerDependencyError, serve_forwarder
from recall_outlook.regions import get_region
from tests.servers import Process, forwarder_process, raw_request

SRC = Path(recall_outlook.__file__).resolve().parents[1]
EU = get_region("eu-central-1").ms_callback_url
PATH = "/api/ms_oauth_callback"
SECRET_CODE = "0.AXkA-SECRET-authorization-code"
SECRET_STATE = "%7B%22recall_calendar_auth_token%22%3A%22SECRET-calendar-token%22%7D"
SAFE_LINE = re.compile(rb"[\x20-\x7e]*")
# Ample for a server to start on a loaded machine; only a bound on waiting, never asserted.
STARTUP_WAIT = 60


class Served:
    """``serve_forwarder`` running in a subprocess on a free loopback port."""

    def __init__(self, *, region: str = "eu-central-1", path: str = PATH) -> None:
        code = (
            "from recall_outlook.forwarder.serve import serve_forwarder; "
            f"serve_forwarder(host='127.0.0.1', port=0, path={path!r}, region={region!r})"
        )
        env = dict(
            os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines: list[bytes] = []
        self._ready = threading.Event()
        self.port = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(STARTUP_WAIT) or not self.port:
            self.stop()
            pytest.fail(f"the forwarder did not start:\n{self.stderr}")

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            found = re.search(rb"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found[1])
                self._ready.set()
        self._ready.set()  # the process ended

    @property
    def stderr(self) -> str:
        return b"".join(self.lines).decode("utf-8", "replace")

    def stop(self) -> str:
        """Stop the server (SIGTERM, as a process manager would); return all it logged."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join()
        assert self.process.stdout is not None
        stdout = self.process.stdout.read().decode("utf-8", "replace")
        self.process.stdout.close()
        assert self.process.stderr is not None
        self.process.stderr.close()
        return self.stderr + stdout


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    served = Served()
    try:
        yield served
    finally:
        served.stop()


def exchange(port: int, request: bytes) -> bytes:
    """Send ``request`` as raw bytes and read until the server closes the connection."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def get(target: bytes, *headers: bytes, method: bytes = b"GET") -> bytes:
    lines = [method + b" " + target + b" HTTP/1.1", b"Host: app.example.com", *headers]
    return b"\r\n".join([*lines, b"Connection: close", b"", b""])


def parse(response: bytes) -> tuple[int, dict[bytes, bytes], bytes]:
    """Status, headers (lower-case names) and body; every head line must be visible ASCII."""
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    for line in lines:
        assert SAFE_LINE.fullmatch(line), line
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def client(served: Served) -> httpx.Client:
    return httpx.Client(base_url=f"http://127.0.0.1:{served.port}", follow_redirects=False)


def test_every_probe_is_forwarded_byte_for_byte(server: Served) -> None:
    for probe in PROBES:
        target = f"{PATH}?{probe.query}".encode("ascii")
        status, headers, _ = parse(exchange(server.port, get(target)))
        assert status == 302, probe.name
        assert headers[b"location"] == f"{EU}?{probe.query}".encode("ascii"), probe.name
        assert headers[b"cache-control"] == b"no-store"
        assert headers[b"referrer-policy"] == b"no-referrer"


def test_httpx_sees_a_redirect_to_recall(server: Served) -> None:
    query = f"code={SECRET_CODE}&state={SECRET_STATE}&session_state=0000"
    with client(server) as http:
        response = http.get(f"{PATH}?{query}")
        head = http.head(f"{PATH}?{query}")
    assert response.status_code == 302
    assert response.headers["location"] == f"{EU}?{query}"
    assert response.headers["content-length"] == str(len(response.content))
    assert head.status_code == 302
    assert head.headers["location"] == f"{EU}?{query}"
    assert head.content == b""


def test_other_methods_paths_and_long_queries(server: Served) -> None:
    with client(server) as http:
        post = http.post(f"{PATH}?code=x", content=b"code=y")
        other = http.get("/somewhere/else?code=x")
        at_limit = http.get(f"{PATH}?{'q' * MAX_QUERY_LENGTH}")
        too_long = http.get(f"{PATH}?{'q' * (MAX_QUERY_LENGTH + 1)}")
    assert post.status_code == 405
    assert post.headers["allow"] == "GET, HEAD"
    assert other.status_code == 404
    assert at_limit.status_code == 302
    assert at_limit.headers["location"] == f"{EU}?{'q' * MAX_QUERY_LENGTH}"
    assert too_long.status_code == 414
    for response in (post, other, too_long):
        assert "location" not in response.headers


@pytest.mark.parametrize(
    "target",
    [
        b"/api/ms_oauth_callback?code=a\rb",
        b"/api/ms_oauth_callback?code=a\nLocation: https://evil.com",
        b"/api/ms_oauth_callback?code=a\x00b",
        b"/api/ms_oauth_callback?code=\xc3\xa9\xff",
        b"/api/ms_oauth_callback?code=a\x01\x7fb",
        b"/api/ms_oauth_callback?code=a b",
    ],
    ids=["cr", "lf-header-injection", "nul", "non-ascii", "controls", "space"],
)
def test_raw_bad_bytes_never_reach_a_header(server: Served, target: bytes) -> None:
    response = exchange(server.port, get(target))
    if response:  # the server may also just close the connection
        status, headers, _ = parse(response)
        assert status in {302, 400}
        assert headers.get(b"location", EU.encode()).startswith(EU.encode())
        assert b"evil.com" not in response
    status, _, _ = parse(exchange(server.port, get(b"/api/ms_oauth_callback?code=ok")))
    assert status == 302  # still serving


@pytest.mark.parametrize(
    "request_bytes",
    [
        get(b"/api/ms_oauth_callback?a=1").replace(b"app.example.com", b"\xff\xfeevil.com"),
        get(b"http://evil.com/api/ms_oauth_callback?a=1"),
        get(b"https://evil.com:443/api/ms_oauth_callback?a=1"),
        get(b"//evil.com/api/ms_oauth_callback?a=1"),
        get(b"/api/ms_oauth_callback/../../evil.com?a=1"),
    ],
    ids=["non-ascii-host", "absolute-http", "absolute-https", "scheme-relative", "dots"],
)
def test_the_destination_never_depends_on_host_or_target(
    server: Served, request_bytes: bytes
) -> None:
    status, headers, _ = parse(exchange(server.port, request_bytes))
    assert status in {302, 400, 404}
    if status == 302:
        assert headers[b"location"] == f"{EU}?a=1".encode("ascii")
    else:
        assert b"location" not in headers


def test_host_headers_do_not_change_the_redirect(server: Served) -> None:
    request = get(b"/api/ms_oauth_callback?a=1", b"X-Forwarded-Host: evil.com")
    status, headers, _ = parse(exchange(server.port, request.replace(b"app.example", b"evil")))
    assert (status, headers[b"location"]) == (302, f"{EU}?a=1".encode("ascii"))


def test_logs_hold_no_code_or_state_and_the_server_stops() -> None:
    served = Served(region="us-east-1", path="/cb")
    try:
        query = f"code={SECRET_CODE}&state={SECRET_STATE}&session_state=0000"
        with client(served) as http:
            assert http.get(f"/cb?{query}").status_code == 302
            assert http.post(f"/cb?{query}").status_code == 405
            assert http.get(f"/elsewhere?{query}").status_code == 404
            error = "error=access_denied&error_description=AADSTS65004+SECRET-description"
            assert http.get(f"/cb?{error}&state={SECRET_STATE}").status_code == 302
        exchange(served.port, get(b"/cb?code=SECRET-raw\r\nX: y"))
    finally:
        logged = served.stop()
    assert served.process.returncode is not None
    assert "Application shutdown complete" in logged
    assert "SECRET" not in logged
    assert "/cb" not in logged  # no access log line, with or without the query
    assert re.search(r"GET -> 302, query of \d+ bytes", logged)
    assert "POST -> 405" in logged
    assert "GET -> 404" in logged


def test_a_missing_uvicorn_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    with pytest.raises(ServerDependencyError) as caught:
        serve_forwarder(port=0)
    assert isinstance(caught.value, RecallOutlookError)
    assert "pip install 'recall-outlook[server]'" in str(caught.value)


def test_bad_arguments_fail_before_serving() -> None:
    with pytest.raises(RegionError):
        serve_forwarder(region="nowhere", port=0)
    with pytest.raises(RecallOutlookError):
        serve_forwarder(path="no-slash", port=0)


# -- slow clients and many connections ---------------------------------------------------------

GUARDED = ("--header-timeout", "1", "--max-connections", "4")
GIVE_UP = 20.0  # a hang guard for the test itself, far above the 1 s being tested


def closed_by_server(sock: socket.socket, drip: bytes) -> bytes:
    """Send ``drip`` a byte every 0.2 s until the server closes; return what it answered."""
    sock.settimeout(0.2)
    answered = b""
    deadline = time.monotonic() + GIVE_UP
    for byte in drip:
        if time.monotonic() > deadline:
            raise AssertionError(f"the server kept the connection for {GIVE_UP} s")
        try:
            sock.send(bytes([byte]))
            chunk = sock.recv(4096)
        except TimeoutError:
            continue
        except OSError:
            return answered
        if not chunk:
            return answered
        answered += chunk
    raise AssertionError("the server read the whole drip without closing")


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    with forwarder_process(tmp_path_factory.mktemp("guarded"), options=GUARDED) as process:
        yield process


def test_a_dripped_request_head_is_cut_off(guarded: Process) -> None:
    head = b"GET /api/ms_oauth_callback?code=x HTTP/1.1\r\nHost: a\r\n" + b"X-Slow: y\r\n" * 500
    with socket.create_connection(("127.0.0.1", guarded.port)) as sock:
        assert closed_by_server(sock, head) == b""  # closed without an answer


def test_an_idle_connection_is_closed(guarded: Process) -> None:
    with socket.create_connection(("127.0.0.1", guarded.port)) as sock:
        sock.settimeout(GIVE_UP)
        assert sock.recv(100) == b""


def test_a_dripped_body_after_the_answer_is_cut_off(guarded: Process) -> None:
    head = b"PUT /api/ms_oauth_callback HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"
    with socket.create_connection(("127.0.0.1", guarded.port)) as sock:
        sock.sendall(head)
        answered = closed_by_server(sock, b"x" * 100_000)
    assert answered.startswith(b"HTTP/1.1 405 ")


def test_connections_above_the_limit_get_503(guarded: Process) -> None:
    request = b"GET /api/ms_oauth_callback?code=x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    idle = [socket.create_connection(("127.0.0.1", guarded.port)) for _ in range(4)]
    try:
        busy = raw_request(guarded.port, request)
    finally:
        for sock in idle:
            sock.close()
    assert busy is not None
    assert busy.status == 503
    after = raw_request(guarded.port, request)
    assert after is not None
    assert after.status == 302


def test_requests_still_answered_after_slow_clients(guarded: Process) -> None:
    response = raw_request(guarded.port, b"GET /api/ms_oauth_callback?code=y HTTP/1.0\r\n\r\n")
    assert response is not None
    assert response.status == 302


@pytest.mark.parametrize(
    "options",
    [["--header-timeout", "0"], ["--header-timeout", "nan"], ["--max-connections", "0"]],
)
def test_bad_limits_are_usage_errors(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve-forwarder", *options]) == 2
    assert options[0] in capsys.readouterr().err


def test_bad_limits_are_refused_by_the_library() -> None:
    with pytest.raises(RecallOutlookError, match="header_timeout"):
        serve_forwarder(port=0, header_timeout=0)
    with pytest.raises(RecallOutlookError, match="max_connections"):
        serve_forwarder(port=0, max_connections=0)
