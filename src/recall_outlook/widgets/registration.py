"""The registration helper in JupyterLab: [`registration`][.panels.registration] as ipywidgets."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, ClassVar

from ..findings import Finding
from .definition import Definition
from .host import Panel
from .panels.registration import (
    DEFINITION,
    SAMPLE_APP_NAME,
    SAMPLE_REDIRECT_URIS,
    RegistrationResult,
)

__all__ = ["SAMPLE_APP_NAME", "SAMPLE_REDIRECT_URIS", "RegistrationHelper"]


class RegistrationHelper(Panel):
    """Show how to register the Entra app, and check a manifest pasted from the Azure portal.

    Args:
        name: The app's display name (users see it on the consent screen).
        redirect_uris: The Web redirect URIs.
        manifest: A manifest's JSON text to check at first.
        now: The moment a client secret's expiry is judged at (default: now).

    Attributes:
        name: ``Text`` for the display name. redirect_uris: ``Textarea``, one URI per line.
        name_message, redirect_uris_message, manifest_message: ``HTML`` beside each field.
        findings_html: Every finding about the fields, with fixes.
        az_html: The ``az ad app create`` command. graph_html: The Graph request and body.
        manifest: ``Textarea`` for a pasted manifest. manifest_html: The manifest's findings.
        publisher_html: The publisher verification checklist, for production.
    """

    definition: ClassVar[Definition] = DEFINITION
    name: Any
    redirect_uris: Any
    manifest: Any
    name_message: Any
    redirect_uris_message: Any
    manifest_message: Any
    findings_html: Any
    az_html: Any
    graph_html: Any
    manifest_html: Any
    publisher_html: Any

    def __init__(
        self,
        *,
        name: str = SAMPLE_APP_NAME,
        redirect_uris: tuple[str, ...] = SAMPLE_REDIRECT_URIS,
        manifest: str = "",
        now: datetime | None = None,
    ) -> None:
        values = {"name": name, "redirect_uris": "\n".join(redirect_uris), "manifest": manifest}
        super().__init__(values, now=None if now is None else now.timestamp())

    @property
    def _checked(self) -> RegistrationResult:
        result = self._result
        assert isinstance(result, RegistrationResult)  # noqa: S101 - the definition's own result
        return result

    def refresh(self) -> None:
        """Check the fields and the manifest again (done on every change)."""
        self._update("refresh")

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings about the fields, worst first."""
        return self._checked.findings

    @property
    def az(self) -> str | None:
        """The ``az ad app create`` command; ``None`` while the fields have errors."""
        return self._checked.az

    @property
    def graph_body(self) -> dict[str, Any] | None:
        """The body of ``POST /v1.0/applications``; ``None`` while the fields have errors."""
        body = self._checked.body
        return None if body is None else json.loads(json.dumps(body))

    @property
    def graph_json(self) -> str | None:
        """[`graph_body`][] as indented JSON."""
        return self._checked.graph_json

    @property
    def manifest_findings(self) -> tuple[Finding, ...] | None:
        """The pasted manifest's findings; ``None`` when none is pasted or it is unreadable."""
        return self._checked.manifest.findings

    @property
    def manifest_error(self) -> str | None:
        """Why the pasted manifest cannot be read, or ``None``."""
        return self._checked.manifest.error
