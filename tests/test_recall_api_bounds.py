"""The Recall client against hostile servers on 127.0.0.1: every call ends, bounded.

Each server misbehaves in one way (a huge or endless body, a compressed bomb, headers or a body
dripped a byte at a time, a socket that never answers). The client must raise
:class:`RecallAPIError` and return; each call runs in a thread joined with a generous bound, so
a hang fails the test instead of stalling the suite. No timing is asserted beyond that bound.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pytest

from recall_outlook.recall_api import RecallAPIError, RecallCalendarClient

BOUND = 30.0  # seconds a call may take before the test calls it a hang
Behaviour = Callable[[socket.socket], None]


@contextmanager
def hostile(behaviour: Behaviour) -> Iterator[int]:
    """Serve ``behaviour`` to every connection on a loopback port; yield the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn, suppress(OSError):
            conn.settimeout(BOUND)
            conn.recv(65536)  # the request (small)
            behaviour(conn)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


DRIP_HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"


def drip(data: bytes, pause: float = 0.3, head: bytes = b"") -> Behaviour:
    def send(conn: socket.socket) -> None:
        conn.sendall(head)
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(pause)

    return send


def endless(head: bytes, piece: bytes) -> Behaviour:
    def send(conn: socket.socket) -> None:
        conn.sendall(head)
        for _ in range(1_000_000):
            conn.sendall(piece)

    return send


def silent(conn: socket.socket) -> None:
    time.sleep(BOUND)


BOMB = gzip.compress(b"{" + b" " * (16 * 1024 * 1024) + b"}")  # 16 MiB from ~16 KiB
CASES: dict[str, Behaviour] = {
    "2 GB content-length": endless(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n",
        b"0" * 65536,
    ),
    "endless chunked body": endless(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"10000\r\n" + b"0" * 65536 + b"\r\n",
    ),
    "body without length, never ends": endless(b"HTTP/1.1 200 OK\r\n\r\n", b" " * 65536),
    "gzip bomb": lambda conn: conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + str(len(BOMB)).encode()
        + b"\r\n\r\n"
        + BOMB
    ),
    "headers dripped": drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n{}"),
    "body dripped": drip(b"{" + b" " * 98 + b"}", head=DRIP_HEAD),
    "never answers": silent,
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_call_ends_with_a_recall_error(name: str) -> None:
    outcome: list[BaseException | object] = []
    with hostile(CASES[name]) as port:
        client = RecallCalendarClient(
            api_key="hostile-test-key-0123456789",
            base_url=f"http://127.0.0.1:{port}",
            timeout=1.5,
            max_bytes=1024 * 1024,
        )

        def attempt() -> None:
            try:
                outcome.append(client.get_user("hostile-test-token-0123456789"))
            except BaseException as error:  # handed to the test thread
                outcome.append(error)

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(BOUND)
        assert not worker.is_alive(), f"{name}: the call did not end"
        client.close()
    assert len(outcome) == 1
    error = outcome[0]
    assert isinstance(error, RecallAPIError), repr(error)
    assert error.status == 0
    assert "hostile-test" not in f"{error}{error!r}"
