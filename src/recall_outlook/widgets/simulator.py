"""The callback simulator in JupyterLab: [`simulator`][.panels.simulator] as ipywidgets.

Press Run (or call [`Simulator.run`][]) to run the picked scenario in process, or to forward
the pasted callback URL; changing any field forgets the last run.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..masking import mask_url
from ..regions import DEFAULT_REGION
from ..sandbox import Outcome, ScenarioRun, Trace
from ..troubleshoot.explain import Explanation
from ._trace import LIFELINES, trace_arrows
from .definition import Definition
from .host import Panel
from .panels.simulator import DEFINITION, Mode, SimulatorResult

__all__ = ["LIFELINES", "Mode", "Simulator", "trace_arrows"]


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
        message_html: The message beside the pasted URL when it cannot be forwarded.
        steps_html: Per step: a heading, the sequence diagram (SVG), the outcome.
        outcome_html: How the run ended (the last step), and whether as the scenario expects.
        explanation_html: On failure, what it means and the fix.
    """

    definition: ClassVar[Definition] = DEFINITION
    mode: Any
    scenario: Any
    callback_url: Any
    region: Any
    description_html: Any
    steps_html: Any
    outcome_html: Any
    explanation_html: Any
    run_button: Any

    def __init__(
        self,
        *,
        scenario: str = "production",
        mode: Mode = "scenario",
        callback_url: str = "",
        region: str = DEFAULT_REGION,
    ) -> None:
        values = {"mode": mode, "scenario": scenario, "callback_url": callback_url,
                  "region": region}  # fmt: skip
        super().__init__(values)
        self.message_html = self.messages["callback_url"]

    def run(self) -> None:
        """Run the picked scenario, or forward the pasted callback URL, and draw the result."""
        self._update("run_button")

    @property
    def _last(self) -> SimulatorResult:
        result = self._result
        assert isinstance(result, SimulatorResult)  # noqa: S101 - the definition's own result
        return result

    @property
    def result(self) -> ScenarioRun | None:
        """The last scenario run, or ``None``."""
        return self._last.run

    @property
    def traces(self) -> tuple[Trace, ...]:
        """The last scenario run's traces, one per step."""
        return self._last.run.traces if self._last.run else ()

    @property
    def outcome(self) -> Outcome | None:
        """How the last scenario run ended (its last step)."""
        return self._last.run.outcome if self._last.run else None

    @property
    def passed(self) -> bool | None:
        """Whether every step of the last run ended as expected; ``None`` before a run."""
        return self._last.run.passed if self._last.run else None

    @property
    def forwarded_url(self) -> str | None:
        """Where the forwarder sends the pasted callback, masked; ``None`` before forwarding."""
        return mask_url(self._last.forwarded) if self._last.forwarded else None

    @property
    def explanation(self) -> Explanation | None:
        """The explanation of the last failure: the run's outcome, or the pasted error."""
        return self._last.explanation
