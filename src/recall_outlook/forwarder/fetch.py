"""One bounded GET for ``check-forwarder``: the answer's head only, within a total deadline.

A forwarder's answer is judged by its status line and headers alone, so [`http_fetch`][]
never reads a body: it reads at most [`MAX_HEAD_BYTES`][] of status line and headers, then
closes the connection. Each request has one deadline for everything (connecting, the TLS
handshake, every read): a watchdog shuts the socket down when it passes, so a server that
answers with an endless body, or drips one byte every few seconds, cannot keep the check
running or make it grow. Standard library only (``socket``, ``ssl``); proxies from the
environment are not used, as the forwarder is checked directly.
"""

from __future__ import annotations

import base64
import contextlib
import math
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote, urlsplit

from ..errors import RecallOutlookError

__all__ = [
    "MAX_HEAD_BYTES",
    "Fetch",
    "ForwarderCheckError",
    "Reply",
    "check_timeout",
    "http_fetch",
    "shown_url",
]

MAX_HEAD_BYTES: Final = 64 * 1024
"""The most bytes of status line and headers read from one answer; a longer head is an error."""

_MAX_HEADERS: Final = 200
_STATUS: Final = re.compile(rb"HTTP/1\.[01] ([1-5]\d\d)(?: [^\r\n]*)?")
_PATH_SAFE: Final = "/%!$&'()*+,;=:@~"


class ForwarderCheckError(RecallOutlookError):
    """The forwarder cannot be checked: a bad URL or timeout, or no answer at all."""


@dataclass(frozen=True)
class Reply:
    """What the forwarder answered to one probe.

    Attributes:
        status: The HTTP status code.
        headers: The response headers as (name, value) pairs, in any case. Values read from
            the network are the bytes received as latin-1 text, one character per byte.
        sent_query: The query the client actually sent, when it knows it.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    sent_query: str | None = None


Fetch = Callable[[str], Reply]
"""Sends one GET without following redirects and returns the [`Reply`][]."""


def check_timeout(timeout: float) -> float:
    """Return ``timeout`` if it is a finite number of seconds above zero.

    Raises:
        ForwarderCheckError: It is zero, negative, not a number or infinite.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ForwarderCheckError(f"the timeout must be a number of seconds, not {timeout!r}")
    if not math.isfinite(timeout) or timeout <= 0:
        raise ForwarderCheckError(
            f"the timeout must be a positive number of seconds, not {timeout}"
        )
    return float(timeout)


def shown_url(url: str) -> str:
    """Return ``url`` as it may be shown: a password in it (``user:pass@host``) is masked."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, tail = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.partition(":")[0]
    return f"{scheme}://{user}:***@{host}{slash}{tail}"


def _abort(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _request(url: str) -> tuple[str, int, bool, bytes]:
    parts = urlsplit(url)
    secure = parts.scheme.lower() == "https"
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if secure else 80)
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except (ValueError, UnicodeError) as error:
        raise ForwarderCheckError(f"cannot read the host of {shown_url(url)!r}: {error}") from None
    shown_host = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if parts.port is not None:
        shown_host += f":{parts.port}"
    target = quote(parts.path or "/", safe=_PATH_SAFE) + (f"?{parts.query}" if parts.query else "")
    lines = [
        f"GET {target} HTTP/1.1",
        f"Host: {shown_host}",
        "User-Agent: recall-outlook check-forwarder",
        "Accept: */*",
        "Connection: close",
    ]
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        lines.append("Authorization: Basic " + base64.b64encode(pair).decode("ascii"))
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    return ascii_host, port, secure, data


def _read_head(sock: socket.socket, left: Callable[[], float]) -> bytes:
    """Read up to the end of the headers, at most [`MAX_HEAD_BYTES`][], never the body."""
    buffer = b""
    while True:
        for end in (b"\r\n\r\n", b"\n\n"):
            found = buffer.find(end)
            if found >= 0:
                return buffer[:found]
        if len(buffer) > MAX_HEAD_BYTES:
            raise ForwarderCheckError(
                f"the answer's headers are longer than {MAX_HEAD_BYTES // 1024} KiB"
            )
        sock.settimeout(left())
        chunk = sock.recv(4096)
        if not chunk:
            left()  # a watchdog shutdown reads as the end: report the deadline instead
            what = "closed the connection before the end of its headers" if buffer else ""
            raise ForwarderCheckError(what or "closed the connection without answering")
        buffer += chunk


def _parse_head(head: bytes) -> tuple[int, tuple[tuple[str, str], ...]]:
    lines = re.split(rb"\r?\n", head)
    match = _STATUS.fullmatch(lines[0])
    if match is None:
        raise ForwarderCheckError(f"the answer is not HTTP/1.x: {lines[0][:60]!r}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        text = line.decode("latin-1")
        if text[:1] in (" ", "\t") and headers:  # an obsolete folded continuation line
            name, value = headers[-1]
            headers[-1] = (name, value + " " + text.strip(" \t"))
            continue
        name, colon, value = text.partition(":")
        if not colon or not name or name != name.strip():
            raise ForwarderCheckError(f"the answer has a malformed header line: {line[:60]!r}")
        headers.append((name, value.strip(" \t")))
        if len(headers) > _MAX_HEADERS:
            raise ForwarderCheckError(f"the answer has more than {_MAX_HEADERS} headers")
    return int(match[1]), tuple(headers)


def _exchange(url: str, deadline: float, context: ssl.SSLContext | None) -> Reply:
    host, port, secure, data = _request(url)

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining

    sock = socket.create_connection((host, port), timeout=left())
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _abort, (sock,))
    watchdog.daemon = True
    watchdog.start()
    try:
        if secure:
            sock.settimeout(left())
            tls = context or ssl.create_default_context()
            sock = tls.wrap_socket(sock, server_hostname=host)
            watchdog.cancel()
            watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _abort, (sock,))
            watchdog.daemon = True
            watchdog.start()
        sock.settimeout(left())
        sock.sendall(data)
        while True:
            status, headers = _parse_head(_read_head(sock, left))
            if not 100 <= status < 200:  # skip interim answers such as 103 Early Hints
                break
        query = urlsplit(url).query
        return Reply(status, headers, query)
    finally:
        watchdog.cancel()
        sock.close()


def http_fetch(timeout: float = 10.0, *, context: ssl.SSLContext | None = None) -> Fetch:
    """Return a [`Fetch`][] that sends a real GET and reads the answer's head only.

    Args:
        timeout: Seconds allowed for each request as a whole: connecting, the TLS handshake,
            sending and reading the status line and headers. The body is never read.
        context: The TLS settings for ``https://`` (default: ``ssl.create_default_context()``,
            the system's certificate authorities, certificates and host names verified).

    Returns:
        The fetch. It raises [`ForwarderCheckError`][] (naming the URL, its password
        masked) when the forwarder does not answer in time or answers something that is not
        HTTP/1.x.

    Raises:
        ForwarderCheckError: ``timeout`` is not a positive finite number.
    """
    seconds = check_timeout(timeout)

    def fetch(url: str) -> Reply:
        where = shown_url(url.partition("?")[0])
        deadline = time.monotonic() + seconds
        try:
            return _exchange(url, deadline, context)
        except ForwarderCheckError as error:
            raise ForwarderCheckError(f"no usable answer from {where}: {error}") from None
        except TimeoutError:
            raise ForwarderCheckError(
                f"no answer from {where}: no complete status line and headers within {seconds:g} s"
            ) from None
        except OSError as error:
            if time.monotonic() >= deadline:
                raise ForwarderCheckError(
                    f"no answer from {where}: no complete status line and headers within "
                    f"{seconds:g} s"
                ) from None
            reason = error.strerror or str(error) or type(error).__name__
            raise ForwarderCheckError(f"no answer from {where}: {reason}") from None

    return fetch
