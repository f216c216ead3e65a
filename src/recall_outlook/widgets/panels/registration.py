"""The registration helper, defined once: the app's fields in, the az command and Graph body out.

The fields go to [`check_registration`][recall_outlook.register.registration.check_registration]
(findings
beside the field they concern; for redirect URIs, the line that is wrong),
[`az_command`][recall_outlook.register.registration.az_command] and
[`graph_application_body`][recall_outlook.register.registration.graph_application_body]. A manifest
pasted from
the Azure portal (either format) is checked with
[`check_manifest`][recall_outlook.register.manifest.check_manifest]; one that cannot be read gets a
message beside the box. Client secret values are never read from a manifest. The publisher
verification checklist closes the panel. The panel is long, so its parts fold.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Final

from ...findings import Finding, Severity, has_errors
from ...redirect_uri import check_redirect_uri
from ...regions import DEFAULT_REGION, REGIONS
from ...register.manifest import ManifestError, check_manifest
from ...register.publisher import PUBLISHER_STEPS
from ...register.registration import (
    GRAPH_APPLICATIONS_URL,
    az_command,
    check_registration,
    graph_application_body,
)
from .._render import checklist_html, code_block, findings_table
from ..definition import Definition, Field, Section, View

__all__ = [
    "DEFINITION",
    "SAMPLE_APP_NAME",
    "SAMPLE_REDIRECT_URIS",
    "ManifestResult",
    "RegistrationResult",
    "lines",
    "update",
]

SAMPLE_APP_NAME: Final = "Example Meeting Notes"
"""A sample display name."""

SAMPLE_REDIRECT_URIS: Final = (
    "https://app.example.com/api/ms_oauth_callback",
    REGIONS[DEFAULT_REGION].ms_callback_url,
)
"""Sample redirect URIs: your forwarder (production) and Recall's callback (development)."""

# The fixes of the input findings, in the panel's words (the catalog's speak of the CLI).
_PANEL_FIXES: Final = {
    "registration-name-missing": "Type the name users see on the consent screen in Display name.",
    "registration-no-redirect-uri": (
        "Type your forwarder's URL (production) or Recall's callback (development) in Redirect "
        "URIs, one per line."
    ),
}
_WAITING: Final = "Fix the fields in red: the command appears once no error stands."


def lines(text: str) -> list[str]:
    """Return one redirect URI per non-blank line, surrounding spaces removed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class ManifestResult:
    """A pasted manifest checked: its findings, or why it cannot be read (both ``None``: empty).

    Attributes:
        findings: The manifest's findings, worst first.
        error: Why it cannot be read.
    """

    findings: tuple[Finding, ...] | None
    error: str | None


@dataclass(frozen=True)
class RegistrationResult:
    """One update of the registration helper.

    Attributes:
        findings: The findings about the fields, worst first.
        az: The ``az ad app create`` command; ``None`` while the fields have errors.
        body: The body of ``POST /v1.0/applications``; ``None`` likewise.
        manifest: The pasted manifest, checked.
        view: What a host shows.
    """

    findings: tuple[Finding, ...]
    az: str | None
    body: dict[str, Any] | None
    manifest: ManifestResult
    view: View = field(repr=False)

    @property
    def graph_json(self) -> str | None:
        """[`body`][] as indented JSON."""
        return None if self.body is None else json.dumps(self.body, indent=2, ensure_ascii=False)


def _uri_messages(uris: list[str]) -> str:
    """Each wrong redirect URI's errors, named by its line."""
    parts = []
    for number, uri in enumerate(uris, 1):
        errors = [f for f in check_redirect_uri(uri) if f.severity is Severity.ERROR]
        if errors:
            shown = uri if len(uri) <= 60 else uri[:59] + "…"
            said = " ".join(f"{f.code}: {f.message}" for f in errors)
            parts.append(f"Line {number} ({shown}): {said}")
    return " ".join(parts)


def _manifest(text: str, now: datetime | None) -> ManifestResult:
    if not text.strip():
        return ManifestResult(None, None)
    try:
        return ManifestResult(tuple(check_manifest(text, now=now)), None)
    except ManifestError as error:
        return ManifestResult(None, str(error))


def update(values: Mapping[str, str], event: str, now: float | None = None) -> RegistrationResult:
    """Check the fields, build the az command and Graph body, and check the pasted manifest.

    Args:
        values: ``name``, ``redirect_uris`` (one per line) and ``manifest``.
        event: The field that changed (every change updates everything: it is fast).
        now: Seconds since the epoch at which a client secret's expiry is judged.
    """
    name, uris = values["name"], lines(values["redirect_uris"])
    findings = tuple(
        f._replace(fix=_PANEL_FIXES.get(f.code, f.fix))
        for f in check_registration(name=name, redirect_uris=uris)
    )
    az, body = None, None
    if not has_errors(findings):
        az = az_command(name=name, redirect_uris=uris)
        body = graph_application_body(name=name, redirect_uris=uris)
    messages = {}
    for field_name, codes in (
        ("name", {"registration-name-missing"}),
        ("redirect_uris", {"registration-no-redirect-uri", "registration-too-many-redirect-uris",
                           "registration-duplicate-redirect-uri"}),
    ):  # fmt: skip
        said = dict.fromkeys(
            f.message for f in findings if f.code in codes and f.severity is Severity.ERROR
        )
        if field_name == "redirect_uris" and _uri_messages(uris):
            said[_uri_messages(uris)] = None
        if said:
            messages[field_name] = " ".join(said)
    moment = None if now is None else datetime.fromtimestamp(now, tz=timezone.utc)
    manifest = _manifest(values["manifest"], moment)
    if manifest.error:
        messages["manifest"] = manifest.error
    graph = (
        f"POST {GRAPH_APPLICATIONS_URL}\n\n{json.dumps(body, indent=2, ensure_ascii=False)}"
        if body is not None
        else None
    )
    html = {
        "findings_html": findings_table(
            findings, none="No findings: the registration is what Recall needs."
        ),
        "az_html": code_block(az, empty=_WAITING),
        "graph_html": code_block(graph, empty=_WAITING),
        "manifest_html": (
            findings_table(
                manifest.findings, none="No findings: the app is registered as Recall needs."
            )
            if manifest.findings is not None
            else ""
        ),
        "publisher_html": checklist_html(PUBLISHER_STEPS),
    }
    view = View(html=html, messages=messages)
    return RegistrationResult(findings, az, body, manifest, view)


DEFINITION: Final = Definition(
    key="registration",
    title="App registration",
    fields=(
        Field("name", "Display name", default=SAMPLE_APP_NAME,
              placeholder="The name users see on the consent screen"),
        Field("redirect_uris", "Redirect URIs", "textarea", "\n".join(SAMPLE_REDIRECT_URIS),
              placeholder="one per line: https://your-domain/api/ms_oauth_callback", rows=3),
        Field("manifest", "Manifest", "textarea", rows=6,
              placeholder="Paste the manifest JSON (Entra admin center > App registrations > "
              "your app > Manifest)"),
    ),
    outputs=("findings_html", "az_html", "graph_html", "manifest_html", "publisher_html"),
    sections=(
        Section("", ("name", "redirect_uris", "findings_html")),
        Section("Azure CLI: az ad app create", ("az_html",), fold=True),
        Section("Microsoft Graph: POST /v1.0/applications", ("graph_html",), fold=True,
                open=False),
        Section("Check a manifest", ("manifest", "manifest_html"), fold=True),
        Section("Before production: publisher verification", ("publisher_html",), fold=True,
                open=False),
    ),
    update=update,
    placeholder=(
        "[App registration helper: the display name and redirect URIs, the az command and "
        "Graph body they make, a manifest checker and the publisher checklist. Run the "
        "notebook's cells (Run > Run All Cells) to use it here.]"
    ),
)  # fmt: skip
"""The registration helper: the fields, the commands, the manifest check, the checklist."""
