"""Lint an authorize URL against Microsoft's and Recall's rules, before a user meets the error.

[`lint_authorize_url`][] reads any pasted URL with
[`parse_authorize_url`][recall_outlook.authorize.parse.parse_authorize_url] and answers with
[`Finding`][recall_outlook.findings.Finding] objects whose codes are defined in
[`recall_outlook.authorize.lint_codes`][], worst first. It never raises.
[`check_authorize_url`][] is the
raising variant: it raises [`LintError`][] when any finding is an error.

Rules come from Recall's guide (https://docs.recall.ai/docs/calendar-v1-microsoft-outlook),
Microsoft's authorization code request
(https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code)
and redirect URI rules (https://learn.microsoft.com/en-us/entra/identity-platform/reply-url).
As RFC 6749 section 3.1 says, a parameter sent with an empty value counts as absent.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from difflib import get_close_matches
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit

from ..errors import RecallOutlookError
from ..findings import Finding, Severity, by_severity
from ..masking import mask, shown, shown_list
from ..redirect_uri import redirect_uri_findings
from ..scopes import GRAPH_RESOURCE, normalize_scope
from ._lint_credentials import check_credentials
from ._lint_params import check_params
from ._lint_state import check_state
from .build import AUTHORIZE_HOST, MICROSOFT_AUTHORITY, PROMPTS
from .lint_codes import LINT_CATALOG
from .parse import AuthorizeRequest, parse_authorize_url

__all__ = ["LintError", "check_authorize_url", "lint_authorize_url"]

_GUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_DOMAIN: Final = re.compile(
    r"(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]", re.I
)
_CONSUMER_TENANT: Final = "9188040d-6c67-4c5b-b112-36a304b66dad"
"""The directory of personal Microsoft accounts: naming it is the same as ``consumers``."""
_CONSUMER_TENANTS: Final = frozenset({"consumers", _CONSUMER_TENANT})
_ALIAS: Final = (
    "is an older alias of Microsoft's global sign-in host; Recall's guide uses "
    "login.microsoftonline.com"
)
_NATIONAL: Final = "is a national cloud's sign-in host, a separate identity system from Recall's"
_OTHER_MICROSOFT_HOSTS: Final = {
    "login.microsoft.com": _ALIAS,
    "login.windows.net": _ALIAS,
    "login.live.com": "is the legacy Live Connect endpoint, not the Microsoft identity platform",
    "login.microsoftonline.us": _NATIONAL,
    "login.partner.microsoftonline.cn": _NATIONAL,
    "login.chinacloudapi.cn": _NATIONAL,
}
_HARMLESS_SCOPES: Final = frozenset({"offline_access", "openid", "email", "profile", "user.read"})
_CALENDAR_SCOPES: Final = frozenset(
    {"calendars.read", "calendars.readwrite", "calendars.read.shared", "calendars.readwrite.shared"}
)
_NEEDED_SCOPES: Final = _HARMLESS_SCOPES | {"calendars.read"}
"""Scopes that ask for nothing beyond what Recall needs."""
_REQUIRED_SCOPES: Final = {
    "offline_access": "scope-offline-access-missing",
    "openid": "scope-openid-missing",
    "email": "scope-email-missing",
}
"""Each scope Recall's guide requires, with the code of its absence."""
_PROMPT_CODES: Final = {
    "consent": "prompt-consent",
    "admin_consent": "prompt-admin-consent",
    "none": "prompt-none",
}
_MODE_PROBLEMS: Final = {
    "fragment": "the code then arrives after '#', which browsers never send to a server",
    "form_post": "Microsoft then POSTs the code in a form body",
}
"""What goes wrong with each response_mode Microsoft accepts besides query."""
_SCOPE_SPLIT: Final = re.compile(r"[\s,;+]+")
_PLACEHOLDER_MARK: Final = re.compile("[{}<>$]")
"""A character of a template placeholder such as ``{client_id}``, ``<app id>`` or ``$ID``."""


class LintError(RecallOutlookError):
    """An authorize URL has error-severity lint findings.

    Attributes:
        findings: Every finding about the URL, worst first (warnings and info included).
    """

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        errors = [finding for finding in self.findings if finding.severity is Severity.ERROR]
        summary = "; ".join(f"{finding.code}: {finding.message}" for finding in errors)
        super().__init__(f"the authorize URL has {len(errors)} error(s): {summary}")


def _value(request: AuthorizeRequest, name: str) -> str | None:
    """Return the first value of ``name``, ``None`` when absent or blank."""
    value = request.first.get(name)
    return value if value is not None and value.strip() else None


def _epoch(now: datetime | float | None) -> float:
    if now is None:
        return time.time()
    if isinstance(now, datetime):
        return (now if now.tzinfo else now.replace(tzinfo=timezone.utc)).timestamp()
    return float(now)


@lru_cache(maxsize=16)  # the authorities: Microsoft's and the sandbox's, the same every time
def _origin(url: str) -> tuple[str, str]:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower(), (parts.hostname or "").lower()
    except ValueError:
        return "", ""


_MICROSOFT_ORIGIN: Final = _origin(MICROSOFT_AUTHORITY)


def _endpoint(request: AuthorizeRequest, authority: str) -> list[Finding]:
    if not request.host:
        what = "has no endpoint, only a query string" if request.params else "has no host"
        return [LINT_CATALOG["endpoint-not-microsoft"].finding(f"The URL {what}.")]
    origin = (request.scheme, request.host)
    if origin != _MICROSOFT_ORIGIN and origin != _origin(authority):
        if request.host == AUTHORIZE_HOST:
            message = f"The URL uses {request.scheme or 'no scheme'}, not https."
        elif request.host in _OTHER_MICROSOFT_HOSTS:
            message = f"{request.host} {_OTHER_MICROSOFT_HOSTS[request.host]}."
        else:
            message = f"The URL goes to {request.host}, not {AUTHORIZE_HOST}."
        return [LINT_CATALOG["endpoint-not-microsoft"].finding(message)]
    if request.version != "v2.0":
        path = request.path.lower()
        if request.version == "v1":
            message = "The URL uses the v1 endpoint /oauth2/authorize."
        elif "adminconsent" in path:
            message = "This is the admin consent endpoint, not the authorize endpoint."
        elif path.rstrip("/").endswith("/token"):
            message = "This is the token endpoint, which Recall calls; users go to /authorize."
        else:
            message = f"The path {shown(request.path)} is not /{{tenant}}/oauth2/v2.0/authorize."
        return [LINT_CATALOG["endpoint-not-v2"].finding(message)]
    return _tenant(request.tenant or "")


def _tenant(tenant: str) -> list[Finding]:
    lowered = tenant.lower()
    if lowered == "common":
        return []
    if lowered in _CONSUMER_TENANTS:
        return [
            LINT_CATALOG["tenant-excludes-work"].finding(
                f"The tenant {tenant!r} admits personal Microsoft accounts only.",
            )
        ]
    if lowered == "organizations":
        message = "The tenant 'organizations' admits work or school accounts only."
    elif _GUID.fullmatch(tenant) or _DOMAIN.fullmatch(tenant):
        message = (
            f"The tenant {shown(tenant)} names one directory: only its accounts (and its guests) "
            "can sign in."
        )
    else:
        close = _closest_tenant(lowered)
        hint = f" Did you mean '{close}'?" if close else ""
        return [
            LINT_CATALOG["tenant-invalid"].finding(
                f"The tenant {shown(tenant)} is neither common, organizations, consumers, a "
                f"tenant ID nor a domain: Microsoft answers AADSTS90002 (tenant not found).{hint}",
            )
        ]
    return [LINT_CATALOG["tenant-excludes-personal"].finding(message)]


@lru_cache(maxsize=64)  # difflib is slow, and the tenant seldom changes between two lints
def _closest_tenant(lowered: str) -> str | None:
    close = get_close_matches(lowered, ("common", "organizations", "consumers"), n=1)
    return close[0] if close else None


def _client(request: AuthorizeRequest) -> list[Finding]:
    value = _value(request, "client_id")
    if value is None:
        return [LINT_CATALOG["client-id-missing"].default]
    if _GUID.fullmatch(value):
        return []
    if "~" in value:
        message = (
            f"client_id {mask(value)} looks like a client secret (Entra secret values hold "
            "'~'): the secret belongs in Recall's dashboard, never in a URL; rotate it."
        )
    elif _PLACEHOLDER_MARK.search(value) or "client" in value.lower():
        message = f"client_id {shown(value)} is a placeholder, not the app's GUID."
    else:
        message = f"client_id {shown(value)} is not a GUID."
    return [LINT_CATALOG["client-id-not-guid"].finding(message)]


def _response(request: AuthorizeRequest) -> list[Finding]:
    findings = []
    kind = _value(request, "response_type")
    if kind is None:
        findings.append(
            LINT_CATALOG["response-type-not-code"].finding(
                "response_type is missing (AADSTS900144)."
            )
        )
    elif kind != "code":
        extra = " (the hybrid flow)" if "code" in kind.split() else ""
        findings.append(
            LINT_CATALOG["response-type-not-code"].finding(
                f"response_type is {shown(kind)}{extra}; Recall's callback expects a code alone.",
            )
        )
    mode = _value(request, "response_mode")
    if mode is None:
        findings.append(LINT_CATALOG["response-mode-missing"].default)
    elif mode != "query":
        why = _MODE_PROBLEMS.get(mode, "it is not a value Microsoft accepts")
        findings.append(
            LINT_CATALOG["response-mode-not-query"].finding(
                f"response_mode is {shown(mode)}: {why}, and Recall's callback reads the query.",
            )
        )
    return findings


def _scope(request: AuthorizeRequest) -> list[Finding]:
    value = _value(request, "scope")
    if value is None:
        return [LINT_CATALOG["scope-missing"].default]
    findings = []
    separators = (
        [mark for mark in (",", ";", "+") if mark in value]
        if "," in value or ";" in value or "+" in value
        else []
    )
    if separators:
        marks = " ".join(map(repr, separators))
        findings.append(
            LINT_CATALOG["scope-bad-separator"].finding(
                f"The scopes are separated by {marks}; Microsoft separates scopes by spaces only.",
            )
        )
    # Without those separators, splitting at the pattern is splitting at whitespace.
    written = [item for item in _SCOPE_SPLIT.split(value) if item] if separators else value.split()
    names = {normalize_scope(item): item for item in written}
    for name, code in _REQUIRED_SCOPES.items():
        if name not in names:
            findings.append(LINT_CATALOG[code].default)
    if _CALENDAR_SCOPES.isdisjoint(names) and ".default" not in names:
        findings.append(LINT_CATALOG["scope-calendars-read-missing"].default)
    broader = [item for name, item in names.items() if name not in _NEEDED_SCOPES]
    if broader:
        notes = []
        if ".default" in names:
            notes.append(".default asks for every permission listed on the app registration")
        if any(
            "://" in item and not item.lower().startswith(GRAPH_RESOURCE.rstrip("/"))
            for item in broader
        ):
            notes.append("Recall calls Microsoft Graph, so other resources' scopes do not help")
        default = f" ({'; '.join(notes)})" if notes else ""
        findings.append(
            LINT_CATALOG["scope-broader-than-needed"].finding(
                f"The scope asks for {shown_list(broader, most=6)} beyond what Recall "
                f"needs{default}.",
            )
        )
    return findings


def _prompt(request: AuthorizeRequest) -> list[Finding]:
    value = _value(request, "prompt")
    if value is None or value in {"login", "select_account", "create"}:
        return []
    if value in _PROMPT_CODES:
        return [LINT_CATALOG[_PROMPT_CODES[value]].default]
    if len(value.split()) > 1:
        why = "holds several values; Microsoft accepts exactly one"
    elif value.lower() in (*PROMPTS, "admin_consent"):
        why = "must be written in lower case"
    else:
        why = f"is not one of {', '.join(PROMPTS)}"
    return [LINT_CATALOG["prompt-invalid"].finding(f"prompt={shown(value)} {why}.")]


def _redirect(request: AuthorizeRequest) -> list[Finding]:
    value = _value(request, "redirect_uri")
    if value is None:
        return [
            LINT_CATALOG["redirect-uri-missing"].finding(
                "The redirect_uri parameter is missing; Microsoft requires it and Recall "
                "redeems the code with the same URI.",
            )
        ]
    return redirect_uri_findings(value)  # sorted with the others


def lint_authorize_url(
    text: str,
    *,
    now: datetime | float | None = None,
    authority: str = MICROSOFT_AUTHORITY,
) -> list[Finding]:
    """Check an authorize URL against Microsoft's and Recall's rules; never raises.

    Args:
        text: The URL as pasted (wrapped, quoted or unencoded are all fine).
        now: The time to judge the calendar auth token's expiry at: a ``datetime`` (naive means
            UTC) or seconds since the epoch; default the current time.
        authority: An origin accepted besides ``https://login.microsoftonline.com``, for URLs
            built for a local stand-in of Microsoft such as the sandbox.

    Returns:
        The findings, worst first and otherwise in check order (endpoint, client, response,
        redirect URI, scope, prompt, PKCE and credentials, state, parameters). Messages never
        hold a secret whole.
    """
    request = parse_authorize_url(text)
    if not request.url:
        reason = request.problems[0] if request.problems else "the URL is empty"
        return by_severity(
            [LINT_CATALOG["endpoint-not-microsoft"].finding(reason[:1].upper() + reason[1:] + ".")]
        )
    findings = [
        *_endpoint(request, authority),
        *_client(request),
        *_response(request),
        *_redirect(request),
        *_scope(request),
        *_prompt(request),
        *check_credentials(request),
        *check_state(request, now=_epoch(now)),
        *check_params(request),
    ]
    return by_severity(findings)


def check_authorize_url(
    text: str,
    *,
    now: datetime | float | None = None,
    authority: str = MICROSOFT_AUTHORITY,
) -> list[Finding]:
    """Lint an authorize URL and raise when any finding is an error.

    Args:
        text: The URL as pasted.
        now: See [`lint_authorize_url`][].
        authority: See [`lint_authorize_url`][].

    Returns:
        The remaining findings (warnings and info), worst first, when there is no error.

    Raises:
        LintError: At least one finding is an error; ``.findings`` holds them all.
    """
    findings = lint_authorize_url(text, now=now, authority=authority)
    if any(finding.severity is Severity.ERROR for finding in findings):
        raise LintError(findings)
    return findings
