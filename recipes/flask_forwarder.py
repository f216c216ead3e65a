"""Flask: forward Microsoft's callback to Recall's, the query string byte for byte.

Register ``https://<your domain>/api/ms_oauth_callback`` as the app's Web redirect URI, and set
``RECALL_MS_CALLBACK`` to Recall's Microsoft callback in your region. Run it with
``flask --app flask_forwarder run``. Recall's guide: "All request parameters should be
forwarded as is" (https://docs.recall.ai/docs/calendar-v1-microsoft-outlook).

The URL holds a one-time authorization code and the user's calendar auth token (in ``state``),
so the access log of werkzeug's server (``flask run``) shows request lines without their query
(``HideQuery``). The route answers its exact path only: werkzeug would otherwise redirect
``/api//ms_oauth_callback`` to ``http://<Host header>/api/ms_oauth_callback?<the code>``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, request
from werkzeug.datastructures import Headers

# Edit this: Recall's Microsoft callback in your region (the trailing slash is part of it).
RECALL_MS_CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"

app = Flask(__name__)
app.url_map.merge_slashes = False  # no redirect from /api//ms_oauth_callback to the Host header


class HideQuery(logging.Filter):
    """Cut the query (code and state) out of every request line the server logs."""

    QUERY = re.compile(r"\?.*?(?= HTTP/|$)", re.S)  # up to the version, or to the end

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's text and arguments; keep the record."""
        record.msg = self.QUERY.sub("?…", str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(
                self.QUERY.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


logging.getLogger("werkzeug").addFilter(HideQuery())


def received_query(environ: dict[str, Any]) -> str:
    """Return the query as WSGI promises it: latin-1 text, one character per byte received.

    werkzeug's own server (``flask run``) breaks that promise for bytes 0x80-0xFF: it encodes
    the target as UTF-8 once more (one byte received becomes two characters). It marks its
    requests with ``werkzeug.socket``; there the extra encoding is undone. Other servers
    (gunicorn, uWSGI, mod_wsgi) pass the bytes as received.
    """
    query = str(environ.get("QUERY_STRING", ""))
    if "werkzeug.socket" in environ and not query.isascii():
        try:
            return query.encode("latin-1").decode("utf-8")
        except UnicodeError:  # not werkzeug's encoding after all: keep it
            return query
    return query


def header_safe(raw_query: str) -> str:
    """Percent-encode only what a Location header cannot carry raw: controls, space, non-ASCII.

    WSGI hands the query over as latin-1 text, one character per byte received, so each such
    byte becomes its own ``%XX``. A valid query (what Microsoft sends) passes unchanged.
    """
    return "".join(c if "!" <= c <= "~" else f"%{ord(c):02X}" for c in raw_query)


class RawRedirect(Response):
    """A 302 whose Location werkzeug sends exactly as given.

    werkzeug re-encodes Location headers (``iri_to_uri``); a query that is already a valid URL
    query passes through unchanged, but sending the header as set keeps every byte as received.
    """

    def get_wsgi_headers(self, environ: dict[str, Any]) -> Headers:
        """Return the headers with the Location as set, not re-encoded."""
        headers = super().get_wsgi_headers(environ)
        headers["Location"] = self.headers["Location"]
        return headers


@app.get("/api/ms_oauth_callback")
def ms_oauth_callback() -> Response:
    """Redirect to Recall's callback with the raw query string: never parse and rebuild it."""
    raw_query = header_safe(received_query(request.environ))  # latin-1: the bytes
    location = RECALL_MS_CALLBACK + ("?" + raw_query if raw_query else "")
    response = RawRedirect(status=302)
    response.headers["Location"] = location
    response.headers["Cache-Control"] = "no-store"  # the URL holds a one-time code
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
