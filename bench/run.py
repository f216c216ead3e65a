"""Run every benchmark side by side and print one table, ratios measured in the same run.

Usage, from the repository root with the dev and bench extras installed, Debian's ``nginx``
and ``wrk`` on the PATH::

    python bench/run.py                 # everything, about 3 minutes plus the test suite
    python bench/run.py --quick         # shorter runs, no test suite or docs build

Rows:

- forwarder: requests/s and p99 latency under ``wrk`` (same threads, connections, duration) for
  ``serve-forwarder`` as shipped (uvicorn, one process, its per-request log line on), our ASGI
  app on uvicorn without logging, a fixed-302 ASGI app on the same uvicorn (the floor our code
  can reach) and nginx ``return 302`` (the native limit), each alone on loopback;
- build + lint: authorize URLs per second, ours (build, and build plus lint) against
  Authlib's ``prepare_grant_uri`` and requests-oauthlib's ``OAuth2Session.authorization_url``;
- import: ``import recall_outlook`` (the core) against ``import msal``, fresh interpreters,
  median of several;
- wall time of ``pytest -q`` and ``mkdocs build --strict``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = "/api/ms_oauth_callback"
QUERY = "code=0.AXkA-bench-code&state=%7B%22recall_calendar_auth_token%22%3A%22t%22%7D"
CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
AUTHORIZE = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
SCOPE = "offline_access openid email https://graph.microsoft.com/Calendars.Read"


@dataclass
class Row:
    group: str
    subject: str
    value: float
    unit: str
    ratio: str = ""
    extra: str = ""


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), out.get("PYTHONPATH", "")])
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


@contextmanager
def server(argv: list[str], port: int, cwd: Path) -> Iterator[None]:
    with (cwd / "server.log").open("wb") as log:
        process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env())
        try:
            wait_port(port, process)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def nginx_conf(tmp: Path, port: int) -> Path:
    temp = "\n".join(
        f"    {kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp}\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n"
        f"        location = {PATH} {{\n"
        f'            add_header Cache-Control "no-store" always;\n'
        f'            add_header Referrer-Policy "no-referrer" always;\n'
        f"            return 302 {CALLBACK}$is_args$args;\n        }}\n    }}\n}}\n"
    )
    return conf


def wrk(port: int, seconds: int, connections: int) -> tuple[float, float, int]:
    """Requests/s, p99 in ms and error count for one wrk run."""
    url = f"http://127.0.0.1:{port}{PATH}?{QUERY}"
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    report = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report)[1])  # type: ignore[index]
    p99_text = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", report)
    assert p99_text is not None, report
    p99 = float(p99_text[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99_text[2]]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", report))
    non_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return rps, p99, errors + (int(non_3xx[1]) if non_3xx else 0)


def forwarder_rows(seconds: int, connections: int) -> list[Row]:
    uvicorn = [sys.executable, "-m", "uvicorn", "--workers", "1", "--no-access-log"]
    uvicorn += ["--log-level", "warning", "--lifespan", "off", "--host", "127.0.0.1"]
    subjects: dict[str, Callable[[int, Path], list[str]]] = {
        "nginx return 302 (native limit)": lambda port, tmp: [
            shutil.which("nginx") or "/usr/sbin/nginx",
            "-p",
            str(tmp),
            "-c",
            str(nginx_conf(tmp, port)),
            "-e",
            str(tmp / "error.log"),
        ],
        "fixed-302 ASGI app, uvicorn (floor)": lambda port, _: [
            *uvicorn,
            "--port",
            str(port),
            "bench.apps:floor",
        ],
        "our ASGI app, uvicorn": lambda port, _: [*uvicorn, "--port", str(port), "bench.apps:ours"],
        "serve-forwarder as shipped (log on)": lambda port, _: [
            sys.executable,
            "-m",
            "recall_outlook",
            "serve-forwarder",
            "--port",
            str(port),
        ],
    }
    measured: dict[str, tuple[float, float, int]] = {}
    for name, make in subjects.items():
        with tempfile.TemporaryDirectory() as tmp_text:
            tmp = Path(tmp_text)
            port = free_port()
            with server(make(port, tmp), port, tmp):
                wrk(port, 1, connections)  # warm-up
                measured[name] = wrk(port, seconds, connections)
    nginx_rps = measured["nginx return 302 (native limit)"][0]
    floor_rps = measured["fixed-302 ASGI app, uvicorn (floor)"][0]
    rows = []
    for name, (rps, p99, errors) in measured.items():
        ratio = f"{rps / nginx_rps:.2f}x nginx, {rps / floor_rps:.2f}x floor"
        rows.append(
            Row("forwarder", name, rps, "req/s", ratio, f"p99 {p99:.2f} ms, errors {errors}")
        )
    return rows


def per_second(function: Callable[[], object], seconds: float) -> float:
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    best = 0.0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        elapsed = timer.timeit(number)
        best = max(best, number / elapsed)
    return best


def builder_rows(seconds: float) -> list[Row]:
    # The bench extra's packages, imported only for this row.
    from authlib.oauth2.rfc6749.parameters import (  # type: ignore[import-untyped]  # noqa: PLC0415
        prepare_grant_uri,
    )
    from requests_oauthlib import OAuth2Session  # type: ignore[import-untyped]  # noqa: PLC0415

    from recall_outlook import build_authorize_url, lint_authorize_url  # noqa: PLC0415
    from recall_outlook.authorize.state import CalendarState  # noqa: PLC0415

    token = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiYWRhIn0.sample-signature"

    def ours_build() -> str:
        return build_authorize_url(
            client_id=CLIENT_ID,
            redirect_uri=CALLBACK,
            calendar_auth_token=token,
            success_url="https://app.example.com/ok",
            error_url="https://app.example.com/failed",
        )

    def ours_build_lint() -> object:
        return lint_authorize_url(ours_build(), now=0.0)

    def state_json() -> str:
        return CalendarState(
            recall_calendar_auth_token=token,
            ms_oauth_redirect_url=CALLBACK,
            success_url="https://app.example.com/ok",
            error_url="https://app.example.com/failed",
        ).to_json()

    def authlib_build() -> str:
        url: str = prepare_grant_uri(
            AUTHORIZE, CLIENT_ID, "code", redirect_uri=CALLBACK, scope=SCOPE, state=state_json()
        )
        return url

    session = OAuth2Session(CLIENT_ID, redirect_uri=CALLBACK, scope=SCOPE.split())

    def requests_oauthlib_build() -> str:
        url: str = session.authorization_url(AUTHORIZE, state=state_json())[0]
        return url

    subjects = {
        "ours: build + lint": ours_build_lint,
        "ours: build": ours_build,
        "Authlib prepare_grant_uri (+ same state)": authlib_build,
        "requests-oauthlib authorization_url (+ same state)": requests_oauthlib_build,
    }
    measured = {name: per_second(function, seconds) for name, function in subjects.items()}
    authlib = measured["Authlib prepare_grant_uri (+ same state)"]
    return [
        Row("build + lint", name, rate, "URLs/s", f"{rate / authlib:.2f}x Authlib")
        for name, rate in measured.items()
    ]


def import_seconds(module: str, runs: int) -> float:
    code = (
        "import time; start = time.perf_counter(); import "
        + module
        + "; print(time.perf_counter() - start)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env()
        ).stdout
        times.append(float(out))
    return statistics.median(times)


def import_rows(runs: int) -> list[Row]:
    ours = import_seconds("recall_outlook", runs)
    msal = import_seconds("msal", runs)
    return [
        Row("import", "import recall_outlook (core)", ours * 1000, "ms", "1.00x"),
        Row("import", "import msal", msal * 1000, "ms", f"{msal / ours:.2f}x ours"),
    ]


def wall_rows() -> list[Row]:
    rows = []
    commands = {
        "pytest -q (whole suite)": [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        "mkdocs build --strict": [sys.executable, "-m", "mkdocs", "build", "--strict", "-d"],
    }
    for name, command in commands.items():
        argv = list(command)
        if "mkdocs" in name:
            if not (ROOT / "mkdocs.yml").is_file():
                rows.append(Row("wall time", name, float("nan"), "s", "", "no mkdocs.yml"))
                continue
            argv.append(tempfile.mkdtemp(prefix="bench-site-"))
        start = time.perf_counter()
        done = subprocess.run(
            argv, cwd=ROOT, capture_output=True, text=True, env=env(), check=False
        )
        elapsed = time.perf_counter() - start
        tail = (done.stdout.strip().splitlines() or [""])[-1][:70]
        rows.append(Row("wall time", name, elapsed, "s", "", f"exit {done.returncode}: {tail}"))
    return rows


def print_table(rows: list[Row]) -> None:
    print("| benchmark | subject | figure | unit | ratio | notes |")
    print("|---|---|---:|---|---|---|")
    for row in rows:
        value = "n/a" if row.value != row.value else f"{row.value:,.1f}"
        print(f"| {row.group} | {row.subject} | {value} | {row.unit} | {row.ratio} | {row.extra} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs, no suite or docs")
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration per server")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--skip-wall", action="store_true", help="skip pytest and mkdocs timing")
    args = parser.parse_args(argv)
    seconds = 3 if args.quick else args.seconds
    rows = forwarder_rows(seconds, args.connections)
    rows += builder_rows(1.0 if args.quick else 5.0)
    rows += import_rows(3 if args.quick else 11)
    if not (args.quick or args.skip_wall):
        rows += wall_rows()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
