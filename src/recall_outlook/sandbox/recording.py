"""Recording every request a party serves, masked, as a [`Hop`][recall_outlook.sandbox.trace.Hop].

Each party is wrapped in [`Recorded`][], a WSGI middleware that writes to a shared
[`HopLog`][]. The same recording serves the in-process runner and the loopback servers (where
the browser is Chromium), so both show the same hops. A hop's place is taken when its request
arrives, so a server-to-server call follows the request during which it was made.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlsplit

from ..masking import mask_url
from .trace import Hop, Party

__all__ = ["SERVER_AGENT", "HopLog", "Recorded", "page_error"]

SERVER_AGENT: Final = "recall-outlook-sandbox-server"
"""The User-Agent of server-to-server calls; the browser's differs, which sets the channel."""

_ERROR_TEXT: Final = re.compile(r"id='error-description'>(.*?)</pre>", re.S)


def page_error(body: str) -> str | None:
    """Return the error text of a Microsoft error page (``#error-description``), or ``None``."""
    found = _ERROR_TEXT.search(body)
    return html.unescape(found.group(1)) if found else None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _note(status: int, body: bytes, location: str | None, sandbox: str | None = None) -> str | None:
    """Return the hop's remark, the stand-in's ``X-Sandbox-Note`` (if any) after it."""
    found = _remark(status, body, location)
    if not sandbox:
        return found
    marked = f"[sandbox: {sandbox}]"
    return f"{found} {marked}" if found else marked


def _remark(status: int, body: bytes, location: str | None) -> str | None:
    if location:
        params = dict(parse_qsl(urlsplit(location).query or urlsplit(location).fragment))
        for name in ("error", "sandbox_error"):
            if name in params:
                description = params.get(f"{name}_description", "")
                error = params[name]
                return _first_line(f"{error}: {description}" if description else error)
        return None
    text = body.decode("utf-8", "replace")
    shown = page_error(text)
    if shown:
        return _first_line(shown)
    if "id='consent'" in text:
        return "sign-in and consent page (Accept / Cancel)"
    if status >= 400 and text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if isinstance(data, dict):
            message = data.get("error_description") or data.get("detail") or data.get("error")
            return _first_line(str(message)) if message else None
    return None


class HopLog:
    """A thread-safe, ordered log of hops.

    Args:
        on_hop: Called with each hop once its response is known (for live logging).
    """

    def __init__(self, on_hop: Callable[[Hop], None] | None = None) -> None:
        self.on_hop = on_hop
        self._slots: list[Hop | None] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._slots)

    def reserve(self) -> int:
        """Take the next place in the log and return its index."""
        with self._lock:
            self._slots.append(None)
            return len(self._slots) - 1

    def fill(self, index: int, hop: Hop) -> None:
        """Put ``hop`` in the place ``index``."""
        with self._lock:
            self._slots[index] = hop
        if self.on_hop is not None:
            self.on_hop(hop)

    def since(self, mark: int) -> tuple[Hop, ...]:
        """Return the completed hops from index ``mark`` on."""
        with self._lock:
            return tuple(hop for hop in self._slots[mark:] if hop is not None)


class Recorded:
    """Wraps one party's WSGI app so that each request it serves is logged.

    Args:
        app: The party.
        party: Its name in the trace.
        origin: Its origin, to write absolute URLs.
        log: Where hops go.
    """

    def __init__(self, app: Any, *, party: Party, origin: str, log: HopLog) -> None:  # noqa: ANN401
        self.app = app
        self.party: Party = party
        self.origin = origin
        self.log = log

    def __repr__(self) -> str:
        return f"Recorded(party={self.party!r}, origin={self.origin!r})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        """Serve the request through the party and log it."""
        slot = self.log.reserve()
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:  # noqa: ANN401
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status = int(str(seen.get("status", "500")).split()[0])
        headers = {name.lower(): value for name, value in seen.get("headers", [])}
        location = headers.get("location")
        query = environ.get("QUERY_STRING", "")
        path = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if path is None or not str(path).startswith("/"):
            path = quote(environ.get("PATH_INFO", "/"), safe="/") + (f"?{query}" if query else "")
        agent = str(environ.get("HTTP_USER_AGENT", ""))
        self.log.fill(
            slot,
            Hop(
                party=self.party,
                channel="back" if agent.startswith(SERVER_AGENT) else "front",
                method=str(environ.get("REQUEST_METHOD", "GET")),
                url=mask_url(self.origin + str(path)),
                status=status,
                location=mask_url(location) if location else None,
                note=_note(status, body, location, headers.get("x-sandbox-note")),
            ),
        )
        return [body]
