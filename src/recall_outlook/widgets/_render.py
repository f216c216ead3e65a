"""Pure HTML rendering shared by the widgets: data in, an HTML string out.

Every piece of text that reaches the HTML goes through [`html.escape`][] (quotes included),
so nothing a user types or pastes is ever interpreted as markup. Links are only written for
``http`` and ``https`` URLs. No JavaScript, no CDN: the sequence diagram is inline SVG.

The callers pass values that are already masked (see [`recall_outlook.masking`][]); the only
unmasked secret any widget shows is inside the ``href`` of [`open_link`][].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final
from urllib.parse import urlsplit

from ..findings import Finding, Severity
from ..register.publisher import PublisherStep
from ..troubleshoot.explain import Explanation

__all__ = [
    "Arrow",
    "checklist_html",
    "code_block",
    "explanation_html",
    "field_message",
    "findings_table",
    "link_button",
    "open_link",
    "params_table",
    "scrolling_figure",
    "sequence_svg",
]

_COLORS: Final = {Severity.ERROR: "#b00020", Severity.WARNING: "#a35a00", Severity.INFO: "#245"}
_FAIL: Final = "#b00020"
_INK: Final = "#222"
_CELL: Final = (
    "border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere;line-height:1.4"
)
_PRE: Final = (
    "margin:2px 0;padding:4px 6px;background:#f5f5f5;border-radius:3px;line-height:1.4;"
    "white-space:pre-wrap;overflow-wrap:anywhere;font-size:0.95em"
)
_LINK: Final = (
    "display:inline-block;margin:4px 0;padding:3px 10px;border:1px solid {color};"
    "border-radius:3px;color:{color};text-decoration:{line}"
)
_TABLE: Final = "border-collapse:collapse;font-size:0.9em"
_COLUMN: Final = 170
_LEFT: Final = 90
_TOP: Final = 46
_ROW: Final = 40
_LABEL_MAX: Final = 56
_RIGHT: Final = 200


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def field_message(message: str | None) -> str:
    """Return the HTML of a message shown beside an input, or ``""`` when there is none."""
    if not message:
        return ""
    return f'<span style="color:{_FAIL}">{_e(message)}</span>'


def code_block(text: str | None, *, empty: str = "", inline: bool = False) -> str:
    """Return ``text`` as monospace HTML (``empty`` in italics when there is none).

    A block keeps the text's line breaks, single spaced, and wraps long lines at spaces first,
    then anywhere (a URL has no spaces); ``inline`` returns a ``<code>`` inside running text.
    """
    if not text:
        return f"<i>{_e(empty)}</i>" if empty else ""
    if inline:
        return f'<code style="overflow-wrap:anywhere">{_e(text)}</code>'
    return f'<pre style="{_PRE}"><code>{_e(text)}</code></pre>'


def open_link(url: str | None, label: str = "Open") -> str:
    """Return ``<a href=url target=_blank>label</a>``; ``""`` unless ``url`` is http(s).

    The ``href`` holds ``url`` whole: this is the one place a widget carries a secret it does
    not mask, because the link must work when clicked.
    """
    if not url:
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    if scheme not in {"http", "https"}:
        return ""
    return f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(label)}</a>'


def link_button(url: str | None, label: str, *, disabled: str) -> str:
    """Return the link that opens ``url``, drawn as a button; disabled (with why) without one.

    Like [`open_link`][], the ``href`` carries ``url`` whole so that the link works.
    """
    link = open_link(url, label)
    if link:
        style = _LINK.format(color="#1a4fb8", line="underline")
        return link.replace("<a ", f'<a style="{style}" ', 1).replace("</a>", " ↗</a>")
    style = _LINK.format(color="#888", line="none") + ";cursor:not-allowed"
    return (
        f'<span role="link" aria-disabled="true" style="{style}">{_e(label)}</span> '
        f"<small>{_e(disabled)}</small>"
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th style="{_CELL}">{_e(name)}</th>' for name in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return (
        f'<div style="overflow-x:auto;max-width:100%"><table style="{_TABLE}"><thead><tr>{head}'
        f"</tr></thead><tbody>{body}</tbody></table></div>"
    )


def findings_table(findings: Sequence[Finding], *, none: str = "No findings.") -> str:
    """Return the findings as a table (severity, code, message, fix), worst first as given."""
    if not findings:
        return f'<p style="color:#1b5e20">{_e(none)}</p>'
    rows = [
        (
            f'<b style="color:{_COLORS[f.severity]}">{_e(f.severity.value)}</b>',
            f'<code style="white-space:nowrap">{_e(f.code)}</code>',
            _e(f.message),
            _e(f.fix),
        )
        for f in findings
    ]
    return _table(("severity", "code", "message", "fix"), rows)


def params_table(
    params: Sequence[tuple[str, str]], state: Mapping[str, str] | None, *, state_error: str | None
) -> str:
    """Return the URL's parameters as a table, the decoded ``state`` as a nested table.

    Args:
        params: ``(name, value)`` pairs other than ``state``, already masked.
        state: The decoded state, its token already masked; ``None`` when it is unreadable.
        state_error: Why the state could not be read, shown in its place.
    """
    rows = [(f"<code>{_e(name)}</code>", code_block(value, inline=True)) for name, value in params]
    if state is not None:
        inner = _table(
            ("key", "value"),
            [
                (f"<code>{_e(key)}</code>", code_block(value, inline=True))
                for key, value in state.items()
            ],
        )
        rows.append(("<code>state</code> (decoded)", inner))
    elif state_error:
        rows.append(("<code>state</code>", f'<span style="color:{_FAIL}">{_e(state_error)}</span>'))
    return _table(("parameter", "value"), rows)


def explanation_html(explanation: Explanation) -> str:
    """Return an explanation: each entry's title, cause, fix and links, then what was found."""
    parts = [f"<p><b>{_e(explanation.summary)}</b></p>"]
    for entry in explanation.entries:
        links = " ".join(open_link(link, link) for link in entry.links)
        parts.append(
            f'<div style="margin:4px 0 8px 0"><b><code>{_e(entry.key)}</code> '
            f"{_e(entry.title)}</b><br><b>Cause:</b> {_e(entry.cause)}<br>"
            f"<b>Fix:</b> {_e(entry.fix)}"
            + (f"<br><small>See: {links}</small>" if links else "")
            + "</div>"
        )
    if explanation.met:
        parts.append(f"<div><i>Met {_e(explanation.met)}.</i></div>")
    for label, value in (
        ("error", explanation.error),
        ("error_description", explanation.error_description),
    ):
        if value:
            parts.append(f"<div><code>{label}</code>: {code_block(value, inline=True)}</div>")
    return "".join(parts)


def checklist_html(steps: Sequence[PublisherStep]) -> str:
    """Return the publisher verification steps as an ordered list with links and checks."""
    items = []
    for step in steps:
        checked = (
            f"<br><small>checked by {code_block(step.checked_by, inline=True)}</small>"
            if step.checked_by
            else "<br><small>a person checks this one</small>"
        )
        items.append(
            f"<li><b>{_e(step.title)}</b><br>{_e(step.detail)}<br>"
            f"<small>{open_link(step.doc_url, step.doc_url)}</small>{checked}</li>"
        )
    return "<ol>" + "".join(items) + "</ol>"


@dataclass(frozen=True)
class Arrow:
    """One arrow of a sequence diagram.

    Attributes:
        source: The index of the lifeline the request leaves from.
        target: The index of the lifeline that answers.
        label: The text on the arrow (a method and a masked path).
        status: The response status, written at the arrow's head.
        detail: Longer text shown as the arrow's tooltip (location, note).
        failed: Draw the arrow as the failure.
    """

    source: int
    target: int
    label: str
    status: int
    detail: str = ""
    failed: bool = False


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1] + "…"


def _arrow_svg(number: int, arrow: Arrow, y: int) -> str:
    color = _FAIL if arrow.failed else _INK
    x1 = _LEFT + arrow.source * _COLUMN
    x2 = _LEFT + arrow.target * _COLUMN
    weight = 2.5 if arrow.failed else 1.2
    text = f"{number}. {_short(arrow.label)} → {arrow.status}"
    tooltip = f"<title>{_e(arrow.label + (chr(10) + arrow.detail if arrow.detail else ''))}</title>"
    if x1 == x2:  # a party calling itself: a small loop
        line = (
            f'<path d="M{x1},{y} h30 v12 h-30" fill="none" stroke="{color}" '
            f'stroke-width="{weight}"/>'
        )
        points = f"{x1},{y + 12} {x1 + 8},{y + 8} {x1 + 8},{y + 16}"
        head = f'<polygon points="{points}" fill="{color}"/>'
        anchor, tx = "start", x1 + 34
    else:
        step = 8 if x2 > x1 else -8
        line = (
            f'<line x1="{x1}" y1="{y}" x2="{x2 - step}" y2="{y}" stroke="{color}" '
            f'stroke-width="{weight}"/>'
        )
        head = (
            f'<polygon points="{x2},{y} {x2 - step},{y - 5} {x2 - step},{y + 5}" fill="{color}"/>'
        )
        anchor, tx = "start", min(x1, x2) + 6
    weight_attr = ' font-weight="bold"' if arrow.failed else ""
    label = (
        f'<text x="{tx}" y="{y - 5}" text-anchor="{anchor}" font-size="11" fill="{color}"'
        f"{weight_attr}>{_e(text)}</text>"
    )
    return f'<g class="hop{" failed" if arrow.failed else ""}">{tooltip}{line}{head}{label}</g>'


def sequence_svg(lifelines: Sequence[str], arrows: Sequence[Arrow], *, title: str = "") -> str:
    """Return a sequence diagram as inline SVG: one lifeline per party, one arrow per hop.

    Args:
        lifelines: The parties' names, left to right.
        arrows: The hops in order; a failed one is drawn thick and red.
        title: The diagram's accessible title.
    """
    width = _LEFT + _RIGHT + _COLUMN * (len(lifelines) - 1)
    height = _TOP + _ROW * (len(arrows) + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif">',
        f"<title>{_e(title or 'sequence diagram')}</title>",
    ]
    for index, name in enumerate(lifelines):
        x = _LEFT + index * _COLUMN
        parts.append(
            f'<rect x="{x - 70}" y="6" width="140" height="24" rx="4" fill="#eef" stroke="#99b"/>'
            f'<text x="{x}" y="22" text-anchor="middle" font-size="12">{_e(name)}</text>'
            f'<line x1="{x}" y1="30" x2="{x}" y2="{height - 6}" stroke="#aaa" '
            'stroke-dasharray="4 3"/>'
        )
    for number, arrow in enumerate(arrows, 1):
        parts.append(_arrow_svg(number, arrow, _TOP + _ROW * number - _ROW // 2))
    parts.append("</svg>")
    return "".join(parts)


def scrolling_figure(svg: str) -> str:
    """Return ``svg`` in a box that scrolls sideways, under a cue that says so.

    A sequence diagram keeps its size, so its text stays readable in a narrow panel or on a
    phone; the box never grows wider than the panel. The documentation site's stylesheet knows
    the classes; the inline styles do the same in JupyterLab.
    """
    return (
        '<figure class="ro-sequence" style="margin:0 0 8px 0;width:100%;text-align:left">'
        '<p class="ro-scroll__cue" style="display:block;margin:0 0 4px 0;font-size:0.8em;'
        'color:#555">Wider than the panel? Scroll the diagram sideways &#8594;</p>'
        # width 0 and min-width 100%: the diagram never widens a flex parent (ipywidgets'
        # HTML widget is one), and the box still fills the panel's width.
        '<div class="ro-scroll" style="overflow-x:auto;width:0;min-width:100%;max-width:100%">'
        f"{svg}</div></figure>"
    )
