"""The fuzz targets: one function per public entry point, each holding its contract.

Each target takes the raw bytes libFuzzer (or a regression test) hands it, turns them into the
input the function under test receives in real use, calls it, and checks the documented
contract. Anything else raised is a crash:

- ``parse``: :func:`~recall_outlook.authorize.parse.parse_authorize_url` never raises, and the
  request's
  ``repr`` and ``as_dict`` work;
- ``lint``: :func:`~recall_outlook.authorize.lint.lint_authorize_url` never raises and returns
  findings;
- ``explain``: :func:`~recall_outlook.troubleshoot.explain.explain` never raises; ``as_text`` and
  ``as_dict``
  work;
- ``forward``: :func:`~recall_outlook.forwarder.forward.forward_url` raises only ``ForwardError``
  and only
  for a query longer than the limit; its answer is the Recall callback followed by header-safe
  ASCII; the WSGI and ASGI apps answer 302, 404, 405 or 414 with header-safe values;
- ``manifest``: :func:`~recall_outlook.register.manifest.check_manifest` raises only
  ``ManifestError``
  and otherwise returns findings.

Text is decoded the way it reaches the function in real use: UTF-8 with ``surrogateescape`` (a
command-line argument of invalid UTF-8 arrives that way) when the first byte is even, and
Python's ``utf-16`` with ``surrogatepass`` (lone surrogates included) when it is odd.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Iterable, Mapping, MutableMapping
from datetime import datetime, timezone
from typing import Any, Final

from recall_outlook.authorize.lint import lint_authorize_url
from recall_outlook.authorize.parse import AuthorizeRequest, parse_authorize_url
from recall_outlook.findings import Finding
from recall_outlook.forwarder.forward import (
    MAX_QUERY_LENGTH,
    ASGIApplication,
    ForwardError,
    forward_url,
    make_asgi_app,
    make_wsgi_app,
)
from recall_outlook.regions import REGIONS
from recall_outlook.register.manifest import ManifestError, check_manifest
from recall_outlook.troubleshoot.explain import explain

__all__ = ["TARGETS", "ContractError", "decode_text"]

_NOW: Final = datetime(2026, 1, 15, 12, tzinfo=timezone.utc)
_REGION_NAMES: Final = tuple(sorted(REGIONS))
_HEADER_SAFE: Final = re.compile(r"[\x21-\x7e]*")
_METHODS: Final = ("GET", "HEAD", "POST", "PUT", "OPTIONS", "CONNECT", "TRACE", "G\r\nET", "")
_PATHS: Final = ("/api/ms_oauth_callback", "/", "/api/ms_oauth_callback/", "http://evil.test/")
_STATUSES: Final = frozenset({302, 404, 405, 414})


class ContractError(AssertionError):
    """A target's function broke its documented contract (libFuzzer reports it as a crash)."""


def _check(ok: object, what: object) -> None:
    if not ok:
        raise ContractError(what)


def decode_text(data: bytes) -> str:
    """Turn fuzz bytes into text as a user, a shell or a file would deliver it."""
    if not data:
        return ""
    if data[0] % 2 == 0:
        return data[1:].decode("utf-8", "surrogateescape")
    body = data[1:] if len(data) % 2 else data[1:-1]
    return body.decode("utf-16-le", "surrogatepass")


def fuzz_parse(data: bytes) -> None:
    """``parse_authorize_url`` never raises; its repr and dict form are always available."""
    request = parse_authorize_url(decode_text(data))
    _check(isinstance(request, AuthorizeRequest), "isinstance(request, AuthorizeRequest)")
    repr(request)
    request.as_dict()
    for name in ("client_id", "redirect_uri", "scopes", "prompt", "state", "state_error"):
        getattr(request, name)


def fuzz_lint(data: bytes) -> None:
    """``lint_authorize_url`` never raises and returns findings."""
    text = decode_text(data)
    findings = lint_authorize_url(text, now=_NOW)
    _check(
        all(isinstance(finding, Finding) for finding in findings),
        "all(isinstance(finding, Finding) for finding in findings)",
    )
    for finding in findings:
        finding.as_dict()


def fuzz_explain(data: bytes) -> None:
    """``explain`` never raises; its text and dict views always render."""
    result = explain(decode_text(data))
    result.as_text()
    result.as_dict()


def _check_location(location: str, region: str) -> None:
    callback = REGIONS[region].ms_callback_url
    _check(location == callback or location.startswith(callback + "?"), location[:200])
    _check(_HEADER_SAFE.fullmatch(location), location[:200])


def _wsgi(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> tuple[int, list[Any]]:
    seen: list[Any] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], *_: object
    ) -> Callable[[bytes], object]:
        seen.append((status, headers))
        return lambda _body: None

    b"".join(app(environ, start_response))
    status, headers = seen[0]
    return int(status.split()[0]), headers


def _asgi(app: ASGIApplication, scope: MutableMapping[str, Any]) -> tuple[int, list[Any]]:
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    coroutine = app(scope, receive, send)
    assert isinstance(coroutine, Coroutine)  # noqa: S101 - ASGI apps are coroutine functions
    try:  # nothing awaits for real: one step runs the whole app
        coroutine.send(None)
    except StopIteration:
        pass
    else:  # nothing it awaits can suspend: a suspension is a bug in the harness or the app
        coroutine.close()
        raise ContractError("the ASGI app suspended on an immediate receive/send")
    start = sent[0]
    headers = [
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in start["headers"]
    ]
    return int(start["status"]), headers


def fuzz_forward(data: bytes) -> None:
    """``forward_url`` raises only ForwardError (too long); the apps answer safely."""
    if len(data) < 3:
        return
    region = _REGION_NAMES[data[0] % len(_REGION_NAMES)]
    limit = 1 + data[1] * 8 if data[1] < 128 else MAX_QUERY_LENGTH
    selector, raw = data[2], data[3:]
    raw_query: str | bytes = raw if selector % 2 == 0 else decode_text(raw)
    size = len(raw) if isinstance(raw_query, bytes) else None
    try:
        location = forward_url(raw_query, region, max_query_length=limit)
    except ForwardError as error:
        _check(error.field == "query", error)
        _check(size is None or size > limit, "size is None or size > limit")
        return
    _check(size is None or size <= limit, "size is None or size <= limit")
    _check_location(location, region)
    method = _METHODS[selector % len(_METHODS)]
    path = _PATHS[(selector // 16) % len(_PATHS)]
    route = "/api/ms_oauth_callback" if selector & 0x40 else None
    text = raw.decode("latin-1")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": text}
    wsgi = make_wsgi_app(region=region, path=route, max_query_length=limit)
    asgi = make_asgi_app(region=region, path=route, max_query_length=limit)
    scope = {"type": "http", "method": method, "path": path, "query_string": raw}
    for status, headers in (_wsgi(wsgi, environ), _asgi(asgi, scope)):
        _check(status in _STATUSES, status)
        for name, value in headers:
            _check(_HEADER_SAFE.fullmatch(name.replace(" ", "")), name)
            _check(_HEADER_SAFE.fullmatch(value.replace(" ", "")), value[:200])
            if name.lower() == "location":
                _check_location(value, region)


def _json_or_text(data: bytes) -> str | bytes | Mapping[str, Any]:
    text = decode_text(data)
    if data[:1] == b"\x02":  # already loaded, as a caller passing a dict would
        try:
            loaded = json.loads(text)
        except (ValueError, RecursionError):
            return text
        return loaded if isinstance(loaded, dict) else text
    return data[1:] if data[:1] == b"\x04" else text


def fuzz_manifest(data: bytes) -> None:
    """``check_manifest`` raises only ManifestError, for text, bytes and loaded JSON."""
    value = _json_or_text(data)
    try:
        findings = check_manifest(value, now=_NOW)
    except ManifestError:
        return
    _check(
        all(isinstance(finding, Finding) for finding in findings),
        "all(isinstance(finding, Finding) for finding in findings)",
    )


TARGETS: Final[dict[str, Callable[[bytes], None]]] = {
    "parse": fuzz_parse,
    "lint": fuzz_lint,
    "explain": fuzz_explain,
    "forward": fuzz_forward,
    "manifest": fuzz_manifest,
}
"""Every fuzz target by name."""
