"""The local Recall's answers: JSON bodies, its firewall's HTML page and ``X-Sandbox-Note``."""

from __future__ import annotations

import json
from typing import Any, Final

from werkzeug.wrappers import Request, Response

from .recall_notes import NOTE_HEADER, note_header

__all__ = ["WAF_PAGE", "has_body", "json_answer", "read_json", "waf_blocked"]

WAF_PAGE: Final = (
    "<BODY>\n    <H1>403 ERROR</H1>\n    <H2>The request could not be satisfied.</H2>\n"
    '    <HR noshade size="1px">\n    Request blocked.\n'
    "    We can't connect to the server for this app or website at this time. There might be "
    "too much traffic or a\n    configuration error. Try again later, or contact the app or "
    "website owner.\n</BODY>\n"
)
"""The page Recall's firewall answers with (https://docs.recall.ai/reference/errors)."""


def json_answer(
    data: Any,  # noqa: ANN401 - any JSON value
    status: int = 200,
    *,
    notes: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """Return a JSON answer, naming the stand-in notes it rests on (see ``recall_notes``)."""
    extra = dict(headers or {})
    if notes:
        extra[NOTE_HEADER] = note_header(*notes)
    return Response(json.dumps(data), status=status, mimetype="application/json", headers=extra)


def has_body(request: Request) -> bool:
    """Whether the request carries a body (any length, or chunked)."""
    length = request.headers.get("Content-Length", "")
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    return chunked or (length.isdigit() and int(length) > 0)


def waf_blocked() -> Response:
    """Return Recall's firewall page: what a ``GET`` with a body (even ``null``) meets."""
    return Response(WAF_PAGE, status=403, mimetype="text/html")


def read_json(request: Request) -> tuple[bool, Any]:
    """Return ``(ok, value)``: the body as JSON (``{}`` when empty), or ``(False, None)``."""
    raw = request.get_data(cache=True, as_text=True)
    if not raw.strip():
        return True, {}
    try:
        return True, json.loads(raw)
    except (ValueError, RecursionError):
        return False, None
