"""Run the forwarder on its own, on uvicorn: a production redirect URI in one command.

uvicorn comes with the ``server`` extra (``pip install 'recall-outlook[server]'``) and is
imported only when [`serve_forwarder`][] runs, so the core keeps to the standard library.
uvicorn's access log is turned off, because it prints every request target and so every code
and state; the forwarder's own log line (``recall_outlook.forwarder.forward``) replaces it with the
method, the status and the query's length.

The HTTP parser is chosen, not left to what happens to be installed: always uvicorn's h11
protocol (pure Python, a dependency of uvicorn), never httptools, which ``uvicorn[standard]``
would otherwise pick and which accepts what h11 refuses (a 1 MB header, a raw line feed in the
target, two ``Host`` headers, none on HTTP/1.1). On top of h11 the server enforces:

- a request head (line and headers) of at most
  [`MAX_QUERY_LENGTH`][recall_outlook.forwarder.forward.MAX_QUERY_LENGTH] plus 16 KiB: larger is
  refused with 400 (a longer query alone gets the app's 414);
- [`HEADER_TIMEOUT`][] seconds for a connection to send a whole request head once it is
  idle (new, or answered), so a client that drips bytes (slowloris) or never finishes a
  body is disconnected; uvicorn has no such timeout of its own;
- at most [`MAX_CONNECTIONS`][] connections at once: requests above it get 503.
"""

from __future__ import annotations

import asyncio
import copy
import math
from typing import Any, Final

from ..errors import RecallOutlookError
from ..regions import DEFAULT_REGION, Region
from .forward import DEFAULT_FORWARDER_PATH, MAX_QUERY_LENGTH, ForwardError, make_asgi_app

__all__ = [
    "HEADER_TIMEOUT",
    "MAX_CONNECTIONS",
    "ServerDependencyError",
    "guarded_h11_protocol",
    "serve_forwarder",
]

HEADER_TIMEOUT: Final = 10.0
"""Seconds an idle connection has to send a complete request head before it is closed."""

MAX_CONNECTIONS: Final = 256
"""Connections served at once; requests beyond are answered 503 Service Unavailable."""

_HEAD_ROOM: Final = 16 * 1024
"""Bytes allowed for the request line and headers besides the query (h11 counts them all)."""


class ServerDependencyError(RecallOutlookError):
    """The optional server dependencies are not installed.

    Attributes:
        missing: The name of the module that could not be imported.
    """

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(
            f"serving the forwarder needs {missing}, which is not installed: "
            "pip install 'recall-outlook[server]'"
        )


def _log_config(default: dict[str, Any]) -> dict[str, Any]:
    config = copy.deepcopy(default)
    config["loggers"]["recall_outlook"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def guarded_h11_protocol(header_timeout: float = HEADER_TIMEOUT) -> type[asyncio.Protocol]:
    """Return uvicorn's h11 protocol with a deadline for each request head.

    A connection gets ``header_timeout`` seconds, from when it opens and again from each
    answer, to send a complete request line and headers; otherwise it is closed without an
    answer. The deadline is lifted while the application handles a request.

    Raises:
        ServerDependencyError: uvicorn (or its h11) is not installed.
    """
    try:
        import h11  # noqa: PLC0415 - server extra, imported only to serve
        from uvicorn.protocols.http.h11_impl import H11Protocol  # noqa: PLC0415 - ditto
    except ImportError as exc:
        raise ServerDependencyError("uvicorn") from exc

    class GuardedH11Protocol(H11Protocol):
        """h11 with a request-head deadline (see [`guarded_h11_protocol`][])."""

        _head_timer: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_timeout, self._head_expired)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _busy(self) -> bool:
            return self.cycle is not None and not self.cycle.response_complete

        def _head_expired(self) -> None:
            self._head_timer = None
            if not self._busy() and not self.transport.is_closing():
                if self.conn.our_state is not h11.ERROR:
                    self.conn.send(h11.ConnectionClosed())
                self.transport.close()

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._busy():
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and not self._busy():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return GuardedH11Protocol


def serve_forwarder(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    path: str = DEFAULT_FORWARDER_PATH,
    region: str | Region = DEFAULT_REGION,
    header_timeout: float = HEADER_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
) -> None:
    """Serve the forwarder on uvicorn until interrupted (Ctrl+C or SIGTERM).

    Requests to ``path`` are answered as
    [`make_asgi_app`][recall_outlook.forwarder.forward.make_asgi_app] describes (302 to Recall's
    Microsoft callback, the query byte for byte); any other path gets 404. Put it behind your
    HTTPS reverse proxy and register ``https://<your domain><path>`` as the redirect URI. The
    HTTP parser is always h11, with the limits the module's documentation lists.

    Args:
        host: The address to listen on; ``0.0.0.0`` listens on every interface.
        port: The TCP port; ``0`` picks a free one (uvicorn logs which).
        path: The redirect URI's path.
        region: The Recall region of your API key.
        header_timeout: Seconds an idle connection has to send a whole request head.
        max_connections: Connections served at once; above it requests get 503.

    Raises:
        ForwardError: ``path`` does not start with ``/``, or a limit is not positive.
        RegionError: ``region`` is not a Recall region.
        ServerDependencyError: uvicorn is not installed.
    """
    if not (math.isfinite(header_timeout) and header_timeout > 0):
        raise ForwardError("header_timeout", "must be a positive number of seconds")
    if isinstance(max_connections, bool) or max_connections < 1:
        raise ForwardError("max_connections", "must be a positive number of connections")
    app = make_asgi_app(region=region, path=path)
    protocol = guarded_h11_protocol(header_timeout)
    try:
        import uvicorn  # noqa: PLC0415 - server extra, imported only to serve
        from uvicorn.config import LOGGING_CONFIG  # noqa: PLC0415 - ditto
    except ImportError as exc:  # pragma: no cover - guarded_h11_protocol imported it
        raise ServerDependencyError("uvicorn") from exc
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        lifespan="on",
        access_log=False,
        log_config=_log_config(LOGGING_CONFIG),
        # h11 refuses (400) a request head above 16 KiB by default: let the app answer 414.
        h11_max_incomplete_event_size=MAX_QUERY_LENGTH + _HEAD_ROOM,
        limit_concurrency=max_connections,
    )
    uvicorn.Server(config).run()
