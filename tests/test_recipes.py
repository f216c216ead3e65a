"""The forwarder recipes, proven with their real frameworks and servers.

Each Python recipe is driven through its framework's test client (properties included) and run
on loopback exactly as its docstring says; nginx runs Debian's binary with the recipe's server
block. Every answer is compared with :func:`recall_outlook.forwarder.forward.forward_url`.
"""

from __future__ import annotations

import ast
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from recall_outlook.forwarder.check import check_forwarder
from recall_outlook.forwarder.forward import DEFAULT_FORWARDER_PATH, forward_url
from recall_outlook.forwarder.probes import PROBES
from recall_outlook.regions import get_region
from tests import forwarders
from tests.strategies import query_strings

PYTHON_RECIPES = {
    "flask": "flask_forwarder.py",
    "fastapi": "fastapi_forwarder.py",
    "django": "django_forwarder/forwarder.py",
}
PATH = DEFAULT_FORWARDER_PATH
EU = get_region("eu-central-1").ms_callback_url


@pytest.fixture(scope="module")
def flask_recipe() -> ModuleType:
    return forwarders.load_recipe("flask_forwarder.py", "recipe_flask_forwarder")


@pytest.fixture(scope="module")
def fastapi_recipe() -> ModuleType:
    return forwarders.load_recipe("fastapi_forwarder.py", "recipe_fastapi_forwarder")


@pytest.fixture(scope="module")
def django_recipe() -> Iterator[ModuleType]:
    saved = os.environ.get("DJANGO_ALLOWED_HOSTS")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    try:
        yield forwarders.load_recipe("django_forwarder/forwarder.py", "recipe_django_forwarder")
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOWED_HOSTS", None)
        else:
            os.environ["DJANGO_ALLOWED_HOSTS"] = saved


def flask_get(module: ModuleType, query: str) -> tuple[int, dict[str, str], str]:
    response = module.app.test_client().get(f"{PATH}?{query}" if query else PATH)
    return response.status_code, dict(response.headers), query


def fastapi_test_client() -> Any:
    """FastAPI's TestClient; Starlette 1.10 warns at import that it prefers httpx2 to httpx."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    return TestClient


def fastapi_get(module: ModuleType, query: str) -> tuple[int, dict[str, str], str]:
    with fastapi_test_client()(module.app) as client:
        response = client.get(f"{PATH}?{query}" if query else PATH, follow_redirects=False)
    return response.status_code, dict(response.headers), response.request.url.query.decode()


def django_get(module: ModuleType, query: str) -> tuple[int, dict[str, str], str]:
    from django.test import Client  # type: ignore[import-untyped]

    response = Client().get(f"{PATH}?{query}" if query else PATH)
    return response.status_code, dict(response.headers), query


CLIENTS = {"flask": flask_get, "fastapi": fastapi_get, "django": django_get}


@pytest.fixture(params=list(CLIENTS))
def recipe_client(request: pytest.FixtureRequest) -> tuple[str, ModuleType]:
    name: str = request.param
    return name, request.getfixturevalue(f"{name}_recipe")


def assert_forwarded(answer: tuple[int, dict[str, str], str], *, region: str = "us-east-1") -> None:
    status, headers, sent = answer
    lowered = {key.lower(): value for key, value in headers.items()}
    assert status == 302
    assert lowered["location"] == forward_url(sent, region)
    assert lowered["cache-control"] == "no-store"
    assert lowered["referrer-policy"] == "no-referrer"


# -- test clients ----------------------------------------------------------------------------


@pytest.mark.parametrize("probe", PROBES, ids=lambda probe: probe.name)
def test_recipe_forwards_each_probe(recipe_client: tuple[str, ModuleType], probe: Any) -> None:
    name, module = recipe_client
    assert_forwarded(CLIENTS[name](module, probe.query))


def test_recipe_without_query_adds_no_question_mark(recipe_client: tuple[str, ModuleType]) -> None:
    name, module = recipe_client
    status, headers, _ = CLIENTS[name](module, "")
    assert status == 302
    assert {k.lower(): v for k, v in headers.items()}["location"] == get_region(
        "us-east-1"
    ).ms_callback_url


def test_recipe_callback_constant_is_read_per_request(
    recipe_client: tuple[str, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, module = recipe_client
    monkeypatch.setattr(module, "RECALL_MS_CALLBACK", EU)
    assert_forwarded(CLIENTS[name](module, "code=SAMPLE&state=x"), region="eu-central-1")


def test_flask_recipe_keeps_bytes_werkzeug_would_re_encode(flask_recipe: ModuleType) -> None:
    # werkzeug's iri_to_uri would turn these into %7B%22...: the recipe sends them as received.
    status, headers, _ = flask_get(flask_recipe, 'state={"a":"b"}|^')
    assert status == 302
    assert headers["Location"].endswith('?state={"a":"b"}|^')


def test_fastapi_recipe_keeps_bytes_redirect_response_would_quote(
    fastapi_recipe: ModuleType,
) -> None:
    with fastapi_test_client()(fastapi_recipe.app) as client:
        response = client.get(f"{PATH}?a=%zz&b=%", follow_redirects=False)
    assert response.headers["location"].endswith("?a=%zz&b=%")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_django_recipe_answers_get_only(django_recipe: ModuleType, method: str) -> None:
    from django.test import Client

    assert getattr(Client(), method)(f"{PATH}?code=x").status_code == 405


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=query_strings)
def test_every_recipe_forwards_any_valid_query_unchanged(
    flask_recipe: ModuleType, fastapi_recipe: ModuleType, django_recipe: ModuleType, query: str
) -> None:
    assert_forwarded(flask_get(flask_recipe, query))
    assert_forwarded(fastapi_get(fastapi_recipe, query))
    assert_forwarded(django_get(django_recipe, query))


# -- real servers on loopback ----------------------------------------------------------------

SERVERS = {
    "flask": forwarders.flask_server,
    "fastapi": forwarders.fastapi_server,
    "django": forwarders.django_server,
    "nginx": forwarders.nginx_server,
}


@pytest.mark.parametrize("server", list(SERVERS))
def test_recipe_on_a_real_server_passes_check_forwarder(server: str, tmp_path: Path) -> None:
    with SERVERS[server](tmp_path) as url:
        report = check_forwarder(url, region="us-east-1")
        with httpx.Client(follow_redirects=False, timeout=10) as client:
            bare = client.get(url)
            other = client.get(url.rpartition("/")[0] + "/elsewhere?code=x")
    assert report.passed, [result.as_dict() for result in report.results if not result.passed]
    assert bare.status_code == 302
    assert bare.headers["location"] == get_region("us-east-1").ms_callback_url
    assert 400 <= other.status_code < 500  # only the redirect URI forwards


@pytest.mark.parametrize("server", list(SERVERS))
def test_recipe_on_a_real_server_matches_forward_url(server: str, tmp_path: Path) -> None:
    queries = ["a=%zz&b=%", "x=!$'()*,;:@/?", "?leading", "a==&&b=", "k=v" * 500]
    with SERVERS[server](tmp_path) as url, httpx.Client(follow_redirects=False) as client:
        for query in queries:
            response = client.get(f"{url}?{query}")
            assert response.headers["location"] == forward_url(query, "us-east-1"), query


def test_nginx_recipe_forwards_to_the_region_put_in_its_return(tmp_path: Path) -> None:
    with forwarders.nginx_server(tmp_path, callback=EU) as url:
        report = check_forwarder(url, region="eu-central-1")
    assert report.passed


# -- the recipe files themselves -------------------------------------------------------------


@pytest.mark.parametrize("relative", list(PYTHON_RECIPES.values()))
def test_python_recipes_are_copy_paste_material(relative: str) -> None:
    source = (forwarders.RECIPES / relative).read_text()
    tree = ast.parse(source)
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(name.startswith("recall_outlook") for name in imported)
    assert f'RECALL_MS_CALLBACK = "{forwarders.US_EAST}"' in source
    assert "query_params" not in source.replace("``request.query_params``", "")
    assert "urlencode" not in source


def test_nginx_recipe_returns_the_raw_arguments() -> None:
    text = (forwarders.RECIPES / "nginx.conf").read_text()
    assert f"return 302 {forwarders.US_EAST}$is_args$args;" in text
    assert 'add_header Cache-Control "no-store" always;' in text
    assert 'add_header Referrer-Policy "no-referrer" always;' in text
    assert "location = /api/ms_oauth_callback" in text


def test_readme_lists_every_recipe() -> None:
    readme = (forwarders.RECIPES / "README.md").read_text()
    for relative in [*PYTHON_RECIPES.values(), "nginx.conf"]:
        assert relative in readme


# -- run lines, logs and near-miss paths -------------------------------------------------------

SECRET_CODE = "0.AXkA-RECIPE-LOG-q7Bv3Nm9Kp2Lr5Ts8Wx"
SECRET_TOKEN = "RECIPE-LOG-TOKEN-7f3a9c1e5b2d4f6a8c0e"


def test_readme_documents_each_run_line() -> None:
    readme = (forwarders.RECIPES / "README.md").read_text()
    for line in forwarders.RUN_LINES.values():
        assert f"`{line}`" in readme
    fastapi = (forwarders.RECIPES / "fastapi_forwarder.py").read_text()
    assert forwarders.RUN_LINES["fastapi"] in " ".join(fastapi.split())


def _log_of(server: str, tmp_path: Path) -> str:
    name = {"flask": "flask.log", "fastapi": "uvicorn.log", "django": "django.log"}
    path = tmp_path / name.get(server, "access.log")
    return path.read_text(errors="replace")


@pytest.mark.parametrize("server", list(SERVERS))
def test_recipe_logs_never_hold_the_code_or_the_state(server: str, tmp_path: Path) -> None:
    state = quote(f'{{"recall_calendar_auth_token":"{SECRET_TOKEN}"}}', safe="")
    with SERVERS[server](tmp_path) as url, httpx.Client(follow_redirects=False) as client:
        response = client.get(f"{url}?code={SECRET_CODE}&state={state}&session_state=x")
        assert response.status_code == 302
        assert SECRET_CODE in response.headers["location"]
    log = _log_of(server, tmp_path)
    for secret in (SECRET_CODE, SECRET_TOKEN, SECRET_CODE[4:], quote(SECRET_TOKEN)):
        assert secret not in log, log[-2000:]
    if server != "fastapi":  # uvicorn's access log is off; the others log without the query
        assert "GET /api/ms_oauth_callback" in log, log[-2000:]


def test_flask_recipe_does_not_redirect_a_doubled_slash_to_the_host(
    flask_recipe: ModuleType,
) -> None:
    client = flask_recipe.app.test_client()
    for path in ["/api//ms_oauth_callback", "//api/ms_oauth_callback", "/api/ms_oauth_callback/"]:
        response = client.get(f"{path}?code=SAMPLE", headers={"Host": "evil.example"})
        assert response.status_code == 404, path
        assert "Location" not in response.headers


def test_fastapi_recipe_does_not_redirect_a_trailing_slash_to_the_host(
    fastapi_recipe: ModuleType,
) -> None:
    with fastapi_test_client()(fastapi_recipe.app, base_url="http://evil.example") as client:
        for path in ["/api/ms_oauth_callback/", "/api//ms_oauth_callback"]:
            response = client.get(f"{path}?code=SAMPLE", follow_redirects=False)
            assert response.status_code == 404, path
            assert "location" not in response.headers
