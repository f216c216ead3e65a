"""FastAPI (Starlette): forward Microsoft's callback to Recall's, the query string byte for byte.

Register ``https://<your domain>/api/ms_oauth_callback`` as the app's Web redirect URI, and set
``RECALL_MS_CALLBACK`` to Recall's Microsoft callback in your region. Run it with
``uvicorn fastapi_forwarder:app``. Recall's guide: "All request parameters should be forwarded
as is" (https://docs.recall.ai/docs/calendar-v1-microsoft-outlook).

The handler reads ``request.scope["query_string"]``, the raw bytes the server received, and
answers with a plain ``Response``: Starlette's ``RedirectResponse`` percent-quotes its URL again,
and ``request.query_params`` is already parsed.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

# Edit this: Recall's Microsoft callback in your region (the trailing slash is part of it).
RECALL_MS_CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


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
