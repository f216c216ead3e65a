"""The catalog of sandbox scenarios: each a name, one line, a world and expected outcomes.

Every scenario starts from [`default_world`][recall_outlook.sandbox.config.default_world], changes
one thing, and runs one or more steps whose outcome is part of the data (and asserted in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Final

from ..errors import RecallOutlookError
from .config import EPOCH, FABRIKAM, SECRET_ID, ClientSecret, World
from .steps import Expect, Step

__all__ = ["SCENARIOS", "Scenario", "get_scenario"]

_DAY: Final = 86_400.0
_SCOPES_NO_OFFLINE: Final = ("openid", "email", "https://graph.microsoft.com/Calendars.Read")
_CONNECTED_ADA: Final = Expect("connected", "success_url", email="ada@contoso.com")
_CONNECTED_BOB: Final = Expect("connected", "success_url", email="bob@fabrikam.com")


def _same(world: World) -> World:
    return world


@dataclass(frozen=True)
class Scenario:
    """One thing to try.

    Attributes:
        name: The name to pick it by (``--scenario NAME``).
        description: What it shows, in one line.
        steps: The runs, in order; the last one's outcome is the scenario's.
        world: How the scenario changes the correctly configured world.
        naive_forwarder: Serve the naive forwarder instead of the package's own.
    """

    name: str
    description: str
    steps: tuple[Step, ...]
    world: Callable[[World], World] = _same
    naive_forwarder: bool = False

    @property
    def expected(self) -> Expect:
        """The last step's expectation: how the scenario ends."""
        return self.steps[-1].expect


def _fabrikam_consented(world: World) -> World:
    tenants = tuple(
        replace(t, admin_consented=True) if t.tenant_id == FABRIKAM else t for t in world.tenants
    )
    return replace(world, tenants=tenants)


def _expired_secret(world: World) -> World:
    old = world.app.secrets[0]
    return world.with_app(secrets=(ClientSecret(old.secret_id, old.value, EPOCH - _DAY),))


_ALL: Final = (
    Scenario(
        "development",
        "Development: the redirect URI is Recall's callback itself; the user connects.",
        (Step("connect (redirect straight to Recall)", _CONNECTED_ADA, redirect="recall"),),
    ),
    Scenario(
        "production",
        "Production: Microsoft redirects to your own domain, whose forwarder passes the query "
        "to Recall as is.",
        (Step("connect through your forwarder", _CONNECTED_ADA),),
    ),
    Scenario(
        "personal-account",
        "Production with a personal Microsoft account (outlook.com), as /common allows.",
        (
            Step(
                "connect a personal account",
                Expect("connected", "success_url", email="grace@outlook.com"),
                account="grace@outlook.com",
            ),
        ),
    ),
    Scenario(
        "user-declines",
        "The user presses Cancel on the consent screen: access_denied, AADSTS65004.",
        (
            Step(
                "connect, then Cancel",
                Expect("failed", "error_url", key="AADSTS65004"),
                decision="cancel",
            ),
        ),
    ),
    Scenario(
        "admin-consent",
        "Fabrikam lets no user consent: AADSTS90094 until its admin grants consent through the "
        "admin consent URL; then the user connects.",
        (
            Step(
                "connect as a Fabrikam user",
                Expect("failed", "microsoft", key="AADSTS90094"),
                account="bob@fabrikam.com",
            ),
            Step(
                "the admin opens the admin consent URL and accepts",
                Expect("granted", "admin_consented"),
                action="admin_consent",
                account="admin@fabrikam.com",
                tenant="fabrikam.com",
            ),
            Step("connect again", _CONNECTED_BOB, account="bob@fabrikam.com"),
        ),
    ),
    Scenario(
        "prompt-consent-loop",
        "The admin already consented, but prompt=consent forces the consent screen: still "
        "AADSTS90094; removing prompt fixes it.",
        (
            Step(
                "connect with prompt=consent",
                Expect("failed", "microsoft", key="AADSTS90094"),
                account="bob@fabrikam.com",
                prompt="consent",
            ),
            Step("the fix: connect without prompt", _CONNECTED_BOB, account="bob@fabrikam.com"),
        ),
        world=_fabrikam_consented,
    ),
    Scenario(
        "unregistered-redirect",
        "The redirect URI has a trailing slash the registration lacks: Microsoft shows "
        "AADSTS50011 and redirects nowhere.",
        (
            Step(
                "connect with an unregistered redirect URI",
                Expect("failed", "microsoft", key="AADSTS50011"),
                redirect="unregistered",
            ),
        ),
    ),
    Scenario(
        "state-redirect-mismatch",
        "The state's ms_oauth_redirect_url is Recall's callback while redirect_uri is the "
        "forwarder: the code exchange fails (AADSTS500112).",
        (
            Step(
                "connect with a mismatched state",
                Expect("failed", "error_url", key="recall:refresh_token_missing"),
                state_redirect="recall",
            ),
        ),
    ),
    Scenario(
        "wrong-client-secret",
        "The Recall workspace holds the secret's ID instead of its Value: AADSTS7000215.",
        (
            Step(
                "connect",
                Expect("failed", "error_url", key="AADSTS7000215"),
            ),
        ),
        world=lambda world: world.with_workspace(client_secret=SECRET_ID),
    ),
    Scenario(
        "expired-client-secret",
        "The client secret saved in Recall has expired: AADSTS7000222, every user must "
        "reconnect once it is replaced.",
        (Step("connect", Expect("failed", "error_url", key="AADSTS7000222")),),
        world=_expired_secret,
    ),
    Scenario(
        "single-tenant-on-common",
        "The app is registered for its own organisation only, yet the URL uses /common: "
        "AADSTS50194.",
        (Step("connect", Expect("failed", "microsoft", key="AADSTS50194")),),
        world=lambda world: world.with_app(sign_in_audience="AzureADMyOrg"),
    ),
    Scenario(
        "missing-offline-access",
        "The URL leaves out offline_access: no refresh token, and Recall says 'refresh_token "
        "missing from oAuth response'.",
        (
            Step(
                "connect without offline_access",
                Expect("failed", "error_url", key="recall:refresh_token_missing"),
                scopes=_SCOPES_NO_OFFLINE,
            ),
        ),
    ),
    Scenario(
        "expired-recall-token",
        "The calendar auth token is more than a day old when Recall reads it: "
        "\"Invalid 'recall_calendar_auth_token' supplied\", shown by Recall itself: a state "
        "with a bad token is not trusted, so not redirected to.",
        (
            Step(
                "connect with a day-old token",
                Expect("failed", "recall", key="recall:invalid_calendar_auth_token"),
                token_age=25 * 3600.0,
            ),
        ),
    ),
    Scenario(
        "naive-forwarder",
        "A forwarder that rebuilds the query from parsed parameters cuts the JSON state at the "
        "'&' of its success_url: Recall cannot read the state.",
        (Step("connect through the naive forwarder", Expect("failed", "recall")),),
        naive_forwarder=True,
    ),
)

SCENARIOS: Final = MappingProxyType({scenario.name: scenario for scenario in _ALL})
"""Every scenario by name, in the order they are listed."""


def get_scenario(name: str | Scenario) -> Scenario:
    """Return the scenario called ``name`` (a [`Scenario`][] is returned as is).

    Raises:
        RecallOutlookError: No scenario has that name; the message lists them.
    """
    if isinstance(name, Scenario):
        return name
    try:
        return SCENARIOS[name.strip().lower()]
    except KeyError:
        raise RecallOutlookError(
            f"unknown sandbox scenario {name!r}; choose one of: {', '.join(SCENARIOS)}"
        ) from None
