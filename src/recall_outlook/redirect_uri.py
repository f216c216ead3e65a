"""Microsoft's redirect URI rules, and where a recall.ai redirect URI goes wrong.

[`check_redirect_uri`][] answers with findings from [`recall_outlook.redirect_uri_codes`][]. The
authorize URL linter uses it for the ``redirect_uri`` parameter, and app registration uses it for
each URI it registers. The rules are Microsoft's
(https://learn.microsoft.com/en-us/entra/identity-platform/reply-url):

* https is required, except ``http://localhost`` and ``http://127.0.0.1`` (any port); the IPv6
  loopback ``[::1]`` is not supported;
* at most 256 characters;
* no wildcard, and no query string for apps that admit personal Microsoft accounts (Recall's
  guide requires such an app);
* the characters ``! $ ' ( ) , ;`` are not supported; a fragment is never allowed.

On top of those, a redirect URI on ``recall.ai`` must be a region's Microsoft callback
(``https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/``), which is fine for
development only: Recall's guide asks for a URI on your own domain in production.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import SplitResult, urlsplit

from .findings import Finding, Severity, by_severity
from .masking import mask_url, shown
from .redirect_uri_codes import REDIRECT_URI_CATALOG
from .regions import GOOGLE_CALLBACK_PATH, MS_CALLBACK_PATH, REGIONS, Region, region_for_host

__all__ = [
    "LOOPBACK_HOSTS",
    "REDIRECT_URI_MAX_LENGTH",
    "UNSUPPORTED_CHARACTERS",
    "check_redirect_uri",
    "recall_callback_region",
    "redirect_uri_findings",
]

REDIRECT_URI_MAX_LENGTH: Final = 256
"""The longest redirect URI Microsoft lets an app register, in characters."""

UNSUPPORTED_CHARACTERS: Final = "!$'(),;"
"""Characters Microsoft does not support in a redirect URI."""

LOOPBACK_HOSTS: Final = frozenset({"localhost", "127.0.0.1"})
"""Hosts for which Microsoft accepts an ``http`` redirect URI (``[::1]`` is not supported)."""

_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_UNSUPPORTED: Final = re.compile(f"[{re.escape(UNSUPPORTED_CHARACTERS)}]")
_BLANK: Final = re.compile(r"[\s\x00-\x1f\x7f]")
"""Whitespace (as ``str.isspace`` has it) or a control character."""
_ODD: Final = re.compile(f"{_UNSUPPORTED.pattern}|{_BLANK.pattern}")
"""A character that either of the two patterns above matches."""


def _shown(uri: str) -> str:
    # A redirect URI is quoted in messages: a code in its query or a token anywhere is masked.
    return shown(mask_url(uri))


def _urlsplit(uri: str) -> SplitResult:
    """``urlsplit``, refusing a bracketed host that is no IP literal on every Python.

    Python 3.11.4 and later raise ``ValueError`` for text such as
    ``https://[your tenant].example/cb``, with the message of ``ipaddress`` ("'your tenant' does
    not appear to be an IPv4 or IPv6 address"); 3.10 accepts it, and this raises
    ``ValueError("Invalid IPv6 URL")`` instead. The verdict is the same everywhere; the message
    quoted in a finding is the running Python's.
    """
    parts = urlsplit(uri)
    host_and_port = parts.netloc.rpartition("@")[2]
    before, bracket, inside = host_and_port.partition("[")
    if bracket:
        host, _, after = inside.partition("]")
        if before or (after and not after.startswith(":")):
            raise ValueError("Invalid IPv6 URL")
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            if not re.fullmatch(r"v[0-9A-Fa-f]+\..+", host):
                raise ValueError("Invalid IPv6 URL") from None
        else:
            if address.version == 4:
                raise ValueError("An IPv4 address cannot be in brackets")
    return parts


def _is_recall_host(host: str) -> bool:
    return host == "recall.ai" or host.endswith(".recall.ai")


def recall_callback_region(uri: str) -> Region | None:
    """Return the region whose Microsoft callback ``uri`` is exactly, or ``None``.

    Args:
        uri: A redirect URI.

    Returns:
        The region when ``uri`` is ``https://<region host>/api/v1/calendar/ms_oauth_callback/``
        without query or fragment, else ``None``.
    """
    try:
        parts = _urlsplit(uri)
        host = parts.hostname or ""
    except ValueError:
        return None
    return _callback_region(uri, parts, host)


def _callback_region(uri: str, parts: SplitResult, host: str) -> Region | None:
    """[`recall_callback_region`][] for a URI already split into ``parts`` and ``host``."""
    if parts.scheme.lower() != "https" or parts.path != MS_CALLBACK_PATH or "?" in uri:
        return None
    if "#" in uri:
        return None
    return region_for_host(host)


def _characters(uri: str) -> list[Finding]:
    findings = []
    if len(uri) > REDIRECT_URI_MAX_LENGTH:
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-too-long"].finding(
                f"The redirect URI is {len(uri)} characters long; Microsoft accepts at most "
                f"{REDIRECT_URI_MAX_LENGTH}.",
            )
        )
    if not _ODD.search(uri):  # the usual case: no character to report
        return findings
    bad = sorted(set(_UNSUPPORTED.findall(uri)))
    blanks = _BLANK.search(uri) is not None
    if bad or blanks:
        what = [" ".join(bad)] if bad else []
        what += ["spaces or control characters"] if blanks else []
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-bad-chars"].finding(
                f"The redirect URI {_shown(uri)} holds {' and '.join(what)}, which Microsoft "
                "does not support in redirect URIs.",
            )
        )
    return findings


def _recall(uri: str, host: str, path: str) -> list[Finding]:
    findings = []
    region = region_for_host(host)
    if region is None:
        hosts = ", ".join(item.host for item in REGIONS.values())
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-recall-unknown-region"].finding(
                f"{host} is not a Recall region host; Recall's regions are served at {hosts}.",
            )
        )
    if path != MS_CALLBACK_PATH:
        base = region.base_url if region else "https://<region>.recall.ai"
        if path == MS_CALLBACK_PATH.rstrip("/"):
            why = "lacks the trailing slash of Recall's Microsoft callback"
        elif path.lower() == MS_CALLBACK_PATH.lower():
            why = "differs in case from Recall's Microsoft callback (paths are case sensitive)"
        elif path.rstrip("/") == GOOGLE_CALLBACK_PATH.rstrip("/"):
            why = "is Recall's Google callback, not its Microsoft one"
        else:
            why = f"has the path {path or '/'!r}, not Recall's Microsoft callback"
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-recall-wrong-path"].finding(
                f"The redirect URI {why}.",
                f"Use {base}{MS_CALLBACK_PATH} exactly (and register that same URI on the app).",
            )
        )
    return findings


def check_redirect_uri(uri: str, *, personal_accounts: bool = True) -> list[Finding]:
    """Check one redirect URI against Microsoft's rules and Recall's callback.

    Args:
        uri: The redirect URI, exactly as registered or sent (already percent-decoded).
        personal_accounts: Whether the app admits personal Microsoft accounts, as Recall's guide
            requires (``signInAudience`` ``AzureADandPersonalMicrosoftAccount``). Work-only apps
            may use a query string, and for them a wildcard is a warning rather than an error.

    Returns:
        The findings, worst first; empty when the URI is fine. A Recall callback that is
        otherwise fine yields the ``redirect-uri-recall-development`` info.
    """
    return by_severity(redirect_uri_findings(uri, personal_accounts=personal_accounts))


def redirect_uri_findings(uri: str, *, personal_accounts: bool = True) -> list[Finding]:
    """Return [`check_redirect_uri`][]'s findings in the order it checks, not yet sorted.

    For a caller that sorts findings of its own together with these (the authorize URL linter).
    """
    if not isinstance(uri, str) or not uri.strip():
        return [REDIRECT_URI_CATALOG["redirect-uri-missing"].finding("The redirect URI is empty.")]
    findings = _characters(uri)
    if "*" in uri:
        wildcard = REDIRECT_URI_CATALOG["redirect-uri-wildcard"].finding(
            f"The redirect URI {_shown(uri)} holds a wildcard '*'.",
        )
        if not personal_accounts:
            wildcard = Finding(
                wildcard.code,
                Severity.WARNING,
                wildcard.message + " Work-only apps can register one through the manifest, but "
                "Microsoft strongly recommends exact URIs.",
                wildcard.fix,
            )
        findings.append(wildcard)
    if "#" in uri:
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-has-fragment"].finding(
                "The redirect URI has a fragment ('#...')."
            )
        )
    scheme = _SCHEME.match(uri)
    try:
        parts = _urlsplit(uri)
        host = (parts.hostname or "").rstrip(".")
    except ValueError as error:
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-not-absolute"].finding(
                f"The redirect URI cannot be read ({error})."
            )
        )
        return findings
    if scheme is None:
        hint = " (it looks percent-encoded twice)" if uri[:8].lower().startswith("http%3a") else ""
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-not-absolute"].finding(
                f"The redirect URI {_shown(uri)} has no scheme such as https://{hint}.",
            )
        )
        return findings
    if scheme.group(1).lower() not in {"http", "https"}:
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-not-https"].finding(
                f"The redirect URI uses the scheme {scheme.group(1)!r}; a Web platform redirect "
                "URI must use https.",
            )
        )
    elif not host:
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-not-absolute"].finding(
                f"The redirect URI {_shown(uri)} has no host."
            )
        )
    elif scheme.group(1).lower() == "http" and host not in LOOPBACK_HOSTS:
        if host == "::1":
            message = (
                "The redirect URI uses http on [::1]: Microsoft does not support the IPv6 "
                "loopback; the http exception covers localhost and 127.0.0.1 only."
            )
        else:
            message = f"The redirect URI uses http on {host}; only localhost may use http."
        findings.append(REDIRECT_URI_CATALOG["redirect-uri-not-https"].finding(message))
    if "?" in uri and personal_accounts:
        findings.append(
            REDIRECT_URI_CATALOG["redirect-uri-has-query"].finding(
                "The redirect URI has a query string ('?...'); apps admitting personal "
                "Microsoft accounts cannot register one.",
            )
        )
    if _is_recall_host(host.lower()):
        findings.extend(_recall(uri, host.lower(), parts.path))
        region = _callback_region(uri, parts, host)
        if not findings and region is not None:
            name = region.legacy_alias_of or region.name
            alias = f" ({region.host} is its legacy alias)" if region.legacy_alias_of else ""
            findings.append(
                REDIRECT_URI_CATALOG["redirect-uri-recall-development"].finding(
                    f"The redirect URI is Recall's Microsoft callback in {name}{alias}: fine for "
                    "development; production needs a redirect URI on your own domain whose "
                    "handler forwards to it.",
                )
            )
    return findings
