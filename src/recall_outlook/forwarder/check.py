"""Check a deployed forwarder the way Recall will use it.

[`check_forwarder`][] sends every probe of [`PROBES`][recall_outlook.forwarder.probes.PROBES] to
the forwarder's URL, never following the redirect, and [`check_response`][] judges each answer:
a 3xx, a ``Location`` on the region's Microsoft callback, the query string identical byte for
byte, ``Cache-Control: no-store``, nothing cacheable and a ``Referrer-Policy`` that keeps the code
out of referrers. Everything is standard library: the default HTTP call
([`http_fetch`][recall_outlook.forwarder.fetch.http_fetch]) reads each answer's head only, within a
total deadline per probe. When a byte changed, [`byte_diff`][] shows where, control bytes
escaped ([`visible`][]).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final
from urllib.parse import unquote_to_bytes, urlsplit
from wsgiref.util import setup_testing_defaults

from ..regions import DEFAULT_REGION, Region, get_region
from .fetch import (
    Fetch,
    ForwarderCheckError,
    Reply,
    check_timeout,
    http_fetch,
    shown_url,
)
from .forward import WSGIApplication
from .probes import PROBES, Probe
from .report import Check, ForwarderReport, ProbeResult

__all__ = [
    "Fetch",
    "ForwarderCheckError",
    "Reply",
    "byte_diff",
    "check_forwarder",
    "check_response",
    "visible",
    "wsgi_fetch",
]

_SAFE_REFERRER: Final = frozenset(
    {"no-referrer", "same-origin", "origin", "strict-origin", "strict-origin-when-cross-origin"}
)
_PERMANENT: Final = frozenset({301, 308})
_MAX_AGE: Final = re.compile(r"(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)
_CONTEXT: Final = 24
_UNPRINTABLE: Final = re.compile(r"[^\x20-\x5b\x5d-\x7e]")


def wsgi_fetch(app: WSGIApplication) -> Fetch:
    """Return a [`Fetch`][] that calls the WSGI ``app`` in process, without a network.

    Check a forwarder before it is deployed: ``check_forwarder(url, fetch=wsgi_fetch(app))``.
    The request carries the URL's query as the raw ``QUERY_STRING`` (PEP 3333: its bytes as
    latin-1 text), as a WSGI server would pass it.
    """

    def fetch(url: str) -> Reply:
        parts = urlsplit(url)
        environ: dict[str, object] = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD="GET",
            PATH_INFO=unquote_to_bytes(parts.path or "/").decode("latin-1"),
            QUERY_STRING=parts.query.encode("utf-8").decode("latin-1"),
            HTTP_HOST=parts.netloc or "localhost",
            SERVER_NAME=parts.hostname or "localhost",
        )
        environ["wsgi.url_scheme"] = parts.scheme or "http"
        answer: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: object) -> object:
            answer.append((status, headers))
            return lambda _data: None

        body = app(environ, start_response)  # type: ignore[arg-type]
        try:
            for _chunk in body:
                pass
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        status, headers = answer[-1]
        return Reply(int(status.split()[0]), tuple(headers), sent_query=parts.query)

    return fetch


def visible(text: str) -> str:
    r"""Return ``text`` safe to print: every byte outside printable ASCII as ``\xNN``.

    Control bytes (C0, DEL, C1: terminal escapes among them) and non-ASCII bytes received in a
    header are shown escaped, never raw; a backslash is doubled so the form cannot be forged.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    char = found[0]
    if char == "\\":
        return "\\\\"
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def byte_diff(expected: str, got: str) -> str | None:
    """Show where ``got`` first differs from ``expected``, or return ``None`` when equal.

    Args:
        expected: The query sent (ASCII, so characters are bytes).
        got: The query forwarded.

    Returns:
        Three lines: the offset and the differing text, then both strings around the offset
        with a caret under the first differing byte. Bytes outside printable ASCII are shown
        escaped (see [`visible`][]), the caret still under the first difference.
    """
    if expected == got:
        return None
    offset = next(
        (i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
        min(len(expected), len(got)),
    )
    start = max(0, offset - _CONTEXT)
    lead = "…" if start else ""

    def window(text: str) -> str:
        if not text:
            return "(empty)"
        tail = "…" if len(text) > offset + _CONTEXT else ""
        return lead + visible(text[start : offset + _CONTEXT]) + tail

    sent = visible(expected[offset : offset + 6]) or "(end)"
    seen = visible(got[offset : offset + 6]) or "(end)"
    column = len(lead) + len(visible(expected[start:offset]))  # the same text in both
    return (
        f"first difference at byte {offset} (sent {len(expected)} bytes, got {len(got)}): "
        f"expected '{sent}', got '{seen}'\n"
        f"  expected: {window(expected)}\n"
        f"  got:      {window(got)}\n"
        f"            {' ' * column}^"
    )


def _header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in headers if key.lower() == name]
    return ", ".join(values) if values else None


def _target(location: str | None, region: Region) -> tuple[Check, str | None]:
    if location is None:
        return Check("target", False, "no Location header"), None
    base, mark, rest = location.partition("?")
    query, _, fragment = rest.partition("#")
    if "#" in base or fragment:
        return Check(
            "target", False, f"the Location has a fragment: '{visible(location[:120])}'"
        ), query
    if base != region.ms_callback_url:
        detail = f"Location goes to '{visible(base[:120])}', not {region.ms_callback_url!r}"
        return Check("target", False, detail), query if mark else ""
    return Check("target", True, base), query if mark else ""


def _caching(status: int, cache_control: str | None) -> tuple[Check, Check]:
    directives = {part.strip().lower() for part in (cache_control or "").split(",")}
    no_store = Check(
        "no-store",
        "no-store" in directives,
        f"Cache-Control: {cache_control}" if cache_control else "no Cache-Control header",
    )
    problems = []
    if status in _PERMANENT:
        problems.append(f"{status} is a permanent redirect, which browsers cache")
    if "public" in directives:
        problems.append("Cache-Control says public")
    if any(int(age) > 0 for age in _MAX_AGE.findall(cache_control or "")):
        problems.append("Cache-Control allows a max-age")
    return no_store, Check("not-cached", not problems, "; ".join(problems) or "not cacheable")


def check_response(
    probe: Probe, reply: Reply, *, region: str | Region = DEFAULT_REGION
) -> ProbeResult:
    """Judge a forwarder's answer to one probe.

    Args:
        probe: The probe that was sent.
        reply: What the forwarder answered.
        region: The Recall region the forwarder must redirect to.

    Returns:
        The result, with every check and, when the query changed, the byte difference.
    """
    where = get_region(region)
    location = _header(reply.headers, "location")
    status = Check("status", 300 <= reply.status < 400, f"HTTP {reply.status}")
    target, forwarded = _target(location, where)
    sent = reply.sent_query if reply.sent_query is not None else probe.query
    difference = None if forwarded is None else byte_diff(sent, forwarded)
    if forwarded is None:
        query = Check("query", False, "nothing forwarded: no Location header")
    elif difference:
        query = Check("query", False, difference.splitlines()[0])
    else:
        query = Check("query", True, f"identical ({len(sent)} bytes)")
    no_store, not_cached = _caching(reply.status, _header(reply.headers, "cache-control"))
    policy = _header(reply.headers, "referrer-policy")
    tokens = [token.strip().lower() for token in (policy or "").split(",") if token.strip()]
    safe = bool(tokens) and tokens[-1] in _SAFE_REFERRER  # browsers use the last one they know
    referrer = Check(
        "referrer",
        safe,
        f"Referrer-Policy: {policy}" if policy else "no Referrer-Policy header",
    )
    checks = (status, target, query, no_store, not_cached, referrer)
    return ProbeResult(probe, reply.status, location, checks, difference)


def _parse_url(url: str) -> str:
    text = url.strip()
    shown = shown_url(text)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise ForwarderCheckError(f"cannot read the forwarder URL {shown!r}: {error}") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ForwarderCheckError(f"the forwarder URL must start with https:// (got {shown!r})")
    if parts.query or parts.fragment or "?" in text:
        raise ForwarderCheckError(
            "give the forwarder URL without a query or fragment: the checker adds its own"
        )
    return text


def check_forwarder(
    url: str,
    *,
    region: str | Region = DEFAULT_REGION,
    probes: Sequence[Probe] = PROBES,
    fetch: Fetch | None = None,
    timeout: float = 10.0,
) -> ForwarderReport:
    """Send every probe to the forwarder at ``url`` and judge the answers.

    Args:
        url: The forwarder's URL (the production redirect URI), without a query.
        region: The Recall region it must redirect to.
        probes: The callbacks to send (default: all of [`PROBES`][]).
        fetch: Sends one GET without following redirects; default: [`http_fetch`][], which
            reads each answer's status line and headers only, never a body.
        timeout: Seconds allowed for each probe as a whole (connecting, sending, reading the
            head) with the default ``fetch``; the whole check ends within about
            ``len(probes) * timeout`` whatever the server does.

    Returns:
        The report; [`ForwarderReport.passed`][] says whether every check passed.

    Raises:
        ForwarderCheckError: The URL is not an absolute http(s) URL without a query, the
            timeout is not a positive finite number, or the forwarder does not answer in time.
    """
    base = _parse_url(url)
    check_timeout(timeout)
    where = get_region(region)
    send = fetch or http_fetch(timeout)
    results = tuple(
        check_response(probe, send(f"{base}?{probe.query}"), region=where) for probe in probes
    )
    return ForwarderReport(shown_url(base), where, results)
