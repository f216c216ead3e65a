"""The troubleshooter, defined once: paste an authorize URL, an error URL or an AADSTS code.

An authorize URL is linted
([`lint_authorize_url`][recall_outlook.authorize.lint.lint_authorize_url]) and its
parameters shown with the state decoded; anything else is explained
([`explain`][recall_outlook.troubleshoot.explain.explain]): an AADSTS code, an
``error_description``, the URL Microsoft or Recall redirected to, a token endpoint answer or a
Recall error text. Everything echoed is masked; only the pasted text itself, in its own box, is
shown as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from ...authorize.lint import lint_authorize_url
from ...authorize.parse import AuthorizeRequest, parse_authorize_url
from ...findings import Finding
from ...troubleshoot.explain import Explanation, explain
from .._render import explanation_html, findings_table, params_table
from ..definition import Definition, Field, Section, View

__all__ = ["DEFINITION", "SAMPLE_TROUBLE", "Kind", "TroubleResult", "kind_of", "update"]

Kind = Literal["empty", "authorize_url", "callback", "error"]
"""What the pasted text is: nothing, an authorize URL (linted), a successful callback (a code,
no error: its parameters shown), or anything else (explained)."""

SAMPLE_TROUBLE: Final = "AADSTS90094"
"""The default text: the admin approval error behind Recall's troubleshooting section."""

_KIND_TEXT: Final = {
    "empty": "<i>Paste an authorize URL, an error URL or an AADSTS code.</i>",
    "authorize_url": "Read as an <b>authorize URL</b>: lint findings and fixes.",
    "callback": (
        "Read as a <b>successful callback</b>: Microsoft issued an authorization code (masked "
        "below). If the user still ended on your error_url, paste that URL."
    ),
    "error": "Read as an <b>error</b>: what it means and how to fix it.",
}


def kind_of(request: AuthorizeRequest) -> Kind:
    """Return whether a parsed text is an authorize URL to lint, or an error to explain.

    An authorize URL names an authorize endpoint, or carries ``client_id`` and no ``error``;
    a successful callback carries ``code`` and no ``error``.
    """
    if not request.url:
        return "empty"
    if request.version is not None:
        return "authorize_url"
    has_error = request.get("error") is not None
    if request.get("code") is not None and not has_error:
        return "callback"
    if request.get("client_id") is not None and not has_error:
        return "authorize_url"
    return "error"


@dataclass(frozen=True)
class TroubleResult:
    """One diagnosis.

    Attributes:
        kind: What the text was read as.
        findings: The lint findings, when the text is an authorize URL.
        explanation: The explanation, when it is neither an authorize URL nor a callback.
        request: The parsed authorize URL or callback, when it is one.
        view: What a host shows.
    """

    kind: Kind
    findings: tuple[Finding, ...]
    explanation: Explanation | None
    request: AuthorizeRequest | None
    view: View = field(repr=False)


def update(values: Mapping[str, str], event: str, now: float | None = None) -> TroubleResult:
    """Diagnose the pasted text.

    Args:
        values: ``{"text": ...}``.
        event: The field that changed (unused: every change diagnoses again).
        now: Seconds since the epoch at which lint judges a token's expiry (default: now).
    """
    text = values["text"]
    request = parse_authorize_url(text) if text.strip() else AuthorizeRequest(url="")
    kind = kind_of(request)
    findings: tuple[Finding, ...] = ()
    explanation: Explanation | None = None
    html = {"kind_html": _KIND_TEXT[kind], "diagnosis_html": "", "params_html": ""}
    if kind in {"authorize_url", "callback"}:
        summary = request.as_dict()
        html["params_html"] = params_table(
            [(str(p["name"]), str(p["value"])) for p in summary["params"]],
            summary["state"],
            state_error=summary["state_error"],
        )
    if kind == "authorize_url":
        findings = tuple(lint_authorize_url(text, now=now))
        html["diagnosis_html"] = findings_table(
            findings, none="No findings: the URL follows Microsoft's and Recall's rules."
        )
    elif kind == "error":
        explanation = explain(text)
        html["diagnosis_html"] = explanation_html(explanation)
    parsed = request if kind in {"authorize_url", "callback"} else None
    return TroubleResult(kind, findings, explanation, parsed, View(html=html))


DEFINITION: Final = Definition(
    key="troubleshooter",
    title="Troubleshooter",
    fields=(
        Field(
            "text",
            "Paste",
            "textarea",
            SAMPLE_TROUBLE,
            placeholder="An authorize URL, the URL you were redirected to, or AADSTS50011",
            rows=5,
        ),
    ),
    outputs=("kind_html", "diagnosis_html", "params_html"),
    sections=(Section("", ("text", "kind_html", "diagnosis_html", "params_html")),),
    update=update,
    placeholder=(
        "[Troubleshooter: paste an authorize URL, an error URL or an AADSTS code and read the "
        "diagnosis. Run the notebook's cells (Run > Run All Cells) to use it here.]"
    ),
)
"""The troubleshooter: one text box, the diagnosis below it."""
