"""App registration as code: the ``az`` command or Microsoft Graph body for Recall's Outlook app.

Recall's guide (https://docs.recall.ai/docs/calendar-v1-microsoft-outlook) asks for an app that
admits accounts in any organisation and personal Microsoft accounts
(``signInAudience`` ``AzureADandPersonalMicrosoftAccount``), the Web platform with the redirect
URIs, and the delegated Microsoft Graph permissions of [`SCOPES`][recall_outlook.scopes.SCOPES].
Such apps must request v2 access tokens (``api.requestedAccessTokenVersion`` 2). The client
secret is added afterwards (``az ad app credential reset`` or Graph ``addPassword``).

Sources: the application resource https://learn.microsoft.com/en-us/graph/api/resources/application,
``POST /v1.0/applications``
https://learn.microsoft.com/en-us/graph/api/application-post-applications and ``az ad app create``
https://learn.microsoft.com/en-us/cli/azure/ad/app#az-ad-app-create. Every redirect URI is first
checked with [`check_redirect_uri`][recall_outlook.redirect_uri.check_redirect_uri].
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from typing import Any, Final, Literal

from ..errors import RecallOutlookError
from ..findings import Finding, Severity, by_severity, has_errors
from ..redirect_uri import check_redirect_uri
from ..scopes import SCOPES
from .app_codes import APP_CATALOG

__all__ = [
    "GRAPH_APPLICATIONS_URL",
    "MICROSOFT_GRAPH_APP_ID",
    "SIGN_IN_AUDIENCE",
    "RegistrationError",
    "az_command",
    "check_registration",
    "graph_application_body",
    "registration_output",
    "required_resource_access",
]

MICROSOFT_GRAPH_APP_ID: Final = "00000003-0000-0000-c000-000000000000"
"""The appId of the Microsoft Graph resource, whose delegated permissions the app requests."""

SIGN_IN_AUDIENCE: Final = "AzureADandPersonalMicrosoftAccount"
"""Accounts in any organisational directory and personal Microsoft accounts (Recall's guide)."""

GRAPH_APPLICATIONS_URL: Final = "https://graph.microsoft.com/v1.0/applications"
"""Where the Microsoft Graph body is POSTed."""

_MAX_REDIRECT_URIS: Final = 100
"""The most redirect URIs an app admitting personal accounts may register."""


class RegistrationError(RecallOutlookError):
    """The registration inputs have error findings; nothing was built.

    Attributes:
        findings: Every finding of the inputs, worst first.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        errors = [finding for finding in self.findings if finding.severity is Severity.ERROR]
        first = errors[0].message if errors else "invalid input"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"cannot register the app: {first}{more}")


def check_registration(*, name: str, redirect_uris: Sequence[str]) -> list[Finding]:
    """Check the inputs of a registration with the redirect URI rules.

    Args:
        name: The app's display name.
        redirect_uris: The Web redirect URIs to register.

    Returns:
        Every finding, worst first: those of each redirect URI, and ``registration-name-missing``,
        ``registration-no-redirect-uri``, ``registration-duplicate-redirect-uri`` or
        ``registration-too-many-redirect-uris`` errors.
    """
    findings: list[Finding] = []
    if not name.strip():
        findings.append(APP_CATALOG["registration-name-missing"].default)
    if not redirect_uris:
        findings.append(APP_CATALOG["registration-no-redirect-uri"].default)
    if len(redirect_uris) > _MAX_REDIRECT_URIS:
        findings.append(
            APP_CATALOG["registration-too-many-redirect-uris"].finding(
                f"{len(redirect_uris)} redirect URIs were given; an app admitting personal "
                f"accounts may register at most {_MAX_REDIRECT_URIS}."
            )
        )
    seen: set[str] = set()
    for uri in redirect_uris:
        if uri in seen:
            findings.append(
                APP_CATALOG["registration-duplicate-redirect-uri"].finding(
                    f"The redirect URI {uri!r} is given twice; Microsoft rejects duplicates."
                )
            )
        seen.add(uri)
        findings.extend(check_redirect_uri(uri, personal_accounts=True))
    return by_severity(findings)


def _checked(name: str, redirect_uris: Sequence[str]) -> None:
    findings = check_registration(name=name, redirect_uris=redirect_uris)
    if has_errors(findings):
        raise RegistrationError(findings)


def required_resource_access() -> list[dict[str, Any]]:
    """Return ``requiredResourceAccess``: the four delegated Microsoft Graph permissions.

    Returns:
        ``[{"resourceAppId": MICROSOFT_GRAPH_APP_ID, "resourceAccess": [{"id", "type":
        "Scope"}, ...]}]`` with the permission ids of [`SCOPES`][recall_outlook.scopes.SCOPES].
    """
    access = [{"id": scope.permission_id, "type": "Scope"} for scope in SCOPES]
    return [{"resourceAppId": MICROSOFT_GRAPH_APP_ID, "resourceAccess": access}]


def graph_application_body(*, name: str, redirect_uris: Sequence[str]) -> dict[str, Any]:
    """Return the body of Microsoft Graph's ``POST /v1.0/applications`` for Recall's app.

    Args:
        name: The display name.
        redirect_uris: The Web redirect URIs, in order.

    Returns:
        ``displayName``, ``signInAudience``, ``api.requestedAccessTokenVersion`` (2),
        ``web.redirectUris`` and ``requiredResourceAccess``.

    Raises:
        RegistrationError: An input has error findings (see [`check_registration`][]).
    """
    _checked(name, redirect_uris)
    return {
        "displayName": name.strip(),
        "signInAudience": SIGN_IN_AUDIENCE,
        "api": {"requestedAccessTokenVersion": 2},
        "web": {"redirectUris": list(redirect_uris)},
        "requiredResourceAccess": required_resource_access(),
    }


def az_command(*, name: str, redirect_uris: Sequence[str]) -> str:
    """Return an ``az ad app create`` command that registers Recall's app, shell-quoted.

    The permissions go inline as JSON (``--required-resource-accesses`` takes a file or a JSON
    string); ``--requested-access-token-version`` needs Azure CLI 2.67 or later.

    Args:
        name: The display name.
        redirect_uris: The Web redirect URIs, in order.

    Returns:
        One command, continued over lines with backslashes, ready for a POSIX shell.

    Raises:
        RegistrationError: An input has error findings (see [`check_registration`][]).
    """
    _checked(name, redirect_uris)
    access = json.dumps(required_resource_access(), separators=(",", ":"))
    parts = [
        ["az", "ad", "app", "create"],
        ["--display-name", name.strip()],
        ["--sign-in-audience", SIGN_IN_AUDIENCE],
        ["--web-redirect-uris", *redirect_uris],
        ["--requested-access-token-version", "2"],
        ["--required-resource-accesses", access],
    ]
    return " \\\n    ".join(" ".join(shlex.quote(word) for word in part) for part in parts)


def registration_output(
    *, name: str, redirect_uris: Sequence[str], output: Literal["az", "graph"] = "az"
) -> str:
    """Return what ``recall-outlook register`` prints: the az command or the Graph request.

    Args:
        name: The display name.
        redirect_uris: The Web redirect URIs.
        output: ``az`` for the command, ``graph`` for the JSON body of ``POST /v1.0/applications``.

    Returns:
        The text, without a final newline.

    Raises:
        RegistrationError: An input has error findings.
    """
    if output == "graph":
        body = graph_application_body(name=name, redirect_uris=redirect_uris)
        return json.dumps(body, indent=2, ensure_ascii=False)
    return az_command(name=name, redirect_uris=redirect_uris)
