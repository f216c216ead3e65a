"""FastAPI (Starlette): forward Microsoft's callback to Recall's, the query string byte for byte.

Register ``https://<your domain>/api/ms_oauth_callback`` as the app's Web redirect URI, and set
``RECALL_MS_CALLBACK`` to Recall's Microsoft callback in your region. Run it with
``uvicorn fastapi_forwarder:app --http h11 --no-access-log --limit-concurrency 256``, behind
your HTTPS reverse proxy. Recall's guide: "All request parameters should be forwarded as is"
(https://docs.recall.ai/docs/calendar-v1-microsoft-outlook).

The flags matter: ``--no-access-log``, because uvicorn's access log prints every request target
and so every code and state; ``--http h11``, because otherwise uvicorn uses httptools when it
is installed (``uvicorn[standard]``), which accepts what h11 refuses (a 1 MB header, a raw line
feed in the target, two ``Host`` headers); ``--limit-concurrency`` to answer 503 above that many
connections. uvicorn has no timeout for reading a request head: let the reverse proxy bound it
(nginx's ``client_header_timeout``). ``redirect_slashes=False`` keeps Starlette from redirecting
``/api/ms_oauth_callback/`` to ``http://<Host header>/api/ms_oauth_callback?<the code>``.

The handler reads ``request.scope["query_string"]``, the raw bytes the server received, and
answers with a plain ``Response``: Starlette's ``RedirectResponse`` percent-quotes its URL again,
and ``request.query_params`` is already parsed.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

# Edit this: Recall's Microsoft callback in your region (the trailing slash is part of it).
RECALL_MS_CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False)


@app.get("/api/ms_oauth_callback", include_in_schema=False)
def ms_oauth_callback(request: Request) -> Response:
    """Redirect to Recall's callback with the raw query string: never parse and rebuild it."""
    raw_query = request.scope["query_string"].decode("latin-1")  # bytes as received
    location = RECALL_MS_CALLBACK + ("?" + raw_query if raw_query else "")
    return Response(
        status_code=302,
        headers={
            "Location": location,
            "Cache-Control": "no-store",  # the URL holds a one-time code
            "Referrer-Policy": "no-referrer",
        },
    )
