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
import json
import re
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
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
from recall_outlook.troubleshoot.catalog import ADMIN_CONSENT_FIX
from recall_outlook.troubleshoot.explain import ERROR_CATALOG
from tests.site_build import Build, serve

REPO = Path(__file__).resolve().parents[1]
RECIPES = (
    "recipes/flask_forwarder.py",
    "recipes/fastapi_forwarder.py",
    "recipes/django_forwarder/forwarder.py",
    "recipes/nginx.conf",
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


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


CONTRIBUTOR_WORDS = (
    "pytest",
    "nbval",
    ".ci/run",
    "fuzz",
    "atheris",
    "benchmark",
    "mkdocs serve",
    "execute_notebooks",
    "scripts/test",
)
"""Material for people working on recall-outlook, kept off the home page."""


def test_home_is_a_landing_page_with_a_quickstart(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    article = home[home.index("<article") : home.index("</article>")]
    shown = visible_text(article)
    assert "recall-outlook is a Python toolkit" in shown
    assert 'src="assets/flow.svg"' in article
    assert ">Quickstart<" in article
    found = [word for word in CONTRIBUTOR_WORDS if word.lower() in shown.lower()]
    assert found == []


def test_quickstart_has_a_block_calling_recall_and_build_authorize_url(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    blocks = [visible_text(b) for b in re.findall(r"<pre\b[^>]*>(.*?)</pre>", home, re.S)]
    both = [
        block
        for block in blocks
        if "/api/v1/calendar/authenticate/" in block and "build_authorize_url(" in block
    ]
    assert both, "no quickstart code block calls both calendar/authenticate and build_authorize_url"


def example_section(path: str, name: str) -> str:
    """The lines between ``--8<-- [start:name]`` and ``[end:name]`` of an example, dedented."""
    lines = (REPO / path).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"# --8<-- [start:{name}]")
    end = next(i for i, line in enumerate(lines) if line.strip() == f"# --8<-- [end:{name}]")
    return textwrap.dedent("\n".join(lines[start + 1 : end])).strip("\n")


def test_quickstart_tabs_show_the_example_apps_as_they_are(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    blocks = [
        html.unescape(re.sub(r"<[^>]+>", "", block)).strip("\n")
        for block in re.findall(r"<pre\b[^>]*>(.*?)</pre>", home, re.S)
    ]
    for path in ("examples/flask_app.py", "examples/fastapi_app.py"):
        for name in ("connect", "forwarder"):
            assert example_section(path, name) in blocks, (path, name)


def test_contributor_material_is_on_the_contributing_page(site: Path) -> None:
    shown = visible_text(page_html(site, "contributing"))
    for word in ("scripts/test", ".ci/run", "nbval", "execute_notebooks", "mkdocs gh-deploy"):
        assert word in shown, word
    assert "RECALL_OUTLOOK_SITE_URL" in shown


def test_licence_is_a_page_not_a_download(site: Path) -> None:
    licence = visible_text(page_html(site, "license"))
    first = (REPO / "LICENSE").read_text(encoding="utf-8").splitlines()[0]
    assert first in licence
    links = [
        (path, href)
        for path in html_pages(site)
        for href in re.findall(r'href="([^"]*)"', path.read_text(encoding="utf-8"))
        if href.rstrip("/").endswith("LICENSE")
    ]
    assert links == []
    assert "Keep a Changelog" in page_html(site, "changelog")


def test_site_url_fills_the_sitemap_and_the_404_page(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == len(html_pages(site)) - 1
    not_found = (site / "404.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link[^>]+href="([^"]+\.css)"', not_found)
    assert stylesheets
    assert all(href.startswith("/") for href in stylesheets), stylesheets


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
        if tag == "link" and values.get("rel") == "canonical":
            return  # names the page's published address; the browser does not fetch it
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


def test_finding_codes_page_has_one_block_per_code(site: Path) -> None:
    text = page_html(site, "reference/finding-codes")
    specs = (*LINT_SPECS, *APP_SPECS, *FORWARDER_SPECS)
    missing = [
        spec.code
        for spec in specs
        if f'<h3 class="ro-code-heading" id="{spec.code}">'
        f'<code class="ro-nowrap">{spec.code}</code>' not in text
    ]
    assert missing == []
    assert text.count('<h3 class="ro-code-heading"') == len(specs)
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
        for part in entry.fix.split(ADMIN_CONSENT_FIX):
            assert part.strip(" .:") in shown, entry.key
        for variant in entry.variants:  # the readings of the code where else it is met
            assert f"{variant.situation}: {variant.title}" in shown, entry.key
            assert variant.cause in shown, entry.key


def test_errors_page_shows_the_shared_admin_consent_fix_once(site: Path) -> None:
    shown = visible_text(page_html(site, "reference/errors"))
    users = [entry for entry in ERROR_CATALOG if ADMIN_CONSENT_FIX in entry.fix]
    assert len(users) >= 3
    assert shown.count(ADMIN_CONSENT_FIX) == 1


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


def test_cli_page_is_generated_from_the_parser(site: Path) -> None:
    text = page_html(site, "reference/cli")
    shown = visible_text(text)
    parser = build_parser()
    commands = next(
        action.choices
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    sections = re.split(r'<h2 class="ro-code-heading"', text)[1:]
    assert len(sections) == len(commands)
    for (name, command), section in zip(commands.items(), sections, strict=True):
        assert f'id="{anchor(name)}"><code>recall-outlook {name}</code>' in section
        assert "<table>" in section, name
        examples = re.findall(r'<div class="highlight"><pre>', section.split("Example:")[1])
        assert len(examples) == 1, name
        assert f"recall-outlook {name}" in visible_text(section.split("Example:")[1])
        for action in command._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in visible_text(section), (name, option)
    assert "usage: recall-outlook" not in shown  # commands, not raw --help text


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


RAW_ROLE = re.compile(r":(?:py:)?(?:class|func|data|meth|attr|exc|mod|obj|const):(?=[`\w~.])")


def test_no_page_shows_a_raw_reference_role_or_internal_jargon(site: Path) -> None:
    found = []
    for path in html_pages(site):
        shown = visible_text(path.read_text(encoding="utf-8"))
        found += [(path.relative_to(site).as_posix(), m.group()) for m in RAW_ROLE.finditer(shown)]
        found += [
            (path.relative_to(site).as_posix(), m.group())
            for m in re.finditer(r"\bseed (?:guide|page|asks|writes)\b|\bthe seed\b", shown, re.I)
        ]
    assert found == []


def test_api_reference_is_one_page_per_step_with_links(site: Path) -> None:
    for step in ("basics", "register", "authorize", "forwarder", "troubleshoot", "recall-api"):
        assert (site / "reference/api" / step / "index.html").is_file(), step
    authorize = page_html(site, "reference/api/authorize")
    headings = re.findall(r'<h3 id="(recall_outlook\.[\w.]+)"', authorize)
    assert headings[0] == "recall_outlook.authorize.build.build_authorize_url"
    # Cross-references are links, and the signature is formatted over several lines.
    assert 'href="#recall_outlook.authorize.state.CalendarState"' in authorize
    signature = re.search(r'<div class="doc-signature[^>]*>(.*?)</div>', authorize, re.S)
    assert signature is not None
    assert visible_text(signature.group(1)).count("\n") > 5


def test_every_public_name_has_its_entry_in_the_api_reference(site: Path) -> None:
    import recall_outlook

    documented = set()
    for page in (site / "reference/api").glob("*/index.html"):
        ids = re.findall(r'id="(recall_outlook\.[\w.]+)"', page.read_text(encoding="utf-8"))
        documented |= {identifier.rsplit(".", 1)[-1] for identifier in ids}
    public = [name for name in recall_outlook.__all__ if not name.startswith("_")]
    assert [name for name in public if name not in documented] == []


NOT_PAGES = ("https://graph.microsoft.com/", "https://your-domain.example", "oauth2/v2.0/authorize")


def test_only_pages_are_links(site: Path) -> None:
    found = [
        (path.relative_to(site).as_posix(), href)
        for path in html_pages(site)
        for href in re.findall(r'<a [^>]*href="(https?://[^"]+)"', path.read_text(encoding="utf-8"))
        if any(value in href for value in NOT_PAGES)
    ]
    assert found == []


def test_search_index_separates_entries_and_boosts_exact_codes(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {entry["location"]: entry for entry in index["docs"]}
    prefix = entries["reference/errors/#aadsts90094"]
    longer = entries["reference/errors/#aadsts900941"]
    assert prefix.get("boost", 1) > longer.get("boost", 1)
    text = entries["reference/errors/#aadsts90094"]["text"]
    assert "CauseThe" not in text
    assert re.search(r"Cause\s+\S", text)
    code = entries["reference/finding-codes/#endpoint-not-microsoft"]
    assert visible_text(code["title"]) == "endpoint-not-microsoft"


# -- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<port>/."""
    with serve(site) as base:
        yield base


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


_READABILITY = """(codes) => {
    const known = new Set(codes);
    const inner = document.querySelector('.md-content__inner');
    if (!inner) return ['no content column'];
    const box = inner.getBoundingClientRect();
    const style = getComputedStyle(inner);
    const left = box.left + parseFloat(style.paddingLeft) - 1;
    const right = box.right - parseFloat(style.paddingRight) + 1;
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.getAttribute('src') ? '[' + el.getAttribute('src') + ']' : '');
    const problems = [];
    for (const pic of inner.querySelectorAll('img, svg, canvas, video')) {
        const b = pic.getBoundingClientRect();
        if (b.width < 48 || b.height < 24) continue;  // icons
        if (pic.parentElement.closest('svg')) continue;  // parts of a picture
        const scroller = pic.closest('.ro-scroll');
        if (scroller) {
            const s = scroller.getBoundingClientRect();
            if (s.left < left || s.right > right) problems.push('scroll box wider than the column');
            if (scroller.scrollWidth > scroller.clientWidth + 1) {
                const figure = scroller.closest('figure');
                const cue = figure && figure.querySelector('.ro-scroll__cue');
                if (!cue || cue.offsetParent === null) problems.push('no scroll cue: ' + name(pic));
            }
            continue;
        }
        if (b.left < left || b.right > right) {
            problems.push('picture wider than the column: ' + name(pic) + ' '
                + Math.round(b.width) + ' > ' + Math.round(right - left));
        }
    }
    for (const code of inner.querySelectorAll('code')) {
        const text = code.textContent.trim();
        if (!known.has(text) || code.closest('pre')) continue;
        // A code in a folded section has no box at all: only more than one box is a break.
        if (code.getClientRects().length > 1) problems.push('code broken across lines: ' + text);
    }
    const roles = inner.innerText.match(
        /:(py:)?(class|func|data|meth|attr|exc|mod|obj|const):(?=[`\\w~.])/g);
    if (roles) problems.push('raw reference roles: ' + roles.join(' '));
    return problems;
}"""


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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    codes = sorted(spec.code for spec in (*LINT_SPECS, *APP_SPECS, *FORWARDER_SPECS))
    unreadable: list[str] = []

    def route(route_: Any) -> None:
        host = urlsplit(route_.request.url).hostname
        if host == "127.0.0.1":
            route_.continue_()
        else:
            seen.blocked.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)  # the live panels start Pyodide beside the renderer
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
            unreadable += [f"{url}: {p}" for p in page.evaluate(_READABILITY, codes)]
            if url == served:
                shown = page.inner_text("article").lower()
                unreadable += [f"{url}: {w}" for w in CONTRIBUTOR_WORDS if w.lower() in shown]
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

        # An exact code comes before the longer codes it prefixes (AADSTS90094, AADSTS900941).
        search.fill("")
        search.press_sequentially("AADSTS90094")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.md-search-result__item a')]"
            ".some(a => a.href.includes('#aadsts'))",
            timeout=60_000,  # the search worker rebuilds its index; a loaded machine is slow
        )
        sections = page.eval_on_selector_all(
            ".md-search-result__item a",
            "els => els.map(a => a.href).filter(h => h.includes('#aadsts'))",
        )
        assert sections[0].endswith("#aadsts90094"), sections[:3]
    finally:
        context.close()

    assert seen.blocked == []
    assert seen.errors == []
    assert seen.failed == []
    assert unreadable == []

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
