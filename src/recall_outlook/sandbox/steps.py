"""One step of a scenario: what the app builds, who signs in, what they do, what must happen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..scopes import DEFAULT_SCOPES
from .trace import Outcome, Status

__all__ = ["Expect", "RedirectChoice", "Step"]

RedirectChoice = Literal["recall", "forwarder", "unregistered"]
"""The redirect URI the app sends: Recall's callback (development), the app's forwarder
(production), or the forwarder with a trailing slash, which is not registered."""


@dataclass(frozen=True)
class Expect:
    """What a step must end with.

    Attributes:
        status: ``connected``, ``failed`` or ``granted``.
        stopped_at: Where the browser must end (see
            [`Outcome`][recall_outlook.sandbox.trace.Outcome]).
        key: An entry the explanation must hold (``AADSTS90094``, ``recall:...``), if any.
        email: The Microsoft account the calendar user must show, once connected.
    """

    status: Status
    stopped_at: str
    key: str | None = None
    email: str | None = None

    def met_by(self, outcome: Outcome) -> bool:
        """Whether ``outcome`` is what was expected."""
        return (
            outcome.status == self.status
            and outcome.stopped_at == self.stopped_at
            and (self.key is None or self.key in outcome.keys)
            and (self.email is None or outcome.email == self.email)
        )

    def describe(self) -> str:
        """Return the expectation in a few words."""
        parts = [f"{self.status} at {self.stopped_at}"]
        if self.key:
            parts.append(f"explained by {self.key}")
        if self.email:
            parts.append(f"as {self.email}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Step:
    """One browser run of a scenario.

    Attributes:
        label: What the step does, in a few words.
        expect: How it must end.
        action: ``connect`` (a user connects) or ``admin_consent`` (an admin approves the app).
        account: Who signs in (sent as ``login_hint`` when connecting).
        decision: What they choose on a consent screen (automatic mode).
        redirect: Which redirect URI the app sends.
        state_redirect: ``same`` (``ms_oauth_redirect_url`` equals ``redirect_uri``) or
            ``recall`` (it names Recall's callback whatever the redirect URI).
        tenant: The tenant segment of the URL (for admin consent: the organisation).
        scopes: The scopes requested.
        prompt: The ``prompt`` value, if any.
        token_age: Seconds the sandbox clock moves between issuing the calendar auth token and
            sending the user to Microsoft.
    """

    label: str
    expect: Expect
    action: Literal["connect", "admin_consent"] = "connect"
    account: str = "ada@contoso.com"
    decision: Literal["accept", "cancel"] = "accept"
    redirect: RedirectChoice = "forwarder"
    state_redirect: Literal["same", "recall"] = "same"
    tenant: str = "common"
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    prompt: str | None = None
    token_age: float = 0.0

    @property
    def user_id(self) -> str:
        """Your app's stable id of the user: ``user-`` and the account's local part."""
        return "user-" + self.account.partition("@")[0]
