"""Django: forward Microsoft's callback to Recall's, the query string byte for byte.

A complete single-file project. Add the view and URL pattern to your own project, or run this
file as it is: ``python forwarder.py runserver 127.0.0.1:8000`` (in production serve
``forwarder:application`` with a WSGI server and set ``DJANGO_ALLOWED_HOSTS`` to your domain and
``DJANGO_SECRET_KEY`` to a random value). Register
``https://<your domain>/api/ms_oauth_callback`` as the app's Web redirect URI, and set
``RECALL_MS_CALLBACK`` to Recall's Microsoft callback in your region. Recall's guide: "All request
parameters should be forwarded as is" (https://docs.recall.ai/docs/calendar-v1-microsoft-outlook).

The view reads ``request.META["QUERY_STRING"]``, the raw query the server received, and sets the
Location header itself: ``HttpResponseRedirect`` re-encodes its URL (``iri_to_uri``) and
``request.GET`` is already parsed.

The URL holds a one-time authorization code and the user's calendar auth token (in ``state``),
so the request lines ``runserver`` logs (logger ``django.server``) are shown without their query
(``HideQuery``). In production your WSGI server writes its own access log: turn it off or
leave the query out (gunicorn: ``--access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s'``).
"""

from __future__ import annotations

import logging
import os
import re
import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

# Edit this: Recall's Microsoft callback in your region (the trailing slash is part of it).
RECALL_MS_CALLBACK = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "forwarder-needs-no-secret"),
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(","),
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )


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


logging.getLogger("django.server").addFilter(HideQuery())


def header_safe(raw_query: str) -> str:
    """Percent-encode only what a Location header cannot carry raw: controls, space, non-ASCII.

    WSGI hands the query over as latin-1 text, one character per byte received, so each such
    byte becomes its own ``%XX``. A valid query (what Microsoft sends) passes unchanged.
    """
    return "".join(c if "!" <= c <= "~" else f"%{ord(c):02X}" for c in raw_query)


@require_GET
def ms_oauth_callback(request: HttpRequest) -> HttpResponse:
    """Redirect to Recall's callback with the raw query string: never parse and rebuild it."""
    raw_query = header_safe(request.META.get("QUERY_STRING", ""))  # latin-1: the bytes
    response = HttpResponse(status=302)
    response["Location"] = RECALL_MS_CALLBACK + ("?" + raw_query if raw_query else "")
    response["Cache-Control"] = "no-store"  # the URL holds a one-time code
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns = [path("api/ms_oauth_callback", ms_oauth_callback)]


application = get_wsgi_application()
"""The WSGI entry point, for gunicorn or any WSGI server: ``forwarder:application``."""


if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
