"""Forwarders on loopback for the recipe and check-forwarder tests.

Each context manager starts a real server on 127.0.0.1 at a free port and yields the forwarder's
URL; the recipes run exactly as their docstrings tell people to run them. nginx comes from the
system (Debian's ``nginx-light``): without it the nginx tests skip with the reason, unless
``RECALL_OUTLOOK_REQUIRE_NGINX=1`` (set by ``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from werkzeug.serving import make_server

import recall_outlook
from recall_outlook.forwarder.forward import DEFAULT_FORWARDER_PATH
from recall_outlook.regions import get_region

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "recipes"
US_EAST = get_region("us-east-1").ms_callback_url
NGINX = os.environ.get("RECALL_OUTLOOK_NGINX", "/usr/sbin/nginx")


def load_recipe(relative: str, name: str) -> ModuleType:
    """Import a recipe file as module ``name`` (registered in sys.modules, as Django needs)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, RECIPES / relative)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(port: int, process: subprocess.Popen[bytes] | None, log: Path | None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            text = log.read_text(errors="replace") if log and log.exists() else ""
            raise RuntimeError(f"server exited with {process.returncode}:\n{text}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after 30 s")


@contextmanager
def run_process(
    argv: Sequence[str], *, port: int, cwd: Path, log: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run a server process, wait until it listens on ``port``, yield its base URL, stop it."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(argv), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        try:
            _wait_for(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextmanager
def serve_wsgi(app: Any) -> Iterator[str]:
    """Serve a WSGI app with werkzeug in a thread on loopback; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


RUN_LINES = {
    "flask": "flask --app flask_forwarder run",
    "fastapi": "uvicorn fastapi_forwarder:app --http h11 --no-access-log --limit-concurrency 256",
    "django": "python forwarder.py runserver",
}
"""Each Python recipe's run line, as recipes/README.md documents it (tests check it does)."""


def _argv(name: str) -> list[str]:
    """The documented run line with this interpreter (``python -m flask`` for ``flask``)."""
    program, *rest = RUN_LINES[name].split()
    return [sys.executable, *([] if program == "python" else ["-m", program]), *rest]


def python_env() -> dict[str, str]:
    """A recipe process's environment: it imports the recall_outlook these tests import.

    ``src/`` from an editable install, the installed wheel in the nox ``wheel`` sessions.
    """
    env = dict(os.environ)
    package_root = Path(recall_outlook.__file__).resolve().parents[1]
    env["PYTHONPATH"] = os.pathsep.join([str(package_root), env.get("PYTHONPATH", "")])
    return env


@contextmanager
def flask_server(tmp_path: Path) -> Iterator[str]:
    """``flask --app flask_forwarder run``, as the recipe says; yields the forwarder's URL."""
    port = free_port()
    argv = [*_argv("flask"), "--host", "127.0.0.1", "--port", str(port)]
    with run_process(argv, port=port, cwd=RECIPES, log=tmp_path / "flask.log") as base:
        yield base + DEFAULT_FORWARDER_PATH


@contextmanager
def fastapi_server(tmp_path: Path) -> Iterator[str]:
    """``uvicorn fastapi_forwarder:app`` with the recipe's flags; yields the forwarder's URL."""
    port = free_port()
    argv = [*_argv("fastapi"), "--host", "127.0.0.1", "--port", str(port)]
    with run_process(argv, port=port, cwd=RECIPES, log=tmp_path / "uvicorn.log") as base:
        yield base + DEFAULT_FORWARDER_PATH


@contextmanager
def django_server(tmp_path: Path) -> Iterator[str]:
    """``python forwarder.py runserver``, as the recipe says; yields the forwarder's URL."""
    port = free_port()
    argv = [*_argv("django"), f"127.0.0.1:{port}", "--noreload"]
    cwd = RECIPES / "django_forwarder"
    with run_process(argv, port=port, cwd=cwd, log=tmp_path / "django.log") as base:
        yield base + DEFAULT_FORWARDER_PATH


def nginx_binary() -> str:
    """The nginx binary; skips (or fails when required) if there is none."""
    found = NGINX if Path(NGINX).is_file() else shutil.which("nginx")
    if found and os.access(found, os.X_OK):
        return found
    reason = f"no nginx at {NGINX} (apt-get install nginx-light, or set RECALL_OUTLOOK_NGINX)"
    if os.environ.get("RECALL_OUTLOOK_REQUIRE_NGINX") == "1":
        pytest.fail(f"RECALL_OUTLOOK_REQUIRE_NGINX=1 but {reason}", pytrace=False)
    pytest.skip(reason)
    raise AssertionError("unreachable")


def nginx_config(tmp_path: Path, port: int, *, callback: str = US_EAST) -> str:
    """The recipe's server block, made local: loopback listener, no TLS, region swapped."""
    block = (RECIPES / "nginx.conf").read_text()
    block = re.sub(r"^\s*listen\s[^;]*;.*$", f"    listen 127.0.0.1:{port};", block, flags=re.M)
    block = re.sub(r"^\s*ssl_certificate(_key)?\s[^;]*;.*\n", "", block, flags=re.M)
    block = block.replace(US_EAST, callback)
    block = block.replace("/var/log/nginx/access.log", str(tmp_path / "access.log"))
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\nworker_processes 1;\npid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        # Debian's default: every request logged in the combined format, query included.
        f"http {{\n    access_log {tmp_path / 'access.log'} combined;\n{temp}\n{block}\n}}\n"
    )


@contextmanager
def nginx_server(tmp_path: Path, *, callback: str = US_EAST) -> Iterator[str]:
    """Start Debian's nginx with the recipe on a loopback port; yield the forwarder's URL."""
    binary = nginx_binary()
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(tmp_path, port, callback=callback))
    argv = [binary, "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")]
    with run_process(argv, port=port, cwd=tmp_path, log=tmp_path / "nginx.out") as base:
        yield base + DEFAULT_FORWARDER_PATH


def naive_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """The mistake the checker exists for: parse the query, rebuild it, redirect."""
    return _naive(environ, start_response, keep_repeats=True)


def naive_dict_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """The same mistake through a dict, as ``request.args.to_dict()`` makes it."""
    return _naive(environ, start_response, keep_repeats=False)


def _naive(environ: dict[str, Any], start_response: Any, *, keep_repeats: bool) -> Iterable[bytes]:
    pairs = parse_qsl(environ.get("QUERY_STRING", ""))
    pairs = pairs if keep_repeats else list(dict(pairs).items())
    location = f"{US_EAST}?{urlencode(pairs)}"
    start_response(
        "302 Found",
        [
            ("Location", location),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
            ("Content-Length", "0"),
        ],
    )
    return [b""]
