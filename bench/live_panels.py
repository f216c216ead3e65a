"""Benchmark the docs site's live panels in Chromium on loopback: cold load, keystroke latency.

Usage, from the repository root with the docs and dev extras installed and Debian's chromium::

    python bench/live_panels.py                  # build the site, 3 cold loads, 20 keystrokes
    python bench/live_panels.py --site DIR --runs 5 --keys 40

Rows (markdown, for ``bench/RESULTS.md``):

- cold load: from navigation to the builder page until its panel is live (Pyodide started, from
  the page's memory snapshot when it has one, the package's wheel unpacked and imported, the
  panel drawn from its Python definition), in a fresh
  browser context each run (empty HTTP cache), and the stages of it (``window.roLiveTimes``);
  likewise the simulator page, which also loads the sandbox's libraries and re-runs its saved
  scenario;
- keystroke: from a key pressed in the builder's Client ID field until the page has painted the
  updated result (the Python update ran, its HTML is on the page, a frame has passed).

Every request to a host other than 127.0.0.1 is aborted, as in the tests. Targets (issue 13):
live within 5 s cold, updates within 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.site_build import build_site, serve  # noqa: E402

PAGES = {
    "builder": "tutorial/02_build_the_authorize_url/",
    "simulator": "tutorial/03_simulate_the_callback/",
}
_KEY_LATENCY = """async (count) => {
    const panel = document.querySelector('div.ro-panel[data-panel="builder"]');
    const input = panel.querySelector('[data-field="client_id"]');
    const host = input.closest('[data-ro-live]');
    const spans = [];
    for (let i = 0; i < count; i++) {
        const painted = new Promise((resolve) => host.addEventListener('ro-live-update',
            () => requestAnimationFrame(() => setTimeout(resolve, 0)), { once: true }));
        const started = performance.now();
        input.focus();
        const key = i % 2 === 0 ? 'x' : null;
        if (key) { input.value += key; } else { input.value = input.value.slice(0, -1); }
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: key }));
        await painted;
        spans.push(performance.now() - started);
    }
    return spans;
}"""


def _context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route_: Any) -> None:
        if urlsplit(route_.request.url).hostname == "127.0.0.1":
            route_.continue_()
        else:
            route_.abort()

    context.route("**/*", route)
    return context


def cold_load(browser: Any, url: str) -> dict[str, float]:
    """Open ``url`` in a fresh context; return the stage times (ms since navigation)."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector('[data-ro-live="live"]', timeout=300_000)
        page.wait_for_function("() => window.roLiveTimes && window.roLiveTimes.live")
        times: dict[str, float] = page.evaluate("() => window.roLiveTimes")
        return times
    finally:
        context.close()


def keystrokes(browser: Any, url: str, count: int) -> list[float]:
    """Return the key-to-paint times (ms) of ``count`` edits of the builder's Client ID."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector('[data-ro-live="live"]', timeout=300_000)
        spans: list[float] = page.evaluate(_KEY_LATENCY, count)
        return spans
    finally:
        context.close()


def _median(values: list[float]) -> str:
    return f"{statistics.median(values) / 1000:.2f}"


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site, measure, print markdown rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built by mkdocs (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page")
    parser.add_argument("--keys", type=int, default=20, help="keystrokes measured")
    parser.add_argument("--chromium", default=os.environ.get("RECALL_OUTLOOK_CHROMIUM",
                                                             "/usr/bin/chromium"))  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        site = args.site or build_site(Path(folder) / "site").site
        load = os.getloadavg()[0]
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
            )
            rows = []
            for name, path in PAGES.items():
                runs = [cold_load(browser, base + path) for _ in range(args.runs)]
                stages = {key: [run[key] for run in runs] for key in runs[0] if key != "restored"}
                restored = sum(bool(run.get("restored")) for run in runs)
                rows.append(
                    f"| live panels | cold load to live, {name} page | {_median(stages['live'])} "
                    f"| s | target 5 s | median of {args.runs}; Pyodide ready "
                    f"{_median(stages['pyodide'])} s ({restored} of {args.runs} from the memory "
                    f"snapshot), wheels unpacked {_median(stages['wheels'])}"
                    f" s, imported {_median(stages['imported'])} s |"
                )
            spans = keystrokes(browser, base + PAGES["builder"], args.keys)
            browser.close()
        ordered = sorted(spans)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        rows.append(
            f"| live panels | keystroke to painted update, builder | "
            f"{statistics.median(spans):.0f} | ms | target 150 ms | median of {len(spans)}, "
            f"p95 {p95:.0f} ms, max {max(spans):.0f} ms |"
        )
    print(f"load average at start: {load:.1f}")
    print("| benchmark | subject | figure | unit | target | notes |")
    print("|---|---|---:|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
