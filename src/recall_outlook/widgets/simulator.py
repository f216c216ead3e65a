"""The callback forwarding simulator: run a sandbox scenario, or forward a pasted callback URL.

A scenario runs in process ([`recall_outlook.sandbox.run_scenario`][]: local Microsoft, local
Recall and your app, no network) and each step's hops are drawn as a sequence diagram of inline
SVG: lifelines for the browser, Microsoft, your forwarder, Recall and your app, one arrow per
hop with its masked path and status, the failing hops in red. The outcome follows and, on
failure, [`recall_outlook.troubleshoot.explain.explain`][]'s answer with the fix.

A pasted callback URL (what Microsoft redirected to) is forwarded with
[`recall_outlook.forwarder.forward.forward_url`][], the query kept byte for byte, and explained
when it
carries an error. Every URL shown is masked; the trace is masked when it is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from html import escape as _escape
from typing import Any, Final, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import ipywidgets as widgets

from ..authorize.parse import parse_authorize_url
from ..errors import RecallOutlookError
from ..forwarder.forward import forward_url
from ..masking import mask_url
from ..regions import DEFAULT_REGION, REGIONS
from ..sandbox import SCENARIOS, Hop, Outcome, ScenarioRun, Trace, run_scenario
from ..sandbox.config import FORWARDER_PATH
from ..troubleshoot.explain import Explanation, explain
from ._panel import Panel, labelled
from ._render import Arrow, code_block, explanation_html, field_message, sequence_svg

__all__ = ["LIFELINES", "Mode", "Simulator", "trace_arrows"]

LIFELINES: Final = ("Browser", "Microsoft", "Your forwarder", "Recall", "Your app")
"""The parties of the sequence diagram, left to right."""

Mode = Literal["scenario", "callback"]
"""Run a sandbox scenario, or forward a pasted callback URL."""

_BROWSER, _MICROSOFT, _FORWARDER, _RECALL, _APP = range(5)
_OK: Final = "#1b5e20"
_LINE_BREAK: Final = re.compile(r"[ \t]*[\r\n]+\s*")
_BAD: Final = "#b00020"


def _is_failure(hop: Hop) -> bool:
    """A hop fails when it answers with an error status or redirects with ``error=``."""
    if hop.status >= 400:
        return True
    if not hop.location:
        return False
    parts = urlsplit(hop.location)
    return any(name == "error" for name, _ in parse_qsl(parts.query or parts.fragment))


def _path(url: str) -> str:
    """The path and query of an already masked URL, percent-decoded to be read."""
    parts = urlsplit(url)
    return unquote(parts.path + (f"?{parts.query}" if parts.query else ""))


def trace_arrows(trace: Trace) -> list[Arrow]:
    """Return one arrow per hop of ``trace``, from the caller's lifeline to the answerer's.

    Browser requests leave from the browser; server-to-server calls from Recall (to Microsoft's
    token endpoint) or from your app (to Recall's API). Your app's forwarder path is drawn on
    its own lifeline. When a failed run shows no failing hop, its last hop is marked.
    """
    arrows = []
    for hop in trace.hops:
        if hop.party == "microsoft":
            target = _MICROSOFT
        elif hop.party == "recall":
            target = _RECALL
        else:
            target = _FORWARDER if urlsplit(hop.url).path == FORWARDER_PATH else _APP
        # Server to server: Recall redeems the code at Microsoft; your app calls Recall's API.
        back_caller = _RECALL if target == _MICROSOFT else _APP
        source = _BROWSER if hop.channel == "front" else back_caller
        detail = "\n".join(
            part
            for part in (hop.url, f"Location: {hop.location}" if hop.location else "", hop.note)
            if part
        )
        label = f"{hop.method} {_path(hop.url)}"
        arrows.append(Arrow(source, target, label, hop.status, detail, _is_failure(hop)))
    if trace.outcome.status == "failed" and arrows and not any(a.failed for a in arrows):
        arrows[-1] = replace(arrows[-1], failed=True)
    return arrows


def _outcome_html(outcome: Outcome, verdict: str | None = None) -> str:
    color = _BAD if outcome.status == "failed" else _OK
    parts = [f'<b style="color:{color}">{outcome.status.upper()}</b> at {outcome.stopped_at}']
    if outcome.email:
        parts.append(f" as {code_block(outcome.email)}")
    if outcome.error:
        parts.append(f"<br>error: {code_block(outcome.error)}")
    parts.append(f"<br>last page: {code_block(outcome.url)}")
    if verdict:
        parts.append(f"<br><i>{verdict}</i>")
    return "<div>" + "".join(parts) + "</div>"


class Simulator(Panel):
    """Run a sandbox scenario or forward a pasted callback, and draw what happened.

    Args:
        scenario: The scenario picked at first (see [`recall_outlook.sandbox.SCENARIOS`][]).
        mode: ``scenario`` or ``callback``.
        callback_url: The callback URL pasted at first.
        region: The Recall region a pasted callback is forwarded to.

    Attributes:
        mode: ``ToggleButtons``: run a scenario, or paste a callback URL.
        scenario: ``Dropdown`` of the scenarios; description_html: its one-line description.
        callback_url: ``Textarea`` for a pasted callback URL; region: ``Dropdown`` of regions.
        run_button: ``Button`` that calls [`run`][].
        message_html: A message beside the pasted URL when it cannot be forwarded.
        steps_html: Per step: a heading, the sequence diagram (SVG), the outcome.
        outcome_html: How the run ended (the last step), and whether as the scenario expects.
        explanation_html: On failure, what it means and the fix.
    """

    def __init__(
        self,
        *,
        scenario: str = "production",
        mode: Mode = "scenario",
        callback_url: str = "",
        region: str = DEFAULT_REGION,
    ) -> None:
        self.mode = widgets.ToggleButtons(
            options=[("Sandbox scenario", "scenario"), ("Paste a callback URL", "callback")],
            value=mode,
        )
        self.scenario = widgets.Dropdown(
            options=list(SCENARIOS), value=scenario, description="Scenario"
        )
        self.description_html = widgets.HTML()
        self.callback_url = widgets.Textarea(
            value=callback_url,
            description="Callback URL",
            placeholder="https://app.example.com/api/ms_oauth_callback?code=...&state=...",
            layout=widgets.Layout(width="760px", height="80px"),
        )
        self.region = widgets.Dropdown(options=list(REGIONS), value=region, description="Region")
        self.run_button = widgets.Button(description="Run", button_style="primary")
        self.message_html = self._message()
        self.steps_html = widgets.HTML()
        self.outcome_html = widgets.HTML()
        self.explanation_html = widgets.HTML()
        self._result: ScenarioRun | None = None
        self._forwarded: str | None = None
        self._callback_explanation: Explanation | None = None
        super().__init__(
            [
                widgets.HTML("<b>Callback forwarding simulator</b>"),
                self.mode,
                labelled(self.scenario, self.description_html),
                labelled(self.callback_url, self.message_html),
                self.region,
                self.run_button,
                self.steps_html,
                self.outcome_html,
                self.explanation_html,
            ]
        )
        self.mode.observe(self._on_input, names="value")
        self.scenario.observe(self._on_input, names="value")
        self.callback_url.observe(self._on_input, names="value")
        self.region.observe(self._on_input, names="value")
        self.run_button.on_click(lambda _button: self.run())
        self._clear()

    def _on_input(self, _change: Mapping[str, Any]) -> None:
        self._clear()

    def _clear(self) -> None:
        """Forget the last run; show the inputs of the current mode only."""
        self._result, self._forwarded, self._callback_explanation = None, None, None
        scenario_mode = self.mode.value == "scenario"
        self.scenario.layout.display = None if scenario_mode else "none"
        self.callback_url.layout.display = "none" if scenario_mode else None
        self.region.layout.display = "none" if scenario_mode else None
        picked = SCENARIOS[str(self.scenario.value)]
        self.description_html.value = (
            f"{code_block(picked.description)}<br><small>expected: "
            f"{code_block(picked.expected.describe())}</small>"
        )
        self.message_html.value = ""
        self.steps_html.value = self.outcome_html.value = self.explanation_html.value = ""

    def run(self) -> None:
        """Run the picked scenario, or forward the pasted callback URL, and draw the result."""
        self._clear()
        if self.mode.value == "callback":
            self._run_callback()
        else:
            self._run_scenario()

    def _run_scenario(self) -> None:
        result = run_scenario(str(self.scenario.value))
        self._result = result
        pairs = list(zip(result.scenario.steps, result.traces, strict=True))
        blocks = []
        for number, (step, trace) in enumerate(pairs, 1):
            verdict = "as expected" if step.expect.met_by(trace.outcome) else "NOT as expected"
            block = f"<h4>Step {number}: {_escape(step.label)}</h4>" + sequence_svg(
                LIFELINES, trace_arrows(trace), title=step.label
            )
            if number < len(pairs):  # the last step's outcome is the run's, shown below
                explained = trace.outcome.explanation
                block += _outcome_html(trace.outcome, f"{verdict} ({step.expect.describe()})")
                if explained is not None and not trace.outcome.ok:
                    block += explanation_html(explained)
            blocks.append(block)
        self.steps_html.value = "<hr>".join(blocks)
        verdict = (
            "every step ended as the scenario expects"
            if result.passed
            else "NOT as the scenario expects"
        )
        expected = result.scenario.expected.describe()
        self.outcome_html.value = _outcome_html(result.outcome, f"{verdict} ({expected})")
        explained = result.outcome.explanation
        if not result.outcome.ok and explained is not None:
            self.explanation_html.value = explanation_html(explained)

    def _run_callback(self) -> None:
        text = _LINE_BREAK.sub("", str(self.callback_url.value)).strip()  # wrapped when pasted
        query = text.partition("?")[2] if "?" in text or "://" in text else text
        query = query.partition("#")[0]
        if not query:
            self.message_html.value = field_message(
                "Paste the whole URL Microsoft redirected to, with its ?code=... or ?error=..."
            )
            return
        try:
            forwarded = forward_url(query, str(self.region.value))
        except RecallOutlookError as error:  # ForwardError: longer than a forwarder accepts
            self.message_html.value = field_message(str(error))
            return
        self._forwarded = forwarded
        shown, target = mask_url(text), mask_url(forwarded)
        has_error = any(name == "error" for name, _ in parse_qsl(query))
        # One hop: the forwarder's redirect; marked when the callback already carries an error.
        arrow = Arrow(_BROWSER, _FORWARDER, f"GET {_path(shown)}", 302, f"Location: {target}")
        self.steps_html.value = sequence_svg(
            LIFELINES, [replace(arrow, failed=has_error)], title="forwarding"
        )
        lines = [f"Your forwarder redirects to: {code_block(target)}"]
        if has_error:
            self._callback_explanation = explain(text)
            lines.append(
                f'<b style="color:{_BAD}">Microsoft answered with an error</b>: Recall sends '
                "the user to your error_url."
            )
            self.explanation_html.value = explanation_html(self._callback_explanation)
        else:
            state_error = parse_authorize_url(text).state_error
            if state_error:
                lines.append(f'<b style="color:{_BAD}">Recall cannot read the state</b>: ')
                lines.append(code_block(state_error))
            else:
                lines.append(f'<b style="color:{_OK}">Recall can read the state</b>.')
        self.outcome_html.value = "<br>".join(lines)

    @property
    def result(self) -> ScenarioRun | None:
        """The last scenario run, or ``None``."""
        return self._result

    @property
    def traces(self) -> tuple[Trace, ...]:
        """The last scenario run's traces, one per step."""
        return self._result.traces if self._result else ()

    @property
    def outcome(self) -> Outcome | None:
        """How the last scenario run ended (its last step)."""
        return self._result.outcome if self._result else None

    @property
    def passed(self) -> bool | None:
        """Whether every step of the last run ended as expected; ``None`` before a run."""
        return self._result.passed if self._result else None

    @property
    def forwarded_url(self) -> str | None:
        """Where the forwarder sends the pasted callback, masked; ``None`` before forwarding."""
        return mask_url(self._forwarded) if self._forwarded else None

    @property
    def explanation(self) -> Explanation | None:
        """The explanation of the last failure: the run's outcome, or the pasted error."""
        if self._result is not None:
            return None if self._result.outcome.ok else self._result.outcome.explanation
        return self._callback_explanation
