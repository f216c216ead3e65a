"""The ASGI apps the forwarder benchmark serves on uvicorn.

- ``ours``: :func:`recall_outlook.forwarder.forward.make_asgi_app`, as ``serve-forwarder`` builds
  it.
- ``floor``: the least an ASGI app can do: a fixed 302 with the same headers, no decision, no
  logging. The distance between the two is everything our code costs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from recall_outlook.forwarder.forward import DEFAULT_FORWARDER_PATH, make_asgi_app
from recall_outlook.regions import get_region

ours = make_asgi_app(path=DEFAULT_FORWARDER_PATH)

_LOCATION = (get_region("us-east-1").ms_callback_url + "?code=x").encode("ascii")
_HEADERS = [
    (b"location", _LOCATION),
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-type", b"text/plain; charset=utf-8"),
    (b"x-content-type-options", b"nosniff"),
    (b"content-length", b"26"),
]
_BODY = b"Redirecting to Recall.ai.\n"


async def floor(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 302, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": _BODY})
