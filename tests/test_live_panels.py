"""The live panels of the documentation site: Pyodide in Chromium, every other host blocked.

The built site (the session's ``mkdocs build --strict``) is served on 127.0.0.1 and visited in
headless Chromium with every request to another host aborted. Each tutorial panel must start
as its saved snapshot marked "loading" and go live: the same Python definitions as in
JupyterLab, running in the tab. Then a person's actions: a client ID typo in the builder, a
simulator scenario run, an AADSTS code pasted into the troubleshooter.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from recall_outlook.widgets.browser import PANELS, definition_json, update_json
from tests.site_build import REPO, serve

LIVE_TIMEOUT = 180_000  # ms: a cold Pyodide on a busy two-core machine
PAGES = {
    "registration": "tutorial/01_register_the_app/",
    "builder": "tutorial/02_build_the_authorize_url/",
    "simulator": "tutorial/03_simulate_the_callback/",
    "troubleshooter": "tutorial/05_troubleshoot/",
}


def _hook(name: str) -> ModuleType:
    # As mkdocs loads a hook: its folder first on sys.path, so that it imports its siblings.
    spec = importlib.util.spec_from_file_location(name, REPO / f"docs/_hooks/{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(REPO / "docs/_hooks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(REPO / "docs/_hooks"))
    return module


live_snapshot = _hook("live_snapshot")
live_panels = _hook("live_panels")


# -- the build --------------------------------------------------------------------------------


def test_the_site_serves_the_pinned_pyodide_with_its_notice(site: Path) -> None:
    folder = site / "assets/pyodide"
    for name in live_panels.PYODIDE_FILES:
        assert (folder / name).is_file(), name
    package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == live_panels.PYODIDE_VERSION
    notice = (folder / "NOTICE.txt").read_text(encoding="utf-8")
    assert live_panels.PYODIDE_SHA256 in notice
    assert "MPL-2.0" in notice


def test_the_package_wheel_is_built_from_src(site: Path) -> None:
    wheels = sorted((site / "assets/live").glob("recall_outlook-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as archive:
        names = set(archive.namelist())
        source = REPO / "src/recall_outlook/widgets/browser.py"
        assert archive.read("recall_outlook/widgets/browser.py") == source.read_bytes()
    assert "recall_outlook/__init__.py" in names
    assert not any(name.endswith((".so", ".pyc")) for name in names)


def test_the_server_wheels_are_pure_python(site: Path) -> None:
    for name in live_panels.SERVER_LIBRARIES:
        wheels = list((site / "assets/live").glob(f"{name}-*-py3-none-any.whl"))
        assert len(wheels) == 1, name
        with zipfile.ZipFile(wheels[0]) as archive:
            assert not any(n.endswith((".so", ".pyd", ".c")) for n in archive.namelist()), name
            record = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
            assert archive.read(record)


def test_each_tutorial_panel_is_marked_with_its_saved_values(site: Path) -> None:
    for key, url in PAGES.items():
        text = (site / url / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(
            r'<script type="application/json" class="ro-live-panel">(.*?)</script>', text
        )
        panels = [json.loads(block) for block in blocks]
        assert key in {panel["panel"] for panel in panels}, url
        assert 'id="ro-live-config"' in text
        assert "assets/live/panels.js" in text
    simulator = (site / PAGES["simulator"] / "index.html").read_text(encoding="utf-8")
    assert '"event": "run_button"' in simulator  # saved after a run: goes live run again


def _config(site: Path, page: str) -> dict[str, Any]:
    text = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="ro-live-config">(.*?)</script>', text)
    assert found is not None, page
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def test_each_page_names_the_memory_snapshot_it_needs(site: Path) -> None:
    folder = site / "assets/live"
    for key, page in PAGES.items():
        config = _config(site, page)
        server = key == "simulator"
        assert (
            config["memory_snapshot"]
            == f"../../assets/live/python-{'server' if server else 'core'}.snapshot"
        )
    for kind in ("core", "server"):
        with gzip.open(folder / f"python-{kind}.snapshot") as snapshot:
            assert len(snapshot.read()) > 2**20  # a whole interpreter's memory


def test_a_snapshot_taken_after_the_memory_grew_is_refused(site: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None
    out = tmp_path / "grown.gz"
    done = subprocess.run(
        [node, str(live_snapshot.SCRIPT), str(site / "assets/pyodide"), str(out),
         "held = bytearray(64 * 2**20)"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "memory grew" in done.stderr
    assert not out.exists()


def test_snapshots_are_reused_and_failures_are_clear(site: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None
    wheels = sorted((site / "assets/live").glob("recall_outlook-*.whl"))
    target = tmp_path / "python-core.snapshot"
    options: dict[str, Any] = {
        "server": False, "identity": "test", "cache": tmp_path / "cache", "target": target
    }  # fmt: skip
    with pytest.raises(live_panels.PluginError, match="could not make the Pyodide memory snap"):
        live_snapshot.make_snapshot(node, tmp_path, wheels, **options)  # no Pyodide there
    stale = [options["cache"] / f"stale-{number}.gz" for number in range(live_snapshot.KEEP)]
    for age, path in enumerate(stale, start=1):
        path.write_bytes(b"old")
        os.utime(path, (age, age))  # stale-0 is the least recently used
    live_snapshot.make_snapshot(node, site / "assets/pyodide", wheels, **options)
    kept = sorted(options["cache"].glob("*.gz"))
    assert len(kept) == live_snapshot.KEEP  # the new one and the three most recent stale ones
    assert stale[0] not in kept
    first = target.read_bytes()
    target.unlink()
    # The same inputs again: taken from the cache, without running node at all.
    live_snapshot.make_snapshot(
        str(tmp_path / "no-node"), site / "assets/pyodide", wheels, **options
    )
    assert target.read_bytes() == first


def test_without_node_the_build_warns_and_pages_start_python_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert live_snapshot.node() is None
    assert "node is not installed" in caplog.text


def test_a_wrong_pyodide_tarball_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "pyodide.tgz"
    fake.write_bytes(b"not pyodide")
    monkeypatch.setenv("RECALL_OUTLOOK_PYODIDE_TGZ", str(fake))
    digest = hashlib.sha256(b"not pyodide").hexdigest()
    with pytest.raises(live_panels.PluginError, match=f"SHA-256 {digest} is not the pinned"):
        live_panels.pyodide_tarball()
    monkeypatch.setenv("RECALL_OUTLOOK_PYODIDE_TGZ", str(tmp_path / "missing.tgz"))
    with pytest.raises(live_panels.PluginError, match="no such file"):
        live_panels.pyodide_tarball()


def test_without_npm_the_build_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECALL_OUTLOOK_PYODIDE_TGZ", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(live_panels.PluginError, match="npm is not installed"):
        live_panels.pyodide_tarball()


def test_the_browser_entry_points_answer_json() -> None:
    for key in PANELS:
        drawn = json.loads(definition_json(key))
        names = {field["name"] for field in drawn["fields"]}
        placed = {item for section in drawn["sections"] for item in section["items"]}
        assert placed <= names | set(drawn["outputs"]), key
    view = json.loads(update_json("builder", json.dumps({"client_id": "6731de76"}), "client_id"))
    assert view["messages"]["client_id"].startswith("client-id-not-guid")
    assert "aria-disabled" in view["html"]["link_html"]


# -- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


# Every state a panel's host passes through (loading, live, snapshot), in order.
_RECORD_STATES = """
window.roSeen = [];
new MutationObserver((changes) => {
  for (const change of changes) {
    const state = change.target.getAttribute("data-ro-live");
    if (state && window.roSeen[window.roSeen.length - 1] !== state) window.roSeen.push(state);
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ro-live"] });
"""


class Tab:
    """A page in a context that aborts every request to a host other than 127.0.0.1."""

    def __init__(self, browser: Any, *, wasm: bool = True, memory_snapshot: bool = True) -> None:
        self.memory_snapshot = memory_snapshot
        self.blocked: list[str] = []
        self.requested: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        if not wasm:
            self.context.add_init_script("delete globalThis.WebAssembly;")
        self.context.add_init_script(_RECORD_STATES)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def _route(self, route: Any) -> None:
        self.requested.append(route.request.url)
        if not self.memory_snapshot and route.request.url.endswith(".snapshot"):
            route.fulfill(status=404, body="gone")
        elif urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="domcontentloaded")
        return self.page

    def close(self) -> None:
        self.context.close()
        assert self.blocked == []
        assert self.errors == []


def _panel(page: Any, key: str) -> Any:
    return page.locator(f'[data-ro-live] div.ro-panel[data-panel="{key}"]').first


def _row(panel: Any, field: str) -> Any:
    return panel.locator(f'.ro-row:has([data-field="{field}"])')


@pytest.mark.browser
def test_builder_goes_live_and_marks_typos_beside_their_fields(browser: Any, served: str) -> None:
    tab = Tab(browser)
    page = tab.open(served + PAGES["builder"])
    badge = page.locator(".ro-live-badge").first
    page.wait_for_selector('[data-ro-live="live"]', timeout=LIVE_TIMEOUT)
    assert page.evaluate("window.roSeen") == ["loading", "live"]  # the snapshot first
    assert "stays in your browser" in badge.inner_text()
    assert page.evaluate("window.roLiveTimes.restored")  # from the page's memory snapshot
    panel = _panel(page, "builder")
    client_id = panel.locator('input[data-field="client_id"]')
    message = _row(panel, "client_id").locator(".ro-message")
    assert message.inner_text() == ""
    assert panel.locator('[data-output="link_html"] a[href^="https://login"]').count() == 1

    client_id.press("End")
    client_id.press("Backspace")  # one character short: no longer a GUID
    page.wait_for_function(
        "el => el.textContent.includes('client-id-not-guid')", arg=message.element_handle()
    )
    assert panel.locator('[data-output="link_html"] a').count() == 0  # the link is disabled
    assert panel.locator('[data-output="link_html"] [aria-disabled="true"]').count() == 1

    client_id.press("e")  # fixed again
    page.wait_for_function("el => el.textContent === ''", arg=message.element_handle())
    assert panel.locator('[data-output="link_html"] a[href^="https://login"]').count() == 1

    # A tenant typo is a tenant error, beside the Tenant field.
    panel.locator('input[data-field="tenant"]').fill("comon")
    tenant = _row(panel, "tenant").locator(".ro-message")
    page.wait_for_function(
        "el => el.textContent.includes('tenant-invalid')", arg=tenant.element_handle()
    )
    assert "endpoint-not-microsoft" not in panel.inner_text()
    # The builder's page loads the package only, never the simulator's libraries.
    wheels = [url.rsplit("/", 1)[1] for url in tab.requested if url.endswith(".whl")]
    assert wheels == [name for name in wheels if name.startswith("recall_outlook-")] != []
    tab.close()


@pytest.mark.browser
def test_simulator_runs_a_scenario_and_draws_its_diagram(browser: Any, served: str) -> None:
    tab = Tab(browser)
    page = tab.open(served + PAGES["simulator"])
    page.wait_for_selector('[data-ro-live="live"]', timeout=LIVE_TIMEOUT)
    panel = _panel(page, "simulator")
    panel.locator('select[data-field="scenario"]').select_option("wrong-client-secret")
    steps = panel.locator('[data-output="steps_html"]')
    assert steps.inner_text() == ""  # a change forgets the last run
    panel.locator('button[data-field="run_button"]').click()
    steps.locator("svg g.hop.failed").first.wait_for()
    assert steps.locator("svg").count() >= 1
    assert "AADSTS7000215" in panel.locator('[data-output="explanation_html"]').inner_text()
    wheels = {url.rsplit("/", 1)[1].split("-")[0] for url in tab.requested if url.endswith(".whl")}
    assert {"httpx", "werkzeug", "markupsafe"} <= wheels

    # Paste mode: the scenario's text goes, and text that is no callback URL gets a message.
    panel.locator('.ro-toggle button[data-value="callback"]').click()
    assert panel.locator('[data-output="description_html"]').is_hidden()
    panel.locator('textarea[data-field="callback_url"]').fill("https://app.example.com/hello")
    panel.locator('button[data-field="run_button"]').click()
    message = _row(panel, "callback_url").locator(".ro-message")
    page.wait_for_function(
        "el => el.textContent.includes('not a callback URL')", arg=message.element_handle()
    )
    assert panel.locator('[data-output="steps_html"]').inner_text() == ""
    tab.close()


@pytest.mark.browser
def test_troubleshooter_explains_a_pasted_aadsts_text(browser: Any, served: str) -> None:
    tab = Tab(browser)
    page = tab.open(served + PAGES["troubleshooter"])
    page.wait_for_selector('[data-ro-live="live"]', timeout=LIVE_TIMEOUT)
    panel = _panel(page, "troubleshooter")
    panel.locator('textarea[data-field="text"]').fill(
        "AADSTS50011: The redirect URI specified in the request does not match."
    )
    diagnosis = panel.locator('[data-output="diagnosis_html"]')
    page.wait_for_function(
        "el => el.textContent.includes('Redirect URI not registered')",
        arg=diagnosis.element_handle(),
    )
    assert "Fix:" in diagnosis.inner_text()
    tab.close()


@pytest.mark.browser
def test_without_its_memory_snapshot_a_page_starts_python_anew(browser: Any, served: str) -> None:
    tab = Tab(browser, memory_snapshot=False)
    warnings: list[str] = []
    tab.page.on("console", lambda message: warnings.append(message.text))
    page = tab.open(served + PAGES["troubleshooter"])
    page.wait_for_selector('[data-ro-live="live"]', timeout=LIVE_TIMEOUT)
    assert page.evaluate("window.roLiveTimes.restored") is False
    assert any("without its memory snapshot" in text for text in warnings)
    panel = _panel(page, "troubleshooter")
    panel.locator('textarea[data-field="text"]').fill("AADSTS7000215: Invalid client secret.")
    page.wait_for_function(
        "el => el.textContent.includes('AADSTS7000215')",
        arg=panel.locator('[data-output="diagnosis_html"]').element_handle(),
    )
    # The browser reports the refused file itself; nothing else went wrong.
    tab.errors = [text for text in tab.errors if "404" not in text]
    tab.close()


@pytest.mark.browser
def test_without_webassembly_the_snapshot_stays_labelled(browser: Any, served: str) -> None:
    tab = Tab(browser, wasm=False)
    page = tab.open(served + PAGES["troubleshooter"])
    badge = page.locator(".ro-live-badge").first
    page.wait_for_function("() => document.querySelector('[data-ro-live=\"snapshot\"]')")
    assert "Snapshot" in badge.inner_text()
    assert page.evaluate("window.roSeen") == ["snapshot"]
    page.locator(".widget-subarea").first.wait_for()  # the saved panel is still shown
    assert page.locator("div.ro-panel[data-panel]").count() == 0
    assert not any("pyodide" in url for url in tab.requested)
    tab.close()
