"""The callbacks ``check-forwarder`` sends, and the finding codes it reports, defined once.

Each [`Probe`][] is a valid callback query as Microsoft sends it to a production redirect URI
(https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow), chosen
because naive forwarders change it: repeated keys, ``+`` against ``%2B``, ``%20``, UTF-8 escapes,
empty values, a long JSON ``state`` and an error callback. Every value is an obvious sample:
nothing here is a real code or token, so the checker can print queries whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final
from urllib.parse import quote

from ..findings import FindingSpec, Severity

__all__ = ["FORWARDER_CATALOG", "FORWARDER_SPECS", "PROBES", "Probe"]


@dataclass(frozen=True)
class Probe:
    """One callback the checker sends to a forwarder.

    Attributes:
        name: A short stable name, shown in the result table.
        query: The raw query string, without ``?``, sent byte for byte.
        about: What the probe catches.
    """

    name: str
    query: str
    about: str


def _state(**extra: str) -> str:
    fields = {
        "recall_calendar_auth_token": "SAMPLE-calendar-auth-token",
        "ms_oauth_redirect_url": "https://app.example.com/api/ms_oauth_callback",
        **extra,
    }
    return quote(json.dumps(fields, separators=(",", ":")), safe="")


_SESSION: Final = "session_state=00000000-0000-0000-0000-000000000000"
_LONG_STATE: Final = _state(
    recall_calendar_auth_token="SAMPLE-" + "x" * 900,
    success_url="https://app.example.com/calendar/connected?tab=outlook&from=recall",
    error_url="https://app.example.com/calendar/failed?tab=outlook&reason=",
)
_ERROR_DESCRIPTION: Final = quote(
    "AADSTS65004: User declined to consent to access the app.\r\n"
    "Trace ID: 00000000-0000-0000-0000-000000000000\r\n"
    "Correlation ID: 00000000-0000-0000-0000-000000000000\r\n"
    "Timestamp: 2024-01-01 00:00:00Z",
    safe="",
).replace("%20", "+")

PROBES: Final[tuple[Probe, ...]] = (
    Probe(
        "success",
        f"code=SAMPLE-authorization-code&state={_state()}&{_SESSION}",
        "An ordinary success callback: code, JSON state, session_state.",
    ),
    Probe(
        "key-order",
        f"{_SESSION}&state={_state()}&code=SAMPLE-authorization-code",
        "The same parameters in another order: the order must survive.",
    ),
    Probe(
        "repeated-keys",
        "code=SAMPLE-first&code=SAMPLE-second&state=one&state=two",
        "Repeated keys: a forwarder that builds a dict keeps only one.",
    ),
    Probe(
        "plus-and-2b",
        "code=SAMPLE+with+plus%2Band%2B2B&state=a+b%2Bc",
        "'+' means a space, '%2B' a plus: re-encoding swaps or merges them.",
    ),
    Probe(
        "percent-20",
        "code=SAMPLE%20code&state=with%20space+and+plus",
        "'%20' against '+': form encoders turn one into the other.",
    ),
    Probe(
        "unicode",
        "code=SAMPLE-unicode&state=%E2%9C%93%20caf%C3%A9%20%F0%9F%93%85%20%E6%97%A5",
        "UTF-8 escapes: decoding and encoding again can change them.",
    ),
    Probe(
        "lowercase-escapes",
        "code=SAMPLE%2bcode&state=%7b%22a%22%3a%22%c3%a9%22%7d",
        "Lowercase escapes: normalising them to uppercase changes bytes.",
    ),
    Probe(
        "empty-values",
        f"code=&state=&{_SESSION.partition('=')[0]}&flag=",
        "Empty values and a key without '=': parsers drop them.",
    ),
    Probe(
        "reserved-characters",
        "code=SAMPLE-~._!$'()*,;:@/?&state=a%26b%3Dc%23d%3Fe%2F",
        "Characters a query may carry raw, and escaped '&', '=', '#', '?', '/'.",
    ),
    Probe(
        "long-json-state",
        f"code=SAMPLE-authorization-code&state={_LONG_STATE}&{_SESSION}",
        "A long JSON state with success and error URLs that carry their own queries.",
    ),
    Probe(
        "error-callback",
        f"error=access_denied&error_description={_ERROR_DESCRIPTION}&state={_state()}",
        "An error callback (AADSTS65004): Recall must see it to send the user to error_url.",
    ),
)
"""The probes, in the order the checker sends them."""

_FIX: Final = "Forward the raw query string, as the recipes in recipes/ do"

FORWARDER_SPECS: Final[tuple[FindingSpec, ...]] = (
    FindingSpec(
        "forwarder-not-redirect",
        Severity.ERROR,
        "The forwarder did not answer with a redirect (3xx).",
        "Answer every GET to the redirect URI with 302 and a Location header.",
    ),
    FindingSpec(
        "forwarder-wrong-target",
        Severity.ERROR,
        "The redirect does not go to Recall's Microsoft callback in the region.",
        "Redirect to https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/ exactly, "
        "in the region of your Recall API key.",
    ),
    FindingSpec(
        "forwarder-query-changed",
        Severity.ERROR,
        "The forwarded query string differs from the one received.",
        f"{_FIX}: never parse and rebuild it (Recall's guide: forward all parameters as is).",
    ),
    FindingSpec(
        "forwarder-cache-control",
        Severity.ERROR,
        "The redirect lacks 'Cache-Control: no-store'.",
        "Send 'Cache-Control: no-store': the URL holds a one-time authorization code.",
    ),
    FindingSpec(
        "forwarder-cacheable",
        Severity.ERROR,
        "The redirect may be cached (a permanent 301/308, or a cacheable Cache-Control).",
        "Answer with 302 and 'Cache-Control: no-store', never 301/308, public or max-age.",
    ),
    FindingSpec(
        "forwarder-referrer",
        Severity.ERROR,
        "The response does not stop the full URL, code included, leaking as a referrer.",
        "Send 'Referrer-Policy: no-referrer'.",
    ),
)
"""Finding codes of the forwarder checker, one per check, in table order."""

FORWARDER_CATALOG: Final[Mapping[str, FindingSpec]] = MappingProxyType(
    {spec.code: spec for spec in FORWARDER_SPECS}
)
"""The forwarder finding codes by code."""
