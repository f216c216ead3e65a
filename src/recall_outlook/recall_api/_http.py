"""One bounded HTTP exchange with Recall: a total deadline, a size cap, no secret in errors.

httpx's timeouts apply to each socket operation, so a server that drips a byte every few
seconds never trips them. Here every call also has a total deadline: when the connection is a
real socket (httpx's ``trace`` extension reports it once connected), a timer shuts the socket
down at the deadline, which ends any read in progress; between chunks of the body the deadline
is checked too. The body is read up to ``max_bytes`` and no further (a ``Content-Length`` above
it is refused before reading), compressed bodies are inflated within the same cap, and every
text that can reach a message has the API key and the token replaced by their masks.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import math
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import RecallOutlookError
from ..masking import mask
from .errors import RecallAPIError

__all__ = ["Answer", "BoundedSender", "check_base_url", "clean_secret", "scrub"]

_INFLATE = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def clean_secret(value: str, what: str) -> str:
    """Return ``value`` without surrounding whitespace, or raise if a header cannot carry it.

    Args:
        value: An API key or a calendar auth token, as read (perhaps from a file, with a
            trailing newline).
        what: Its name in the error message (the value itself is never shown).

    Raises:
        RecallOutlookError: The value is empty, or holds a control, space or non-ASCII character.
    """
    if not isinstance(value, str):
        raise RecallOutlookError(f"the {what} must be a string")
    cleaned = value.strip()
    if not cleaned:
        raise RecallOutlookError(f"the {what} is empty")
    if any(not 0x21 <= ord(char) <= 0x7E for char in cleaned):
        raise RecallOutlookError(
            f"the {what} holds a character an HTTP header cannot carry "
            "(a space, a control character or a non-ASCII letter); it is not shown here"
        )
    return cleaned


def check_base_url(url: str) -> str:
    """Return ``url`` without a trailing slash if it is safe to send the API key to.

    Raises:
        RecallOutlookError: Not ``https://`` (``http://`` is allowed for loopback addresses
            only, where the key does not travel), or it carries a user name, query or fragment.
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise RecallOutlookError(f"the Recall base URL must be https://host, not {url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise RecallOutlookError("the Recall base URL must not carry credentials, a query or #")
    if parts.scheme == "http" and not _is_loopback(host):
        raise RecallOutlookError(
            f"refusing http:// for {host}: the API key would travel in clear. Use https:// "
            "(http:// is allowed for loopback addresses only, such as a local sandbox)"
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _holds(text: str, secrets: list[str]) -> bool:
    return any(secret in text for secret in secrets)


def scrub(value: Any, secrets: Iterable[str]) -> Any:  # noqa: ANN401 - any JSON value
    """Return ``value`` (text, or JSON data) with every secret replaced by its mask."""
    found = [s for s in secrets if s]
    if isinstance(value, str):
        # A mask that holds no secret at all: masking one secret never writes out another.
        masks = [
            (secret, next(m for m in (mask(secret), "***", "[hidden]", "") if not _holds(m, found)))
            for secret in found
        ]
        for _ in range(len(value) + 1):  # a replacement may join two halves: replace again
            if not _holds(value, found):
                return value
            for secret, shown in masks:
                value = value.replace(secret, shown)
        while _holds(value, found):  # still joining halves: removing them shortens the text
            for secret in found:
                value = value.replace(secret, "")
        return value
    if isinstance(value, Mapping):
        return {scrub(str(k), found): scrub(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(item, found) for item in value]
    return value


@dataclass(frozen=True)
class Answer:
    """Recall's answer, read within the bounds.

    Attributes:
        status: The HTTP status.
        headers: The response headers.
        body: The body (at most the cap).
    """

    status: int
    headers: httpx.Headers
    body: bytes

    def json(self) -> object:
        """Return the body as JSON, or ``None`` if it is empty or not JSON."""
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return None

    @property
    def is_json(self) -> bool:
        """Whether the body parses as JSON (``null`` included)."""
        try:
            json.loads(self.body)
        except (ValueError, RecursionError):
            return False
        return True


class _Watchdog:
    """Shuts the call's socket down at the deadline, ending any read in progress."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self._timer: threading.Timer | None = None

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event != "connection.connect_tcp.complete" or self._timer is not None:
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            self._timer = threading.Timer(
                max(0.0, self.deadline - time.monotonic()), self._cut, [sock]
            )
            self._timer.daemon = True
            self._timer.start()

    def _cut(self, sock: socket.socket) -> None:
        self.fired = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class BoundedSender:
    """Sends requests through an httpx client, each within a deadline and a size cap.

    Args:
        http: The httpx client.
        timeout: Seconds a whole call may take: connecting, sending and reading the answer.
        max_bytes: The largest body read (compressed or not).
    """

    def __init__(self, http: httpx.Client, *, timeout: float, max_bytes: int) -> None:
        if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0):
            raise RecallOutlookError(
                f"timeout must be a positive number of seconds, not {timeout!r}"
            )
        if not (isinstance(max_bytes, int) and max_bytes > 0):
            raise RecallOutlookError(f"max_bytes must be a positive integer, not {max_bytes!r}")
        self.http = http
        self.timeout = float(timeout)
        self.max_bytes = max_bytes

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        body: bytes | None,
        secrets: tuple[str, ...],
    ) -> Answer:
        """Send one request and return the answer read within the bounds.

        Raises:
            RecallAPIError: With status 0 when no complete answer arrived in time, the body is
                larger than the cap, or Recall could not be reached.
        """
        deadline = time.monotonic() + self.timeout
        watchdog = _Watchdog(deadline)
        try:
            with self.http.stream(
                method,
                url,
                headers=dict(headers),
                content=body,
                timeout=self.timeout,
                extensions={"trace": watchdog.trace},
            ) as response:
                raw = self._read(response, deadline)
                return Answer(response.status_code, response.headers, raw)
        except RecallAPIError:
            raise
        except (httpx.HTTPError, OSError) as error:
            if watchdog.fired or time.monotonic() >= deadline:
                message = f"Recall gave no complete answer within {self.timeout:g} s"
            else:
                message = (
                    f"could not reach Recall: {scrub(str(error) or type(error).__name__, secrets)}"
                )
            raise RecallAPIError(0, message) from None
        finally:
            watchdog.cancel()

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_big()
        if response.is_stream_consumed:  # an in-memory answer, read by its transport already
            if len(response.content) > self.max_bytes:
                raise self._too_big()
            return response.content
        coding = response.headers.get("content-encoding", "identity").strip().lower()
        if coding not in ("", "identity", *_INFLATE):
            raise RecallAPIError(
                0,
                f"Recall answered with Content-Encoding {coding!r}, which this client cannot read",
            )
        inflate = zlib.decompressobj(_INFLATE[coding]) if coding in _INFLATE else None
        parts: list[bytes] = []
        size = 0
        for chunk in response.iter_raw():
            if time.monotonic() >= deadline:
                raise RecallAPIError(0, f"Recall gave no complete answer within {self.timeout:g} s")
            data = chunk
            if inflate is not None:
                data = inflate.decompress(chunk, self.max_bytes - size + 1)
                if inflate.unconsumed_tail:
                    raise self._too_big()
            size += len(data)
            if size > self.max_bytes:
                raise self._too_big()
            parts.append(data)
        return b"".join(parts)

    def _too_big(self) -> RecallAPIError:
        return RecallAPIError(0, f"Recall's answer is larger than {self.max_bytes} bytes; not read")
