"""The widget panels driven from Python: set `.value`s, read results (no kernel, no browser)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pytest

from recall_outlook.authorize.build import build_authorize_url
from recall_outlook.regions import REGIONS
from recall_outlook.register.publisher import PUBLISHER_STEPS
from recall_outlook.register.registration import az_command, graph_application_body
from recall_outlook.sandbox import SCENARIOS
from recall_outlook.widgets import (
    AuthorizeUrlBuilder,
    RegistrationHelper,
    Simulator,
    Troubleshooter,
)
from recall_outlook.widgets._render import Arrow, open_link, params_table, sequence_svg
from recall_outlook.widgets.builder import FIELDS, OWN_DOMAIN, SAMPLE_CLIENT_ID
from recall_outlook.widgets.simulator import LIFELINES, trace_arrows

TOKEN = "ZZtopSecretCalendarToken123"
FORWARDER = "https://app.example.com/api/ms_oauth_callback"
HREF = re.compile(r'href="[^"]*"')


def walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def shown_strings(root: Any, *, typed: Any = None) -> list[str]:
    """Every string a person can see in the tree: values, labels, placeholders, options.

    The Password field's own value is left out (the browser shows dots), so is the value of
    ``typed`` (the box the secret was pasted into), and so is every ``href`` (the "Open" link
    must carry the real URL to work).
    """
    found: list[str] = []
    for widget in walk(root):
        for name in ("value", "description", "placeholder", "tooltip"):
            value = getattr(widget, name, None)
            if not isinstance(value, str) or isinstance(widget, widgets.Password):
                continue
            if name == "value" and widget is typed:
                continue
            found.append(HREF.sub('href=""', value))
        found.extend(str(label) for label in getattr(widget, "_options_labels", ()))
    return found


def assert_token_hidden(root: Any, token: str = TOKEN, *, typed: Any = None) -> None:
    for text in shown_strings(root, typed=typed):
        assert token not in text
        assert token.lower() not in text.lower()


# -- Authorize URL builder ------------------------------------------------------------------


def test_builder_defaults_are_samples_and_build_a_clean_url() -> None:
    builder = AuthorizeUrlBuilder()
    assert builder.client_id.value == SAMPLE_CLIENT_ID
    assert builder.url is not None
    assert builder.url.startswith(
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id="
    )
    assert not builder.errors
    # Recall's callback as redirect URI is fine for development: only an info/warning remains.
    assert {f.code for f in builder.findings} == {"redirect-uri-recall-development"}
    assert isinstance(builder.widget, widgets.VBox)


def test_builder_url_equals_the_core_builder() -> None:
    builder = AuthorizeUrlBuilder(calendar_auth_token=TOKEN, login_hint="ada@contoso.com")
    builder.redirect.value = "eu-central-1"
    builder.prompt.value = "select_account"
    assert builder.url == build_authorize_url(
        client_id=SAMPLE_CLIENT_ID,
        redirect_uri=REGIONS["eu-central-1"].ms_callback_url,
        calendar_auth_token=TOKEN,
        success_url="https://app.example.com/calendar/connected",
        error_url="https://app.example.com/calendar/error",
        prompt="select_account",
        login_hint="ada@contoso.com",
    )


def test_builder_recomputes_findings_as_fields_change() -> None:
    builder = AuthorizeUrlBuilder()
    builder.prompt.value = "consent"
    assert "prompt-consent" in {f.code for f in builder.findings}
    assert "prompt-consent" in builder.findings_html.value
    builder.prompt.value = ""
    assert "prompt-consent" not in {f.code for f in builder.findings}
    assert builder.url is not None
    assert "prompt=" not in builder.url


def test_builder_empty_optional_fields_are_left_out() -> None:
    builder = AuthorizeUrlBuilder()
    builder.success_url.value = ""
    builder.error_url.value = "   "
    assert builder.request is not None
    state = builder.request.calendar_state
    assert state is not None
    assert state.success_url is None
    assert state.error_url is None


def test_builder_own_domain_redirect() -> None:
    builder = AuthorizeUrlBuilder()
    assert builder.redirect_uri.disabled
    builder.redirect.value = OWN_DOMAIN
    assert not builder.redirect_uri.disabled
    builder.redirect_uri.value = "https://app.example.com/api/ms_oauth_callback"
    assert builder.request is not None
    assert builder.request.redirect_uri == "https://app.example.com/api/ms_oauth_callback"
    state = builder.request.calendar_state
    assert state is not None
    assert state.ms_oauth_redirect_url == builder.request.redirect_uri
    # Switching away and back keeps what was typed for the own domain.
    builder.redirect.value = "us-west-2"
    assert builder.redirect_uri.value == REGIONS["us-west-2"].ms_callback_url
    builder.redirect.value = OWN_DOMAIN
    assert builder.redirect_uri.value == "https://app.example.com/api/ms_oauth_callback"


def test_builder_own_redirect_uri_argument_selects_own_domain() -> None:
    builder = AuthorizeUrlBuilder(redirect_uri="https://app.example.com/cb")
    assert builder.redirect.value == OWN_DOMAIN
    recall = AuthorizeUrlBuilder(redirect_uri=REGIONS["eu-central-1"].ms_callback_url)
    assert recall.redirect.value == "eu-central-1"


def test_builder_bad_redirect_uri_is_a_finding_with_its_fix() -> None:
    builder = AuthorizeUrlBuilder()
    builder.redirect.value = OWN_DOMAIN
    builder.redirect_uri.value = "http://app.example.com/cb#section"
    codes = {f.code for f in builder.findings}
    assert {"redirect-uri-has-fragment", "redirect-uri-not-https"} <= codes
    fix = next(f.fix for f in builder.findings if f.code == "redirect-uri-has-fragment")
    assert html.escape(fix) in builder.findings_html.value


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("client_id", ""),
        ("calendar_auth_token", ""),
        ("tenant", "common/oauth2"),
        ("tenant", "  "),
    ],
)
def test_builder_invalid_field_shows_a_message_beside_it(field: str, value: str) -> None:
    builder = AuthorizeUrlBuilder()
    getattr(builder, field).value = value
    message = builder.error_for(field)
    assert message
    assert builder.url is None
    assert builder.findings == ()
    assert message in builder.messages[field].value
    # Beside the field: the message widget sits in the same row as the input.
    row = next(w for w in walk(builder.widget) if isinstance(w, widgets.HBox) and
               getattr(builder, field) in w.children)  # fmt: skip
    assert builder.messages[field] in row.children
    assert "Traceback" not in "".join(shown_strings(builder.widget))
    for other in set(FIELDS) - {field}:
        assert builder.error_for(other) is None


def test_builder_message_clears_once_fixed() -> None:
    builder = AuthorizeUrlBuilder()
    builder.client_id.value = ""
    assert builder.error_for("client_id")
    builder.client_id.value = SAMPLE_CLIENT_ID
    assert builder.error_for("client_id") is None
    assert builder.messages["client_id"].value == ""
    assert builder.url is not None


def test_builder_error_for_unknown_field() -> None:
    with pytest.raises(KeyError, match="not a field"):
        AuthorizeUrlBuilder().error_for("secret")


def test_builder_params_table_decodes_the_state_masked() -> None:
    builder = AuthorizeUrlBuilder(calendar_auth_token=TOKEN)
    table = builder.params_html.value
    for key in ("recall_calendar_auth_token", "ms_oauth_redirect_url", "success_url"):
        assert key in table
    for name in ("client_id", "response_type", "redirect_uri", "response_mode", "scope"):
        assert f"<code>{name}</code>" in table
    assert "ZZt…***" in table


def test_builder_token_never_shown_unmasked() -> None:
    builder = AuthorizeUrlBuilder(calendar_auth_token=TOKEN)
    builder.prompt.value = "consent"
    builder.redirect.value = OWN_DOMAIN
    assert builder.url is not None
    assert TOKEN in builder.url  # the Python property is the real URL ...
    assert builder.masked_url is not None
    assert TOKEN not in builder.masked_url
    assert_token_hidden(builder.widget)  # ... but nothing displayed holds the token
    # The link's href is the real URL, so that clicking it works.
    assert f'href="{builder.url}"'.replace("&", "&amp;") in builder.link_html.value
    assert 'target="_blank"' in builder.link_html.value


def test_builder_token_hidden_in_messages_too() -> None:
    builder = AuthorizeUrlBuilder(calendar_auth_token=TOKEN)
    builder.client_id.value = ""
    assert_token_hidden(builder.widget)
    builder.client_id.value = "not-a-guid"
    assert_token_hidden(builder.widget)


def test_builder_html_escapes_user_input() -> None:
    builder = AuthorizeUrlBuilder()
    builder.login_hint.value = "<script>alert(1)</script>"
    assert "<script>" not in builder.params_html.value
    assert "&lt;script&gt;" in builder.params_html.value


# -- Troubleshooter --------------------------------------------------------------------------


def test_troubleshooter_aadsts_code() -> None:
    panel = Troubleshooter(text="AADSTS90094")
    assert panel.kind == "error"
    assert panel.explanation is not None
    assert [entry.key for entry in panel.explanation.entries] == ["AADSTS90094"]
    entry = panel.explanation.entries[0]
    assert entry.title in panel.diagnosis_html.value
    panel.text.value = "50011"
    assert panel.explanation is not None
    assert panel.explanation.entries[0].key == "AADSTS50011"


def test_troubleshooter_error_url() -> None:
    panel = Troubleshooter(
        text="https://app.example.com/calendar/error?error=access_denied"
        "&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app."
    )
    assert panel.kind == "error"
    assert panel.explanation is not None
    assert {"AADSTS65004", "access_denied"} <= {e.key for e in panel.explanation.entries}
    assert "Fix:" in panel.diagnosis_html.value


def test_troubleshooter_reads_a_token_endpoint_answer_in_context() -> None:
    panel = Troubleshooter(
        text='{"error":"invalid_grant","error_description":"AADSTS9002313: Invalid request. '
        'Request is malformed or invalid.","error_codes":[9002313]}'
    )
    assert panel.explanation is not None
    assert panel.explanation.where == "token"
    assert "Authorization code or refresh token malformed" in panel.diagnosis_html.value
    assert "token endpoint" in panel.diagnosis_html.value


def test_troubleshooter_authorize_url() -> None:
    url = build_authorize_url(
        client_id=SAMPLE_CLIENT_ID,
        redirect_uri=REGIONS["us-east-1"].ms_callback_url,
        calendar_auth_token=TOKEN,
        prompt="consent",
    )
    panel = Troubleshooter(text=url)
    assert panel.kind == "authorize_url"
    assert panel.explanation is None
    assert "prompt-consent" in {f.code for f in panel.findings}
    assert "prompt-consent" in panel.diagnosis_html.value
    assert "recall_calendar_auth_token" in panel.params_html.value
    assert_token_hidden(panel.widget, typed=panel.text)


def test_troubleshooter_callback_with_code_is_masked() -> None:
    panel = Troubleshooter(
        text="https://app.example.com/api/cb?code=0.AXkAsecretcode42&state=%7B%7D"
    )
    assert panel.kind == "callback"
    assert "secretcode42" not in "".join(shown_strings(panel.widget, typed=panel.text))


def test_troubleshooter_empty_and_unknown() -> None:
    panel = Troubleshooter(text="")
    assert panel.kind == "empty"
    panel.text.value = "AADSTS1234567"
    assert panel.explanation is not None
    assert not panel.explanation.known
    assert "login.microsoftonline.com/error?code=1234567" in panel.diagnosis_html.value


# -- Rendering --------------------------------------------------------------------------------


def test_open_link_refuses_other_schemes() -> None:
    assert open_link("javascript:alert(1)") == ""
    assert open_link(None) == ""
    assert open_link('https://x.example/?a="b"').count('"') == 6


def test_params_table_escapes() -> None:
    table = params_table([("<b>", "<i>")], {"k": "<u>"}, state_error=None)
    assert "<b>" not in table
    assert "&lt;i&gt;" in table
    assert "&lt;u&gt;" in table


def test_sequence_svg_draws_one_arrow_per_hop() -> None:
    svg = sequence_svg(
        ["Browser", "Microsoft"],
        [Arrow(0, 1, "GET /authorize", 302), Arrow(0, 1, "GET <x>", 400, failed=True)],
    )
    assert svg.startswith("<svg")
    assert svg.count('<g class="hop') == 2
    assert svg.count('class="hop failed"') == 1
    assert "&lt;x&gt;" in svg
    assert "<script" not in svg


# -- Callback forwarding simulator ----------------------------------------------------------


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_simulator_runs_each_scenario_to_its_expected_outcome(name: str) -> None:
    panel = Simulator(scenario=name)
    assert panel.result is None
    assert panel.steps_html.value == ""
    panel.run_button.click()
    scenario = SCENARIOS[name]
    assert panel.result is not None
    assert panel.passed
    assert panel.outcome is not None
    assert scenario.expected.met_by(panel.outcome)
    assert len(panel.traces) == len(scenario.steps)
    # One SVG per step, one arrow per hop, and the outcome stated.
    assert panel.steps_html.value.count("<svg") == len(scenario.steps)
    assert panel.steps_html.value.count('<g class="hop') == sum(len(t.hops) for t in panel.traces)
    for lifeline in LIFELINES:
        assert f">{lifeline}</text>" in panel.steps_html.value.replace("&#x27;", "'")
    assert panel.outcome.status.upper() in panel.outcome_html.value
    if panel.outcome.ok:
        assert panel.explanation is None
        assert panel.explanation_html.value == ""
    else:
        assert 'class="hop failed"' in panel.steps_html.value
        assert panel.explanation is not None
        if scenario.expected.key:
            assert scenario.expected.key in panel.explanation_html.value
            entry = next(e for e in panel.explanation.entries if e.key == scenario.expected.key)
            assert html.escape(entry.fix) in panel.explanation_html.value
    assert "<script" not in panel.steps_html.value


def test_simulator_failure_hop_is_the_token_exchange() -> None:
    panel = Simulator(scenario="wrong-client-secret")
    panel.run()
    arrows = trace_arrows(panel.traces[-1])
    failed = [a for a in arrows if a.failed]
    token = next(a for a in failed if a.status == 401)
    assert (LIFELINES[token.source], LIFELINES[token.target]) == ("Recall", "Microsoft")
    assert "/oauth2/v2.0/token" in token.label


def test_simulator_forwarder_has_its_own_lifeline() -> None:
    panel = Simulator(scenario="production")
    panel.run()
    targets = {LIFELINES[a.target] for a in trace_arrows(panel.traces[0])}
    assert targets == {"Your app", "Recall", "Microsoft", "Your forwarder"}
    dev = Simulator(scenario="development")
    dev.run()
    assert "Your forwarder" not in {LIFELINES[a.target] for a in trace_arrows(dev.traces[0])}


def test_simulator_changing_scenario_clears_the_last_run() -> None:
    panel = Simulator(scenario="production")
    panel.run()
    panel.scenario.value = "user-declines"
    assert panel.result is None
    assert panel.steps_html.value == ""
    assert SCENARIOS["user-declines"].description[:20] in panel.description_html.value


def test_simulator_traces_show_no_secret() -> None:
    panel = Simulator(scenario="production")
    panel.run()
    shown = "".join(shown_strings(panel.widget))
    assert "sample-calendar-auth-token" not in shown
    assert "code=" in html.unescape(panel.steps_html.value)
    assert re.search(r"code=[^&\s]*\*\*\*", html.unescape(panel.steps_html.value))


def test_simulator_pasted_callback_is_forwarded_as_is() -> None:
    query = "code=0.AXkAsecretcode42&state=%7B%22a%22%3A1%7D&session_state=x"
    panel = Simulator(
        mode="callback",
        callback_url=f"https://app.example.com/api/ms_oauth_callback?{query}",
        region="eu-central-1",
    )
    panel.run()
    assert panel.result is None
    assert panel.forwarded_url is not None
    assert panel.forwarded_url.startswith(REGIONS["eu-central-1"].ms_callback_url + "?code=")
    assert "state=%7B%22a%22%3A1%7D&session_state=x" in panel.forwarded_url
    assert "secretcode42" not in "".join(shown_strings(panel.widget, typed=panel.callback_url))
    assert panel.steps_html.value.count('<g class="hop') == 1
    assert "cannot read the state" in panel.outcome_html.value


def test_simulator_pasted_error_callback_is_explained() -> None:
    panel = Simulator(
        mode="callback",
        callback_url="https://app.example.com/api/ms_oauth_callback?error=access_denied"
        "&error_description=AADSTS65004%3A+User+declined+to+consent.&state=%7B%7D",
    )
    panel.run()
    assert panel.explanation is not None
    assert "AADSTS65004" in {e.key for e in panel.explanation.entries}
    assert "Fix:" in panel.explanation_html.value
    assert 'class="hop failed"' in panel.steps_html.value


def test_simulator_pasted_nothing_shows_a_message() -> None:
    panel = Simulator(mode="callback", callback_url="   ")
    panel.run()
    assert "Paste the whole URL" in panel.message_html.value
    assert panel.forwarded_url is None


# -- Registration helper ---------------------------------------------------------------------


def test_registration_shows_az_command_and_graph_body() -> None:
    panel = RegistrationHelper(name="Acme Notes", redirect_uris=(FORWARDER,))
    assert panel.az == az_command(name="Acme Notes", redirect_uris=[FORWARDER])
    assert panel.graph_body == graph_application_body(name="Acme Notes", redirect_uris=[FORWARDER])
    assert html.escape(panel.az) in panel.az_html.value
    assert panel.graph_json is not None
    assert html.escape(panel.graph_json) in panel.graph_html.value
    assert "POST https://graph.microsoft.com/v1.0/applications" in panel.graph_html.value
    assert panel.findings == ()


def test_registration_recomputes_as_fields_change() -> None:
    panel = RegistrationHelper()
    panel.redirect_uris.value = f"  {FORWARDER}  \n\n https://app.example.com/other \n"
    assert panel.graph_body is not None
    assert panel.graph_body["web"]["redirectUris"] == [FORWARDER, "https://app.example.com/other"]
    panel.name.value = "Renamed"
    assert panel.az is not None
    assert "--display-name Renamed" in panel.az


def test_registration_invalid_fields_show_messages_beside_them() -> None:
    panel = RegistrationHelper()
    panel.name.value = "  "
    assert panel.az is None
    assert panel.graph_body is None
    assert "display name is empty" in panel.name_message.value
    assert panel.redirect_uris_message.value == ""
    panel.name.value = "Acme"
    panel.redirect_uris.value = "http://app.example.com/cb#frag"
    assert panel.name_message.value == ""
    assert "fragment" in panel.redirect_uris_message.value
    assert "redirect-uri-has-fragment" in {f.code for f in panel.findings}
    assert "Fix the fields" in panel.az_html.value
    panel.redirect_uris.value = ""
    assert "No redirect URI" in panel.redirect_uris_message.value


def test_registration_checks_a_pasted_manifest() -> None:
    panel = RegistrationHelper()
    assert panel.manifest_findings is None
    body = graph_application_body(name="Acme", redirect_uris=[FORWARDER])
    panel.manifest.value = json.dumps(body)
    assert panel.manifest_error is None
    assert panel.manifest_findings is not None
    assert {f.code for f in panel.manifest_findings} == {"app-no-secret"}
    bad = {**body, "signInAudience": "AzureADMyOrg", "requiredResourceAccess": []}
    panel.manifest.value = json.dumps(bad)
    assert panel.manifest_findings is not None
    codes = {f.code for f in panel.manifest_findings}
    assert {"app-audience-single-tenant", "app-calendars-read-missing"} <= codes
    assert "app-audience-single-tenant" in panel.manifest_html.value


def test_registration_unreadable_manifest_shows_a_message_beside_it() -> None:
    panel = RegistrationHelper()
    panel.manifest.value = "{not json"
    assert panel.manifest_error
    assert panel.manifest_findings is None
    assert "not JSON" in panel.manifest_message.value
    assert panel.manifest_html.value == ""
    assert "Traceback" not in "".join(shown_strings(panel.widget))
    panel.manifest.value = ""
    assert panel.manifest_error is None
    assert panel.manifest_message.value == ""


def test_registration_shows_the_publisher_checklist() -> None:
    panel = RegistrationHelper()
    value = panel.publisher_html.value
    assert value.count("<li>") == len(PUBLISHER_STEPS)
    for step in PUBLISHER_STEPS:
        assert html.escape(step.title) in value
        assert f'href="{html.escape(step.doc_url)}"' in value


def test_simulator_pasted_callback_too_long_shows_a_message() -> None:
    panel = Simulator(mode="callback", callback_url="https://a.example/cb?code=" + "x" * 100_000)
    panel.run()
    assert panel.message_html.value
    assert panel.forwarded_url is None


@pytest.mark.parametrize(
    "panel", [AuthorizeUrlBuilder, Troubleshooter, RegistrationHelper, Simulator]
)
def test_panels_display_themselves(panel: Any) -> None:
    shown = panel()
    assert isinstance(shown.widget, widgets.VBox)
    bundle = shown._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shown.widget.model_id


def test_simulator_pasted_text_that_is_no_callback_is_not_forwarded() -> None:
    panel = Simulator(mode="callback", callback_url="https://app.example.com/hello?x=1")
    panel.run()
    assert "not a callback URL" in panel.message_html.value
    assert panel.forwarded_url is None
    assert panel.steps_html.value == ""


def test_simulator_paste_mode_hides_the_scenario_text() -> None:
    panel = Simulator(mode="callback")
    assert panel.description_html.layout.display == "none"
    panel.mode.value = "scenario"
    assert panel.description_html.layout.display is None


def test_builder_puts_lint_errors_beside_their_field_and_disables_the_link() -> None:
    builder = AuthorizeUrlBuilder()
    builder.client_id.value = SAMPLE_CLIENT_ID[:-1]
    assert (builder.error_for("client_id") or "").startswith("client-id-not-guid")
    assert "client-id-not-guid" in builder.messages["client_id"].value
    assert "href" not in builder.link_html.value
    assert 'aria-disabled="true"' in builder.link_html.value
    builder.client_id.value = SAMPLE_CLIENT_ID
    assert "href" in builder.link_html.value
    builder.redirect.value = OWN_DOMAIN
    for uri, code in (
        ("http://app.example.com/cb", "redirect-uri-not-https"),
        ("https://us-east-1.recall.ai/api/v1/calendar/google_oauth_callback/", "redirect-uri-"),
    ):
        builder.redirect_uri.value = uri
        assert (builder.error_for("redirect_uri") or "").startswith(code), uri
    builder.redirect_uri.value = "https://app.example.com/cb"
    builder.tenant.value = "comon"
    assert (builder.error_for("tenant") or "").startswith("tenant-invalid")
    assert "endpoint-not-microsoft" not in builder.findings_html.value


def test_registration_names_the_wrong_redirect_uri_line() -> None:
    panel = RegistrationHelper()
    panel.redirect_uris.value = f"{FORWARDER}\nhttp://app.example.com/cb"
    assert "Line 2 (http://app.example.com/cb)" in panel.redirect_uris_message.value
    assert "Line 1" not in panel.redirect_uris_message.value
    panel.name.value = ""
    assert "Pass --" not in panel.findings_html.value


def test_a_panel_shows_plain_text_before_its_notebook_runs() -> None:
    for panel in (AuthorizeUrlBuilder(), Troubleshooter(), RegistrationHelper(), Simulator()):
        text = panel._repr_mimebundle_()["text/plain"]
        assert "VBox" not in text
        assert "Run All Cells" in text


def test_code_blocks_are_single_spaced_and_wrap() -> None:
    panel = RegistrationHelper()
    assert "<pre" in panel.az_html.value
    assert "line-height:1.45" in panel.az_html.value
    assert "white-space:pre-wrap" in panel.az_html.value
