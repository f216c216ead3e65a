"""Run the forwarder on its own, on uvicorn: a production redirect URI in one command.

uvicorn comes with the ``server`` extra (``pip install 'recall-outlook[server]'``) and is
imported only when [`serve_forwarder`][] runs, so the core keeps to the standard library.
uvicorn's access log is turned off, because it prints every request target and so every code
and state; the forwarder's own log line (``recall_outlook.forwarder.forward``) replaces it with the
method, the status and the query's length.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from ..errors import RecallOutlookError
from ..regions import DEFAULT_REGION, Region
from .forward import DEFAULT_FORWARDER_PATH, MAX_QUERY_LENGTH, make_asgi_app

__all__ = ["ServerDependencyError", "serve_forwarder"]

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


def serve_forwarder(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    path: str = DEFAULT_FORWARDER_PATH,
    region: str | Region = DEFAULT_REGION,
) -> None:
    """Serve the forwarder on uvicorn until interrupted (Ctrl+C or SIGTERM).

    Requests to ``path`` are answered as
    [`make_asgi_app`][recall_outlook.forwarder.forward.make_asgi_app] describes (302 to Recall's
    Microsoft callback, the query byte for byte); any other path gets 404. Put it behind your HTTPS
    reverse proxy and register ``https://<your domain><path>`` as the redirect URI.

    Args:
        host: The address to listen on; ``0.0.0.0`` listens on every interface.
        port: The TCP port; ``0`` picks a free one (uvicorn logs which).
        path: The redirect URI's path.
        region: The Recall region of your API key.

    Raises:
        ForwardError: ``path`` does not start with ``/``.
        RegionError: ``region`` is not a Recall region.
        ServerDependencyError: uvicorn is not installed.
    """
    app = make_asgi_app(region=region, path=path)
    try:
        import uvicorn  # noqa: PLC0415 - server extra, imported only to serve
        from uvicorn.config import LOGGING_CONFIG  # noqa: PLC0415 - ditto
    except ImportError as exc:
        raise ServerDependencyError("uvicorn") from exc
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        access_log=False,
        log_config=_log_config(LOGGING_CONFIG),
        # h11 refuses (400) a request head above 16 KiB by default: let the app answer 414.
        h11_max_incomplete_event_size=MAX_QUERY_LENGTH + _HEAD_ROOM,
    )
    uvicorn.Server(config).run()
