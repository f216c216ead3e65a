"""MkDocs hook: the tutorial notebooks, rendered by mkdocs-jupyter and served without a CDN.

The notebooks live in ``notebooks/`` at the repository root, executed, with their widget state
saved; nothing is copied into ``docs/``.

- ``on_files`` adds every ``notebooks/*.ipynb`` to the build as ``tutorial/<name>.ipynb``, before
  mkdocs-jupyter claims the ``.ipynb`` files, and warns (so ``--strict`` fails) when a notebook
  shows widgets but saved no widget state: those would render blank.
- ``on_page_content`` rewrites what nbconvert's template loads from CDNs on a notebook page: the
  widget renderer becomes the vendored ``assets/widgets/embed.js`` (see its ``NOTICE.txt``), and
  the MathJax and Mermaid loaders, which the tutorial has no use for, are dropped. Anything
  external left over is a warning. Links from one notebook to another (``02_....ipynb``, as
  JupyterLab follows them) become links to that notebook's page, and the table of contents
  links to the ids the headings really have (mkdocs-jupyter makes the table from a copy of
  the notebook without inline code, so ``## Stuck: `prompt=consent``` got another slug).
- ``on_post_page`` drops the MathJax loader that mkdocs-jupyter 0.27 and later (Python 3.12
  and newer) adds to every page after the content hooks have run: it loads MathJax from a CDN
  once a notebook is on the page, and the tutorial has no math. It runs after the plugin's own
  ``on_post_page`` (lower priority); a page still carrying the loader is a warning.
- ``on_nav`` repairs the notebook files mkdocs-jupyter wrapped: its wrapper does not pass on
  the source path of a file added by a hook, so the page would have nothing to read.
- Links in README.md to ``notebooks`` and ``notebooks/<name>.ipynb`` (included as it is in the
  home page, where repository paths are page paths) are pointed at ``tutorial/`` before MkDocs
  validates them, by a Markdown tree processor added in ``on_config``.
- ``on_serve`` makes ``mkdocs serve`` rebuild when a notebook changes.

This module is the one piece to replace if notebook rendering moves away from mkdocs-jupyter.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final
from xml.etree.ElementTree import Element

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

log = get_plugin_logger("notebooks")

NOTEBOOKS: Final = "notebooks"
"""The notebooks' directory in the repository, next to ``mkdocs.yml``."""

TUTORIAL_DIR: Final = "tutorial"
"""Where the notebooks appear in the site (``tutorial/<name>.ipynb`` in the nav)."""

WIDGET_RENDERER: Final = "assets/widgets/embed.js"
"""The vendored standalone renderer of ``@jupyter-widgets/html-manager``, relative to the site."""

_WIDGET_VIEW: Final = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE: Final = "application/vnd.jupyter.widget-state+json"
_RENDERER_SRC: Final = re.compile(r"var widgetRendererSrc = '[^']*';")
_MATHJAX: Final = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_MERMAID: Final = re.compile(
    r"<script type=\"module\">(?:(?!</script>).)*?mermaid.*?</script>"
    r"(?:\s*<!-- End of mermaid configuration -->)?",
    re.S,
)
# mkdocs-jupyter 0.27+: ``<script data-mkdocs-jupyter-mathjax="{...cdn url...}">runtime</script>``.
_MATHJAX_LOADER: Final = re.compile(
    r"<script\b[^>]*\bdata-mkdocs-jupyter-mathjax=[^>]*>.*?</script>\s*", re.S
)
_HEADING: Final = re.compile(r"<h([1-6])\b[^>]*\bid=\"([^\"]+)\"", re.I)
_NOTEBOOK_LINK: Final = re.compile(r"href=\"([^\"#:?/][^\"#:?]*\.ipynb)(#[^\"]*)?\"")
# What would still make the browser fetch something from another machine.
_EXTERNAL: Final = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//"
    r"|import\(\s*[\"'](?:https?:)?//"
    r"|widgetRendererSrc = '(?:https?:)?//",
    re.I,
)


class _RepoNotebookLinks(Treeprocessor):  # type: ignore[misc]  # markdown is untyped
    """On top-level pages, point repository links to the notebooks at the tutorial."""

    def __init__(self, md: Markdown, current: dict[str, Page]) -> None:
        super().__init__(md)
        self.current = current

    def run(self, root: Element) -> None:
        page = self.current.get("page")
        if page is None or "/" in page.file.src_uri:
            return
        for link in root.iter("a"):
            href = link.get("href")
            if href:
                link.set("href", tutorial_link(href))


class RepoNotebookLinks(Extension):  # type: ignore[misc]  # markdown is untyped
    """The Markdown extension that runs :class:`_RepoNotebookLinks` before MkDocs' link check."""

    def __init__(self) -> None:
        super().__init__()
        self.current: dict[str, Page] = {}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        """Register the tree processor ahead of MkDocs' ``relpath`` (priority 0)."""
        md.treeprocessors.register(_RepoNotebookLinks(md, self.current), "repo_notebooks", 10)


_LINKS: Final = RepoNotebookLinks()


def tutorial_link(href: str) -> str:
    """Map a repository link to the notebooks onto the tutorial; leave any other link alone."""
    path, hash_, anchor = href.partition("#")
    if path.rstrip("/") == NOTEBOOKS:
        return f"{TUTORIAL_DIR}/index.md{hash_}{anchor}"
    if path.startswith(f"{NOTEBOOKS}/") and path.endswith(".ipynb") and path.count("/") == 1:
        return f"{TUTORIAL_DIR}/{path.partition('/')[2]}{hash_}{anchor}"
    return href


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add the link rewriting Markdown extension."""
    config.markdown_extensions.append(_LINKS)
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tell the link rewriter which page is being rendered next."""
    _LINKS.current["page"] = page
    return markdown


def notebooks_dir(config: MkDocsConfig) -> Path:
    """Return the repository's ``notebooks/`` directory (next to ``mkdocs.yml``)."""
    return Path(config.config_file_path).resolve().parent / NOTEBOOKS


def _is_notebook_page(page: Page) -> bool:
    return page.file.src_uri.startswith(f"{TUTORIAL_DIR}/") and page.file.src_uri.endswith(".ipynb")


def _check_widget_state(path: Path) -> None:
    """Warn when the notebook displays widgets but saved no state for them."""
    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    views = [
        output
        for cell in notebook.get("cells", [])
        for output in cell.get("outputs", [])
        if _WIDGET_VIEW in output.get("data", {})
    ]
    state = notebook.get("metadata", {}).get("widgets", {}).get(_WIDGET_STATE, {}).get("state")
    if views and not state:
        log.warning(
            "%s displays %d widget(s) but saved no widget state: they would render blank "
            "(save the notebook with its widget state)",
            path.name,
            len(views),
        )


@event_priority(50)  # before mkdocs-jupyter's on_files wraps the .ipynb files
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the notebooks to the build as ``tutorial/<name>.ipynb``."""
    folder = notebooks_dir(config)
    for path in sorted(folder.glob("*.ipynb")):
        _check_widget_state(path)
        files.append(File.generated(config, f"{TUTORIAL_DIR}/{path.name}", abs_src_path=str(path)))
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Give mkdocs-jupyter's wrappers of the added notebooks their source path back."""
    for file in files:
        wrapped = getattr(file, "file", None)  # mkdocs_jupyter.plugin.NotebookFile
        if isinstance(wrapped, File) and file.abs_src_path is None and wrapped.abs_src_path:
            # File.abs_src_path is a cached_property: the instance's own value wins.
            file.__dict__["abs_src_path"] = wrapped.abs_src_path
    return nav


def offline_notebook_html(html: str, *, renderer_url: str) -> str:
    """Return a rendered notebook page's HTML with nothing loaded from a CDN.

    Args:
        html: What mkdocs-jupyter rendered.
        renderer_url: The URL of the vendored widget renderer, relative to the page.
    """
    html = _RENDERER_SRC.sub(lambda _: f"var widgetRendererSrc = '{renderer_url}';", html)
    html = _MATHJAX.sub("", html)
    return _MERMAID.sub("", html)


def _link_notebooks(html: str, *, page: Page, files: Files) -> str:
    """Turn links to other notebooks (relative ``.ipynb`` paths) into links to their pages."""

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(TUTORIAL_DIR, match.group(1)))
        file = files.get_file_from_path(target)
        if file is None:
            log.warning(
                "%s links to %s, which is not a notebook of the tutorial",
                page.file.src_uri,
                match.group(1),
            )
            return match.group()
        return f'href="{file.url_relative_to(page.file)}{match.group(2) or ""}"'

    return _NOTEBOOK_LINK.sub(replace, html)


def _toc_entries(items: Iterable[AnchorLink]) -> Iterator[AnchorLink]:
    for item in items:
        yield item
        yield from _toc_entries(item.children)


def _align_toc(html: str, *, page: Page) -> None:
    """Point each table of contents entry at the id of its heading, matched in order by level."""
    headings = [(int(level), id_) for level, id_ in _HEADING.findall(html)]
    position = 0
    for entry in _toc_entries(page.toc):
        for index in range(position, len(headings)):
            if headings[index][0] == entry.level:
                entry.id = headings[index][1]
                position = index + 1
                break
        else:
            log.warning("%s: no heading for the contents entry %r", page.file.src_uri, entry.title)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a notebook page at the vendored widget renderer, drop the CDN loaders, fix links."""
    if not _is_notebook_page(page):
        return html
    html = offline_notebook_html(html, renderer_url=get_relative_url(WIDGET_RENDERER, page.url))
    html = _link_notebooks(html, page=page, files=files)
    _align_toc(html, page=page)
    for match in _EXTERNAL.finditer(html):
        log.warning("%s would load from another machine: %s", page.file.src_uri, match.group())
    return html


@event_priority(-100)  # after mkdocs-jupyter's on_post_page, which adds the loader
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Drop mkdocs-jupyter's MathJax loader (a CDN script) from every page."""
    output = _MATHJAX_LOADER.sub("", output)
    if "data-mkdocs-jupyter-mathjax" in output:
        log.warning("%s still carries mkdocs-jupyter's MathJax loader", page.file.src_uri)
    return output


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
) -> LiveReloadServer:
    """Rebuild on changes to the notebooks, which live outside ``docs/``."""
    folder = notebooks_dir(config)
    if folder.is_dir():
        server.watch(str(folder))
    return server
