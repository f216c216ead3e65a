"""A local stand-in for every party of the Outlook connection: run, break and understand it.

- [`microsoft`][.microsoft]: a local Microsoft identity platform (authorize, token, admin consent).
- [`recall`][.recall]: a local Recall (calendar auth tokens, the Microsoft callback, calendar
  users).
- [`app`][.app]: your app (start page, the package's forwarder, success and error pages).
- [`runner`][.runner]: the parties wired together and an in-process browser that records a trace.
- [`scenarios`][.scenarios]: named scenarios, each with its expected outcome.
- [`server`][.server]: the same parties on 127.0.0.1 ports, for a real browser.

Loopback only: nothing here contacts the network.
"""

from __future__ import annotations

from .app import LocalApp, naive_forwarder
from .config import (
    Account,
    AppRegistration,
    ClientSecret,
    Clock,
    Origins,
    Tenant,
    Workspace,
    World,
    default_world,
)
from .microsoft import MicrosoftIdentity
from .recall import LocalRecall
from .runner import Sandbox, ScenarioRun, run_scenario
from .scenarios import SCENARIOS, Scenario, get_scenario
from .steps import Expect, Step
from .trace import Hop, Outcome, Trace

__all__ = [
    "SCENARIOS",
    "Account",
    "AppRegistration",
    "ClientSecret",
    "Clock",
    "Expect",
    "Hop",
    "LocalApp",
    "LocalRecall",
    "MicrosoftIdentity",
    "Origins",
    "Outcome",
    "Sandbox",
    "Scenario",
    "ScenarioRun",
    "Step",
    "Tenant",
    "Trace",
    "Workspace",
    "World",
    "default_world",
    "get_scenario",
    "naive_forwarder",
    "run_scenario",
]
