"""register: the az command and Microsoft Graph body that register Recall's app."""

from __future__ import annotations

import json
import shlex

import pytest
from hypothesis import given

from recall_outlook.cli import main
from recall_outlook.findings import Severity
from recall_outlook.register.registration import (
    MICROSOFT_GRAPH_APP_ID,
    SIGN_IN_AUDIENCE,
    RegistrationError,
    az_command,
    check_registration,
    graph_application_body,
    registration_output,
    required_resource_access,
)
from recall_outlook.scopes import SCOPES
from tests.strategies import printable

OWN = "https://app.example.com/api/ms_oauth_callback"
DEV = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"


def argv_of(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", " "))


def test_required_resource_access_has_the_four_delegated_graph_permissions() -> None:
    (graph,) = required_resource_access()
    assert (
        graph["resourceAppId"] == MICROSOFT_GRAPH_APP_ID == "00000003-0000-0000-c000-000000000000"
    )
    assert graph["resourceAccess"] == [
        {"id": "7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "type": "Scope"},  # offline_access
        {"id": "37f7f235-527c-4136-accd-4a02d197296e", "type": "Scope"},  # openid
        {"id": "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "type": "Scope"},  # email
        {"id": "465a38f9-76ea-45b9-9f34-9e8b0d4b0b42", "type": "Scope"},  # Calendars.Read
    ]
    assert [access["id"] for access in graph["resourceAccess"]] == [s.permission_id for s in SCOPES]


def test_graph_body() -> None:
    body = graph_application_body(name=" Acme Calendar ", redirect_uris=[OWN, DEV])
    assert body == {
        "displayName": "Acme Calendar",
        "signInAudience": "AzureADandPersonalMicrosoftAccount",
        "api": {"requestedAccessTokenVersion": 2},
        "web": {"redirectUris": [OWN, DEV]},
        "requiredResourceAccess": required_resource_access(),
    }


def test_az_command_parses_back_to_the_registration() -> None:
    argv = argv_of(az_command(name='Acme\'s "Calendar" $HOME', redirect_uris=[OWN, DEV]))
    assert argv[:4] == ["az", "ad", "app", "create"]
    assert argv[argv.index("--display-name") + 1] == 'Acme\'s "Calendar" $HOME'
    assert argv[argv.index("--sign-in-audience") + 1] == SIGN_IN_AUDIENCE
    start = argv.index("--web-redirect-uris") + 1
    assert argv[start : start + 2] == [OWN, DEV]
    assert argv[argv.index("--requested-access-token-version") + 1] == "2"
    accesses = json.loads(argv[argv.index("--required-resource-accesses") + 1])
    assert accesses == required_resource_access()


@given(name=printable)
def test_any_name_survives_shell_quoting(name: str) -> None:
    argv = argv_of(az_command(name=name, redirect_uris=[OWN]))
    assert argv[argv.index("--display-name") + 1] == name.strip()


def test_the_development_callback_registers_with_a_note() -> None:
    findings = check_registration(name="Acme", redirect_uris=[DEV])
    assert [(f.code, f.severity) for f in findings] == [
        ("redirect-uri-recall-development", Severity.INFO)
    ]
    assert DEV in registration_output(name="Acme", redirect_uris=[DEV])


@pytest.mark.parametrize(
    ("name", "uris", "code"),
    [
        ("Acme", ["http://app.example.com/cb"], "redirect-uri-not-https"),
        ("Acme", [OWN + "?tenant=1"], "redirect-uri-has-query"),
        ("Acme", ["https://app.example.com/*"], "redirect-uri-wildcard"),
        ("Acme", [DEV.rstrip("/")], "redirect-uri-recall-wrong-path"),
        ("Acme", [OWN, OWN], "registration-duplicate-redirect-uri"),
        ("Acme", [], "registration-no-redirect-uri"),
        ("  ", [OWN], "registration-name-missing"),
        ("Acme", [f"{OWN}/{n}" for n in range(101)], "registration-too-many-redirect-uris"),
    ],
)
def test_bad_inputs_are_refused(name: str, uris: list[str], code: str) -> None:
    assert code in {finding.code for finding in check_registration(name=name, redirect_uris=uris)}
    for build in (az_command, graph_application_body):
        with pytest.raises(RegistrationError) as raised:
            build(name=name, redirect_uris=uris)
        assert code in {finding.code for finding in raised.value.findings}
        assert "cannot register the app" in str(raised.value)


# -- the command line ------------------------------------------------------------------------


def test_cli_prints_the_az_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "--name", "Acme", "--redirect-uri", OWN, "--redirect-uri", DEV]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == az_command(name="Acme", redirect_uris=[OWN, DEV])
    assert "redirect-uri-recall-development" in captured.err
    assert "client secret" in captured.err


def test_cli_prints_the_graph_body(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "--name", "Acme", "--redirect-uri", OWN, "--format", "graph"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == graph_application_body(name="Acme", redirect_uris=[OWN])
    assert "https://graph.microsoft.com/v1.0/applications" in captured.err


def test_cli_refuses_a_bad_redirect_uri(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "--name", "Acme", "--redirect-uri", "http://app.example.com/"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "redirect-uri-not-https" in captured.err


@pytest.mark.parametrize("output", ["az", "graph"])
def test_cli_json(output: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["register", "--name", "A", "--redirect-uri", OWN, "--format", output, "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"format", "ok", "output", "findings"}
    assert data["ok"] is True
    assert data["format"] == output
    expected = registration_output(name="A", redirect_uris=[OWN], output="az")
    assert data["output"] == (
        graph_application_body(name="A", redirect_uris=[OWN]) if output == "graph" else expected
    )


def test_cli_json_on_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "--name", "A", "--redirect-uri", OWN + "#x", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["output"] is None
    assert "redirect-uri-has-fragment" in {finding["code"] for finding in data["findings"]}


@pytest.mark.parametrize(
    "argv",
    [
        ["register", "--name", "Acme"],
        ["register", "--redirect-uri", OWN],
        ["register", "--name", "A", "--redirect-uri", OWN, "--format", "bicep"],
    ],
)
def test_cli_usage_errors_exit_2(argv: list[str]) -> None:
    assert main(argv) == 2
