"""Read an app manifest from the Azure portal and check it against what Recall needs.

Both formats the portal downloads are read: the Microsoft Graph format (``web.redirectUris``,
``spa``, ``publicClient``, ``api.requestedAccessTokenVersion``,
``passwordCredentials[].endDateTime``; also what ``az ad app show`` prints) and the older Azure
AD Graph format (``replyUrlsWithType`` with types ``Web``, ``Spa`` and ``InstalledClient``,
``accessTokenAcceptedVersion``, ``passwordCredentials[].endDate``). See
https://learn.microsoft.com/en-us/entra/identity-platform/reference-microsoft-graph-app-manifest
and https://learn.microsoft.com/en-us/entra/identity-platform/reference-app-manifest.

[`read_manifest`][] returns an [`AppManifest`][] or raises [`ManifestError`][] (never a
traceback for a bad file); [`check_manifest`][] answers with findings from
[`recall_outlook.register.app_codes`][], worst first. Secret values are never read or shown: only
each
secret's name, hint and end date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from ..findings import Finding, Severity, by_severity
from ..redirect_uri import check_redirect_uri
from ..scopes import SCOPES
from ._manifest_fields import ManifestError, shown
from ._manifest_read import AppManifest, ClientSecret, read_manifest
from .app_codes import APP_CATALOG
from .registration import SIGN_IN_AUDIENCE

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "AppManifest",
    "ClientSecret",
    "ManifestError",
    "check_manifest",
    "read_manifest",
]

EXPIRY_WARNING_DAYS: Final = 30
"""A client secret that expires within this many days is reported as expiring."""

_MAX_SECRETS: Final = 2
_AUDIENCE_CODES: Final = {
    "AzureADMyOrg": "app-audience-single-tenant",
    "AzureADMultipleOrgs": "app-audience-no-personal",
    "PersonalMicrosoftAccount": "app-audience-personal-only",
}


def _audience(app: AppManifest) -> list[Finding]:
    if app.sign_in_audience == SIGN_IN_AUDIENCE:
        return []
    code = _AUDIENCE_CODES.get(app.sign_in_audience or "", "app-audience-unknown")
    spec = APP_CATALOG[code]
    return [spec.finding(f"signInAudience is {shown(app.sign_in_audience or '')}. {spec.title}")]


def _redirects(app: AppManifest) -> list[Finding]:
    findings = []
    if not app.web_redirect_uris:
        findings.append(APP_CATALOG["app-no-web-redirect-uri"].default)
    for code, uris in (
        ("app-redirect-uri-spa", app.spa_redirect_uris),
        ("app-redirect-uri-public-client", app.public_client_redirect_uris),
    ):
        spec = APP_CATALOG[code]
        findings.extend(spec.finding(f"{shown(uri)}: {spec.title}") for uri in uris)
    for uri in app.web_redirect_uris:
        for finding in check_redirect_uri(uri, personal_accounts=app.personal_accounts):
            message = (
                finding.message
                if shown(uri) in finding.message
                else f"{shown(uri)}: {finding.message}"
            )
            findings.append(Finding(finding.code, finding.severity, message, finding.fix))
    return findings


def _permissions(app: AppManifest) -> list[Finding]:
    findings = []
    for scope in SCOPES:
        if scope.permission_id.lower() in app.graph_scope_ids:
            continue
        code = "app-calendars-read-missing" if scope.permission == "Calendars.Read" else None
        spec = APP_CATALOG[code or "app-permission-missing"]
        findings.append(
            spec.finding(
                f"The delegated Microsoft Graph permission {scope.permission} "
                f"({scope.permission_id}) is not configured. {scope.purpose}"
            )
        )
    return findings


def _token_version(app: AppManifest) -> list[Finding]:
    if app.token_version == 2:
        return []
    graph = app.format == "microsoft-graph"
    key = "requestedAccessTokenVersion" if graph else "accessTokenAcceptedVersion"
    value = "unset (read as 1)" if app.token_version is None else str(app.token_version)
    spec = APP_CATALOG["app-token-version"]
    if app.personal_accounts:
        return [spec.finding(f"{key} is {value}, not 2. {spec.title}")]
    message = (
        f"{key} is {value}, not 2: harmless while the app admits work accounts only, but "
        "Microsoft requires 2 before it lets the app admit personal accounts."
    )
    return [Finding(spec.code, Severity.INFO, message, spec.fix)]


def _secret_findings(app: AppManifest, now: datetime) -> list[Finding]:
    if not app.secrets:
        return [APP_CATALOG["app-no-secret"].default]
    findings = []
    if len(app.secrets) > _MAX_SECRETS and app.personal_accounts:
        spec = APP_CATALOG["app-too-many-secrets"]
        findings.append(
            spec.finding(
                f"The app has {len(app.secrets)} client secrets; apps that admit personal "
                "accounts may have at most two, and Microsoft refuses to add more."
            )
        )
    for secret in app.secrets:
        if secret.end is None:
            continue
        day = secret.end.strftime("%Y-%m-%d %H:%M UTC")
        if secret.end <= now:
            days = (now - secret.end).days
            spec = APP_CATALOG["app-secret-expired"]
            findings.append(
                spec.finding(
                    f"The client secret {secret.label} expired on {day} ({days} days "
                    f"ago). {spec.title}"
                )
            )
        elif secret.end - now <= timedelta(days=EXPIRY_WARNING_DAYS):
            days = (secret.end - now).days
            spec = APP_CATALOG["app-secret-expiring"]
            findings.append(
                spec.finding(
                    f"The client secret {secret.label} expires on {day} (in {days} "
                    f"days). {spec.title}"
                )
            )
    return findings


def _publisher(app: AppManifest) -> list[Finding]:
    findings = []
    domain = (app.publisher_domain or "").lower()
    if domain.endswith(".onmicrosoft.com"):
        spec = APP_CATALOG["app-publisher-domain-default"]
        findings.append(
            spec.finding(f"publisherDomain is {shown(app.publisher_domain or '')}. {spec.title}")
        )
    if app.verified_publisher_id == "" and app.sign_in_audience != "AzureADMyOrg":
        findings.append(APP_CATALOG["app-publisher-unverified"].default)
    return findings


def check_manifest(
    data: str | bytes | Mapping[str, Any] | AppManifest, *, now: datetime | None = None
) -> list[Finding]:
    """Check an app manifest against Recall's guide and Microsoft's rules.

    Args:
        data: The manifest as downloaded from the Azure portal (either format), already loaded,
            or read with [`read_manifest`][].
        now: The moment secret expiry is judged at (default: now); naive means UTC.

    Returns:
        The findings, worst first; empty when the app is registered as Recall needs.

    Raises:
        ManifestError: The manifest cannot be read (see [`read_manifest`][]).
    """
    app = data if isinstance(data, AppManifest) else read_manifest(data)
    moment = now or datetime.now(timezone.utc)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    findings = [
        *_audience(app),
        *_redirects(app),
        *_permissions(app),
        *_token_version(app),
        *_secret_findings(app, moment),
        *_publisher(app),
    ]
    return by_severity(findings)
