"""The troubleshooter: paste an authorize URL, an error URL or an AADSTS code; read the diagnosis.

An authorize URL is linted ([`recall_outlook.authorize.lint.lint_authorize_url`][]) and its
parameters
shown with the state decoded; anything else is explained
([`recall_outlook.troubleshoot.explain.explain`][]): an AADSTS code, an ``error_description``,
the URL
Microsoft or Recall redirected to, a token endpoint answer or a Recall error text. Everything
echoed is masked; only the pasted text itself, in its own box, is shown as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

import ipywidgets as widgets

from ..authorize.lint import lint_authorize_url
from ..authorize.parse import AuthorizeRequest, parse_authorize_url
from ..findings import Finding
from ..troubleshoot.explain import Explanation, explain
from ._panel import Panel
from ._render import explanation_html, findings_table, params_table

__all__ = ["SAMPLE_TROUBLE", "Kind", "Troubleshooter", "kind_of"]

Kind = Literal["empty", "authorize_url", "callback", "error"]
"""What the pasted text is: nothing, an authorize URL (linted), a successful callback (a code,
no error: its parameters shown), or anything else (explained)."""

SAMPLE_TROUBLE: Final = "AADSTS90094"
"""The default text: the admin approval error behind Recall's troubleshooting section."""


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


class Troubleshooter(Panel):
    """Diagnose what a user pasted, as they type.

    Args:
        text: The initial text.
        now: Seconds since the epoch at which lint judges a token's expiry (default: now).

    Attributes:
        text: ``Textarea`` for the pasted URL, code or message.
        kind_html: What the text was read as.
        diagnosis_html: The findings (authorize URL) or the explanation (anything else).
        params_html: An authorize URL's parameters, the state decoded and masked.
    """

    def __init__(self, *, text: str = SAMPLE_TROUBLE, now: float | None = None) -> None:
        self._now = now
        self.text = widgets.Textarea(
            value=text,
            description="Paste",
            placeholder="An authorize URL, the URL you were redirected to, or AADSTS50011",
            layout=widgets.Layout(width="760px", height="110px"),
        )
        self.kind_html = widgets.HTML()
        self.diagnosis_html = widgets.HTML()
        self.params_html = widgets.HTML()
        self._kind: Kind = "empty"
        self._findings: tuple[Finding, ...] = ()
        self._explanation: Explanation | None = None
        self._request: AuthorizeRequest | None = None
        super().__init__(
            [
                widgets.HTML("<b>Troubleshooter</b>"),
                self.text,
                self.kind_html,
                self.diagnosis_html,
                self.params_html,
            ]
        )
        self.text.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Diagnose the text again (called on every change)."""
        text = str(self.text.value)
        request = parse_authorize_url(text) if text.strip() else AuthorizeRequest(url="")
        self._kind = kind_of(request)
        self._findings, self._explanation, self._request = (), None, None
        self.params_html.value = ""
        if self._kind in {"authorize_url", "callback"}:
            summary = request.as_dict()
            self.params_html.value = params_table(
                [(str(p["name"]), str(p["value"])) for p in summary["params"]],
                summary["state"],
                state_error=summary["state_error"],
            )
        if self._kind == "empty":
            self.kind_html.value = "<i>Paste an authorize URL, an error URL or an AADSTS code.</i>"
            self.diagnosis_html.value = ""
        elif self._kind == "authorize_url":
            self._request = request
            self._findings = tuple(lint_authorize_url(text, now=self._now))
            self.kind_html.value = "Read as an <b>authorize URL</b>: lint findings and fixes."
            self.diagnosis_html.value = findings_table(
                self._findings, none="No findings: the URL follows Microsoft's and Recall's rules."
            )
        elif self._kind == "callback":
            self._request = request
            self.kind_html.value = (
                "Read as a <b>successful callback</b>: Microsoft issued an authorization code "
                "(masked below). If the user still ended on your error_url, paste that URL."
            )
            self.diagnosis_html.value = ""
        else:
            self._explanation = explain(text)
            self.kind_html.value = "Read as an <b>error</b>: what it means and how to fix it."
            self.diagnosis_html.value = explanation_html(self._explanation)

    @property
    def kind(self) -> Kind:
        """What the text was read as."""
        return self._kind

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The lint findings, when the text is an authorize URL."""
        return self._findings

    @property
    def explanation(self) -> Explanation | None:
        """The explanation, when the text is not an authorize URL."""
        return self._explanation

    @property
    def request(self) -> AuthorizeRequest | None:
        """The parsed authorize URL or callback, when the text is one."""
        return self._request
