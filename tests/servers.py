"""Servers and a raw HTTP client on loopback, shared by the hostile-input and load tests.

:func:`forwarder_process` runs ``recall-outlook serve-forwarder`` (the product's own uvicorn
runner) in a subprocess; :func:`uvicorn_thread` serves any ASGI app on uvicorn in a thread;
:func:`raw_request` sends exact bytes over a socket and reads the answer without any client
library normalising either side.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recall_outlook.forwarder.forward import DEFAULT_FORWARDER_PATH
from tests import forwarders

__all__ = [
    "HOSTILE_MODES",
    "Process",
    "RawResponse",
    "forwarder_process",
    "hostile_server",
    "raw_request",
    "serve_directory",
    "uvicorn_thread",
]


@dataclass(frozen=True)
class RawResponse:
    """An HTTP/1.x answer as received: status, header lines as bytes, body.

    Status 0 stands for an HTTP/0.9 answer (a request line without a version is read that way):
    a bare body, so no header at all.
    """

    status: int
    headers: list[tuple[bytes, bytes]] = field(repr=False)
    body: bytes = field(repr=False)
    head: bytes = field(repr=False)

    def header(self, name: str) -> list[bytes]:
        """Every value of header ``name`` (case-insensitive)."""
        wanted = name.lower().encode("ascii")
        return [value for key, value in self.headers if key.lower() == wanted]


def _read_all(sock: socket.socket, deadline: float) -> bytes:
    chunks = []
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        data = b"".join(chunks)
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep and b"content-length:" in head.lower():
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            if len(body) >= length:
                break
    return b"".join(chunks)


def raw_request(port: int, data: bytes, *, timeout: float = 10.0) -> RawResponse | None:
    """Send ``data`` as is to 127.0.0.1:``port``; return the parsed answer, or ``None``.

    ``None`` means the server closed the connection without answering, which is an acceptable
    way to refuse a request that is not HTTP.
    """
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with suppress(BrokenPipeError, ConnectionResetError):  # it may answer before reading all
            sock.sendall(data)
        raw = _read_all(sock, deadline)
    if not raw:
        return None
    if not raw.startswith(b"HTTP/"):  # an HTTP/0.9 answer: a body and no header at all
        return RawResponse(0, [], raw, b"")
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip(), value.strip()))
    return RawResponse(status, headers, body, head)


@dataclass(frozen=True)
class Process:
    """A server process on loopback: its port and process id (for its memory use)."""

    port: int
    pid: int

    def rss_kib(self) -> int:
        """The resident set size of the process, in KiB, from ``/proc`` (Linux)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for process {self.pid}")


@contextmanager
def forwarder_process(
    tmp_path: Path, *, region: str = "us-east-1", options: tuple[str, ...] = ()
) -> Iterator[Process]:
    """Run ``recall-outlook serve-forwarder`` (with ``options``) on a free loopback port."""
    port = forwarders.free_port()
    argv = [sys.executable, "-m", "recall_outlook", "serve-forwarder", "--port", str(port)]
    argv += ["--region", region, "--path", DEFAULT_FORWARDER_PATH, *options]
    log = tmp_path / "serve-forwarder.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env=forwarders.python_env()
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve-forwarder did not start:\n{log.read_text()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield Process(port, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextmanager
def uvicorn_thread(app: Any, **options: Any) -> Iterator[int]:
    """Serve an ASGI app on uvicorn in a daemon thread on a free loopback port; yield the port."""
    import uvicorn

    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port: int = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


_CALLBACK = b"https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
_GOOD = b"Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
HOSTILE_MODES = (
    "huge-body",
    "endless-chunked",
    "drip-head",
    "drip-body",
    "control-location",
    "long-head",
    "not-http",
    "silent",
)
"""What :func:`hostile_server` can do; every mode but the last two answers a full head."""


def _hostile_answer(mode: str, query: bytes, conn: socket.socket, stop: threading.Event) -> None:
    head = b"HTTP/1.1 302 Found\r\nLocation: " + _CALLBACK + b"?" + query + b"\r\n" + _GOOD
    if mode == "huge-body":  # announces 2 GB and sends until the client goes
        conn.sendall(head + b"Content-Length: 2000000000\r\n\r\n")
        while not stop.is_set():
            conn.sendall(b"x" * 65536)
    elif mode == "endless-chunked":
        conn.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
        while not stop.is_set():
            conn.sendall(b"10000\r\n" + b"x" * 65536 + b"\r\n")
    elif mode in ("drip-head", "drip-body"):
        data = head + b"Content-Length: 100000\r\n\r\n"
        if mode == "drip-body":
            conn.sendall(data)
            data = b"x" * 100_000
        for byte in data:
            conn.sendall(bytes([byte]))
            if stop.wait(0.5):
                return
    elif mode == "control-location":  # ESC, BEL and a C1 CSI spliced into the query
        location = _CALLBACK + b"?" + query[:8] + b"\x1b[2J\x07\x9b" + query[8:]
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\n" + _GOOD)
        conn.sendall(b"Content-Length: 0\r\n\r\n")
    elif mode == "long-head":
        conn.sendall(head + b"X-Padding: " + b"p" * 100_000 + b"\r\n\r\n")
    elif mode == "not-http":
        conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
    elif mode == "silent":
        stop.wait(60)


@contextmanager
def hostile_server(mode: str) -> Iterator[str]:
    """A server on loopback that answers ``mode``'s way (see :data:`HOSTILE_MODES`).

    Yields the forwarder URL to check. Threads stop when the client hangs up or the context
    ends, so nothing outlives the test.
    """
    if mode not in HOSTILE_MODES:
        raise ValueError(mode)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn, suppress(OSError):
            conn.settimeout(5)
            request = conn.recv(65536)
            target = request.split(b" ", 2)[1] if request.count(b" ") >= 2 else b"/"
            _hostile_answer(mode, target.partition(b"?")[2], conn, stop)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api/ms_oauth_callback"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve the files of ``root`` on a free loopback port (a foreign origin); yield it."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
