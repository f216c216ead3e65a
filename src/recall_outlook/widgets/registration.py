"""The registration helper: the app registration's fields in, the az command and Graph body out.

The fields go to [`recall_outlook.register.registration.check_registration`][] (findings beside the
field they concern), [`az_command`][recall_outlook.register.registration.az_command] and
[`graph_application_body`][recall_outlook.register.registration.graph_application_body]. A manifest
pasted from the Azure portal (either format) is checked with
[`recall_outlook.register.manifest.check_manifest`][]; one that cannot be read gets a message beside
the box, never a traceback. Client secret values are never read from a manifest, so none is shown.
The publisher verification checklist ([`recall_outlook.register.publisher.PUBLISHER_STEPS`][])
closes the panel.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import ipywidgets as widgets

from ..findings import Finding, has_errors
from ..regions import DEFAULT_REGION, REGIONS
from ..register.manifest import ManifestError, check_manifest
from ..register.publisher import PUBLISHER_STEPS
from ..register.registration import (
    GRAPH_APPLICATIONS_URL,
    RegistrationError,
    az_command,
    check_registration,
    graph_application_body,
)
from ._panel import Panel, labelled, text_layout
from ._render import checklist_html, code_block, field_message, findings_table

__all__ = ["SAMPLE_APP_NAME", "SAMPLE_REDIRECT_URIS", "RegistrationHelper"]

SAMPLE_APP_NAME: Final = "Example Meeting Notes"
"""A sample display name."""

SAMPLE_REDIRECT_URIS: Final = (
    "https://app.example.com/api/ms_oauth_callback",
    REGIONS[DEFAULT_REGION].ms_callback_url,
)
"""Sample redirect URIs: your forwarder (production) and Recall's callback (development)."""

_NAME_CODES: Final = frozenset({"registration-name-missing"})


def _lines(text: str) -> list[str]:
    """One redirect URI per non-blank line, surrounding spaces removed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class RegistrationHelper(Panel):
    """Show how to register the Entra app, and check a manifest pasted from the Azure portal.

    Args:
        name: The app's display name (users see it on the consent screen).
        redirect_uris: The Web redirect URIs.
        manifest: A manifest's JSON text to check at first.
        now: The moment a client secret's expiry is judged at (default: now).

    Attributes:
        name: ``Text`` for the display name. redirect_uris: ``Textarea``, one URI per line.
        name_message, redirect_uris_message: ``HTML`` beside each field: its error findings.
        findings_html: Every finding about the fields, with fixes.
        az_html: The ``az ad app create`` command. graph_html: The Graph request and body.
        manifest: ``Textarea`` for a pasted manifest. manifest_message: ``HTML`` beside it.
        manifest_html: The manifest's findings.
        publisher_html: The publisher verification checklist, for production.
    """

    def __init__(
        self,
        *,
        name: str = SAMPLE_APP_NAME,
        redirect_uris: tuple[str, ...] = SAMPLE_REDIRECT_URIS,
        manifest: str = "",
        now: datetime | None = None,
    ) -> None:
        self._now = now
        self.name = widgets.Text(value=name, description="Display name", layout=text_layout())
        self.redirect_uris = widgets.Textarea(
            value="\n".join(redirect_uris),
            description="Redirect URIs",
            placeholder="one per line: https://your-domain/api/ms_oauth_callback",
            layout=text_layout(),
        )
        self.name_message = self._message()
        self.redirect_uris_message = self._message()
        self.findings_html = widgets.HTML()
        self.az_html = widgets.HTML()
        self.graph_html = widgets.HTML()
        self.manifest = widgets.Textarea(
            value=manifest,
            description="Manifest",
            placeholder="Paste the manifest JSON (Entra admin center > App registrations > "
            "your app > Manifest)",
            layout=widgets.Layout(width="560px", height="120px"),
        )
        self.manifest_message = self._message()
        self.manifest_html = widgets.HTML()
        self.publisher_html = widgets.HTML(checklist_html(PUBLISHER_STEPS))
        self._findings: tuple[Finding, ...] = ()
        self._az: str | None = None
        self._body: dict[str, Any] | None = None
        self._manifest_findings: tuple[Finding, ...] | None = None
        self._manifest_error: str | None = None
        super().__init__(
            [
                widgets.HTML("<b>App registration</b>"),
                labelled(self.name, self.name_message),
                labelled(self.redirect_uris, self.redirect_uris_message),
                self.findings_html,
                widgets.HTML("<b>Azure CLI</b>"),
                self.az_html,
                widgets.HTML("<b>Microsoft Graph</b>"),
                self.graph_html,
                widgets.HTML("<b>Check a manifest</b>"),
                labelled(self.manifest, self.manifest_message),
                self.manifest_html,
                widgets.HTML("<b>Before production: publisher verification</b>"),
                self.publisher_html,
            ]
        )
        self.name.observe(self._on_fields, names="value")
        self.redirect_uris.observe(self._on_fields, names="value")
        self.manifest.observe(self._on_manifest, names="value")
        self.refresh()
        self.check()

    def _on_fields(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def _on_manifest(self, _change: Mapping[str, Any]) -> None:
        self.check()

    def refresh(self) -> None:
        """Check the fields and rebuild the az command and Graph body (on every change)."""
        name, uris = str(self.name.value), _lines(str(self.redirect_uris.value))
        self._findings = tuple(check_registration(name=name, redirect_uris=uris))
        self._az, self._body = None, None
        if not has_errors(self._findings):
            try:
                self._az = az_command(name=name, redirect_uris=uris)
                self._body = graph_application_body(name=name, redirect_uris=uris)
            except RegistrationError:  # the same check as above: cannot happen, never shown
                self._az, self._body = None, None
        errors = [f for f in self._findings if f.severity.rank == 0]
        for message, name_field in ((self.name_message, True), (self.redirect_uris_message, False)):
            texts = dict.fromkeys(
                f.message for f in errors if (f.code in _NAME_CODES) == name_field
            )
            message.value = field_message(" ".join(texts) or None)
        self.findings_html.value = findings_table(
            self._findings, none="No findings: the registration is what Recall needs."
        )
        waiting = "Fix the fields marked in red."
        self.az_html.value = code_block(self._az, empty=waiting)
        self.graph_html.value = (
            code_block(f"POST {GRAPH_APPLICATIONS_URL}\n\n{self.graph_json}")
            if self._body is not None
            else code_block(None, empty=waiting)
        )

    def check(self) -> None:
        """Check the pasted manifest again (on every change); empty means nothing to check."""
        text = str(self.manifest.value)
        self._manifest_findings, self._manifest_error = None, None
        if text.strip():
            try:
                self._manifest_findings = tuple(check_manifest(text, now=self._now))
            except ManifestError as error:
                self._manifest_error = str(error)
        self.manifest_message.value = field_message(self._manifest_error)
        self.manifest_html.value = (
            findings_table(
                self._manifest_findings, none="No findings: the app is registered as Recall needs."
            )
            if self._manifest_findings is not None
            else ""
        )

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings about the fields, worst first."""
        return self._findings

    @property
    def az(self) -> str | None:
        """The ``az ad app create`` command; ``None`` while the fields have errors."""
        return self._az

    @property
    def graph_body(self) -> dict[str, Any] | None:
        """The body of ``POST /v1.0/applications``; ``None`` while the fields have errors."""
        return json.loads(json.dumps(self._body)) if self._body is not None else None

    @property
    def graph_json(self) -> str | None:
        """[`graph_body`][] as indented JSON."""
        if self._body is None:
            return None
        return json.dumps(self._body, indent=2, ensure_ascii=False)

    @property
    def manifest_findings(self) -> tuple[Finding, ...] | None:
        """The pasted manifest's findings; ``None`` when none is pasted or it is unreadable."""
        return self._manifest_findings

    @property
    def manifest_error(self) -> str | None:
        """Why the pasted manifest cannot be read, or ``None``."""
        return self._manifest_error
