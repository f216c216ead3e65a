"""The documentation site: a strict build, offline, generated from the code, checked in Chromium.

The site is built once per session with ``mkdocs build --strict`` (the docs extra) into a
temporary directory. The static tests read the built HTML: nothing loads from another machine,
the catalog pages list every code the catalogs in code hold, the recipes are included as they
are. The browser test serves the site on 127.0.0.1, blocks every other host, and visits every
page in headless Chromium.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from recall_outlook.authorize.lint_codes import LINT_SPECS
from recall_outlook.cli import build_parser
from recall_outlook.forwarder.probes import FORWARDER_SPECS
from recall_outlook.regions import REGIONS
from recall_outlook.register.app_codes import APP_SPECS
from recall_outlook.register.publisher import PUBLISHER_STEPS
from recall_outlook.scopes import SCOPES
from recall_outlook.troubleshoot.explain import ERROR_CATALOG

REPO = Path(__file__).resolve().parents[1]
RECIPES = (
    "recipes/flask_forwarder.py",
    "recipes/fastapi_forwarder.py",
    "recipes/django_forwarder/forwarder.py",
    "recipes/nginx.conf",
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Build:
    site: Path
    output: str


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``mkdocs build --strict`` of the repository's site, once per session."""
    site = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(REPO / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{output}"
    return Build(site, output)


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    return build.site


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    """The page's text: tags removed, character references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def notebook_stems() -> list[str]:
    return sorted(path.stem for path in (REPO / "notebooks").glob("*.ipynb"))


# -- the build -------------------------------------------------------------------------------


def test_strict_build_reports_no_warning(build: Build) -> None:
    lines = [line for line in build.output.splitlines() if re.match(r"(WARNING|ERROR)\b", line)]
    assert lines == []


def test_every_notebook_is_a_tutorial_page_in_order(site: Path) -> None:
    stems = notebook_stems()
    assert len(stems) == 5
    home = (site / "index.html").read_text(encoding="utf-8")
    positions = [home.find(f'href="tutorial/{stem}/"') for stem in stems]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    for stem in stems:
        assert "jp-Notebook" in page_html(site, f"tutorial/{stem}")


def test_home_and_changelog_include_the_root_files(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    changelog = page_html(site, "changelog")
    readme_title = (REPO / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert f">{readme_title}<" in home
    assert "Keep a Changelog" in changelog
    assert (site / "LICENSE").read_bytes() == (REPO / "LICENSE").read_bytes()


# -- offline ---------------------------------------------------------------------------------

# Attributes through which a page makes the browser fetch something.
_FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "input": ("src",),
}
_EXTERNAL_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_EXTERNAL_IN_CODE = re.compile(
    r"""url\(\s*['"]?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*['"]?\s*(?:https?:)?//"""
    r"""|\bimport\(\s*['"](?:https?:)?//"""
    r"""|\.src\s*=\s*['"](?:https?:)?//"""
    r"""|widgetRendererSrc\s*=\s*['"](?:https?:)?//""",
    re.I,
)


# An external URL anywhere in a value: scripts read their configuration from data-* attributes
# (mkdocs-jupyter 0.27 hands its MathJax loader a CDN URL that way).
_EXTERNAL_ANYWHERE = re.compile(r"(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.I)


class _Fetches(HTMLParser):
    """Collects what a page would fetch: resource URLs, inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.code: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in _FETCHING.get(tag, ()):
            value = values.get(name)
            if value:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")]
        for name, value in attrs:
            if name.startswith("data-") and value:
                self.urls += _EXTERNAL_ANYWHERE.findall(value)
        if values.get("style"):
            self.code.append(values["style"] or "")
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.code.append(data)


def test_no_page_fetches_from_another_machine(site: Path) -> None:
    found = []
    for path in html_pages(site):
        parser = _Fetches()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [(path, url) for url in parser.urls if _EXTERNAL_URL.match(url)]
        found += [
            (path, m.group()) for code in parser.code for m in _EXTERNAL_IN_CODE.finditer(code)
        ]
    assert found == []


def test_no_stylesheet_fetches_from_another_machine(site: Path) -> None:
    found = [
        (path, match.group())
        for path in site.rglob("*.css")
        for match in _EXTERNAL_IN_CODE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_theme_fonts_are_off(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home
    assert "fonts.gstatic.com" not in home


def test_notebook_pages_load_the_vendored_widget_renderer(site: Path) -> None:
    with_widgets = 0
    for stem in notebook_stems():
        text = page_html(site, f"tutorial/{stem}")
        for forbidden in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "require.js"):
            assert forbidden not in text, (stem, forbidden)
        if WIDGET_VIEW in text:
            with_widgets += 1
            sources = set(re.findall(r"var widgetRendererSrc = '([^']*)';", text))
            assert sources == {"../../assets/widgets/embed.js"}, (stem, sources)
    assert with_widgets >= 1
    assert (site / "assets/widgets/embed.js").is_file()


def test_vendored_widget_renderer_is_the_published_file() -> None:
    folder = REPO / "docs/assets/widgets"
    digest = hashlib.sha256((folder / "embed.js").read_bytes()).hexdigest()
    notice = (folder / "NOTICE.txt").read_text(encoding="utf-8")
    assert digest in notice
    assert "@jupyter-widgets/html-manager 1.0.15" in notice
    assert (folder / "LICENSE").is_file()


# -- generated from the code -----------------------------------------------------------------


def anchor(key: str) -> str:
    """The id a catalog entry gets (docs/_hooks/generated.py)."""
    return re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-")


def test_finding_codes_page_lists_every_code(site: Path) -> None:
    text = page_html(site, "reference/finding-codes")
    specs = (*LINT_SPECS, *APP_SPECS, *FORWARDER_SPECS)
    missing = [
        spec.code for spec in specs if f'<code id="{spec.code}">{spec.code}</code>' not in text
    ]
    assert missing == []
    assert text.count("<tr><td><code id=") == len(specs)
    shown = visible_text(text)
    for spec in specs:
        assert spec.title in shown, spec.code
        assert spec.fix in shown, spec.code


def test_errors_page_lists_every_catalog_entry(site: Path) -> None:
    text = page_html(site, "reference/errors")
    missing = [
        entry.key
        for entry in ERROR_CATALOG
        if not re.search(rf'<h3 id="{re.escape(anchor(entry.key))}">{re.escape(entry.key)}: ', text)
    ]
    assert missing == []
    assert text.count('<dl class="ro-entry">') == len(ERROR_CATALOG)
    shown = visible_text(text)
    for entry in ERROR_CATALOG:
        assert entry.cause in shown, entry.key
        assert entry.fix in shown, entry.key


def test_regions_page_lists_every_region_and_callback(site: Path) -> None:
    text = page_html(site, "reference/regions")
    for region in REGIONS.values():
        assert f'<code id="{anchor(region.name)}">{region.name}</code>' in text
        assert region.ms_callback_url in text


def test_scopes_page_lists_every_scope(site: Path) -> None:
    text = page_html(site, "explanation/scopes")
    for scope in SCOPES:
        assert f">{scope.value}</code>" in text
        assert scope.permission_id in text


def test_publisher_page_lists_every_step(site: Path) -> None:
    text = page_html(site, "how-to/publisher-verification")
    for step in PUBLISHER_STEPS:
        assert f'<li id="{anchor(step.key)}">' in text
        assert step.title in visible_text(text)


def test_cli_page_is_every_commands_help(site: Path) -> None:
    text = visible_text(page_html(site, "reference/cli"))
    parser = build_parser()
    commands = next(
        action.choices
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    for name, command in commands.items():
        assert f"$ recall-outlook {name} --help" in text
        for action in command._actions:
            for option in action.option_strings:
                assert option in text, (name, option)


def test_recipes_are_included_as_they_are(site: Path) -> None:
    text = page_html(site, "how-to/redirect-uri-own-domain")
    blocks = [
        html.unescape(re.sub(r"<[^>]+>", "", block))
        for block in re.findall(r"<pre\b[^>]*>(.*?)</pre>", text, re.S)
    ]
    for recipe in RECIPES:
        source = (REPO / recipe).read_text(encoding="utf-8").rstrip("\n")
        assert any(block.rstrip("\n") == source for block in blocks), recipe


def test_flow_page_has_the_sequence_diagram_as_inline_svg(site: Path) -> None:
    text = page_html(site, "explanation/flow")
    svg = re.search(r'<figure class="ro-sequence">.*?</figure>', text, re.S)
    assert svg is not None
    assert svg.group().count('<g class="hop') >= 6
    assert "mermaid" not in text.lower()


# -- in a real browser -----------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<port>/."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Visit:
    """What the browser saw: requests to other hosts, console errors, links, anchors."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    links: dict[str, set[str]] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)


_WIDGETS_RENDERED = f"""() => {{
    const views = document.querySelectorAll('script[type="{WIDGET_VIEW}"]');
    const areas = document.querySelectorAll('.widget-subarea');
    return areas.length === views.length
        && Array.from(areas).every(a => a.children.length > 0 && a.innerText.trim().length > 0);
}}"""


def _page_urls(site: Path, base: str) -> list[str]:
    urls = []
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        urls.append(base + relative.removesuffix("index.html"))
    return urls


def _no_fragment(url: str) -> str:
    return url.partition("#")[0]


@pytest.mark.browser
def test_every_page_works_offline_in_chromium(browser: Any, site: Path, served: str) -> None:
    seen = Visit()
    context = browser.new_context()

    def route(route_: Any) -> None:
        host = urlsplit(route_.request.url).hostname
        if host == "127.0.0.1":
            route_.continue_()
        else:
            seen.blocked.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(20_000)
    current: list[str] = [""]
    page.on(
        "console",
        lambda message: (
            seen.errors.append(f"{current[0]}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: seen.errors.append(f"{current[0]}: {error}"))
    page.on(
        "response",
        lambda response: (
            seen.failed.append(f"{current[0]}: {response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    try:
        for url in _page_urls(site, served):
            current[0] = url
            response = page.goto(url, wait_until="load")
            assert response is not None, url
            assert response.status == 200, url
            if page.locator(f'script[type="{WIDGET_VIEW}"]').count():
                page.wait_for_function(_WIDGETS_RENDERED)
            seen.ids[url] = set(
                page.eval_on_selector_all("[id], a[name]", "els => els.map(e => e.id || e.name)")
            )
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                if href.startswith(served):
                    seen.links.setdefault(_no_fragment(href), set()).add(
                        unquote(href.partition("#")[2])
                    )

        # The sequence diagram renders: an SVG with its arrows, with a real size.
        current[0] = served + "explanation/flow/"
        page.goto(current[0])
        arrows = page.locator("figure.ro-sequence svg g.hop")
        assert arrows.count() >= 6
        box = page.locator("figure.ro-sequence svg").first.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 100

        # Search finds prompt=consent (Material's search runs in a worker, from the site).
        current[0] = served
        page.goto(served)
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("prompt=consent")  # typed: Material listens to key events
        results = page.locator(".md-search-result__item")
        results.first.wait_for()
        assert results.count() > 0
    finally:
        context.close()

    assert seen.blocked == []
    assert seen.errors == []
    assert seen.failed == []

    # Every internal link resolves, and its anchor exists on the target page.
    broken = []
    for target, anchors in sorted(seen.links.items()):
        ids = seen.ids.get(target)
        if ids is None:  # not a page of the nav walk: a file (LICENSE) or a page not visited
            response = context_free_get(target)
            if response != 200:
                broken.append(f"{target}: {response}")
            continue
        broken += [f"{target}#{a}" for a in sorted(anchors) if a and a not in ids]
    assert broken == []


def context_free_get(url: str) -> int:
    """The status of a GET to the loopback server, without the browser."""
    assert urlsplit(url).hostname == "127.0.0.1"
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_page_urls_cover_every_page_of_the_nav(site: Path) -> None:
    urls = _page_urls(site, "http://127.0.0.1/")
    assert "http://127.0.0.1/" in urls
    assert urljoin("http://127.0.0.1/", "explanation/flow/") in urls
    assert len(urls) == len(html_pages(site)) - 1
