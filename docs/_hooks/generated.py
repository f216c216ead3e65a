"""MkDocs hook: the parts of pages that are views of data defined once in code.

A page asks for a view with a marker line, ``<!-- generated: NAME -->``, which
``on_page_markdown`` replaces with what ``GENERATORS`` makes of the catalog in code: the
finding codes, the error catalog, the regions, the scopes, the publisher checklist, the command
line's options and examples, the registration output, the sequence diagram of a sandbox run,
and the local Recall's rate limits and own choices. Docs and code cannot drift, and an unknown
marker fails the build.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from recall_outlook.authorize.lint_codes import LINT_SPECS
from recall_outlook.cli import build_parser
from recall_outlook.cli._commands import COMMANDS
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
from recall_outlook.troubleshoot.catalog import ADMIN_CONSENT_FIX
from recall_outlook.troubleshoot.explain import ERROR_CATALOG, ErrorEntry, ErrorKind
from recall_outlook.widgets._render import sequence_svg
from recall_outlook.widgets.simulator import LIFELINES, trace_arrows

MARKER: Final = re.compile(r"^<!-- generated: ([a-z0-9-]+) -->[ \t]*$", re.M)
"""A line asking for a generated view, by name."""

EXAMPLE_APP: Final = "Acme Calendar"
EXAMPLE_REDIRECT_URI: Final = "https://app.example.com/api/ms_oauth_callback"
EXAMPLE_WIDTH: Final = 64
"""An example command longer than this is broken before its options, to fit a phone."""
USAGE_WIDTH: Final = 60
"""The width argparse wraps a command's usage at, between options."""

PAGE_HOSTS: Final = frozenset({"learn.microsoft.com", "docs.recall.ai", "github.com"})
"""Hosts whose URLs are documentation pages, linked; any other URL is a value, shown as code."""

_URL: Final = re.compile(r"https?://[^\s<>\"'`{}]+")
_TRAILING: Final = ".,;:)'"


def anchor(key: str) -> str:
    """Return the HTML id of a catalog entry: lower case, anything but ``[a-z0-9_-]`` a dash."""
    return re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-")


def is_page(url: str) -> bool:
    """Whether ``url`` is a page to read (documentation, Microsoft's error lookup).

    API endpoints, scopes such as ``https://graph.microsoft.com/Calendars.Read`` and example
    domains are values: a link to them would lead nowhere useful.
    """
    parts = urlsplit(url)
    if parts.hostname in PAGE_HOSTS:
        return True
    return parts.hostname == "login.microsoftonline.com" and parts.path == "/error"


def text_html(text: str) -> str:
    """Escape ``text`` as HTML: URLs of pages become links, other URLs code.

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
        shown = html.escape(url)
        parts.append(f'<a href="{shown}">{shown}</a>' if is_page(url) else f"<code>{shown}</code>")
        done = end
    parts.append(html.escape(text[done:]))
    return "".join(parts)


def heading_text(text: str) -> str:
    """Escape ``text`` for a Markdown heading (no emphasis, no HTML, no attribute list)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]#])", r"\\\1", text)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], css_class: str = "") -> str:
    """Return an HTML table (cells already HTML) in Material's scrollable wrapper.

    Cells and rows are separated by line breaks, so that the search index (which reads the
    text) does not run one cell's words into the next. ``css_class`` goes on the wrapper:
    Material styles only tables without a class.
    """
    wrapper = " ".join(("md-typeset__scrollwrap", css_class)).strip()
    head = "\n".join(f"<th>{cell}</th>" for cell in header)
    body = "\n".join(
        "<tr>\n" + "\n".join(f"<td>{cell}</td>" for cell in row) + "\n</tr>" for row in rows
    )
    return (
        f'<div class="{wrapper}"><div class="md-typeset__table">\n'
        f"<table>\n<thead>\n<tr>\n{head}\n</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
        "</div></div>"
    )


def _severity(severity: str) -> str:
    return f'<span class="ro-severity ro-{severity}">{severity}</span>'


def finding_entries(specs: Sequence[FindingSpec]) -> str:
    """Return one block per finding code: a heading that is the code, then meaning and fix.

    Each code is its own search entry and anchor, and never breaks across lines.
    """
    blocks = []
    for spec in specs:
        blocks += [
            f"### `{spec.code}` {{#{anchor(spec.code)} .ro-code-heading}}",
            "",
            f'<p class="ro-finding">{_severity(spec.severity.value)}\n{text_html(spec.title)}</p>',
            f'<p class="ro-finding-fix"><strong>Fix</strong>\n{text_html(spec.fix)}</p>',
            "",
        ]
    return "\n".join(blocks)


ADMIN_FIX_ANCHOR: Final = "grant-admin-consent"


def _fix_html(fix: str) -> str:
    """The fix, with the shared admin consent paragraph replaced by a link to its one copy."""
    if ADMIN_CONSENT_FIX not in fix:
        return text_html(fix)
    before, _, after = fix.partition(ADMIN_CONSENT_FIX)
    link = (
        f'<a href="#{ADMIN_FIX_ANCHOR}">have an admin grant tenant-wide consent, then remove '
        "<code>prompt=consent</code></a>"
    )
    return f"{text_html(before)}{link}.{text_html(after)}"


def _error_entry(entry: ErrorEntry) -> str:
    links = ", ".join(text_html(link) for link in entry.links)
    # Another reading of the same code where it was met elsewhere (see catalog.Variant).
    variants = "".join(
        f"<dt>{text_html(variant.situation)}: {text_html(variant.title)}</dt>\n"
        f"<dd>{text_html(variant.cause)} <strong>Fix:</strong> {_fix_html(variant.fix)}</dd>\n"
        for variant in entry.variants
    )
    return "\n".join(
        (
            f"### {heading_text(entry.key)}: {heading_text(entry.title)} {{#{anchor(entry.key)}}}",
            "",
            '<dl class="ro-entry">\n'
            f"<dt>Cause</dt>\n<dd>{text_html(entry.cause)}</dd>\n"
            f"<dt>Fix</dt>\n<dd>{_fix_html(entry.fix)}</dd>\n"
            + variants
            + (f"<dt>Read more</dt>\n<dd>{links}</dd>\n" if links else "")
            + "</dl>",
            "",
        )
    )


def admin_consent_fix() -> str:
    """Return the admin consent fix that several errors share, once, with its anchor."""
    users = [entry.key for entry in ERROR_CATALOG if ADMIN_CONSENT_FIX in entry.fix]
    if not users:
        raise PluginError("no catalog entry uses ADMIN_CONSENT_FIX")
    named = ", ".join(f'<a href="#{anchor(key)}">{html.escape(key)}</a>' for key in users)
    return (
        f'<div class="admonition tip" id="{ADMIN_FIX_ANCHOR}">\n'
        '<p class="admonition-title">Grant admin consent, then remove prompt=consent</p>\n'
        f"<p>{text_html(ADMIN_CONSENT_FIX)}</p>\n"
        f"<p>The fix of {named}.</p>\n</div>"
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
            f'<li id="{anchor(step.key)}"><strong>{html.escape(step.title)}</strong><br>\n'
            f"{text_html(step.detail)}<br>\n"
            f'<a href="{html.escape(step.doc_url)}">{html.escape(step.doc_url)}</a>{checked}</li>'
        )
    return '<ol class="ro-checklist">\n' + "\n".join(items) + "\n</ol>"


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
    diagram library, no CDN. It keeps its size, so its text stays readable; where the column
    is narrower it scrolls sideways, and says so (``assets/scroll-cue.js``).
    """
    run = run_scenario("production")
    figures = []
    for trace in run.traces:
        if trace.outcome.status != "connected":
            raise PluginError(f"the production scenario did not connect: {trace.outcome}")
        svg = sequence_svg(LIFELINES, trace_arrows(trace), title=f"Production: {trace.label}")
        figures.append(
            '<figure class="ro-sequence">\n'
            '<p class="ro-scroll__cue" aria-hidden="true">Wider than the page: scroll sideways '
            "&#8594;</p>\n"
            f'<div class="ro-scroll" tabindex="0">{svg}</div>\n'
            f"<figcaption>The sandbox's <code>production</code> scenario: "
            f"{html.escape(run.scenario.description)} Hover an arrow for its full URL "
            "(secrets masked).</figcaption>\n</figure>"
        )
    return "\n".join(figures)


# -- the command line --------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    # argparse has no public way to list subcommands; its _SubParsersAction holds them.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise PluginError("the recall-outlook parser has no subcommands")


def _option_cells(parser: argparse.ArgumentParser, action: argparse.Action) -> tuple[str, str]:
    """The option's name(s) with its value, and its help with choices and default."""
    if action.option_strings:
        names = "<br>".join(
            f'<code class="ro-option">{html.escape(o)}</code>' for o in action.option_strings
        )
    else:
        positional = action.metavar if isinstance(action.metavar, str) else action.dest
        names = f'<code class="ro-option">{html.escape(positional)}</code>'
    if action.nargs != 0 and action.option_strings:
        value = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
        names = f"{names}<br><var>{html.escape(value)}</var>"
    # argparse expands %(default)s and friends with its formatter's own (private) method.
    text = parser._get_formatter()._expand_help(action) if action.help else ""
    if text.startswith("default: "):
        text = ""
    notes = []
    if action.choices is not None:
        choices = ", ".join(
            f'<code class="ro-nowrap">{html.escape(str(c))}</code>' for c in action.choices
        )
        notes.append(f"One of {choices}.")
    if action.required and action.option_strings:
        notes.append("Required.")
    if isinstance(action, argparse._AppendAction):
        notes.append("Repeat for more.")
    if action.default not in (None, False, argparse.SUPPRESS) and action.nargs != 0:
        notes.append(f"Default <code>{html.escape(str(action.default))}</code>.")
    described = html.escape(text[:1].upper() + text[1:]) if text else ""
    if described and not described.endswith("."):
        described += "."
    cell = " ".join(part for part in (described, *notes) if part)
    return names, cell


def example_commands(epilog: str | None) -> list[str]:
    """The example commands of a command's epilog (the lines after ``Example:``)."""
    commands = []
    for raw in (epilog or "").splitlines():
        line = raw.strip()
        if not line or line.endswith(":"):
            continue
        command, _, note = line.partition("   (")
        note = note.rstrip(")")
        commands.append(command.strip() + (f"   # {note}" if note else ""))
    return commands


def shell_lines(command: str, width: int = EXAMPLE_WIDTH) -> str:
    """Break a long command before each option, with shell line continuations."""
    command, _, comment = command.partition("   # ")
    if len(command) > width:
        pieces = re.split(r" (?=--?[a-z])", command)
        command = " \\\n    ".join(pieces)
    return f"{command}   # {comment}" if comment else command


def usage_lines(command: argparse.ArgumentParser, width: int = USAGE_WIDTH) -> str:
    """Return the command's usage wrapped by argparse itself, between options, to ``width``."""
    formatter = argparse.HelpFormatter(command.prog, width=width)
    formatter.add_usage(command.usage, command._actions, command._mutually_exclusive_groups)
    lines = formatter.format_help().removeprefix("usage: ").rstrip().splitlines()
    # argparse indents continuation lines under the program's name; a phone needs the room.
    return "\n".join([lines[0], *("    " + line.strip() for line in lines[1:])])


def cli_reference() -> str:
    """Return every command: what it does, its usage, its options as a table, an example."""
    parser = build_parser()
    parts = []
    for name, command in _subcommands(parser).items():
        actions = [a for a in command._actions if not isinstance(a, argparse._HelpAction)]
        usage = usage_lines(command)
        rows = [_option_cells(command, action) for action in actions]
        examples = example_commands(command.epilog)
        if not examples:
            raise PluginError(f"recall-outlook {name} has no example in its epilog")
        parts += [
            f"## `recall-outlook {name}` {{#{anchor(name)} .ro-code-heading}}",
            "",
            html.escape(command.description or ""),
            "",
            f'<pre class="ro-usage"><code>{html.escape(usage)}</code></pre>',
            "",
            _table(("option", "meaning"), rows, css_class="ro-options"),
            "",
            "Example:",
            "",
            "```sh",
            *(shell_lines(example) for example in examples),
            "```",
            "",
        ]
    return "\n".join(parts)


def cli_summary() -> str:
    """Return the table of commands: each one's name, linked, and its summary."""
    parser = build_parser()
    rows = (
        (
            f'<a href="#{anchor(name)}"><code class="ro-option">{html.escape(name)}</code></a>',
            html.escape(summary),
        )
        for name, summary in COMMANDS.items()
        if name in _subcommands(parser)
    )
    return _table(("command", "what it does"), rows)


# -- installing ------------------------------------------------------------------------------

_SITE: dict[str, str | None] = {"repo_url": None}
"""What ``on_config`` read from the configuration for the views that depend on it."""

EXTRAS: Final = "server,examples"
"""The extras the quickstart installs."""


def _clone_line() -> str | None:
    repo = _SITE["repo_url"]
    return f"git clone {repo} recall-outlook && cd recall-outlook" if repo else None


def clone_commands() -> str:
    """Return how to get the repository: ``git clone`` when ``repo_url`` is configured."""
    line = _clone_line()
    return f"```sh\n{line}\n```" if line else "From a clone of the recall-outlook repository:"


def install_commands() -> str:
    """Return the quickstart's install commands, cloning first when ``repo_url`` is known."""
    line = _clone_line()
    lead = [] if line else ["From a clone of the recall-outlook repository:", ""]
    return "\n".join(
        (
            *lead,
            "```sh",
            *([line] if line else []),
            "python3 -m venv .venv && . .venv/bin/activate",
            f"pip install -e '.[{EXTRAS}]'",
            "recall-outlook --help",
            "```",
        )
    )


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
    "lint-codes": lambda: finding_entries(LINT_SPECS),
    "app-codes": lambda: finding_entries(APP_SPECS),
    "forwarder-codes": lambda: finding_entries(FORWARDER_SPECS),
    "admin-consent-fix": admin_consent_fix,
    "errors-aadsts": errors("aadsts"),
    "errors-oauth": errors("oauth"),
    "errors-recall": errors("recall"),
    "regions": regions_table,
    "scopes": scopes_table,
    "publisher-checklist": publisher_checklist,
    "cli": cli_reference,
    "cli-summary": cli_summary,
    "register-examples": registration_examples,
    "sequence-diagram": sequence_diagram,
    "clone": clone_commands,
    "install": install_commands,
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


FINDING_CODES: Final = frozenset(spec.code for spec in (*LINT_SPECS, *APP_SPECS, *FORWARDER_SPECS))
_INLINE_CODE: Final = re.compile(r"<code>([a-z0-9-]+)</code>")


def keep_codes_whole(content: str) -> str:
    """Mark every inline ``<code>`` that is a finding code, so that it never breaks at a dash."""

    def mark(match: re.Match[str]) -> str:
        if match.group(1) in FINDING_CODES:
            return f'<code class="ro-nowrap">{match.group(1)}</code>'
        return match.group()

    return _INLINE_CODE.sub(mark, content)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Remember the repository's URL (``RECALL_OUTLOOK_REPO_URL``, if set)."""
    _SITE["repo_url"] = config.repo_url
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the page's markers with their views."""
    return expand(markdown, where=page.file.src_uri)


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep the finding codes the page mentions whole."""
    return keep_codes_whole(html_text)
