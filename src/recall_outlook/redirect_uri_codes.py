"""The finding codes of Microsoft's redirect URI rules, defined once.

The redirect URI is checked in two steps of the journey: when the app is registered
([`recall_outlook.register`][]) and in every authorize URL ([`recall_outlook.authorize`][]).
Its codes live here, among the shared basics, so neither step imports the other; the authorize
URL linter's catalog ([`recall_outlook.authorize.lint_codes.LINT_CATALOG`][]) includes them in
place.

Sources: Microsoft's redirect URI rules
https://learn.microsoft.com/en-us/entra/identity-platform/reply-url and Recall's guide
https://docs.recall.ai/docs/calendar-v1-microsoft-outlook.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from .findings import FindingSpec, Severity

__all__ = ["REDIRECT_URI_CATALOG", "REDIRECT_URI_SPECS"]

_RECALL_GUIDE: Final = "https://docs.recall.ai/docs/calendar-v1-microsoft-outlook"
_REPLY_URL: Final = "https://learn.microsoft.com/en-us/entra/identity-platform/reply-url"
_CALLBACK: Final = "https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/"

_E: Final = Severity.ERROR
_I: Final = Severity.INFO

REDIRECT_URI_SPECS: Final[tuple[FindingSpec, ...]] = (
    FindingSpec(
        "redirect-uri-missing",
        _E,
        "The redirect URI is missing or empty.",
        f"Add redirect_uri: {_CALLBACK} in development, your own domain's forwarding URL in "
        "production; it must equal a URI registered on the app.",
    ),
    FindingSpec(
        "redirect-uri-not-absolute",
        _E,
        "The redirect URI is not an absolute URL with a scheme and a host.",
        "Use a full URL such as https://your-domain.example/api/ms_oauth_callback.",
    ),
    FindingSpec(
        "redirect-uri-not-https",
        _E,
        "The redirect URI does not use https; Microsoft allows http only for localhost and "
        "127.0.0.1.",
        f"Serve the redirect URI over https ({_REPLY_URL}#supported-schemes).",
    ),
    FindingSpec(
        "redirect-uri-too-long",
        _E,
        "The redirect URI is longer than the 256 characters Microsoft accepts.",
        "Shorten the path of the redirect URI.",
    ),
    FindingSpec(
        "redirect-uri-has-query",
        _E,
        "The redirect URI has a query string, which apps admitting personal Microsoft accounts "
        "cannot register.",
        "Remove the query from the redirect URI; carry data in the state instead.",
    ),
    FindingSpec(
        "redirect-uri-has-fragment",
        _E,
        "The redirect URI has a fragment ('#'), which redirect URIs never may.",
        "Remove everything from '#' on.",
    ),
    FindingSpec(
        "redirect-uri-wildcard",
        _E,
        "The redirect URI holds a wildcard '*': unsupported for apps admitting personal accounts "
        "and never valid in a request.",
        "Register and send one exact redirect URI.",
    ),
    FindingSpec(
        "redirect-uri-bad-chars",
        _E,
        "The redirect URI holds characters Microsoft does not support (! $ ' ( ) , ; or spaces).",
        f"Remove them from the redirect URI ({_REPLY_URL}).",
    ),
    FindingSpec(
        "redirect-uri-recall-development",
        _I,
        "The redirect URI is Recall's own Microsoft callback: fine for development.",
        "Before production, register a redirect URI on your own domain whose handler forwards "
        "every request parameter as is to Recall's callback "
        f"({_RECALL_GUIDE}#submitting-microsoft-oauth-client-to-production).",
    ),
    FindingSpec(
        "redirect-uri-recall-wrong-path",
        _E,
        "The redirect URI is on recall.ai but is not Recall's Microsoft callback path "
        "/api/v1/calendar/ms_oauth_callback/ (trailing slash included).",
        f"Use {_CALLBACK} exactly, for the region your Recall workspace is in.",
    ),
    FindingSpec(
        "redirect-uri-recall-unknown-region",
        _E,
        "The redirect URI is on recall.ai but not on one of Recall's region hosts.",
        "Use the host of your workspace's region: us-east-1.recall.ai, us-west-2.recall.ai, "
        "eu-central-1.recall.ai or ap-northeast-1.recall.ai (api.recall.ai is the legacy "
        "us-east-1 alias).",
    ),
)
"""Every redirect URI finding, in catalog order."""

REDIRECT_URI_CATALOG: Final[Mapping[str, FindingSpec]] = MappingProxyType(
    {spec.code: spec for spec in REDIRECT_URI_SPECS}
)
"""The redirect URI findings by code."""
