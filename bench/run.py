"""Run every benchmark side by side and print one table, ratios measured in the same run.

Usage, from the repository root with the dev and bench extras and the ``parsers`` group installed
(httptools and uvloop: ``pip install -e '.[bench]' --group parsers``), Debian's ``nginx`` and
``wrk`` on the PATH::

    python bench/run.py                 # everything, about 6 minutes plus the test suite
    python bench/run.py --quick         # shorter runs, no test suite or docs build

Rows:

- forwarder: requests/s and p99 latency under ``wrk`` (same threads, connections, duration) for
  our ASGI app and a fixed-302 ASGI app (the floor our code can reach) on uvicorn with each of
  its HTTP parsers (h11; httptools with uvloop, what ``uvicorn[standard]`` runs),
  ``serve-forwarder`` as shipped (always h11, with its guards and its per-request log line) and
  nginx ``return 302`` (the native limit). Every server starts first and idles; then ``wrk``
  visits them in turn, ``--rounds`` times, so that each round compares the subjects under the
  same load on a shared machine. Figures are medians over the rounds; the "x floor" ratios are
  medians of the ratios within each round, against the floor on the same parser;
- build: microseconds per authorize URL, ours against the ``urlencode`` floor (``json.dumps`` of the
  same state plus ``urlencode``, the least the standard library can do for the same bytes),
  Authlib's ``prepare_grant_uri`` and requests-oauthlib's ``OAuth2Session.authorization_url``;
- lint: ``lint_authorize_url`` against its parse floor (``urlsplit`` + ``parse_qsl`` +
  ``json.loads`` of the state) on a good URL and on the five corpus URLs
  (``tests/data/ground_truth/authorize_urls.json``) farthest from their floor in a brief
  ranking, each the median of three fresh interpreters;
- import: ``import recall_outlook`` and the linter's first use against the standard modules the
  core needs and against ``import msal``, fresh interpreters, median of several;
- wall time of ``pytest -q`` and ``mkdocs build --strict``.

The in-process rows (build, lint) count CPU time (``time.process_time``), best of several
interleaved repeats, so that other work on a shared machine disturbs them less; the lint rows
are the median of three fresh interpreters, each measuring the linter and its floor.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PATH = "/api/ms_oauth_callback"
QUERY = "code=0.AXkA-bench-code&state=%7B%22recall_calendar_auth_token%22%3A%22t%22%7D"
CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
AUTHORIZE = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
SCOPE = "offline_access openid email https://graph.microsoft.com/Calendars.Read"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiYWRhIn0.sample-signature"
SUCCESS = "https://app.example.com/ok"
FAILURE = "https://app.example.com/failed"
STDLIB_CORE = "urllib.parse, json, dataclasses, re, enum, datetime"


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
def server(argv: list[str], port: int, cwd: Path) -> Iterator[int]:
    """Run a server until the block ends; yield its process id."""
    with (cwd / f"server-{port}.log").open("wb") as log:
        process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env())
        try:
            wait_port(port, process)
            yield process.pid
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
        f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp}\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n"
        f"        location = {PATH} {{\n"
        f'            add_header Cache-Control "no-store" always;\n'
        f'            add_header Referrer-Policy "no-referrer" always;\n'
        f"            return 302 {CALLBACK}$is_args$args;\n        }}\n    }}\n}}\n"
    )
    return conf


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One ``wrk`` run against one server."""

    rps: float
    p99_ms: float
    errors: int
    cpu_us: float  # the server's CPU time per request answered


def wrk(port: int, seconds: int, connections: int, pid: int) -> Run:
    """Requests/s, p99, errors and the server's CPU per request for one wrk run."""
    url = f"http://127.0.0.1:{port}{PATH}?{QUERY}"
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    cpu_before = cpu_seconds(pid)
    report = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pid) - cpu_before
    requests = int(re.search(r"(\d+) requests in", report)[1])  # type: ignore[index]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report)[1])  # type: ignore[index]
    p99_text = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", report)
    assert p99_text is not None, report
    p99 = float(p99_text[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99_text[2]]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", report))
    non_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    errors += int(non_3xx[1]) if non_3xx else 0
    return Run(rps, p99, errors, cpu / max(requests, 1) * 1e6)


def has_fast_parser() -> bool:
    """Whether uvicorn can run httptools with uvloop here (``uvicorn[standard]``)."""
    return all(importlib.util.find_spec(name) for name in ("httptools", "uvloop"))


H11 = "h11"
FAST = "httptools + uvloop"
NGINX = "nginx `return 302` (native limit)"
SHIPPED = "`serve-forwarder` as shipped (h11 with its guards, its log line on)"


def floor_name(parser: str) -> str:
    return f"fixed-302 ASGI app, uvicorn {parser} (floor)"


def ours_name(parser: str) -> str:
    return f"our ASGI app (`make_asgi_app`), uvicorn {parser}"


def forwarder_subjects() -> dict[str, Callable[[int, Path], list[str]]]:
    uvicorn = [sys.executable, "-m", "uvicorn", "--workers", "1", "--no-access-log"]
    uvicorn += ["--log-level", "warning", "--lifespan", "off", "--host", "127.0.0.1"]
    parsers = {H11: ["--http", "h11", "--loop", "asyncio"]}
    if has_fast_parser():
        parsers[FAST] = ["--http", "httptools", "--loop", "uvloop"]
    subjects: dict[str, Callable[[int, Path], list[str]]] = {
        NGINX: lambda port, tmp: [
            shutil.which("nginx") or "/usr/sbin/nginx",
            *("-p", str(tmp), "-c", str(nginx_conf(tmp, port)), "-e", str(tmp / "error.log")),
        ]
    }
    for parser, options in parsers.items():
        for name, app in (
            (floor_name(parser), "bench.apps:floor"),
            (ours_name(parser), "bench.apps:ours"),
        ):
            subjects[name] = lambda port, _, options=options, app=app: [
                *uvicorn,
                *options,
                "--port",
                str(port),
                app,
            ]
    subjects[SHIPPED] = lambda port, _: [
        *(sys.executable, "-m", "recall_outlook", "serve-forwarder", "--port", str(port)),
    ]
    return subjects


def forwarder_rows(seconds: int, connections: int, rounds: int) -> list[Row]:
    subjects = forwarder_subjects()
    runs: dict[str, list[Run]] = {name: [] for name in subjects}
    with ExitStack() as stack:
        servers = {}
        for name, make in subjects.items():
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            port = free_port()
            servers[name] = port, stack.enter_context(server(make(port, tmp), port, tmp))
        for port, pid in servers.values():
            wrk(port, 1, connections, pid)  # warm-up
        for _ in range(rounds):
            for name, (port, pid) in servers.items():
                runs[name].append(wrk(port, seconds, connections, pid))
    parser_of = {floor_name(p): p for p in (H11, FAST)} | {ours_name(p): p for p in (H11, FAST)}
    parser_of[SHIPPED] = H11  # serve-forwarder always runs uvicorn's h11 protocol
    rows = []
    for name, measured in runs.items():
        p99 = statistics.median(run.p99_ms for run in measured)
        cpu = statistics.median(run.cpu_us for run in measured)
        ratios = [f"{ratio_of(measured, runs[NGINX], 'rps'):.2f}x nginx"]
        notes = [f"p99 {p99:.2f} ms", f"server CPU {cpu:.0f} us/request"]
        parser = parser_of.get(name)
        if parser is not None and name != floor_name(parser):
            floor = runs[floor_name(parser)]
            ratios.append(f"{ratio_of(measured, floor, 'rps'):.2f}x floor")
            notes[0] += f" ({ratio_of(measured, floor, 'p99_ms'):.2f}x the floor's)"
            notes[1] += f" ({ratio_of(measured, floor, 'cpu_us'):.2f}x the floor's)"
        notes.append(f"errors {sum(run.errors for run in measured)}")
        rps = statistics.median(run.rps for run in measured)
        rows.append(Row("forwarder", name, rps, "req/s", ", ".join(ratios), "; ".join(notes)))
    if not has_fast_parser():
        rows.append(
            Row(
                "forwarder",
                f"uvicorn {FAST}",
                float("nan"),
                "req/s",
                "",
                "not installed: pip install --group parsers (httptools, uvloop)",
            )
        )
    return rows


def ratio_of(runs: list[Run], base: list[Run], figure: str) -> float:
    """The median over rounds of a figure divided by the base's figure in the same round."""
    return statistics.median(
        getattr(run, figure) / getattr(other, figure) for run, other in zip(runs, base, strict=True)
    )


def per_call(subjects: dict[str, Callable[[], object]], seconds: float) -> dict[str, float]:
    """CPU seconds per call of each subject: the best of interleaved repeats."""
    timers = {
        name: timeit.Timer(function, timer=time.process_time) for name, function in subjects.items()
    }
    numbers = {name: timer.autorange()[0] for name, timer in timers.items()}
    best = dict.fromkeys(subjects, float("inf"))
    deadline = time.perf_counter() + seconds * len(subjects)
    while time.perf_counter() < deadline:
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return best


def state_dict() -> dict[str, str]:
    return {
        "recall_calendar_auth_token": TOKEN,
        "ms_oauth_redirect_url": CALLBACK,
        "success_url": SUCCESS,
        "error_url": FAILURE,
    }


def builder_rows(seconds: float) -> list[Row]:
    # The bench extra's packages, imported only for this row.
    from authlib.oauth2.rfc6749.parameters import (  # type: ignore[import-untyped]  # noqa: PLC0415
        prepare_grant_uri,
    )
    from requests_oauthlib import OAuth2Session  # type: ignore[import-untyped]  # noqa: PLC0415

    from recall_outlook import CalendarState, build_authorize_url  # noqa: PLC0415

    def ours() -> str:
        return build_authorize_url(
            client_id=CLIENT_ID,
            redirect_uri=CALLBACK,
            calendar_auth_token=TOKEN,
            success_url=SUCCESS,
            error_url=FAILURE,
        )

    def urlencode_floor() -> str:
        state = json.dumps(state_dict(), separators=(",", ":"), ensure_ascii=False)
        params = {
            "client_id": CLIENT_ID,
            "response_type": "code",
            "redirect_uri": CALLBACK,
            "response_mode": "query",
            "scope": SCOPE,
            "state": state,
        }
        return f"{AUTHORIZE}?{urlencode(params, quote_via=quote, safe='')}"

    def state_json() -> str:  # what a user of the other libraries would write
        return json.dumps(state_dict(), separators=(",", ":"), ensure_ascii=False)

    def authlib() -> str:
        url: str = prepare_grant_uri(
            AUTHORIZE, CLIENT_ID, "code", redirect_uri=CALLBACK, scope=SCOPE, state=state_json()
        )
        return url

    session = OAuth2Session(CLIENT_ID, redirect_uri=CALLBACK, scope=SCOPE.split())

    def requests_oauthlib() -> str:
        url: str = session.authorization_url(AUTHORIZE, state=state_json())[0]
        return url

    # The floor is only a floor if it builds the very same URL, from the very same state.
    assert ours() == urlencode_floor(), (ours(), urlencode_floor())
    assert state_json() == CalendarState(**state_dict()).to_json()
    names = {
        "ours: `build_authorize_url`": ours,
        "`urlencode` floor (`json.dumps` of the same state + `urlencode`)": urlencode_floor,
        "Authlib `prepare_grant_uri` (+ `json.dumps` of the same state)": authlib,
        "requests-oauthlib `OAuth2Session.authorization_url` (+ the same)": requests_oauthlib,
    }
    measured = per_call(names, seconds)
    floor = measured["`urlencode` floor (`json.dumps` of the same state + `urlencode`)"]
    peer = measured["Authlib `prepare_grant_uri` (+ `json.dumps` of the same state)"]
    return [
        Row(
            "build",
            name,
            cost * 1e6,
            "us/URL",
            f"{peer / cost:.2f}x Authlib's speed, {cost / floor:.2f}x the floor's time",
        )
        for name, cost in measured.items()
    ]


def parse_floor(url: str) -> object:
    """The least a linter must do: split the URL, parse the query, decode the JSON state."""
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    try:
        return json.loads(params.get("state", ""))
    except ValueError:
        return None


CORPUS = ROOT / "tests" / "data" / "ground_truth" / "authorize_urls.json"


def corpus_urls() -> dict[str, str]:
    """The authorize URLs of the ground-truth corpus (``tests/data``), by id, if there is one."""
    if not CORPUS.is_file():
        return {}
    items = json.loads(CORPUS.read_text(encoding="utf-8"))["items"]
    return {item["id"]: item["input"] for item in items}


def good_url() -> str:
    """The well-formed authorize URL the lint rows start with: every field of Recall's guide."""
    from recall_outlook import build_authorize_url  # noqa: PLC0415

    return build_authorize_url(
        client_id=CLIENT_ID,
        redirect_uri=CALLBACK,
        calendar_auth_token=TOKEN,
        success_url=SUCCESS,
        error_url=FAILURE,
    )


def lint_and_floor(url: str, seconds: float) -> dict[str, float]:
    """CPU seconds per call of the linter and of its parse floor on ``url``, interleaved."""
    from recall_outlook import lint_authorize_url  # noqa: PLC0415

    return per_call(
        {"lint": lambda: lint_authorize_url(url, now=0.0), "floor": lambda: parse_floor(url)},
        seconds,
    )


def lint_in_fresh_process(url: str, seconds: float) -> dict[str, float]:
    """[`lint_and_floor`][] in a fresh interpreter (the URL and seconds go in on stdin)."""
    code = (
        "import json, sys; from bench.run import lint_and_floor; "
        "print(json.dumps(lint_and_floor(**json.load(sys.stdin))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps({"url": url, "seconds": seconds}),
        capture_output=True,
        text=True,
        check=True,
        env=env(),
    ).stdout
    measured: dict[str, float] = json.loads(out)
    return measured


def lint_rows(seconds: float, worst: int, processes: int = 3) -> list[Row]:
    good = good_url()
    rows = []
    cases = {"a good URL (as built above)": good}
    corpus = corpus_urls()
    if corpus:
        # Rank the corpus by how far the lint is from the floor, briefly (best of interleaved
        # repeats, as below: three short runs picked a URL 25% from the worst once); measure
        # the worst.
        ratio = {}
        for name, url in corpus.items():
            briefly = lint_and_floor(url, min(seconds, 0.3))
            ratio[name] = briefly["lint"] / briefly["floor"]
        ranked = sorted(ratio, key=ratio.__getitem__, reverse=True)[:worst]
        cases |= {
            f"corpus `{name}` ({len(corpus[name])} chars; worst {n + 1} of {len(corpus)})": (
                corpus[name]
            )
            for n, name in enumerate(ranked)
        }
    for label, url in cases.items():
        # On a shared machine a noisy stretch can move one measurement's ratio by 20% or more
        # (allauth's URL: 4.2x to 4.5x in eleven of twelve, 5.2x in one), so each URL is
        # measured in several fresh interpreters, one after another, and the median reported.
        runs = [lint_in_fresh_process(url, seconds) for _ in range(processes)]
        ratios = sorted(run["lint"] / run["floor"] for run in runs)
        spread = f"median of {processes} fresh processes ({ratios[0]:.2f}x to {ratios[-1]:.2f}x)"
        rows.append(
            Row(
                "lint",
                f"`lint_authorize_url`, {label}",
                statistics.median(run["lint"] for run in runs) * 1e6,
                "us/URL",
                f"{statistics.median(ratios):.2f}x the parse floor's time",
                spread,
            )
        )
        rows.append(
            Row(
                "lint",
                f"parse floor (`urlsplit` + `parse_qsl` + `json.loads`), {label}",
                statistics.median(run["floor"] for run in runs) * 1e6,
                "us/URL",
                "1.00x",
            )
        )
    if not corpus:
        rows.append(
            Row("lint", "ground-truth corpus", float("nan"), "us/URL", "", "no tests/data corpus")
        )
    return rows


def import_seconds(statement: str, runs: int) -> float:
    """The median time of ``statement`` in fresh interpreters, the interpreter's start excluded."""
    code = (
        f"import time; start = time.perf_counter(); {statement}; print(time.perf_counter() - start)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env()
        ).stdout
        times.append(float(out))
    return statistics.median(times)


def import_rows(runs: int) -> list[Row]:
    statements = {
        "`import recall_outlook` (the core)": "import recall_outlook",
        "`from recall_outlook import lint_authorize_url` (first use: loads the linter)": (
            "from recall_outlook import lint_authorize_url"
        ),
        f"`import {STDLIB_CORE}` (what the core needs)": f"import {STDLIB_CORE}",
        "`import msal`": "import msal",
    }
    measured = {name: import_seconds(statement, runs) for name, statement in statements.items()}
    stdlib = measured[f"`import {STDLIB_CORE}` (what the core needs)"]
    return [
        Row("import", name, cost * 1000, "ms", f"{cost / stdlib:.2f}x stdlib", f"median of {runs}")
        for name, cost in measured.items()
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
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per server and round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of wrk over the servers")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--skip-wall", action="store_true", help="skip pytest and mkdocs timing")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT / "src")]  # this checkout, as env() gives the servers
    seconds, rounds = (2, 2) if args.quick else (args.seconds, args.rounds)
    rows = forwarder_rows(seconds, args.connections, rounds)
    rows += builder_rows(0.5 if args.quick else 3.0)
    rows += lint_rows(0.5 if args.quick else 3.0, worst=5)
    rows += import_rows(5 if args.quick else 15)
    if not (args.quick or args.skip_wall):
        rows += wall_rows()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
