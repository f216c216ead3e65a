"""MkDocs hook: the parts of pages that are views of data defined once in code.

A page asks for a view with a marker line, ``<!-- generated: NAME -->``, which
``on_page_markdown`` replaces with what :data:`GENERATORS` makes of the catalog in code: the
finding codes, the error catalog, the regions, the scopes, the publisher checklist, the command
line's help, the registration output, the sequence diagram of a sandbox run, and the local
Recall's rate limits and own choices. Docs and code
cannot drift, and an unknown marker fails the build.
"""

from __future__ import annotations

import argparse
import html
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Final

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from recall_outlook.authorize.lint_codes import LINT_SPECS
from recall_outlook.cli import build_parser
from recall_outlook.findings import FindingSpec
from recall_outlook.forwarder.probes import FORWARDER_SPECS
from recall_outlook.regions import REGIONS
from recall_outlook.register.app_codes import APP_SPECS
from recall_outlook.register.publisher import PUBLISHER_STEPS
from recall_outlook.register.registration import registration_output
from recall_outlook.sandbox import run_scenario
from recall_outlook.sandbox.rate_limits import LIMITS
from recall_outlook.sandbox.recall_notes import notes_markdown
from recall_outlook.scopes import SCOPES
from recall_outlook.troubleshoot.explain import ERROR_CATALOG, ErrorEntry, ErrorKind
from recall_outlook.widgets._render import sequence_svg
from recall_outlook.widgets.simulator import LIFELINES, trace_arrows

MARKER: Final = re.compile(r"^<!-- generated: ([a-z0-9-]+) -->[ \t]*$", re.M)
"""A line asking for a generated view, by name."""

EXAMPLE_APP: Final = "Acme Calendar"
EXAMPLE_REDIRECT_URI: Final = "https://app.example.com/api/ms_oauth_callback"
HELP_COLUMNS: Final = 100
"""The width the command line's help is formatted at, whatever the terminal."""

_URL: Final = re.compile(r"https?://[^\s<>\"'`{}]+")
_TRAILING: Final = ".,;:)'"


def anchor(key: str) -> str:
    """Return the HTML id of a catalog entry: lower case, anything but ``[a-z0-9_-]`` a dash."""
    return re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-")


def text_html(text: str) -> str:
    """Escape ``text`` as HTML and link the complete URLs in it.

    A URL followed by a placeholder (``https://<region>.recall.ai/...``, ``.../{tenant}/...``)
    is a pattern, not an address, and stays text.
    """
    parts: list[str] = []
    done = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        end = match.start() + len(url)
        if text[end : end + 1] in ("<", "{") or url.endswith("/..."):
            continue
        parts.append(html.escape(text[done : match.start()]))
        parts.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        done = end
    parts.append(html.escape(text[done:]))
    return "".join(parts)


def heading_text(text: str) -> str:
    """Escape ``text`` for a Markdown heading (no emphasis, no HTML, no attribute list)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]#])", r"\\\1", text)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Return an HTML table (cells already HTML) in Material's scrollable wrapper."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</div></div>"
    )


def finding_table(specs: Sequence[FindingSpec]) -> str:
    """Return the table of a catalog of finding codes: code, severity, meaning, fix."""
    rows = (
        (
            f'<code id="{anchor(spec.code)}">{html.escape(spec.code)}</code>',
            f'<span class="ro-severity ro-{spec.severity.value}">{spec.severity.value}</span>',
            text_html(spec.title),
            text_html(spec.fix),
        )
        for spec in specs
    )
    return _table(("code", "severity", "meaning", "fix"), rows)


def _error_entry(entry: ErrorEntry) -> str:
    links = ", ".join(text_html(link) for link in entry.links)
    # Another reading of the same code where it was met elsewhere (see catalog.Variant).
    variants = "".join(
        f"<dt>{text_html(variant.situation)}: {text_html(variant.title)}</dt>"
        f"<dd>{text_html(variant.cause)} <strong>Fix:</strong> {text_html(variant.fix)}</dd>"
        for variant in entry.variants
    )
    return "\n".join(
        (
            f"### {heading_text(entry.key)}: {heading_text(entry.title)} {{#{anchor(entry.key)}}}",
            "",
            '<dl class="ro-entry">'
            f"<dt>Cause</dt><dd>{text_html(entry.cause)}</dd>"
            f"<dt>Fix</dt><dd>{text_html(entry.fix)}</dd>"
            + variants
            + (f"<dt>Read more</dt><dd>{links}</dd>" if links else "")
            + "</dl>",
            "",
        )
    )


def errors(kind: ErrorKind) -> Callable[[], str]:
    """Return the generator of the error catalog's entries of one kind, one heading each."""

    def generate() -> str:
        entries = [entry for entry in ERROR_CATALOG if entry.kind == kind]
        if not entries:
            raise PluginError(f"the error catalog has no entries of kind {kind!r}")
        return "\n".join(_error_entry(entry) for entry in entries)

    return generate


def regions_table() -> str:
    """Return the table of Recall's regions, with each one's Microsoft callback."""
    rows = (
        (
            f'<code id="{anchor(region.name)}">{html.escape(region.name)}</code>',
            f"<code>{html.escape(region.base_url)}</code>",
            f"<code>{html.escape(region.ms_callback_url)}</code>",
            html.escape(region.note),
        )
        for region in REGIONS.values()
    )
    return _table(("region", "base URL", "Microsoft OAuth callback (redirect URI)", "for"), rows)


def scopes_table() -> str:
    """Return the table of the four scopes: value, Graph permission and id, purpose."""
    rows = (
        (
            f'<code id="{anchor(scope.permission)}">{html.escape(scope.value)}</code>',
            html.escape(scope.permission),
            f"<code>{html.escape(scope.permission_id)}</code>",
            text_html(scope.purpose),
        )
        for scope in SCOPES
    )
    return _table(("scope", "delegated permission", "permission id", "why Recall needs it"), rows)


def publisher_checklist() -> str:
    """Return the publisher verification checklist as an ordered list."""
    items = []
    for step in PUBLISHER_STEPS:
        checked = (
            f"<br><em>Checked by</em> <code>{html.escape(step.checked_by)}</code>"
            if step.checked_by
            else "<br><em>Checked by</em> you: no tool can see this."
        )
        items.append(
            f'<li id="{anchor(step.key)}"><strong>{html.escape(step.title)}</strong><br>'
            f"{text_html(step.detail)}<br>"
            f'<a href="{html.escape(step.doc_url)}">{html.escape(step.doc_url)}</a>{checked}</li>'
        )
    return '<ol class="ro-checklist">' + "".join(items) + "</ol>"


@contextmanager
def _columns(width: int) -> Iterator[None]:
    """Format argparse help at ``width`` columns (argparse reads ``COLUMNS``)."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    # argparse has no public way to list subcommands; its _SubParsersAction holds them.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise PluginError("the recall-outlook parser has no subcommands")


def cli_reference() -> str:
    """Return ``recall-outlook --help`` and every command's ``--help``, as the parser has them."""
    with _columns(HELP_COLUMNS):
        parser = build_parser()
        parts = ["```text", "$ recall-outlook --help", parser.format_help().rstrip(), "```", ""]
        for name, command in _commands(parser).items():
            parts += [
                f"## recall-outlook {name} {{#{anchor(name)}}}",
                "",
                "```text",
                f"$ recall-outlook {name} --help",
                command.format_help().rstrip(),
                "```",
                "",
            ]
    return "\n".join(parts)


def registration_examples() -> str:
    """Return what ``recall-outlook register`` prints for an example app, in both formats."""
    uris = [EXAMPLE_REDIRECT_URI]
    az = registration_output(name=EXAMPLE_APP, redirect_uris=uris, output="az")
    graph = registration_output(name=EXAMPLE_APP, redirect_uris=uris, output="graph")
    command = f"recall-outlook register --name '{EXAMPLE_APP}' --redirect-uri {uris[0]}"
    return "\n".join(
        (
            '=== "Azure CLI"',
            "",
            f"    `{command}` prints:",
            "",
            "    ```sh",
            *(f"    {line}" for line in az.splitlines()),
            "    ```",
            "",
            '=== "Microsoft Graph"',
            "",
            f"    `{command} --format graph` prints the body of `POST /v1.0/applications`:",
            "",
            "    ```json",
            *(f"    {line}" for line in graph.splitlines()),
            "    ```",
            "",
        )
    )


def sequence_diagram() -> str:
    """Return the sandbox's production scenario drawn as the simulator widget draws it.

    The diagram is inline SVG made at build time from a real (local, in-process) run: no
    diagram library, no CDN.
    """
    run = run_scenario("production")
    figures = []
    for trace in run.traces:
        if trace.outcome.status != "connected":
            raise PluginError(f"the production scenario did not connect: {trace.outcome}")
        svg = sequence_svg(LIFELINES, trace_arrows(trace), title=f"Production: {trace.label}")
        figures.append(
            '<figure class="ro-sequence">'
            f'<div class="ro-sequence__scroll">{svg}</div>'
            f"<figcaption>The sandbox's <code>production</code> scenario: "
            f"{html.escape(run.scenario.description)} Hover an arrow for its full URL "
            "(secrets masked).</figcaption></figure>"
        )
    return "\n".join(figures)


def stand_in_notes() -> str:
    """Return the local Recall's own choices: what Recall documents, what the stand-in does."""
    return notes_markdown()


def rate_limits_table() -> str:
    """Return Recall's rate limits as the local Recall enforces them."""
    rows = ["| Operation | Requests a minute | Counted per | Source |", "|---|---|---|---|"]
    for operation, limit in LIMITS.items():
        source = limit.source
        shown = f"<{source}>" if source.startswith("https://") else source
        rows.append(f"| `{operation}` | {limit.requests} | {limit.per} | {shown} |")
    return "\n".join(rows) + "\n"


GENERATORS: Final[dict[str, Callable[[], str]]] = {
    "lint-codes": lambda: finding_table(LINT_SPECS),
    "app-codes": lambda: finding_table(APP_SPECS),
    "forwarder-codes": lambda: finding_table(FORWARDER_SPECS),
    "errors-aadsts": errors("aadsts"),
    "errors-oauth": errors("oauth"),
    "errors-recall": errors("recall"),
    "regions": regions_table,
    "scopes": scopes_table,
    "publisher-checklist": publisher_checklist,
    "cli": cli_reference,
    "register-examples": registration_examples,
    "sequence-diagram": sequence_diagram,
    "stand-in-notes": stand_in_notes,
    "rate-limits": rate_limits_table,
}
"""Every view a page can ask for, by marker name."""


def expand(markdown: str, *, where: str = "page") -> str:
    """Replace every marker in ``markdown`` with its generated view.

    Raises:
        PluginError: A marker names no generator.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        generator = GENERATORS.get(name)
        if generator is None:
            raise PluginError(f"{where}: unknown generated view {name!r} (see GENERATORS)")
        return "\n" + generator().strip("\n") + "\n"

    return MARKER.sub(replace, markdown)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the page's markers with their views."""
    return expand(markdown, where=page.file.src_uri)
