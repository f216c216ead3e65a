"""What a sandbox run records: each hop, and how the connection ended.

A [`Hop`][] is one HTTP exchange: a browser request (``front``) or a server-to-server call
(``back``, such as Recall redeeming the code at Microsoft's token endpoint). URLs are masked when
the hop is made ([`recall_outlook.masking.mask_url`][]), so no trace, log line or JSON dump
holds an authorization code, a calendar auth token or a client secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..troubleshoot.explain import Explanation

__all__ = ["Channel", "Hop", "Outcome", "Party", "Status", "Trace"]

Party = Literal["microsoft", "recall", "app", "other"]
"""Which party answered a hop."""

Channel = Literal["front", "back"]
"""``front``: the browser's request; ``back``: a server calling another server."""

Status = Literal["connected", "failed", "granted"]
"""How a run ended: a calendar connected, a failure, or (admin consent) consent granted."""


@dataclass(frozen=True)
class Hop:
    """One HTTP exchange, secrets already masked.

    Attributes:
        party: Who answered.
        channel: Browser (``front``) or server-to-server (``back``).
        method: The HTTP method.
        url: The masked URL requested.
        status: The response status code.
        location: The masked ``Location`` of a redirect, if any.
        note: A short remark: an error description, or what the hop did.
    """

    party: Party
    channel: Channel
    method: str
    url: str
    status: int
    location: str | None = None
    note: str | None = None

    def as_text(self) -> str:
        """Return the hop in one or two lines."""
        arrow = "->" if self.channel == "front" else "=>"
        line = f"{arrow} {self.method:4} {self.url}\n   {self.status} [{self.party}]"
        if self.location:
            line += f" Location: {self.location}"
        if self.note:
            line += f"\n   {self.note}"
        return line

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data with stable keys."""
        return {
            "party": self.party,
            "channel": self.channel,
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "location": self.location,
            "note": self.note,
        }


@dataclass(frozen=True)
class Outcome:
    """How a run ended.

    Attributes:
        status: ``connected``, ``failed`` or ``granted``.
        stopped_at: Where the browser ended: ``success_url``, ``error_url``, ``microsoft``
            (an error page, as Microsoft shows one instead of redirecting), ``recall`` (an error
            answer without redirect), ``app`` or ``admin_consented``.
        url: The masked URL of the last page.
        email: The Microsoft account now connected to the calendar user, once connected.
        error: The error as the last party stated it, if failed.
        explanation: [`recall_outlook.troubleshoot.explain.explain`][]'s answer for the failure,
            the root
            cause first (a token endpoint error before Recall's summary of it).
    """

    status: Status
    stopped_at: str
    url: str
    email: str | None = None
    error: str | None = None
    explanation: Explanation | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """Whether the run did what the user wanted (connected, or consent granted)."""
        return self.status != "failed"

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of the explanation's entries (``AADSTS90094``, ``access_denied``, ...)."""
        return tuple(e.key for e in self.explanation.entries) if self.explanation else ()

    def as_text(self) -> str:
        """Return the outcome in a few lines, the explanation's summary included."""
        if self.status == "connected":
            return f"CONNECTED: Microsoft account {self.email} at {self.stopped_at} ({self.url})"
        if self.status == "granted":
            return f"GRANTED: admin consent recorded ({self.url})"
        lines = [f"FAILED at {self.stopped_at}: {self.error}", f"   page: {self.url}"]
        if self.explanation is not None:
            lines.append(f"   explained: {self.explanation.summary}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data with stable keys."""
        return {
            "status": self.status,
            "stopped_at": self.stopped_at,
            "url": self.url,
            "email": self.email,
            "error": self.error,
            "explanation": self.explanation.as_dict() if self.explanation else None,
        }


@dataclass(frozen=True)
class Trace:
    """One run through the parties.

    Attributes:
        label: What the run did (``connect``, ``admin consent``, ...).
        hops: Every exchange in order; server-to-server calls follow the request they served.
        outcome: How it ended.
    """

    label: str
    hops: tuple[Hop, ...]
    outcome: Outcome

    def as_text(self) -> str:
        """Return the numbered hops, then the outcome."""
        lines = [f"== {self.label}"]
        for number, hop in enumerate(self.hops, 1):
            lines.append(f"{number:2} " + hop.as_text().replace("\n", "\n   "))
        lines.append(self.outcome.as_text())
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data with stable keys."""
        return {
            "label": self.label,
            "hops": [hop.as_dict() for hop in self.hops],
            "outcome": self.outcome.as_dict(),
        }
