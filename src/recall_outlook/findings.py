"""The shape every check reports in: a [`Finding`][] with a code, a severity and a fix.

Lint (authorize URLs), the app manifest checker and the forwarder checker all answer with
findings, so the command line, widgets and docs show them one way. Codes are a public contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from html import escape
from typing import Any, Final, NamedTuple

__all__ = [
    "Finding",
    "FindingList",
    "FindingSpec",
    "Severity",
    "by_severity",
    "findings_html",
    "has_errors",
    "worst",
]

_COLORS: Final = {"error": "#b00020", "warning": "#a35a00", "info": "#245"}
_CELL: Final = (
    "border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere;line-height:1.4"
)


class Severity(str, Enum):
    """How much a finding matters, from most to least."""

    ERROR = "error"
    """The connection will fail."""

    WARNING = "warning"
    """The connection may fail for some users, or later."""

    INFO = "info"
    """Worth knowing; nothing to fix right now."""

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sorts the worst first."""
        return _RANKS[self]


_RANKS: Final = {severity: rank for rank, severity in enumerate(Severity)}


_new_finding: Final = tuple.__new__
"""``_new_finding(Finding, fields)`` is ``Finding(*fields)`` without the Python frame of the named
tuple's generated ``__new__``: the linter makes a dozen findings per URL, on every keystroke in
the builder panel."""


@dataclass(frozen=True)
class FindingSpec:
    """One entry of a catalog of finding codes.

    Attributes:
        code: The stable code, such as ``prompt-consent``.
        severity: Its severity.
        title: What the finding means, in a line.
        fix: How to fix it, in general terms.
    """

    code: str
    severity: Severity
    title: str
    fix: str

    def finding(self, message: str | None = None, fix: str | None = None) -> Finding:
        """Return a finding of this code, with a message and fix specific to the case."""
        if not message and not fix:
            return self.default
        return _new_finding(
            Finding, (self.code, self.severity, message or self.title, fix or self.fix)
        )

    @cached_property
    def default(self) -> Finding:
        """The finding in the catalog's own words (its title and fix), the same object each time.

        Findings are immutable, so every use of the catalog's own words can share one.
        """
        return Finding(self.code, self.severity, self.title, self.fix)


class Finding(NamedTuple):
    """One thing a check found: an immutable named tuple.

    Attributes:
        code: The stable code (see the catalogs).
        severity: How much it matters.
        message: What was found, in this case. Never holds a secret whole.
        fix: What to do about it.
    """

    code: str
    severity: Severity
    message: str
    fix: str

    def _repr_html_(self) -> str:
        return findings_html([self])

    def as_dict(self) -> dict[str, Any]:
        """Return ``{"code", "severity", "message", "fix"}`` with the severity as a string."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix,
        }


def worst(findings: Iterable[Finding]) -> Severity | None:
    """Return the most severe severity among ``findings``, or ``None`` when there are none."""
    ranked = sorted((finding.severity for finding in findings), key=lambda s: s.rank)
    return ranked[0] if ranked else None


def has_errors(findings: Iterable[Finding]) -> bool:
    """Return whether any finding has error severity."""
    return any(finding.severity is Severity.ERROR for finding in findings)


class FindingList(list[Finding]):
    """A list of findings that a notebook shows as a table (``_repr_html_``)."""

    def _repr_html_(self) -> str:
        return findings_html(self)


_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def by_severity(findings: Iterable[Finding]) -> FindingList:
    """Return ``findings`` worst first, otherwise in the order given."""
    # A stable sort by rank, as one pass into a list per severity (cheaper than a sort key).
    errors: list[Finding] = []
    warnings: list[Finding] = []
    infos: list[Finding] = []
    for finding in findings:
        severity = finding.severity
        if severity is _ERROR:
            errors.append(finding)
        elif severity is _WARNING:
            warnings.append(finding)
        elif severity is _INFO:
            infos.append(finding)
        else:
            raise TypeError(f"{finding.code}: the severity {severity!r} is not a Severity")
    return FindingList([*errors, *warnings, *infos])


def findings_html(findings: Iterable[Finding], *, none: str = "No findings.") -> str:
    """Return findings as an HTML table (severity, code, message, fix), every text escaped."""
    rows = [
        "<tr>"
        f'<td style="{_CELL}"><b style="color:{_COLORS[f.severity.value]}">{f.severity.value}'
        f'</b></td><td style="{_CELL}">'
        f'<code style="white-space:nowrap">{escape(f.code)}</code></td>'
        f'<td style="{_CELL}">{escape(f.message)}</td><td style="{_CELL}">{escape(f.fix)}</td>'
        "</tr>"
        for f in findings
    ]
    if not rows:
        return f'<p style="color:#1b5e20">{escape(none)}</p>'
    head = "".join(
        f'<th style="{_CELL}">{name}</th>' for name in ("severity", "code", "message", "fix")
    )
    return (
        '<div style="overflow-x:auto;max-width:100%"><table style="border-collapse:collapse;'
        f'font-size:0.9em"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</div>"
    )
