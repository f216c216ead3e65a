from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import Client

from recall_outlook.errors import RecallOutlookError, RegionError
from recall_outlook.forwarder.forward import (
    DEFAULT_FORWARDER_PATH,
    MAX_QUERY_LENGTH,
    ASGIApplication,
    ForwardError,
    WSGIApplication,
    forward_url,
    make_asgi_app,
    make_wsgi_app,
)
from recall_outlook.forwarder.probes import PROBES
from recall_outlook.regions import REGIONS, Region, get_region

from .strategies import query_strings

US = get_region("us-east-1").ms_callback_url
EU = get_region("eu-central-1").ms_callback_url
CODE = "0.AXkA-SECRET-authorization-code-value"
STATE = "%7B%22recall_calendar_auth_token%22%3A%22SECRET-calendar-token%22%7D"
CALLBACK_QUERY = f"code={CODE}&state={STATE}&session_state=0000"
# A header value may carry visible ASCII only (no controls, space, DEL or non-ASCII byte).
HEADER_SAFE = re.compile(r"[\x21-\x7e]*")


# --- forward_url -------------------------------------------------------------------------


@pytest.mark.parametrize("probe", PROBES, ids=[probe.name for probe in PROBES])
def test_forward_url_keeps_every_probe_byte_for_byte(probe: Any) -> None:
    assert forward_url(probe.query) == f"{US}?{probe.query}"
    assert forward_url(probe.query.encode("ascii"), "eu-central-1") == f"{EU}?{probe.query}"


@pytest.mark.parametrize(
    "query",
    [
        "b=2&a=1&b=3",  # order and repeats
        "code=a+b&code=a%2Bb&code=a%20b",  # '+', '%2B' and '%20' stay distinct
        "code=&state=&flag",  # empty values, a key without '='
        "state=%7b%22a%22%7d",  # lower-case escapes are not normalised
        "x=%zz&y=%&z=%4",  # malformed escapes are not repaired
        "next=/a?b=c&frag=%23x",
    ],
)
def test_forward_url_never_decodes_or_reencodes(query: str) -> None:
    assert forward_url(query) == f"{US}?{query}"


def test_an_empty_query_adds_no_question_mark() -> None:
    assert forward_url("") == US
    assert forward_url(b"") == US


def test_a_leading_question_mark_is_data() -> None:
    assert forward_url("?code=x") == f"{US}??code=x"


@pytest.mark.parametrize("name", list(REGIONS))
def test_forward_url_goes_to_the_region_callback(name: str) -> None:
    url = forward_url("code=x", name)
    assert url == f"{REGIONS[name].base_url}/api/v1/calendar/ms_oauth_callback/?code=x"


def test_forward_url_takes_a_region_object() -> None:
    region = Region("local", "http://127.0.0.1:9", "test")
    assert forward_url("a=1", region) == "http://127.0.0.1:9/api/v1/calendar/ms_oauth_callback/?a=1"


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(RegionError):
        forward_url("a=1", "mars-1")


def test_bytes_a_header_cannot_carry_are_percent_encoded_from_the_raw_bytes() -> None:
    raw = b"a=\r\n\x00\x01\x1f\x7f b\tc\xe9\xff&d=%+#?"
    assert forward_url(raw) == f"{US}?a=%0D%0A%00%01%1F%7F%20b%09c%E9%FF&d=%+#?"


def test_text_is_sent_as_utf8_and_bytes_as_received() -> None:
    assert forward_url("state=é✓") == f"{US}?state=%C3%A9%E2%9C%93"
    assert forward_url("state=é".encode("latin-1")) == f"{US}?state=%E9"


def test_the_length_limit_counts_bytes() -> None:
    at_limit = "a=" + "x" * (MAX_QUERY_LENGTH - 2)
    assert forward_url(at_limit) == f"{US}?{at_limit}"
    with pytest.raises(ForwardError) as caught:
        forward_url(at_limit + "y")
    assert caught.value.field == "query"
    assert isinstance(caught.value, RecallOutlookError)
    assert isinstance(caught.value, ValueError)
    assert "xxxx" not in str(caught.value)  # the query itself is never in the message
    with pytest.raises(ForwardError):
        forward_url("é" * 3, max_query_length=5)  # 6 bytes in UTF-8
    assert forward_url("abcde", max_query_length=5) == f"{US}?abcde"


def test_the_limit_is_generous_for_a_long_callback() -> None:
    long_state = "%7B%22t%22%3A%22" + "x" * 4000 + "%22%7D"
    query = f"code={'c' * 2000}&state={long_state}&session_state=0000"
    assert forward_url(query) == f"{US}?{query}"


def test_the_default_forwarder_path() -> None:
    assert DEFAULT_FORWARDER_PATH == "/api/ms_oauth_callback"


@given(query_strings)
def test_any_query_of_url_characters_is_forwarded_exactly(query: str) -> None:
    expected = f"{US}?{query}" if query else US
    assert forward_url(query) == expected
    assert forward_url(query.encode("ascii")) == expected


@given(st.binary(max_size=400))
def test_any_bytes_give_a_header_safe_url_with_the_same_meaning(raw: bytes) -> None:
    url = forward_url(raw)
    assert url.startswith(US)
    assert HEADER_SAFE.fullmatch(url)
    forwarded = url[len(US) + 1 :].encode("ascii")
    assert unquote_to_bytes(forwarded) == unquote_to_bytes(raw)


@given(st.binary(max_size=400))
def test_only_bytes_a_header_cannot_carry_are_encoded(raw: bytes) -> None:
    # The module's rule, written out byte by byte: visible ASCII kept, every other byte %XX.
    expected = "".join(chr(byte) if 0x21 <= byte <= 0x7E else f"%{byte:02X}" for byte in raw)
    assert forward_url(raw) == (f"{US}?{expected}" if raw else US)


@given(st.text(max_size=200))
def test_any_text_gives_a_header_safe_url(text: str) -> None:
    url = forward_url(text)
    assert url.startswith(US)
    assert HEADER_SAFE.fullmatch(url)


# --- the WSGI app ------------------------------------------------------------------------


def call_wsgi(
    app: WSGIApplication, *, method: str = "GET", query: bytes = b"", **environ: str
) -> tuple[str, dict[str, str], bytes]:
    """Call ``app`` with a raw query, under wsgiref's PEP 3333 validator for usual methods."""
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "QUERY_STRING": query.decode("latin-1"),
        "SCRIPT_NAME": "",
        "PATH_INFO": "/api/ms_oauth_callback",
    }
    env.update(environ)
    setup_testing_defaults(env)
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        seen.append((status, headers))
        return lambda data: None

    usual = method in {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}
    result = (validator(app) if usual else app)(env, start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    status, headers = seen[0]
    for name, value in headers:
        assert HEADER_SAFE.fullmatch(name.replace(" ", ""))
        assert re.fullmatch(r"[\x20-\x7e]*", value), value
    return status, dict(headers), body


def test_wsgi_get_redirects_with_the_query_as_is() -> None:
    client = Client(make_wsgi_app(region="eu-central-1"))
    response = client.get(f"/api/ms_oauth_callback?{CALLBACK_QUERY}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{EU}?{CALLBACK_QUERY}"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Length"] == str(len(response.data))
    assert response.data
    assert CODE not in response.text


@pytest.mark.parametrize("probe", PROBES, ids=[probe.name for probe in PROBES])
def test_wsgi_forwards_every_probe(probe: Any) -> None:
    status, headers, _ = call_wsgi(make_wsgi_app(), query=probe.query.encode("ascii"))
    assert status == "302 Found"
    assert headers["Location"] == f"{US}?{probe.query}"


def test_wsgi_head_has_the_headers_and_no_body() -> None:
    status, headers, body = call_wsgi(make_wsgi_app(), method="HEAD", query=b"code=x")
    assert status == "302 Found"
    assert headers["Location"] == f"{US}?code=x"
    assert int(headers["Content-Length"]) > 0
    assert body == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "G\x00T"])
def test_wsgi_other_methods_get_405(method: str) -> None:
    status, headers, _ = call_wsgi(make_wsgi_app(), method=method, query=b"code=x")
    assert status == "405 Method Not Allowed"
    assert headers["Allow"] == "GET, HEAD"
    assert "Location" not in headers


def test_wsgi_a_query_over_the_limit_gets_414() -> None:
    app = make_wsgi_app(max_query_length=10)
    assert call_wsgi(app, query=b"a=34567890")[0] == "302 Found"
    status, headers, _ = call_wsgi(app, query=b"a=345678901")
    assert status == "414 URI Too Long"
    assert "Location" not in headers
    assert call_wsgi(make_wsgi_app(), query=b"a" * (MAX_QUERY_LENGTH + 1))[0].startswith("414")


@given(st.binary(max_size=300))
def test_wsgi_any_query_bytes_give_a_safe_redirect(raw: bytes) -> None:
    status, headers, _ = call_wsgi(make_wsgi_app(), query=raw)
    assert status == "302 Found"
    assert headers["Location"] == forward_url(raw)


def test_wsgi_answers_on_any_path_by_default_and_ignores_host() -> None:
    app = make_wsgi_app()
    for path in ["/", "/anything", "//evil.com/x", "/http://evil.com/"]:
        _, headers, _ = call_wsgi(app, query=b"a=1", PATH_INFO=path, HTTP_HOST="evil.com")
        assert headers["Location"] == f"{US}?a=1"
    _, headers, _ = call_wsgi(app, query=b"a=1", HTTP_X_FORWARDED_HOST="evil.com")
    assert headers["Location"] == f"{US}?a=1"


def test_wsgi_with_a_path_answers_there_only() -> None:
    app = make_wsgi_app(path="/api/ms_oauth_callback")
    status, headers, _ = call_wsgi(app, query=b"a=1", PATH_INFO="/api/ms_oauth_callback")
    assert (status, headers["Location"]) == ("302 Found", f"{US}?a=1")
    mounted = {"SCRIPT_NAME": "/api", "PATH_INFO": "/ms_oauth_callback"}
    assert call_wsgi(app, query=b"a=1", **mounted)[0] == "302 Found"
    for path in ["/", "/api/ms_oauth_callback/", "/API/ms_oauth_callback", "//evil.com"]:
        status, headers, _ = call_wsgi(app, query=b"a=1", PATH_INFO=path)
        assert status == "404 Not Found"
        assert "Location" not in headers


def test_wsgi_a_non_ascii_path_matches_by_its_utf8_bytes() -> None:
    app = make_wsgi_app(path="/rappel/é")
    wsgi_path = "/rappel/é".encode().decode("latin-1")
    assert call_wsgi(app, PATH_INFO=wsgi_path)[0] == "302 Found"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"path": "api/cb"}, "path"), ({"max_query_length": 0}, "max_query_length")],
)
def test_bad_app_arguments_are_refused(kwargs: dict[str, Any], field: str) -> None:
    for make in (make_wsgi_app, make_asgi_app):
        with pytest.raises(ForwardError) as caught:
            make(**kwargs)
        assert caught.value.field == field
    with pytest.raises(RegionError):
        make_wsgi_app(region="nowhere")


def test_each_request_is_logged_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="recall_outlook.forwarder.forward")
    app = make_wsgi_app()
    call_wsgi(app, query=CALLBACK_QUERY.encode("ascii"))
    call_wsgi(app, method="POST", query=CALLBACK_QUERY.encode("ascii"))
    call_wsgi(app, query=b"error=access_denied&error_description=AADSTS65004+SECRET-desc")
    records = [r for r in caplog.records if r.name == "recall_outlook.forwarder.forward"]
    assert len(records) == 3
    text = "\n".join(record.getMessage() for record in records)
    assert "GET" in text
    assert "302" in text
    assert "405" in text
    assert str(len(CALLBACK_QUERY)) in text
    assert "SECRET" not in text
    assert "code" not in text
    assert "state" not in text


def test_the_apps_show_where_they_forward() -> None:
    assert EU in repr(make_wsgi_app(region="eu-central-1", path="/cb"))
    assert "/cb" in repr(make_asgi_app(path="/cb"))


# --- the ASGI app ------------------------------------------------------------------------


def call_asgi(
    app: ASGIApplication, scope: dict[str, Any], incoming: Iterable[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Run ``app`` on ``scope`` with the given received messages; return what it sent."""
    queue = list(incoming) or [{"type": "http.request", "body": b"", "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    async def send(message: Any) -> None:
        sent.append(dict(message))

    async def run() -> None:
        await app(scope, receive, send)

    asyncio.run(run())
    return sent


def http_scope(query: bytes, *, method: str = "GET", path: str = "/api/ms_oauth_callback") -> Any:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"evil.com")],
    }


def response_of(sent: list[dict[str, Any]]) -> tuple[int, dict[bytes, bytes], bytes]:
    start, body = sent
    assert start["type"] == "http.response.start"
    assert body["type"] == "http.response.body"
    for name, value in start["headers"]:
        assert isinstance(name, bytes)
        assert name == name.lower()
        assert re.fullmatch(rb"[\x20-\x7e]*", value), value
    return start["status"], dict(start["headers"]), body["body"]


def asgi_get(app: ASGIApplication, url: str, method: str = "GET") -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url)

    return asyncio.run(go())


def test_asgi_get_redirects_with_the_query_as_is() -> None:
    response = asgi_get(make_asgi_app(region="eu-central-1"), f"/cb?{CALLBACK_QUERY}")
    assert response.status_code == 302
    assert response.headers["location"] == f"{EU}?{CALLBACK_QUERY}"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-length"] == str(len(response.content))


@pytest.mark.parametrize("probe", PROBES, ids=[probe.name for probe in PROBES])
def test_asgi_forwards_every_probe(probe: Any) -> None:
    sent = call_asgi(make_asgi_app(), http_scope(probe.query.encode("ascii")))
    status, headers, _ = response_of(sent)
    assert status == 302
    assert headers[b"location"] == f"{US}?{probe.query}".encode("ascii")


def test_asgi_head_and_other_methods() -> None:
    app = make_asgi_app()
    head = asgi_get(app, "/cb?code=x", method="HEAD")
    assert head.status_code == 302
    assert head.content == b""
    assert head.headers["location"] == f"{US}?code=x"
    post = asgi_get(app, "/cb?code=x", method="POST")
    assert post.status_code == 405
    assert post.headers["allow"] == "GET, HEAD"
    assert "location" not in post.headers


def test_asgi_a_query_over_the_limit_gets_414() -> None:
    sent = call_asgi(make_asgi_app(), http_scope(b"a" * (MAX_QUERY_LENGTH + 1)))
    status, headers, _ = response_of(sent)
    assert status == 414
    assert b"location" not in headers


@given(st.binary(max_size=300))
def test_asgi_any_query_bytes_give_a_safe_redirect(raw: bytes) -> None:
    status, headers, _ = response_of(call_asgi(make_asgi_app(), http_scope(raw)))
    assert status == 302
    assert headers[b"location"] == forward_url(raw).encode("ascii")


def test_asgi_with_a_path_answers_there_only() -> None:
    app = make_asgi_app(path="/api/ms_oauth_callback")
    assert response_of(call_asgi(app, http_scope(b"a=1")))[0] == 302
    for path in ["/", "//evil.com/api/ms_oauth_callback", "http://evil.com/api/ms_oauth_callback"]:
        status, headers, _ = response_of(call_asgi(app, http_scope(b"a=1", path=path)))
        assert status == 404
        assert b"location" not in headers


def test_asgi_ignores_the_host_and_the_path_by_default() -> None:
    response = asgi_get(make_asgi_app(), "http://evil.com//evil.org/x?a=1")
    assert response.headers["location"] == f"{US}?a=1"


def test_asgi_completes_the_lifespan_protocol() -> None:
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent = call_asgi(make_asgi_app(), {"type": "lifespan", "asgi": {"version": "3.0"}}, incoming)
    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


def test_asgi_refuses_scopes_it_does_not_know() -> None:
    with pytest.raises(ForwardError):
        call_asgi(make_asgi_app(), {"type": "websocket", "path": "/"})
