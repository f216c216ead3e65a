"""Shared fixtures: headless Chromium for the browser tests.

Chromium comes from the system (Debian's ``chromium`` package, ``/usr/bin/chromium``, or the
path in ``RECALL_OUTLOOK_CHROMIUM``); Playwright drives it through ``executable_path`` and never
downloads a browser. Without Chromium the browser tests skip with the reason, unless
``RECALL_OUTLOOK_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.site_build import Build, build_site

# Property tests judge behaviour, never speed: no per-example deadline, so a loaded CI machine
# cannot fail them (speed is measured in bench/, side by side).
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("RECALL_OUTLOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"RECALL_OUTLOOK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The system Chromium's path; skips (or fails when required) if there is none."""
    configured = os.environ.get("RECALL_OUTLOOK_CHROMIUM")
    candidates: list[str | None] = [configured] if configured else ["/usr/bin/chromium"]
    if not configured:
        candidates += [shutil.which(name) for name in ("chromium", "chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = configured or "/usr/bin/chromium"
    _missing(f"no Chromium at {where} (apt-get install chromium, or set RECALL_OUTLOOK_CHROMIUM)")
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def browser(chromium_executable: str) -> Iterator[Any]:
    """A headless Chromium driven by Playwright's sync API, shared by one test module.

    Module scope, not session: the sync API keeps an event loop running on the main thread
    while it is open, which would break later tests that call ``asyncio.run``.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
        raise AssertionError("unreachable") from None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``mkdocs build --strict`` of the repository's site, once per session."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    """The built site's directory."""
    return build.site
