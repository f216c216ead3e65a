"""Every output surface, swept for secrets: none may appear unmasked.

Distinctive secrets are injected where a user would put them (command-line arguments and
environment variables, a manifest, the sandbox's world, widget fields, a callback URL, the
Recall API client), and the package's own samples are swept too. Everything a person or a log
could see is collected: command output (text and ``--json``) on stdout and stderr, sandbox
traces (``as_text``, ``as_dict``), log records at DEBUG, reprs, exception messages and every
value a widget shows. A secret counts as leaked when anything past the three characters
:func:`~recall_outlook.masking.mask` shows appears, raw or percent-encoded.

Documented exceptions, removed before the sweep: ``recall-outlook url`` prints the whole
authorize URL on stdout (it is the product, and holds the token by design; its findings and
stderr are swept), ``--show-secrets`` prints unmasked on request, and the builder widget keeps
the token in its ``Password`` field and the real URL in the ``href`` of its "Open" link
(``widgets/builder.py``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from recall_outlook import sandbox
from recall_outlook.authorize.build import build_authorize_url
from recall_outlook.authorize.lint import check_authorize_url, lint_authorize_url
from recall_outlook.authorize.parse import parse_authorize_url
from recall_outlook.authorize.state import CalendarState
from recall_outlook.cli import main
from recall_outlook.errors import RecallOutlookError
from recall_outlook.recall_api import RecallAPIError, RecallCalendarClient
from recall_outlook.regions import get_region
from recall_outlook.sandbox import calendar_users, config, entra, recall, token_endpoint
from recall_outlook.troubleshoot.explain import explain
from recall_outlook.widgets.builder import SAMPLE_CALENDAR_AUTH_TOKEN

TOKEN = "SWEEP-TOKEN-7f3a9c1e5b2d4f6a8c0e"
CLIENT_SECRET = "SWEEP~SECRET.4q8Zr2Lw9Xn5Tp7Vb3Hd"
API_KEY = "SWEEP-APIKEY-d41d8cd98f00b204e980"
CODE = "0.AXkA-SWEEP-CODE-q7Bv3Nm9Kp2Lr5Ts8Wx"
SECRETS = [TOKEN, CLIENT_SECRET, API_KEY, CODE, SAMPLE_CALENDAR_AUTH_TOKEN]
CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
CALLBACK = get_region("us-east-1").ms_callback_url
STATE = CalendarState(
    recall_calendar_auth_token=TOKEN,
    ms_oauth_redirect_url=CALLBACK,
    success_url="https://app.example.com/ok",
    error_url="https://app.example.com/failed",
)
URL = build_authorize_url(client_id=CLIENT_ID, redirect_uri=CALLBACK, state=STATE)
BAD_URL = URL + "&prompt=consent&client_secret=" + quote(CLIENT_SECRET) + "&code=" + CODE
STATE_QUERY = quote(STATE.to_json(), safe="")
CALLBACK_URL = (
    f"https://app.example.com/api/ms_oauth_callback?code={CODE}&state={STATE_QUERY}"
    "&error=invalid_client&error_description=AADSTS7000215%3A+Invalid+client+secret"
)


def leaks(text: str, secrets: list[str] = SECRETS) -> list[str]:
    """The secrets of which more than the masked prefix shows in ``text``."""
    found = []
    for secret in secrets:
        hidden = secret[3:]
        forms = {hidden, quote(hidden, safe=""), quote(hidden), json.dumps(hidden)[1:-1]}
        if any(form in text for form in forms):
            found.append(secret)
    return found


def assert_clean(text: str, secrets: list[str] = SECRETS) -> None:
    assert leaks(text, secrets) == [], text[:2000]


@pytest.fixture(autouse=True)
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert_clean("\n".join(record.getMessage() for record in caplog.records))


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- command line ----------------------------------------------------------------------------

URL_ARGS = ["url", "--client-id", CLIENT_ID, "--recall-region", "us-east-1"]
URL_ARGS += ["--success-url", "https://app.example.com/ok", "--error-url", "https://x.example/e"]


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
@pytest.mark.parametrize("prompt", [[], ["--prompt", "consent"]])
def test_url_command_shows_the_token_only_in_the_url(
    capsys: pytest.CaptureFixture[str], json_flag: list[str], prompt: list[str]
) -> None:
    code, out, err = run_cli([*URL_ARGS, "--token", TOKEN, *prompt, *json_flag], capsys)
    assert code in (0, 1)
    assert_clean(err)
    assert "https://login.microsoftonline.com/" in out
    assert_clean(without_urls(out))


def test_url_command_token_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECALL_CALENDAR_AUTH_TOKEN", TOKEN)
    code, out, err = run_cli([*URL_ARGS, "--prompt", "consent"], capsys)
    assert code in (0, 1)
    assert TOKEN in out  # the URL, the product
    assert_clean(err)


def without_urls(out: str) -> str:
    """``out`` with every authorize URL (the product, holding the token) cut out."""
    return re.sub(r"https://login\.microsoftonline\.com/[^\s\"]+", "<the url>", out)


@pytest.mark.parametrize(
    "argv",
    [
        [*URL_ARGS[:2], "not-a-guid", "--recall-region", "us-east-1", "--token", TOKEN],
        [*URL_ARGS, "--token", TOKEN, "--success-url", f"ftp://x/?code={CODE}"],
        [*URL_ARGS, "--token", TOKEN, "--redirect-uri", f"https://a.example/cb?code={CODE}"],
        ["url", "--token", TOKEN],
        ["lint", BAD_URL, "--no-such-flag"],
        ["lint", BAD_URL, "--no-such-flag", TOKEN],
        ["no-such-command", CODE],
        [*URL_ARGS, f"--token{TOKEN}"],
        [*URL_ARGS, f"-t{TOKEN}"],
        [*URL_ARGS, f"--tok{TOKEN}"],
        ["lint", BAD_URL, f"--client-secret={CLIENT_SECRET}"],
        ["lint", BAD_URL, f"-s{CLIENT_SECRET}"],
        ["check-forwarder", f"https://app:{CLIENT_SECRET}@app.example.com/cb?code={CODE}"],
        ["check-forwarder", f"ftp://app:{CLIENT_SECRET}@app.example.com/cb"],
        ["check-forwarder", f"https://app:{CLIENT_SECRET}@127.0.0.1:9/cb", "--timeout", "2"],
    ],
    ids=[
        "bad-client-id",
        "bad-success-url",
        "two-redirects",
        "missing-args",
        "unknown-flag",
        "unknown-flag-secret-value",
        "unknown-command",
        "token-glued-to-its-flag",
        "token-glued-to-a-short-flag",
        "token-glued-to-a-prefix",
        "unknown-flag-with-a-value",
        "secret-glued-to-a-short-flag",
        "forwarder-url-password-and-query",
        "forwarder-url-password-bad-scheme",
        "forwarder-url-password-unreachable",
    ],
)
def test_usage_errors_do_not_echo_secrets(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    _, out, err = run_cli(argv, capsys)
    assert_clean(without_urls(out) + err)


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", BAD_URL],
        ["lint", BAD_URL, "--json"],
        ["explain", CALLBACK_URL],
        ["explain", CALLBACK_URL, "--json"],
        ["forward", CALLBACK_URL],  # forward has no --json
    ],
    ids=["lint", "lint-json", "explain", "explain-json", "forward"],
)
def test_commands_mask_every_secret(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run_cli(argv, capsys)
    assert code in (0, 1), err
    assert out
    assert_clean(out + err)


def test_check_app_never_shows_secret_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    manifest = json.loads((Path(__file__).parent / "data/manifests/good_graph.json").read_text())
    manifest["passwordCredentials"] = [
        {
            "displayName": "prod",
            "hint": CLIENT_SECRET[:3],
            "secretText": CLIENT_SECRET,
            "endDateTime": "2026-01-20T00:00:00Z",
            "keyId": "a5b5d1f2-7c0e-4b8a-9e61-2f4d3c9b8e10",
        }
    ]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    for flags in ([], ["--json"]):
        code, out, err = run_cli(["check-app", str(path), *flags], capsys)
        assert code in (0, 1), err
        assert_clean(out + err)


# -- sandbox ---------------------------------------------------------------------------------


@pytest.fixture
def sweep_world(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Put the sweep secrets into the sandbox's world and record every code and token issued."""
    issued: list[str] = []
    monkeypatch.setattr(config, "SECRET_VALUE", CLIENT_SECRET)
    monkeypatch.setattr(config, "API_KEY", API_KEY)
    real_code, real_token = entra.new_code, calendar_users.sign_token

    def new_code() -> str:
        issued.append(real_code())
        return issued[-1]

    def sign_token(*args: Any, **kwargs: Any) -> str:
        issued.append(real_token(*args, **kwargs))
        return issued[-1]

    monkeypatch.setattr(token_endpoint, "new_code", new_code)
    monkeypatch.setattr(recall, "sign_token", sign_token)
    return issued


@pytest.mark.parametrize("name", sorted(sandbox.SCENARIOS))
def test_sandbox_traces_and_reprs_mask_every_secret(name: str, sweep_world: list[str]) -> None:
    run = sandbox.run_scenario(name)
    surfaces = [run.as_text(), json.dumps([trace.as_dict() for trace in run.traces]), repr(run)]
    for trace in run.traces:
        surfaces += [trace.as_text(), repr(trace), trace.outcome.as_text()]
        surfaces += [repr(hop) for hop in trace.hops]
    assert sweep_world, "the scenario issued no code or token: nothing was swept"
    secrets = [*SECRETS, *sweep_world]
    for surface in surfaces:
        assert_clean(surface, secrets)
    world = config.default_world()
    assert_clean(repr(world) + repr(world.workspace) + repr(world.app), secrets)


def test_sandbox_command_json_masks_every_secret(
    capsys: pytest.CaptureFixture[str], sweep_world: list[str]
) -> None:
    for flags in ([], ["--json"]):
        code, out, err = run_cli(["sandbox", "--run", "--scenario", "production", *flags], capsys)
        assert code == 0, err
        assert_clean(out + err, [*SECRETS, *sweep_world])


# -- library values, reprs and exceptions ----------------------------------------------------


def test_reprs_and_results_mask_every_secret() -> None:
    request = parse_authorize_url(BAD_URL)
    surfaces = [repr(STATE), str(STATE), repr(request), json.dumps(request.as_dict())]
    surfaces += [repr(param) for param in request.params]
    findings = lint_authorize_url(BAD_URL)
    surfaces += [repr(findings), json.dumps([finding.as_dict() for finding in findings])]
    result = explain(CALLBACK_URL)
    surfaces += [repr(result), result.as_text(), json.dumps(result.as_dict())]
    for surface in surfaces:
        assert_clean(surface)


def test_exception_messages_mask_every_secret() -> None:
    errors: list[BaseException] = []
    attempts: list[Callable[[], object]] = [
        lambda: check_authorize_url(BAD_URL),
        lambda: build_authorize_url(client_id=TOKEN, redirect_uri=CALLBACK, state=STATE),
        lambda: build_authorize_url(client_id=CLIENT_ID, redirect_uri=f"ftp://x?code={CODE}"),
        lambda: CalendarState(recall_calendar_auth_token=TOKEN, ms_oauth_redirect_url=""),
        lambda: CalendarState.from_json('{"recall_calendar_auth_token": "' + TOKEN + '"'),
    ]
    for attempt in attempts:
        try:
            attempt()
        except RecallOutlookError as raised:
            errors.append(raised)
    assert len(errors) >= 3
    for error in errors:
        assert_clean(f"{error}\n{error!r}\n{error.args!r}")


def test_recall_api_client_masks_the_api_key_and_tokens() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        headers = request.headers
        sent = f"{headers.get('Authorization')} {headers.get('X-RecallCalendarAuthToken')}"
        status = {"/api/v1/calendar/user/": 403, "/api/v1/calendar/meetings/": 429}.get(
            request.url.path, 401
        )
        if status == 403:  # the firewall's page, echoing what it blocked
            return httpx.Response(403, text=f"<BODY><H1>403 ERROR</H1>{sent}</BODY>")
        echoed = {"detail": f"Invalid token. {sent}", "sent": [sent, {sent: sent}]}
        return httpx.Response(status, json=echoed, headers={"Retry-After": "5"})

    # As read from files: a trailing newline on the key, CR/LF on the token.
    client = RecallCalendarClient(api_key=API_KEY + "\n", transport=httpx.MockTransport(answer))
    assert_clean(repr(client))
    token = TOKEN + "\r\n"
    calls: list[Callable[[], object]] = [
        lambda: client.authenticate("user-1"),
        lambda: client.get_user(token),
        lambda: client.update_preferences(token, record_external=True),
        lambda: client.disconnect(token),
        lambda: client.delete_user(token),
        lambda: client.list_meetings(token),
        lambda: client.get_meeting(token, "m"),
        lambda: client.update_meeting(token, "m", override_should_record=False),
        lambda: client.refresh_meetings(token),
        lambda: client.list_calendar_users(email="a@b.test"),
    ]
    for call in calls:
        with pytest.raises(RecallAPIError) as caught:
            call()
        error = caught.value
        assert_clean(f"{error}\n{error!r}\n{error.args!r}\n{error.message}\n{error.data!r}")
    client.close()


@pytest.mark.parametrize(
    "bad", [API_KEY + "\nX-Injected: 1", API_KEY + " more", "\u00e9" + API_KEY]
)
def test_an_unusable_key_or_token_is_refused_without_showing_it(bad: str) -> None:
    with pytest.raises(RecallOutlookError) as caught:
        RecallCalendarClient(api_key=bad)
    assert_clean(f"{caught.value}\n{caught.value!r}")
    client = RecallCalendarClient(api_key=API_KEY, base_url="https://r.test")
    with pytest.raises(RecallOutlookError) as refused:
        client.get_user(bad.replace(API_KEY, TOKEN))
    assert_clean(f"{refused.value}\n{refused.value!r}")


# -- widgets ---------------------------------------------------------------------------------


def shown_values(widget: Any) -> Iterator[tuple[str, str]]:
    """Every text a widget tree shows, except the documented Password value and link hrefs."""
    kind = type(widget).__name__
    for name in ("value", "description", "placeholder", "tooltip", "options"):
        value = getattr(widget, name, None)
        if value is None or (kind == "Password" and name == "value"):
            continue
        text = value if isinstance(value, str) else repr(value)
        yield f"{kind}.{name}", re.sub(r'href="[^"]*"', 'href="…"', text)
    for child in getattr(widget, "children", ()):
        yield from shown_values(child)


def test_widgets_never_show_a_secret() -> None:
    pytest.importorskip("ipywidgets")
    from recall_outlook.widgets import AuthorizeUrlBuilder, Troubleshooter

    builder = AuthorizeUrlBuilder(calendar_auth_token=TOKEN, prompt="consent")
    builder.login_hint.value = "ada@contoso.com"
    troubleshooter = Troubleshooter(text=BAD_URL)
    panels = [builder.widget, troubleshooter.widget]
    troubleshooter.text.value = CALLBACK_URL
    panels.append(troubleshooter.widget)
    for panel in panels:
        for where, text in shown_values(panel):
            if where == "Textarea.value":  # what the user typed in, shown back to them
                continue
            assert leaks(text) == [], (where, text[:500])


# -- forwarder recipes, run as their README says ---------------------------------------------


@pytest.mark.parametrize("server", ["flask", "fastapi", "django", "nginx"])
def test_recipe_logs_mask_every_secret(server: str, tmp_path: Path) -> None:
    from tests import forwarders

    if server == "nginx":
        forwarders.nginx_binary()  # skips (or fails when required) without nginx
    start = getattr(forwarders, f"{server}_server")
    with start(tmp_path) as url, httpx.Client(follow_redirects=False) as client:
        response = client.get(f"{url}?code={CODE}&state={STATE_QUERY}&session_state=x")
        assert response.status_code == 302
    logs = [path for path in tmp_path.iterdir() if path.suffix in {".log", ".out"}]
    assert logs
    assert_clean("\n".join(path.read_text(errors="replace") for path in logs))


@settings(max_examples=60, deadline=None)
@given(
    flag=st.sampled_from(["--token", "-t", "--tok", "--client-secret", "-s", "--x", "-"]),
    secret=st.from_regex(r"[A-Za-z0-9._~-]{5,40}[A-Z0-9][A-Za-z0-9._~-]{0,20}", fullmatch=True),
)
@example(flag="-h", secret="00000")  # argparse: "ignored explicit argument '00000'"
@example(flag="--json=", secret="Secret0123456789")
def test_no_value_glued_to_a_flag_is_echoed(flag: str, secret: str) -> None:
    import contextlib
    import io

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = run_main([*URL_ARGS, flag + secret])
    # A usage error (2); Python 3.13's argparse reads "-h<value>" as --help instead (0).
    assert code == 2 or (code == 0 and (flag + secret).startswith("-h"))
    assert_clean(err.getvalue() + out.getvalue(), [secret])


def run_main(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
