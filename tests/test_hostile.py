"""Hostile requests to the forwarders on real servers on loopback, sent as raw bytes.

Servers: the package's WSGI app on werkzeug (``wsgi``), ``recall-outlook serve-forwarder`` (the
ASGI app on uvicorn, ``asgi``), and every recipe run as its docstring says (``flask``,
``fastapi``, ``django``, ``nginx``). Each request is written to a socket exactly as listed, so
no client library cleans it up first.

Every answer, whatever the request, must hold:

- no header the request tried to inject (``X-Injected``, ``Set-Cookie``);
- at most one ``Location``, and it is Recall's callback, alone or followed by ``?``: never a
  host, path or scheme taken from the request (absolute request targets, ``Host`` and
  ``X-Forwarded-Host`` games);
- no control byte (``0x00``-``0x1F``, ``0x7F``) written raw into a header, and for the
  package's apps and the Python recipes no byte ``0x80``-``0xFF`` either: ``forward.py``
  percent-encodes both. nginx's ``$args`` cannot re-encode, so nginx alone may forward bytes
  ``0x80``-``0xFF`` raw (they cannot split a header; browsers percent-encode them).

And the status is the documented one, listed per case in ``CASES``: for the package's apps,
``302`` to forward, ``405`` (with ``Allow: GET, HEAD``) for other methods, ``404`` off the
path, ``414`` above :data:`~recall_outlook.forwarder.forward.MAX_QUERY_LENGTH`; ``400`` where the
server
itself refuses a malformed request; ``0`` for an HTTP/0.9 answer (a request line whose version
was cut off by a raw line break is read as HTTP/0.9: a bare body, no header at all) and
``None`` for a connection closed without an answer. The recipes answer with their framework's
statuses (Flask answers ``OPTIONS`` itself; FastAPI and Django refuse ``HEAD`` on a GET route;
nginx's ``return`` answers every method but ``TRACE``), and have no query length limit of
their own beyond their server's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

import pytest

from recall_outlook.forwarder.forward import DEFAULT_FORWARDER_PATH, make_wsgi_app
from recall_outlook.regions import get_region
from tests import forwarders
from tests.servers import RawResponse, forwarder_process, raw_request

CALLBACK = get_region("us-east-1").ms_callback_url.encode("ascii")
PATH = DEFAULT_FORWARDER_PATH.encode("ascii")
OURS = ("wsgi", "asgi")
RECIPES = ("flask", "fastapi", "django", "nginx")
SERVERS = OURS + RECIPES
REFUSED: frozenset[int | None] = frozenset({None, 0, 400})
INJECTED = (b"x-injected", b"set-cookie")


def request(
    target: bytes,
    *,
    method: bytes = b"GET",
    host: bytes = b"Host: 127.0.0.1\r\n",
    extra: bytes = b"",
    version: bytes = b" HTTP/1.1",
) -> bytes:
    """One raw HTTP/1.1 request, the connection closed after the answer."""
    return method + b" " + target + version + b"\r\n" + host + extra + b"Connection: close\r\n\r\n"


def to_path(query: bytes) -> bytes:
    return request(PATH + b"?" + query)


@dataclass(frozen=True)
class Case:
    """A hostile request, the statuses allowed by default and per server, the query kept."""

    name: str
    raw: bytes = field(repr=False)
    status: frozenset[int | None]
    per_server: dict[str, frozenset[int | None]] = field(default_factory=dict)
    forwarded: bytes | None = None  # the query a 302 must carry, when it is known


def one(*statuses: int | None) -> frozenset[int | None]:
    return frozenset(statuses)


PCT = b"a=%0D%0ASet-Cookie:%20x=1&b=%00&c=%E2%80&d=%0a%0dX-Injected:%20yes"
LONG_20K = b"a=" + b"x" * 20_000
LONG_64K = b"a=" + b"x" * 65_536
PARAMS_2000 = b"&".join([b"k=v"] * 2000)  # 7,999 bytes: under nginx's 8 KiB request line
PARAMS_5000 = b"&".join(b"k=%d" % number for number in range(5000))  # about 29 KB
RECIPE_302 = {name: one(302) for name in ("flask", "fastapi", "django")}
METHOD_405 = {"nginx": one(302)}
HEADER_REFUSALS = {name: one(400) for name in ("asgi", "fastapi", "nginx")}

CASES = [
    Case("percent-encoded CR LF NUL", to_path(PCT), one(302), forwarded=PCT),
    Case("raw CR LF in the target", to_path(b"a=1\r\nX-Injected: yes\r\nb=2"), REFUSED),
    Case("raw LF in the target", to_path(b"a=1\nX-Injected: yes"), REFUSED),
    Case("raw CR in the target", to_path(b"a=1\rX-Injected: yes"), REFUSED),
    Case("raw NUL in the target", to_path(b"a=\x00b"), one(302, 400)),
    Case("invalid UTF-8 in the target", to_path(b"a=\xff\xfe\xc3("), one(302, 400)),
    Case("raw UTF-8 in the target", to_path("a=é&b=ø".encode()), one(302, 400)),
    Case("raw tab in the target", to_path(b"a=\tb"), one(400)),
    Case(
        "percent-encoded invalid UTF-8",
        to_path(b"a=%FF%FE%C3("),
        one(302),
        forwarded=b"a=%FF%FE%C3(",
    ),
    Case("query of 20 KB", to_path(LONG_20K), one(414), RECIPE_302, forwarded=LONG_20K),
    Case("query of 64 KiB", to_path(LONG_64K), one(414), {"fastapi": one(302)}, forwarded=LONG_64K),
    Case("2,000 parameters", to_path(PARAMS_2000), one(302), forwarded=PARAMS_2000),
    Case("5,000 parameters", to_path(PARAMS_5000), one(414), RECIPE_302, forwarded=PARAMS_5000),
    Case("repeated and empty keys", to_path(b"a=1&a=2&&=&a"), one(302), forwarded=b"a=1&a=2&&=&a"),
    Case(
        "POST",
        request(PATH + b"?code=x", method=b"POST", extra=b"Content-Length: 0\r\n"),
        one(405),
        METHOD_405,
    ),
    Case(
        "PUT with a body",
        request(PATH + b"?code=x", method=b"PUT", extra=b"Content-Length: 4\r\n") + b"abcd",
        one(405),
        METHOD_405,
    ),
    Case("DELETE", request(PATH + b"?code=x", method=b"DELETE"), one(405), METHOD_405),
    Case("PATCH", request(PATH + b"?code=x", method=b"PATCH"), one(405), METHOD_405),
    Case("an unknown method", request(PATH + b"?code=x", method=b"FROB"), one(405), METHOD_405),
    Case("TRACE", request(PATH + b"?code=x", method=b"TRACE"), one(405)),
    Case(
        "OPTIONS",
        request(PATH + b"?code=x", method=b"OPTIONS"),
        one(405),
        {"flask": one(200), "nginx": one(302)},
    ),
    Case(
        "HEAD",
        request(PATH + b"?code=x", method=b"HEAD"),
        one(302),
        {"fastapi": one(405), "django": one(405)},
        forwarded=b"code=x",
    ),
    Case("CONNECT", request(b"evil.example:443", method=b"CONNECT"), one(404), {"nginx": one(400)}),
    Case(
        "absolute http URI",
        request(b"http://evil.example" + PATH + b"?code=x"),
        one(302, 404),
        forwarded=b"code=x",
    ),
    Case(
        "absolute https URI with a port",
        request(b"https://evil.example:8443" + PATH + b"?code=x"),
        one(302, 404),
        forwarded=b"code=x",
    ),
    Case("scheme-relative path", request(b"//evil.example" + PATH + b"?code=x"), one(403, 404)),
    Case(
        "path with a dot segment", request(b"/api/../api/ms_oauth_callback?code=x"), one(302, 404)
    ),
    Case(
        "foreign Host",
        request(PATH + b"?code=x", host=b"Host: evil.example\r\n"),
        one(302),
        forwarded=b"code=x",
    ),
    Case(
        "two Host headers",
        request(PATH + b"?code=x", host=b"Host: 127.0.0.1\r\nHost: evil.example\r\n"),
        one(302),
        HEADER_REFUSALS,
        forwarded=b"code=x",
    ),
    Case(
        "no Host on HTTP/1.1",
        request(PATH + b"?code=x", host=b""),
        one(302),
        HEADER_REFUSALS,
        forwarded=b"code=x",
    ),
    Case(
        "no Host on HTTP/1.0",
        request(PATH + b"?code=x", host=b"", version=b" HTTP/1.0"),
        one(302),
        forwarded=b"code=x",
    ),
    Case(
        "X-Forwarded-Host and Forwarded",
        request(
            PATH + b"?code=x",
            extra=b"X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\n"
            b"Forwarded: host=evil.example;proto=http\r\n",
        ),
        one(302),
        forwarded=b"code=x",
    ),
    Case(
        "trailing slash, foreign Host",  # Starlette redirected this to http://<Host>/...?code
        request(PATH + b"/?code=x", host=b"Host: evil.example\r\n"),
        one(404),
        {"nginx": one(403, 404)},
    ),
    Case(
        "doubled slash, foreign Host",  # werkzeug redirected this to http://<Host>/...?code
        request(b"/api//ms_oauth_callback?code=x", host=b"Host: evil.example\r\n"),
        one(404),
        {"nginx": one(302)},  # nginx merges slashes, then forwards to Recall
        forwarded=b"code=x",
    ),
    Case(
        "percent-encoded CR LF in Host",
        request(PATH + b"?code=x", host=b"Host: evil.example%0d%0aX-Injected: yes\r\n"),
        one(302),
        {"nginx": one(400)},
        forwarded=b"code=x",
    ),
]


def _params() -> list[object]:
    # werkzeug and wsgiref let NUL and non-ASCII bytes through to the app: the Python recipes
    # percent-encode them (header_safe) as forward.py does, so every server is held to the table.
    return [
        pytest.param(server, case, id=f"{server}-{case.name}")
        for server in SERVERS
        for case in CASES
    ]


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], int]]:
    """Start each server the first time a test asks for it; stop them all at the end."""
    ports: dict[str, int] = {}
    with ExitStack() as stack:

        def port_of(name: str) -> int:
            if name not in ports:
                tmp = tmp_path_factory.mktemp(name)
                if name == "wsgi":
                    app = make_wsgi_app(path=DEFAULT_FORWARDER_PATH)
                    url = stack.enter_context(forwarders.serve_wsgi(app))
                elif name == "asgi":
                    ports[name] = stack.enter_context(forwarder_process(tmp)).port
                    return ports[name]
                else:
                    server = getattr(forwarders, f"{name}_server")
                    url = stack.enter_context(server(tmp))
                ports[name] = int(url.split(":")[2].split("/")[0])
            return ports[name]

        yield port_of


def header_lines(response: RawResponse) -> list[bytes]:
    return response.head.split(b"\r\n")[1:]


def check_safe(server: str, response: RawResponse) -> None:
    for line in header_lines(response):
        assert not any(byte < 0x20 or byte == 0x7F for byte in line.replace(b"\t", b"")), line
        if server != "nginx":
            assert all(byte < 0x80 for byte in line), line
    names = [name.lower() for name, _ in response.headers]
    assert not set(names) & set(INJECTED), names
    locations = response.header("location")
    assert len(locations) <= 1
    for location in locations:
        assert location == CALLBACK or location.startswith(CALLBACK + b"?"), location[:120]


@pytest.mark.parametrize(("server", "case"), _params())
def test_hostile_request(server: str, case: Case, start: Callable[[str], int]) -> None:
    if server == "nginx":
        forwarders.nginx_binary()  # skips (or fails when required) without nginx
    response = raw_request(start(server), case.raw)
    allowed = case.per_server.get(server, case.status)
    status = None if response is None else response.status
    assert status in allowed, (status, sorted(map(str, allowed)))
    if response is None:
        return
    check_safe(server, response)
    if status == 302:
        (location,) = response.header("location")
        if case.forwarded is not None:
            assert location == CALLBACK + b"?" + case.forwarded
        if case.raw.startswith(b"HEAD"):
            assert response.body == b""
    if status == 405 and server in OURS:
        assert response.header("allow") == [b"GET, HEAD"]


@pytest.mark.parametrize("server", SERVERS)
def test_server_still_answers_after_the_hostile_requests(
    server: str, start: Callable[[str], int]
) -> None:
    if server == "nginx":
        forwarders.nginx_binary()
    response = raw_request(start(server), to_path(b"code=0.AXk&state=%7B%7D"))
    assert response is not None
    assert response.status == 302
    assert response.header("location") == [CALLBACK + b"?code=0.AXk&state=%7B%7D"]


def test_the_hostile_cases_are_all_listed() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


RAW_BYTES = [(b"a=\xe9&b=\xff", b"a=%E9&b=%FF"), ("a=é".encode(), b"a=%C3%A9")]


@pytest.mark.parametrize("server", ["wsgi", "flask", "django"])
@pytest.mark.parametrize(("sent", "forwarded"), RAW_BYTES)
def test_wsgi_servers_escape_each_byte_received(
    server: str, sent: bytes, forwarded: bytes, start: Callable[[str], int]
) -> None:
    # werkzeug's server (wsgi, flask) hands bytes 0x80-0xFF over UTF-8 encoded once more; the
    # package's forwarder and the Flask recipe undo that, so each byte becomes one escape.
    response = raw_request(start(server), to_path(sent))
    assert response is not None
    assert response.status == 302
    assert response.header("location") == [CALLBACK + b"?" + forwarded]
