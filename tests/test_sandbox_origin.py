"""The sandbox on loopback refuses foreign Host headers and starts flows only from its own form.

DNS rebinding: a page whose name resolves to 127.0.0.1 reaches the servers with its own name in
``Host``; every party must refuse it (421), whatever the path. Cross-site request forgery: a
step starts only with a ``POST`` carrying the run's token, which only the start page holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from recall_outlook.sandbox.server import SandboxServer, only_loopback_hosts

PARTIES = ("microsoft", "recall", "app")


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer("production") as running:
        yield running


def origin(server: SandboxServer, party: str) -> str:
    return str(getattr(server.origins, party))


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", maxsplit=1)[0])


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "127.0.0.1:{other}",
        "localhost.evil.example:{port}",
        "",
    ],
)
def test_a_foreign_host_is_refused(server: SandboxServer, party: str, host: str) -> None:
    base = origin(server, party)
    port = port_of(base)
    header = host.format(port=port, other=port + 1 if port < 65535 else port - 1)
    for path in ["/", "/connect", "/api/v1/calendar/user/", "/common/oauth2/v2.0/authorize"]:
        response = httpx.get(base + path, headers={"Host": header}, timeout=10)
        assert response.status_code == 421, (party, header, path)
        assert "location" not in response.headers


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_loopback_names_with_the_port_are_served(
    server: SandboxServer, party: str, name: str
) -> None:
    base = origin(server, party)
    response = httpx.get(base + "/", headers={"Host": f"{name}:{port_of(base)}"}, timeout=10)
    assert response.status_code != 421


def test_the_guard_wraps_any_app() -> None:
    seen: list[str] = []

    def app(environ: dict[str, object], start_response: object) -> list[bytes]:
        seen.append(str(environ["HTTP_HOST"]))
        start_response("200 OK", [])  # type: ignore[operator]
        return [b"ok"]

    guarded = only_loopback_hosts(app, "127.0.0.1", 8123)
    transport = httpx.WSGITransport(app=guarded)
    with httpx.Client(transport=transport) as client:
        assert client.get("http://127.0.0.1:8123/").status_code == 200
        assert client.get("http://localhost:8123/x").status_code == 200
        assert client.get("http://127.0.0.1:8124/").status_code == 421
        assert client.get("http://example.com:8123/").status_code == 421
    assert seen == ["127.0.0.1:8123", "localhost:8123"]


def test_a_plain_get_never_starts_a_flow(server: SandboxServer) -> None:
    app = origin(server, "app")
    for path in ["/connect?step=0", "/admin-consent?step=0"]:
        response = httpx.get(app + path, timeout=10)
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    "fields", [{"step": "0"}, {"step": "0", "run": ""}, {"step": "0", "run": "guessed"}]
)
def test_a_post_without_the_run_token_is_refused(
    server: SandboxServer, fields: dict[str, str]
) -> None:
    response = httpx.post(origin(server, "app") + "/connect", data=fields, timeout=10)
    assert response.status_code == 403
    assert "location" not in response.headers


def test_the_start_page_form_starts_the_flow(server: SandboxServer) -> None:
    app = origin(server, "app")
    page = httpx.get(app + "/", timeout=10).text
    fields = dict(re.findall(r"name='(\w+)' value='([^']*)'", page.split("id='step-1'")[0]))
    assert fields == {"step": "0", "run": server.sandbox.run_token}
    response = httpx.post(app + "/connect", data=fields, timeout=10)
    assert response.status_code == 302
    assert response.headers["location"].startswith(server.origins.microsoft + "/")


def test_each_run_has_its_own_token() -> None:
    with SandboxServer("production") as one, SandboxServer("production") as two:
        assert one.sandbox.run_token != two.sandbox.run_token
        stale = {"step": "0", "run": one.sandbox.run_token}
        response = httpx.post(two.origins.app + "/connect", data=stale, timeout=10)
        assert response.status_code == 403
