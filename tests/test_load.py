"""The standalone forwarder under sustained load on loopback: no error, right answers, flat memory.

``recall-outlook serve-forwarder`` (uvicorn, one process) is loaded for
``RECALL_OUTLOOK_LOAD_SECONDS`` seconds (default 5, a smoke run; ``.ci/run`` sets 60) by
Debian's ``wrk`` with 16 keep-alive connections, or, without ``wrk``, by 8 threads of
keep-alive ``http.client`` requests. Meanwhile a sampler sends a request with a fresh query
every 0.2 s on its own connection and checks its ``Location`` byte for byte, and the server's
resident memory is read from ``/proc`` every 0.5 s.

Passes when: the load generator saw no error (no socket error, no status but 302), every
sampled ``Location`` was exact, and memory is flat: the highest RSS in the last window is at
most ``RSS_GROWTH_KIB`` above the highest in the first window (each window a quarter of the
run, at most 10 s), after a one-second warm-up. Throughput is printed, never asserted: timing
figures belong to ``bench/``.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from recall_outlook.forwarder.forward import DEFAULT_FORWARDER_PATH
from recall_outlook.regions import get_region
from tests.servers import Process, forwarder_process, raw_request

pytestmark = pytest.mark.load

CALLBACK = get_region("us-east-1").ms_callback_url
QUERY = "code=0.AXkA-load-test&state=%7B%22recall_calendar_auth_token%22%3A%22t%22%7D"
RSS_GROWTH_KIB = 8 * 1024
"""How much the server's RSS may grow between the first and the last window (8 MiB)."""


def duration() -> float:
    return float(os.environ.get("RECALL_OUTLOOK_LOAD_SECONDS", "5"))


def run_wrk(port: int, seconds: float) -> tuple[int, int, str]:
    """Load with wrk; return (requests, errors, report)."""
    url = f"http://127.0.0.1:{port}{DEFAULT_FORWARDER_PATH}?{QUERY}"
    argv = ["wrk", "-t2", "-c16", f"-d{max(1, round(seconds))}s", "--latency", url]
    report = subprocess.run(
        argv, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    requests = int(re.search(r"(\d+) requests in", report)[1])  # type: ignore[index]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", report))
    non_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return requests, errors + (int(non_3xx[1]) if non_3xx else 0), report


def run_threads(port: int, seconds: float) -> tuple[int, int, str]:
    """Load with keep-alive http.client threads; return (requests, errors, report)."""
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        done = failed = 0
        while time.monotonic() < stop:
            try:
                connection.request("GET", f"{DEFAULT_FORWARDER_PATH}?{QUERY}")
                response = connection.getresponse()
                response.read()
                ok = response.status == 302
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            done += 1
            failed += not ok
        connection.close()
        with lock:
            counts["requests"] += done
            counts["errors"] += failed

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return counts["requests"], counts["errors"], f"{counts['requests']} requests (threads)"


class Watch:
    """Samples Locations and RSS in a thread while the load runs."""

    def __init__(self, server: Process) -> None:
        self.server = server
        self.rss: list[tuple[float, int]] = []
        self.samples = 0
        self.wrong: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        start = time.monotonic()
        next_rss = start
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_rss:
                self.rss.append((now - start, self.server.rss_kib()))
                next_rss = now + 0.5
            query = f"code=0.AXkA-sample-{self.samples}&state=%7B%7D&n=a+b%2B"
            target = f"{DEFAULT_FORWARDER_PATH}?{query}".encode()
            answer = raw_request(
                self.server.port,
                b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            )
            expected = f"{CALLBACK}?{query}".encode()
            if answer is None or answer.status != 302 or answer.header("location") != [expected]:
                self.wrong.append(repr(answer and (answer.status, answer.header("location"))))
            self.samples += 1
            self._stop.wait(0.2)


def test_sustained_load_has_no_errors_exact_locations_and_flat_memory(tmp_path: Path) -> None:
    if not Path("/proc/self/status").is_file():
        pytest.skip("the server's RSS is read from /proc (Linux only)")
    seconds = duration()
    load = run_wrk if shutil.which("wrk") else run_threads
    with forwarder_process(tmp_path) as server:
        load(server.port, 1)  # warm-up: imports, first connections, allocator pools
        with Watch(server) as watch:
            requests, errors, report = load(server.port, seconds)
        log = (tmp_path / "serve-forwarder.log").read_text(errors="replace")
    print(report)
    assert requests > 0
    assert errors == 0, report
    assert watch.samples >= 3
    assert watch.wrong == []
    window = min(10.0, seconds / 4)
    end = watch.rss[-1][0]
    first = max(rss for at, rss in watch.rss if at <= window)
    last = max(rss for at, rss in watch.rss if at >= end - window)
    print(f"{watch.samples} Locations sampled; RSS {first} KiB (first window), {last} KiB (last)")
    assert last - first <= RSS_GROWTH_KIB, watch.rss
    assert "Traceback" not in log
    assert "code=0.AXkA" not in log  # the server logs lengths, never a code
