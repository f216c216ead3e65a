"""Forward Microsoft's callback to Recall: the raw query, byte for byte, as a WSGI or ASGI app.

In production the redirect URI is on your own domain, and its handler must forward every
parameter as is to Recall's regional callback
(https://docs.recall.ai/docs/calendar-v1-microsoft-outlook). The query is never parsed and
rebuilt: parsing loses repeated keys, turns ``+`` into ``%20`` or ``%2B`` into ``+``, drops empty
values and re-cases escapes, and Recall then rejects the ``state`` or the ``code``.

The one deliberate transformation: the target goes into a ``Location`` header, so bytes that may
not appear raw there are percent-encoded (``%XX``, upper case), each from the byte received
(on werkzeug's development server, which encodes bytes 0x80-0xFF as UTF-8 once more before the
app sees them, that extra encoding is undone first).
Those are exactly the controls ``0x00``-``0x1F`` and ``0x7F`` (CR, LF and NUL among them), the
space ``0x20`` and the non-ASCII bytes ``0x80``-``0xFF``. Every other byte is kept, including
``%``, ``+``, ``#``, ``?`` and malformed escapes. A well-formed query, which is what Microsoft
sends, holds none of those bytes and passes unchanged.

The destination depends on nothing but the configured region and the query: not on the Host
header, the request path or an absolute request target, so the forwarder cannot become an open
redirect. Logs carry the method, the status and the query's length, never a code or a state.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Protocol, TypeAlias

from ..errors import RecallOutlookError
from ..regions import DEFAULT_REGION, Region, get_region

__all__ = [
    "DEFAULT_FORWARDER_PATH",
    "MAX_QUERY_LENGTH",
    "ASGIApplication",
    "ASGIReceive",
    "ASGIScope",
    "ASGISend",
    "ForwardError",
    "StartResponse",
    "WSGIApplication",
    "WSGIEnvironment",
    "forward_url",
    "make_asgi_app",
    "make_wsgi_app",
]

MAX_QUERY_LENGTH: Final = 16384
"""The longest query, in bytes, a forwarder accepts; a longer one is answered with 414.

A callback carries ``code`` (one to a few KB: Microsoft has grown codes before, and callback
URLs of 5-6 KB were reported after Azure AD B2C's 2023 increase), ``state`` (the JSON state, a
token and two or three URLs, a few hundred bytes to 2 KB) and ``session_state``, or an error
with an ``error_description`` of a few hundred bytes. Microsoft's own hosting is far stricter:
IIS and Azure App Service reject queries over 2,048 bytes by default (``maxQueryString``).
16 KiB leaves room for all of that and still refuses what cannot be a callback.
"""

DEFAULT_FORWARDER_PATH: Final = "/api/ms_oauth_callback"
"""The redirect URI path the recipes and ``serve-forwarder`` use by default."""

_log = logging.getLogger("recall_outlook.forwarder.forward")

# The bytes a Location header may not carry raw: controls, space, DEL, non-ASCII; also as a
# deletion table, which tells fastest that a query holds none of them.
_UNSAFE: Final = re.compile(rb"[\x00-\x20\x7f-\xff]")
_UNSAFE_BYTES: Final = bytes(range(0x21)) + bytes(range(0x7F, 0x100))
_TOKEN: Final = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}")
_REASONS: Final = {302: "Found", 404: "Not Found", 405: "Method Not Allowed", 414: "URI Too Long"}
_ALLOWED: Final = ("GET", "HEAD")

WSGIEnvironment: TypeAlias = dict[str, Any]
"""A WSGI environ (PEP 3333)."""

ASGIScope: TypeAlias = MutableMapping[str, Any]
"""An ASGI connection scope."""

ASGIReceive: TypeAlias = Callable[[], Awaitable[MutableMapping[str, Any]]]
"""The ASGI ``receive`` callable."""

ASGISend: TypeAlias = Callable[[MutableMapping[str, Any]], Awaitable[None]]
"""The ASGI ``send`` callable."""

_ExcInfo: TypeAlias = (
    tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]
)


class StartResponse(Protocol):
    """The WSGI ``start_response`` callable (PEP 3333)."""

    def __call__(
        self,
        status: str,
        headers: list[tuple[str, str]],
        exc_info: _ExcInfo | None = ...,
        /,
    ) -> Callable[[bytes], object]:
        """Start the response."""


WSGIApplication: TypeAlias = Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]
"""A WSGI application (``wsgiref.types`` exists from Python 3.11 only)."""

ASGIApplication: TypeAlias = Callable[[ASGIScope, ASGIReceive, ASGISend], Awaitable[None]]
"""An ASGI 3 application."""


class ForwardError(RecallOutlookError):
    """A callback cannot be forwarded, or a forwarder cannot be built as asked.

    Attributes:
        field: What is at fault: ``query`` (too long; forwarders answer 414), ``path``,
            ``max_query_length``, or ``scope`` (an ASGI scope type other than HTTP or lifespan).
        reason: What is wrong with it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


def _text_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates outside U+DC80..U+DCFF
        return text.encode("utf-8", "surrogatepass")


def _header_safe(raw: bytes) -> bytes:
    if len(raw.translate(None, _UNSAFE_BYTES)) == len(raw):  # what Microsoft sends
        return raw
    return _UNSAFE.sub(lambda match: b"%%%02X" % match[0][0], raw)


def _forward(raw: bytes, target: bytes, limit: int) -> bytes:
    if len(raw) > limit:
        raise ForwardError("query", f"{len(raw)} bytes is longer than the limit of {limit}")
    return target + b"?" + _header_safe(raw) if raw else target


def forward_url(
    raw_query: str | bytes,
    region: str | Region = DEFAULT_REGION,
    *,
    max_query_length: int = MAX_QUERY_LENGTH,
) -> str:
    """Return where a forwarder redirects a callback: Recall's callback with the query as is.

    Args:
        raw_query: The query exactly as received, the part after ``?`` (a leading ``?`` is
            data and is kept). ``bytes`` are the raw bytes from the wire (ASGI's
            ``query_string``; for WSGI, ``environ["QUERY_STRING"].encode("latin-1")``). A
            ``str`` is URL text and non-ASCII characters are taken as UTF-8, as browsers send
            them.
        region: The Recall region (a name or a [`Region`][recall_outlook.regions.Region]).
        max_query_length: The longest query accepted, in bytes.

    Returns:
        ``https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/?<query>``; without the
        ``?`` when the query is empty. Only bytes a header may not carry raw are
        percent-encoded (see the module's documentation); any other byte is kept.

    Raises:
        ForwardError: The query is longer than ``max_query_length`` bytes.
        RegionError: ``region`` is not a Recall region.
    """
    raw = _text_bytes(raw_query) if isinstance(raw_query, str) else bytes(raw_query)
    target = get_region(region).ms_callback_url.encode("ascii")
    return _forward(raw, target, max_query_length).decode("ascii")


@dataclass(frozen=True)
class _Reply:
    """One answer, prepared once per app in both the WSGI and the ASGI form."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]
    status_line: str
    asgi_headers: tuple[tuple[bytes, bytes], ...]


def _reply(status: int, body: bytes, *extra: tuple[str, str]) -> _Reply:
    headers = (
        *extra,
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Length", str(len(body))),
    )
    asgi = tuple((name.lower().encode("ascii"), value.encode("ascii")) for name, value in headers)
    return _Reply(status, body, headers, f"{status} {_REASONS[status]}", asgi)


class _Forwarder:
    """What WSGI and ASGI forwarders share: the decision, from method, path and raw query.

    Every reply is prepared when the app is made; a request only picks one, and a redirect adds
    its ``Location`` in front of the prepared headers.
    """

    def __init__(self, *, region: str | Region, path: str | None, max_query_length: int) -> None:
        if path is not None and not path.startswith("/"):
            raise ForwardError("path", f"{path!r} must start with '/'")
        if isinstance(max_query_length, bool) or max_query_length < 1:
            raise ForwardError("max_query_length", "must be a positive number of bytes")
        self.target = get_region(region).ms_callback_url
        self.path = path
        self.limit = max_query_length
        self._target = self.target.encode("ascii")
        self._found = _reply(302, b"Redirecting to Recall.ai.\n")
        self._not_found = _reply(404, b"Not found.\n")
        self._not_allowed = _reply(405, b"Method not allowed.\n", ("Allow", ", ".join(_ALLOWED)))
        self._too_long = _reply(414, b"Query string too long.\n")

    def __repr__(self) -> str:
        where = "any path" if self.path is None else repr(self.path)
        return f"{type(self).__name__}(target={self.target!r}, path={where}, limit={self.limit})"

    def decide(self, method: str, path_matches: bool, raw: bytes) -> tuple[_Reply, bytes | None]:
        """Return the prepared reply, and the ``Location`` when it is the redirect."""
        location = None
        if not path_matches:
            reply = self._not_found
        elif method not in _ALLOWED:
            reply = self._not_allowed
        else:
            try:
                location = _forward(raw, self._target, self.limit)
            except ForwardError:
                reply = self._too_long
            else:
                reply = self._found
        if _log.isEnabledFor(logging.INFO):  # serve-forwarder's log line; no cost when off
            shown = method if _TOKEN.fullmatch(method) else "<invalid method>"
            _log.info("forwarder: %s -> %d, query of %d bytes", shown, reply.status, len(raw))
        return reply, location


def _wsgi_bytes(value: object) -> bytes:
    text = value if isinstance(value, str) else ""
    try:
        return text.encode("latin-1")  # PEP 3333: each character is one byte received
    except UnicodeEncodeError:  # a server that broke the rule: read it as text
        return _text_bytes(text)


def _wsgi_query(environ: WSGIEnvironment) -> bytes:
    """The query's bytes as received, undoing werkzeug's server's extra UTF-8 encoding.

    werkzeug's development server (``flask run``, ``werkzeug.serving``) encodes the request
    target as UTF-8 before the latin-1 of PEP 3333, so a byte 0x80-0xFF received reaches the
    app as two characters. It marks its requests with ``werkzeug.socket``; there the extra
    encoding is undone. Other servers pass the bytes as received.
    """
    raw = _wsgi_bytes(environ.get("QUERY_STRING", ""))
    if "werkzeug.socket" in environ and not raw.isascii():
        try:
            return raw.decode("utf-8").encode("latin-1")
        except UnicodeError:  # not werkzeug's encoding after all: keep what was given
            return raw
    return raw


class _WSGIForwarder(_Forwarder):
    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", ""))
        full_path = _wsgi_bytes(environ.get("SCRIPT_NAME", "")) + _wsgi_bytes(
            environ.get("PATH_INFO", "")
        )
        matches = self.path is None or full_path == _text_bytes(self.path)
        reply, location = self.decide(method, matches, _wsgi_query(environ))
        headers = list(reply.headers)
        if location is not None:
            headers.insert(0, ("Location", location.decode("ascii")))
        start_response(reply.status_line, headers)
        return [] if method == "HEAD" else [reply.body]


class _ASGIForwarder(_Forwarder):
    async def __call__(self, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
        if scope["type"] != "http":
            await _lifespan(scope, receive, send)
            return
        method = str(scope.get("method", ""))
        matches = self.path is None or scope.get("path") == self.path
        query = scope.get("query_string", b"")
        raw = bytes(query) if isinstance(query, (bytes, bytearray)) else _wsgi_bytes(query)
        reply, location = self.decide(method, matches, raw)
        headers = reply.asgi_headers
        if location is not None:
            headers = ((b"location", location), *headers)
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        body = b"" if method == "HEAD" else reply.body
        await send({"type": "http.response.body", "body": body, "more_body": False})


async def _lifespan(scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
    if scope["type"] != "lifespan":  # the spec asks apps to refuse scopes they do not know
        raise ForwardError("scope", f"unsupported ASGI scope type {scope['type']!r}")
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def make_wsgi_app(
    *,
    region: str | Region = DEFAULT_REGION,
    path: str | None = None,
    max_query_length: int = MAX_QUERY_LENGTH,
) -> WSGIApplication:
    """Return a WSGI application that forwards callbacks to Recall (no framework needed).

    ``GET`` and ``HEAD`` are answered ``302 Found`` with ``Location:`` [`forward_url`][] of
    the raw ``QUERY_STRING``, ``Cache-Control: no-store`` (the URL holds a one-time code),
    ``Referrer-Policy: no-referrer`` and a short body (none for ``HEAD``). Other methods get
    ``405`` with ``Allow: GET, HEAD``; a query longer than ``max_query_length`` gets ``414``.

    Args:
        region: The Recall region of your API key.
        path: ``None`` (the default) answers on any path: mount the app at your redirect URI
            (``/api/ms_oauth_callback`` behind your framework's router, for instance). A path
            such as ``/api/ms_oauth_callback`` answers there only, the full path
            (``SCRIPT_NAME`` + ``PATH_INFO``) compared exactly, and ``404`` elsewhere.
        max_query_length: The longest query accepted, in bytes.

    Returns:
        The application. Each request is logged to ``recall_outlook.forwarder.forward`` with
        its method, status and query length only.

    Raises:
        ForwardError: ``path`` does not start with ``/``, or ``max_query_length`` is not
            positive.
        RegionError: ``region`` is not a Recall region.
    """
    return _WSGIForwarder(region=region, path=path, max_query_length=max_query_length)


def make_asgi_app(
    *,
    region: str | Region = DEFAULT_REGION,
    path: str | None = None,
    max_query_length: int = MAX_QUERY_LENGTH,
) -> ASGIApplication:
    """Return an ASGI 3 application that forwards callbacks to Recall (no framework needed).

    It answers exactly as [`make_wsgi_app`][] does, forwarding the ``query_string`` bytes
    of the scope, and completes the ``lifespan`` protocol so servers can start and stop it.

    Args:
        region: The Recall region of your API key.
        path: ``None`` (the default) answers on any path: mount the app at your redirect URI.
            A path answers there only, compared exactly with the scope's ``path`` (which
            includes any ``root_path``), and ``404`` elsewhere.
        max_query_length: The longest query accepted, in bytes.

    Returns:
        The application. Each request is logged to ``recall_outlook.forwarder.forward`` with
        its method, status and query length only.

    Raises:
        ForwardError: ``path`` does not start with ``/``, or ``max_query_length`` is not
            positive.
        RegionError: ``region`` is not a Recall region.
    """
    return _ASGIForwarder(region=region, path=path, max_query_length=max_query_length)
