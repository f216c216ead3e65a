"""The parties wired together, and the in-process runner that plays the browser.

In process, each party is an ``httpx.WSGITransport`` mounted at its origin, and the clients'
own transport refuses every other host (no proxy from the environment either), so nothing
leaves the process. The origins look like the real ones (``https://login.microsoftonline.com``,
``https://us-east-1.recall.ai``) plus ``https://app.example.com`` for your app, so traces read
like production; none of them is ever contacted. On loopback
([`server`][recall_outlook.sandbox.server]) the same parties get ``http://127.0.0.1:PORT``
origins and talk over real sockets.

>>> run = run_scenario("production")
>>> run.outcome.status
'connected'
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import httpx

from ..masking import mask_url
from ..recall_api import RecallCalendarClient
from ..troubleshoot.explain import Explanation, explain
from .app import ERROR_PATH, SUCCESS_PATH, LocalApp
from .config import ADMIN_CONSENTED_PATH, Clock, Origins, default_world
from .microsoft import MicrosoftIdentity
from .recall import ERROR_PARAM, LocalRecall
from .recording import SERVER_AGENT, HopLog, Recorded, page_error
from .scenarios import Scenario, get_scenario
from .trace import Hop, Outcome, Party, Trace

__all__ = ["BROWSER_AGENT", "Sandbox", "ScenarioRun", "run_scenario"]

BROWSER_AGENT = "Mozilla/5.0 (recall-outlook sandbox browser)"
"""The User-Agent of the in-process browser."""

_MAX_HOPS = 30
_HIDDEN_Q = re.compile(r"name='q' value='(.*?)'", re.S)
_DETAILS = re.compile(r"id='details'>(.*?)</pre>", re.S)


def _refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError(
        f"the sandbox refuses to contact {request.url.host}: only its parties are reachable",
        request=request,
    )


def merge_explanations(texts: list[str]) -> Explanation | None:
    """Explain each text and merge the answers, entries of earlier texts first."""
    answers = [explain(text) for text in texts if text]
    if not answers:
        return None
    entries = tuple(dict.fromkeys(e for answer in answers for e in answer.entries))
    codes = tuple(dict.fromkeys(c for answer in answers for c in answer.codes))
    return replace(answers[-1], entries=entries, codes=codes)


@dataclass(frozen=True)
class ScenarioRun:
    """A scenario's steps, run.

    Attributes:
        scenario: What was run.
        traces: One trace per step.
    """

    scenario: Scenario
    traces: tuple[Trace, ...]

    @property
    def outcome(self) -> Outcome:
        """The last step's outcome."""
        return self.traces[-1].outcome

    @property
    def passed(self) -> bool:
        """Whether every step ended as the scenario expects."""
        return all(
            s.expect.met_by(t.outcome)
            for s, t in zip(self.scenario.steps, self.traces, strict=False)
        )

    def as_text(self) -> str:
        """Return the scenario, every trace, and whether each step ended as expected."""
        lines = [f"Scenario {self.scenario.name}: {self.scenario.description}", ""]
        for step, trace in zip(self.scenario.steps, self.traces, strict=False):
            lines.append(trace.as_text())
            verdict = "as expected" if step.expect.met_by(trace.outcome) else "NOT as expected"
            lines.append(f"   {verdict} ({step.expect.describe()})\n")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data with stable keys."""
        return {
            "scenario": self.scenario.name,
            "description": self.scenario.description,
            "passed": self.passed,
            "steps": [
                {**t.as_dict(), "expected": s.expect.describe(), "met": s.expect.met_by(t.outcome)}
                for s, t in zip(self.scenario.steps, self.traces, strict=False)
            ],
        }


class Sandbox:
    """A local Microsoft, a local Recall and your app, set up for one scenario.

    Args:
        scenario: A scenario or its name (see
            [`SCENARIOS`][recall_outlook.sandbox.scenarios.SCENARIOS]).
        origins: Where the parties are (default: real-looking in-process origins).
        network: ``in-process`` (WSGI transports, no sockets) or ``loopback`` (the parties call
            each other over real sockets; see [`server`][recall_outlook.sandbox.server]).
        interactive: Microsoft shows its sign-in and consent page (the in-process browser fills
            it in as the step says).
        on_hop: Called with every hop as it completes (live logging).

    Attributes:
        run_token: This run's secret: a step starts only with a ``POST`` carrying it (see
            [`start_form`][]), which the app's start page alone holds.
    """

    def __init__(
        self,
        scenario: str | Scenario = "production",
        *,
        origins: Origins | None = None,
        network: Literal["in-process", "loopback"] = "in-process",
        interactive: bool = False,
        on_hop: Any = None,  # noqa: ANN401 - Callable[[Hop], None] | None
    ) -> None:
        self.scenario = get_scenario(scenario)
        self.origins = origins or Origins()
        self.in_process = network == "in-process"
        self.clock = Clock()
        self.world = self.scenario.world(default_world(self.origins, start=self.clock.now()))
        self.log = HopLog(on_hop)
        self.run_token = secrets.token_urlsafe(16)
        self.microsoft = MicrosoftIdentity(self.world, clock=self.clock, interactive=interactive)
        self.apps: dict[Party, Recorded] = {}
        self._record("microsoft", self.microsoft, self.origins.microsoft)
        self._clients: list[httpx.Client] = [self._server_client(self.origins.microsoft)]
        self.recall = LocalRecall(self.world, clock=self.clock, http=self._clients[0])
        self._record("recall", self.recall, self.origins.recall)
        self.recall_client = RecallCalendarClient(
            api_key=self.world.workspace.api_key,
            base_url=self.origins.recall,
            transport=self._transport("recall"),
            headers={"User-Agent": f"{SERVER_AGENT}/app"},
        )
        self.app = LocalApp(
            self.world,
            steps=self.scenario.steps,
            recall=self.recall_client,
            clock=self.clock,
            naive=self.scenario.naive_forwarder,
            on_step=self.prepare,
            title=(self.scenario.name, self.scenario.description),
            run_token=self.run_token,
        )
        self._record("app", self.app, self.origins.app)
        self._browser: httpx.Client | None = None

    def __repr__(self) -> str:
        return f"Sandbox(scenario={self.scenario.name!r}, in_process={self.in_process!r})"

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every client the sandbox opened."""
        for client in [*self._clients, *([self._browser] if self._browser else [])]:
            client.close()
        self.recall_client.close()

    def _record(self, party: Party, app: Any, origin: str) -> None:  # noqa: ANN401
        self.apps[party] = Recorded(app, party=party, origin=origin, log=self.log)

    def _transport(self, party: Party) -> httpx.BaseTransport:
        if self.in_process:
            return httpx.WSGITransport(app=self.apps[party])
        return httpx.HTTPTransport()

    def _server_client(self, origin: str) -> httpx.Client:
        return httpx.Client(
            mounts={origin: self._transport("microsoft")},
            transport=httpx.MockTransport(_refuse),
            trust_env=False,
            headers={"User-Agent": f"{SERVER_AGENT}/recall"},
            timeout=10.0,
        )

    @property
    def browser(self) -> httpx.Client:
        """The in-process browser: reaches the three parties and nothing else."""
        if self._browser is None:
            parties: tuple[Party, ...] = ("microsoft", "recall", "app")
            mounts: dict[str, httpx.BaseTransport] = {
                getattr(self.origins, party): self._transport(party) for party in parties
            }
            self._browser = httpx.Client(
                mounts=mounts,
                transport=httpx.MockTransport(_refuse),
                trust_env=False,
                headers={"User-Agent": BROWSER_AGENT},
                timeout=10.0,
            )
        return self._browser

    def prepare(self, number: int) -> None:
        """Script the user for step ``number``: who signs in and what they choose."""
        step = self.scenario.steps[number]
        self.microsoft.sign_in_as = step.account
        self.microsoft.decision = step.decision

    def start_url(self, number: int = 0) -> str:
        """Return the URL in your app that starts step ``number`` when posted [`start_form`][]."""
        step = self.scenario.steps[number]
        path = "/connect" if step.action == "connect" else "/admin-consent"
        return f"{self.origins.app}{path}"

    def start_form(self, number: int = 0) -> dict[str, str]:
        """Return the fields that start step ``number``: its number and the run's token."""
        return {"step": str(number), "run": self.run_token}

    def run_step(self, number: int) -> Trace:
        """Play the browser through step ``number`` and return its trace."""
        step = self.scenario.steps[number]
        mark = len(self.log)
        response = self.browser.post(self.start_url(number), data=self.start_form(number))
        for _ in range(_MAX_HOPS):
            if response.is_redirect:
                url = str(response.url.join(response.headers["location"]))
                response = self.browser.get(url)
                continue
            query = _HIDDEN_Q.search(response.text)
            if query is None or "id='consent'" not in response.text:
                break
            form = {"q": html.unescape(query.group(1)), "login": step.account}
            response = self.browser.post(response.url, data={**form, "decision": step.decision})
        hops = self.log.since(mark)
        return Trace(step.label, hops, self._outcome(response, hops))

    def run(self) -> ScenarioRun:
        """Run every step in order."""
        return ScenarioRun(
            self.scenario, tuple(self.run_step(n) for n in range(len(self.scenario.steps)))
        )

    def _outcome(self, response: httpx.Response, hops: tuple[Hop, ...]) -> Outcome:
        url = str(response.url)
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        shown = mask_url(url)
        back = [h.note for h in hops if h.channel == "back" and h.status >= 400 and h.note]
        text = response.text
        if origin == self.origins.app and parts.path == SUCCESS_PATH:
            found = _DETAILS.search(text)
            email = html.unescape(found.group(1)) if found else None
            if "data-status='connected'" in text and email:
                return Outcome("connected", "success_url", shown, email=email)
            return Outcome("failed", "success_url", shown, error="no Microsoft connection")
        if origin == self.origins.app and parts.path == ERROR_PATH:
            error = dict(parse_qsl(parts.query)).get(ERROR_PARAM, "(none)")
            return Outcome(
                "failed",
                "error_url",
                shown,
                error=error,
                explanation=merge_explanations([*back, url]),
            )
        if origin == self.origins.app and parts.path == ADMIN_CONSENTED_PATH:
            if "data-status='granted'" in text:
                return Outcome("granted", "admin_consented", shown)
            error = dict(parse_qsl(parts.query)).get("error", "(none)")
            return Outcome(
                "failed", "admin_consented", shown, error=error, explanation=explain(url)
            )
        if origin == self.origins.microsoft:
            description = page_error(text) or f"HTTP {response.status_code}"
            return Outcome(
                "failed",
                "microsoft",
                shown,
                error=description.splitlines()[0],
                explanation=merge_explanations([description]),
            )
        party = "recall" if origin == self.origins.recall else "app"
        try:
            data = response.json()
            detail = str(data.get("detail", data)) if isinstance(data, dict) else text
        except ValueError:
            detail = text.strip()[:200] or f"HTTP {response.status_code}"
        return Outcome(
            "failed", party, shown, error=detail, explanation=merge_explanations([*back, detail])
        )


def run_scenario(name: str | Scenario, *, interactive: bool = False) -> ScenarioRun:
    """Run a scenario in process and return its traces.

    Args:
        name: A scenario or its name.
        interactive: Go through Microsoft's consent page (filled in as each step says).
    """
    with Sandbox(name, interactive=interactive) as sandbox:
        return sandbox.run()
