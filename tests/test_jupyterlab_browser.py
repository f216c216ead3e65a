"""Notebook 2 in a real JupyterLab: run every cell, type into the builder, see it update.

``jupyter lab`` runs as a subprocess on 127.0.0.1 at a free port, without a token, on a copy of
notebook 2 whose outputs and widget state are cleared (so the builder on the page can only
come from running the cells). ``JUPYTER_CONFIG_DIR``, ``JUPYTER_DATA_DIR``,
``JUPYTER_RUNTIME_DIR`` and ``IPYTHONDIR`` point into ``tmp_path``: none of the user's settings,
workspaces or kernels' history leak in or out. JupyterLab's own network use is off: no news feed
(``LabApp.news_url=None``), no update check (``jupyterlab.NeverCheckForUpdate``), a read-only
extension manager that never queries PyPI (``LabApp.extension_manager=readonly``), and user
settings that never fetch news; the test fails if the page requests anything but the server.

Headless Chromium comes from ``conftest.py`` (skips without it unless
``RECALL_OUTLOOK_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "02_build_the_authorize_url.ipynb"
TYPED_CLIENT_ID = "11111111-2222-3333-4444-555555555555"
TYPED_REDIRECT_URI = "http://app.example.com/api/ms_oauth_callback"
FINDING = "redirect-uri-not-https"
START_TIMEOUT = 90.0
UI_TIMEOUT_MS = 120_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _cleared_copy(directory: Path) -> None:
    """Copy notebook 2 into ``directory`` without its outputs or widget state."""
    notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook["metadata"].pop("widgets", None)
    directory.mkdir()
    (directory / NOTEBOOK).write_text(json.dumps(notebook, indent=1), encoding="utf-8")


SETTINGS = {
    # Start the notebook's kernel without asking which one (the "Select Kernel" dialog).
    "@jupyterlab/notebook-extension/tracker": {"autoStartDefaultKernel": True},
    # Never ask about, fetch or check news and updates (the server has them off too).
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _user_settings(config_dir: Path) -> None:
    """Write JupyterLab user settings into the test's own ``JUPYTER_CONFIG_DIR``."""
    for plugin, values in SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _kernel_idle(base: str) -> bool:
    """Whether the notebook's kernel has started and is idle (the server's sessions API)."""
    with urllib.request.urlopen(f"{base}/api/sessions", timeout=5) as answer:
        sessions = json.load(answer)
    return any(
        session["path"].endswith(NOTEBOOK)
        and session.get("kernel", {}).get("execution_state") == "idle"
        for session in sessions
    )


def _wait_until_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"jupyter lab exited with {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(f"{base}/api/status", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError(
        f"jupyter lab did not answer on {base} within {START_TIMEOUT:.0f} s:\n"
        + log.read_text(errors="replace")
    )


@contextmanager
def jupyter_lab(tmp_path: Path) -> Iterator[str]:
    """Run ``jupyter lab`` on a cleared copy of notebook 2; yield its base URL; stop it."""
    root = tmp_path / "notebooks"
    _cleared_copy(root)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    _user_settings(tmp_path / "jupyter-config")
    port = _free_port()
    argv = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",  # no token, no password: loopback only
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        argv.append("--allow-root")
    log = tmp_path / "jupyter-lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, process, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group of the server we started
            process.wait(timeout=10)


@pytest.mark.browser
@pytest.mark.timeout(420)
def test_the_builder_updates_as_you_type_in_jupyterlab(browser: Any, tmp_path: Path) -> None:
    with jupyter_lab(tmp_path) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        # Observed, not intercepted: a sync route handler would stall requests between calls.
        away: list[str] = []
        context.on(
            "request",
            lambda request: (
                None if urlsplit(request.url).hostname == "127.0.0.1" else away.append(request.url)
            ),
        )
        page = context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        try:
            page.goto(f"{base}/lab/tree/{NOTEBOOK}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()
            # Wait for the kernel to be started and idle, then Run > Run All Cells.
            deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
            while not _kernel_idle(base):
                assert time.monotonic() < deadline, "the notebook's kernel did not start"
                page.wait_for_timeout(250)  # lets Playwright process the page's events
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            client_id = page.get_by_label("Client ID", exact=True)
            redirect_uri = page.get_by_label("Redirect URI", exact=True)
            client_id.wait_for()
            url_text = page.locator(".jp-OutputArea-output code", has_text="client_id=")
            url_text.first.wait_for()
            assert "6731de76-14a6-49ae-97bc-6eba6914391e" in url_text.first.inner_text()
            assert redirect_uri.is_enabled(), "the notebook's builder starts on your own domain"
            findings = page.locator(".jp-OutputArea-output td code", has_text=FINDING)
            assert findings.count() == 0, f"{FINDING} before typing anything"

            client_id.fill(TYPED_CLIENT_ID)
            redirect_uri.fill(TYPED_REDIRECT_URI)

            # The kernel answers each keystroke: wait for the URL holding both typed values.
            typed = (
                page.locator(".jp-OutputArea-output code")
                .filter(has_text=f"client_id={TYPED_CLIENT_ID}")
                .filter(has_text=f"redirect_uri={quote(TYPED_REDIRECT_URI, safe='')}&")
            )
            typed.first.wait_for()
            assert "sample-calendar-auth-token" not in typed.first.inner_text(), "shown masked"
            findings.first.wait_for()
        except Exception:
            page.screenshot(path=str(tmp_path / "jupyterlab.png"), full_page=True)
            raise
        finally:
            context.close()
    assert not away, f"the page left loopback: {away}"
