"""The callback forwarding simulator, defined once: run a scenario, or forward a pasted callback.

A scenario runs in process ([`recall_outlook.sandbox.run_scenario`][]: local Microsoft,
local Recall and your app, no network) and each step's hops are drawn as a sequence diagram
([`_render.sequence_svg`][.._render.sequence_svg], arrows from
[`_trace.trace_arrows`][.._trace.trace_arrows]), the failing hops in
red; the outcome follows and, on failure, the explanation with the fix.

A pasted callback URL (what Microsoft redirected to) is forwarded with
[`recall_outlook.forwarder.forward.forward_url`][], the query kept byte for byte, and
explained when it carries an error. Text that is not a callback (no ``code`` and no ``error``
parameter) gets a message beside the box instead. Every URL shown is masked.

Changing any field forgets the last run: results appear when Run is pressed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from html import escape
from typing import Final, Literal
from urllib.parse import parse_qsl

from ...authorize.parse import parse_authorize_url
from ...errors import RecallOutlookError
from ...forwarder.forward import forward_url
from ...masking import mask_url
from ...regions import DEFAULT_REGION, REGIONS
from ...sandbox import SCENARIOS, Outcome, ScenarioRun, run_scenario
from ...troubleshoot.explain import Explanation, explain
from .._render import Arrow, code_block, explanation_html, scrolling_figure, sequence_svg
from .._trace import BROWSER, FORWARDER, LIFELINES, path_of, trace_arrows
from ..definition import Definition, Field, Section, View

__all__ = ["DEFINITION", "Mode", "SimulatorResult", "callback_query", "update"]

Mode = Literal["scenario", "callback"]
"""Run a sandbox scenario, or forward a pasted callback URL."""

_OK: Final = "#1b5e20"
_BAD: Final = "#b00020"
_LINE_BREAK: Final = re.compile(r"[ \t]*[\r\n]+\s*")
_OUTPUTS: Final = ("description_html", "steps_html", "outcome_html", "explanation_html")
_NOT_CALLBACK: Final = (
    "This is not a callback URL: it has no code= or error= parameter. Paste the whole URL "
    "Microsoft redirected the browser to (your redirect URI followed by ?code=... or ?error=...)."
)


@dataclass(frozen=True)
class SimulatorResult:
    """One update of the simulator.

    Attributes:
        run: The scenario run, when Run was pressed in scenario mode.
        forwarded: Where the forwarder sends the pasted callback (unmasked), when forwarded.
        explanation: The explanation of the failure: the run's outcome, or the pasted error.
        message: Why the pasted text cannot be forwarded.
        view: What a host shows.
    """

    run: ScenarioRun | None
    forwarded: str | None
    explanation: Explanation | None
    message: str | None
    view: View = field(repr=False)


def callback_query(text: str) -> str:
    """Return the query of a pasted callback URL (line breaks of a wrapped paste removed)."""
    text = _LINE_BREAK.sub("", text).strip()
    query = text.partition("?")[2] if "?" in text or "://" in text else text
    return query.partition("#")[0]


def _outcome_html(outcome: Outcome, verdict: str | None = None) -> str:
    color = _BAD if outcome.status == "failed" else _OK
    parts = [f'<b style="color:{color}">{outcome.status.upper()}</b> at {outcome.stopped_at}']
    if outcome.email:
        parts.append(f" as {code_block(outcome.email, inline=True)}")
    if outcome.error:
        parts.append(f"<br>error: {code_block(outcome.error, inline=True)}")
    parts.append(f"<br>last page: {code_block(outcome.url, inline=True)}")
    if verdict:
        parts.append(f"<br><i>{escape(verdict)}</i>")
    return "<div>" + "".join(parts) + "</div>"


def _scenario(name: str, html: dict[str, str]) -> SimulatorResult:
    result = run_scenario(name)
    pairs = list(zip(result.scenario.steps, result.traces, strict=True))
    blocks = []
    for number, (step, trace) in enumerate(pairs, 1):
        verdict = "as expected" if step.expect.met_by(trace.outcome) else "NOT as expected"
        diagram = sequence_svg(LIFELINES, trace_arrows(trace), title=step.label)
        block = f"<h4>Step {number}: {escape(step.label)}</h4>" + scrolling_figure(diagram)
        if number < len(pairs):  # the last step's outcome is the run's, shown below
            block += _outcome_html(trace.outcome, f"{verdict} ({step.expect.describe()})")
            explained = trace.outcome.explanation
            if explained is not None and not trace.outcome.ok:
                block += explanation_html(explained)
        blocks.append(block)
    html["steps_html"] = "<hr>".join(blocks)
    verdict = "every step ended as the scenario expects" if result.passed else "NOT as expected"
    expected = result.scenario.expected.describe()
    html["outcome_html"] = _outcome_html(result.outcome, f"{verdict} ({expected})")
    explanation = None if result.outcome.ok else result.outcome.explanation
    if explanation is not None:
        html["explanation_html"] = explanation_html(explanation)
    return SimulatorResult(result, None, explanation, None, View(html=html))


def _callback(text: str, region: str, html: dict[str, str]) -> SimulatorResult:
    query = callback_query(text)
    names = {name for name, _ in parse_qsl(query, keep_blank_values=True)}
    message: str | None = None
    if not text.strip():
        message = "Paste the whole URL Microsoft redirected to, with its ?code=... or ?error=..."
    elif not names & {"code", "error"}:
        message = _NOT_CALLBACK
    if message is None:
        try:
            forwarded = forward_url(query, region)
        except RecallOutlookError as error:  # longer than a forwarder accepts
            message = str(error)
    if message is not None:
        return SimulatorResult(None, None, None, message, View(html, {"callback_url": message}))
    shown, target = mask_url(text.strip()), mask_url(forwarded)
    has_error = "error" in names
    arrow = Arrow(BROWSER, FORWARDER, f"GET {path_of(shown)}", 302, f"Location: {target}")
    html["steps_html"] = scrolling_figure(
        sequence_svg(LIFELINES, [replace(arrow, failed=has_error)], title="forwarding")
    )
    lines = [f"Your forwarder redirects to: {code_block(target)}"]
    explanation = None
    if has_error:
        explanation = explain(text)
        lines.append(
            f'<b style="color:{_BAD}">Microsoft answered with an error</b>: Recall sends the '
            "user to your error_url."
        )
        html["explanation_html"] = explanation_html(explanation)
    else:
        state_error = parse_authorize_url(text).state_error
        if state_error:
            lines.append(f'<b style="color:{_BAD}">Recall cannot read the state</b>: ')
            lines.append(code_block(state_error, inline=True))
        else:
            lines.append(f'<b style="color:{_OK}">Recall can read the state</b>.')
    html["outcome_html"] = "<br>".join(lines)
    return SimulatorResult(None, forwarded, explanation, None, View(html=html))


def update(values: Mapping[str, str], event: str, now: float | None = None) -> SimulatorResult:
    """Show the inputs of the current mode; on ``run``, run the scenario or forward the paste.

    Args:
        values: ``mode``, ``scenario``, ``callback_url``, ``region``.
        event: ``"run_button"`` (the Run button) runs; any other event forgets the last run.
        now: Unused (the sandbox keeps its own clock).
    """
    scenario_mode = values["mode"] != "callback"
    picked = SCENARIOS[values["scenario"]]
    html = dict.fromkeys(_OUTPUTS, "")
    html["description_html"] = (
        f"{escape(picked.description)}<br><small>expected: "
        f"{escape(picked.expected.describe())}</small>"
    )
    hidden = (
        frozenset({"callback_url", "region"})
        if scenario_mode
        else frozenset({"scenario", "description_html"})
    )
    if event != "run_button":
        result = SimulatorResult(None, None, None, None, View(html=html))
    elif scenario_mode:
        result = _scenario(values["scenario"], html)
    else:
        result = _callback(values["callback_url"], values["region"], html)
    return replace(result, view=replace(result.view, hidden=hidden))


DEFINITION: Final = Definition(
    key="simulator",
    title="Callback forwarding simulator",
    fields=(
        Field("mode", "Mode", "toggle", "scenario",
              options=(("Sandbox scenario", "scenario"), ("Paste a callback URL", "callback"))),
        Field("scenario", "Scenario", "select", "production",
              options=tuple((name, name) for name in SCENARIOS)),
        Field("callback_url", "Callback URL", "textarea", rows=3,
              placeholder="https://app.example.com/api/ms_oauth_callback?code=...&state=..."),
        Field("region", "Region", "select", DEFAULT_REGION,
              options=tuple((name, name) for name in REGIONS)),
        Field("run_button", "Run", "button"),
    ),
    outputs=_OUTPUTS,
    sections=(
        Section(
            "", ("mode", "scenario", "description_html", "callback_url", "region", "run_button")
        ),
        Section("", ("steps_html", "outcome_html", "explanation_html")),
    ),
    update=update,
    server=True,
    placeholder=(
        "[Callback forwarding simulator: run a sandbox scenario and see each hop as a sequence "
        "diagram, or forward a pasted callback URL. Run the notebook's cells (Run > Run All "
        "Cells) to use it here.]"
    ),
)  # fmt: skip
"""The simulator: a mode, a scenario or a pasted callback, a Run button; the diagrams below."""
