"""The sandbox on loopback: each party on its own 127.0.0.1 port, for a real browser.

Each party runs on werkzeug's threaded development server
(https://werkzeug.palletsprojects.com/en/stable/serving/) in a daemon thread. Ports are
ephemeral unless given. werkzeug's request log, which would print authorization codes and
calendar auth tokens, is replaced by the sandbox's own masked hop log.

Binding loopback is not enough against DNS rebinding (a web page whose own name is made to
resolve to 127.0.0.1 would reach the servers as its own origin), so each server answers only
requests whose ``Host`` is a loopback name with that server's port; any other gets
``421 Misdirected Request``. Steps start with a form ``POST`` carrying the run's token (see
[`LocalApp`][recall_outlook.sandbox.app.LocalApp]), never a plain ``GET``.

>>> with SandboxServer("production") as server:  # doctest: +SKIP
...     print(server.start_url)
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import IO, Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ..errors import RecallOutlookError
from ..masking import mask_query
from .config import Origins
from .example import (
    ExampleProcess,
    check_example_scenario,
    example_environ,
    find_example,
    free_port,
)
from .runner import Sandbox
from .scenarios import Scenario, get_scenario
from .trace import Hop

__all__ = ["SandboxServer", "only_loopback_hosts"]

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]

_log = logging.getLogger(__name__)
_QUERY = re.compile(r"\?(\S+)")


class _QuietHandler(WSGIRequestHandler):
    """werkzeug's handler without its request log (which shows queries unmasked)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing: the sandbox's hop log shows each request, masked."""

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: ANN401
        """Log werkzeug's other messages with any query string masked."""
        text = _QUERY.sub(lambda found: "?" + mask_query(found.group(1)), message % args)
        _log.log(logging.ERROR if type == "error" else logging.INFO, "%s", text)


_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def only_loopback_hosts(app: WSGIApp, host: str, port: int) -> WSGIApp:
    """Wrap ``app`` so it answers only requests addressed to a loopback name and ``port``.

    Args:
        app: Any WSGI application served by the sandbox.
        host: The loopback address the server listens on (also accepted as a name).
        port: The server's port; a ``Host`` with another port (or none) is refused.

    Returns:
        The guarded application: ``421 Misdirected Request`` for any other ``Host``.
    """
    named = f"[{host}]" if ":" in host else host
    allowed = frozenset(f"{name}:{port}" for name in {*_LOOPBACK_NAMES, named.lower()})

    def guarded(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        if str(environ.get("HTTP_HOST", "")).lower() in allowed:
            return app(environ, start_response)
        body = b"This sandbox answers loopback addresses only (Host refused).\n"
        start_response(
            "421 Misdirected Request",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return guarded


def _placeholder(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


class SandboxServer:
    """The three parties on loopback ports, started and stopped together.

    Args:
        scenario: A scenario or its name.
        host: A loopback address; anything else is refused.
        ports: Ports for Microsoft, Recall and your app; ``0`` picks a free one.
        interactive: Microsoft shows its sign-in and consent page.
        on_hop: Called with each hop as it completes, from the server threads.
        example: Run an example app (``flask``, ``fastapi`` or the path of an app file) as
            your app, in its own process configured by environment variables (see
            [`example`][.example]), instead of the sandbox's own app; its port is the third of
            ``ports``.
        example_output: Where the example's output goes (default: this process's streams).

    Raises:
        RecallOutlookError: ``host`` is not a loopback address; the example is not found, or
            the scenario changes how the app builds its URL, which an example does not.
    """

    def __init__(
        self,
        scenario: str | Scenario = "production",
        *,
        host: str = "127.0.0.1",
        ports: tuple[int, int, int] = (0, 0, 0),
        interactive: bool = False,
        on_hop: Callable[[Hop], None] | None = None,
        example: str | None = None,
        example_output: IO[bytes] | None = None,
    ) -> None:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise RecallOutlookError(f"the sandbox serves on loopback only, not on {host!r}")
        path = None if example is None else find_example(example)
        if path is not None:
            check_example_scenario(get_scenario(scenario))
        self._servers: list[BaseWSGIServer] = [
            make_server(host, port, _placeholder, threaded=True, request_handler=_QuietHandler)
            for port in (ports if path is None else ports[:2])
        ]
        microsoft, recall, *app = (f"http://{host}:{server.port}" for server in self._servers)
        app_port = (ports[2] or free_port(host)) if path is not None else 0
        self.origins = Origins(microsoft, recall, app[0] if app else f"http://{host}:{app_port}")
        self.sandbox = Sandbox(
            scenario,
            origins=self.origins,
            network="loopback",
            interactive=interactive,
            on_hop=on_hop,
        )
        parties = (
            self.sandbox.apps["microsoft"],
            self.sandbox.apps["recall"],
            self.sandbox.apps["app"],
        )
        for server, party in zip(self._servers, parties, strict=False):
            server.app = only_loopback_hosts(party, host, server.port)
        self._threads: list[threading.Thread] = []
        self.example = None
        if path is not None:
            self.sandbox.prepare(0)  # who signs in at Microsoft, and what they choose
            environ = example_environ(self.sandbox.world, self.sandbox.scenario)
            self.example = ExampleProcess(path, environ, port=app_port, output=example_output)

    def __repr__(self) -> str:
        return f"SandboxServer(origins={self.origins!r}, running={bool(self._threads)})"

    @property
    def start_url(self) -> str:
        """Your app's page listing the scenario's steps; open it in a browser."""
        return self.origins.app + "/"

    def step_url(self, number: int = 0) -> str:
        """The start page at the form that starts step ``number`` (a ``POST``, see the module)."""
        return f"{self.start_url}#step-{number}"

    def start(self) -> SandboxServer:
        """Start serving in background threads and return ``self``."""
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever, name=f"sandbox-{server.port}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        if self.example is not None:
            try:
                self.example.start()
            except BaseException:
                self.stop()
                raise
        return self

    def stop(self) -> None:
        """Stop serving (and the example), close the sockets and the sandbox's clients."""
        if self.example is not None:
            self.example.stop()
        for server in self._servers:
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self.sandbox.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
