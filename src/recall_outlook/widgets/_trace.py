"""A sandbox trace as the arrows of a sequence diagram: who called whom, and which hop failed."""

from __future__ import annotations

from dataclasses import replace
from typing import Final
from urllib.parse import parse_qsl, unquote, urlsplit

from ..sandbox.config import FORWARDER_PATH
from ..sandbox.trace import Hop, Trace
from ._render import Arrow

__all__ = ["BROWSER", "FORWARDER", "LIFELINES", "path_of", "trace_arrows"]

LIFELINES: Final = ("Browser", "Microsoft", "Your forwarder", "Recall", "Your app")
"""The parties of the sequence diagram, left to right."""

BROWSER, MICROSOFT, FORWARDER, RECALL, APP = range(5)
"""The index of each lifeline."""


def _is_failure(hop: Hop) -> bool:
    """A hop fails when it answers with an error status or redirects with ``error=``."""
    if hop.status >= 400:
        return True
    if not hop.location:
        return False
    parts = urlsplit(hop.location)
    return any(name == "error" for name, _ in parse_qsl(parts.query or parts.fragment))


def path_of(url: str) -> str:
    """Return the path and query of an already masked URL, percent-decoded to be read."""
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
            target = MICROSOFT
        elif hop.party == "recall":
            target = RECALL
        else:
            target = FORWARDER if urlsplit(hop.url).path == FORWARDER_PATH else APP
        # Server to server: Recall redeems the code at Microsoft; your app calls Recall's API.
        back_caller = RECALL if target == MICROSOFT else APP
        source = BROWSER if hop.channel == "front" else back_caller
        detail = "\n".join(
            part
            for part in (hop.url, f"Location: {hop.location}" if hop.location else "", hop.note)
            if part
        )
        label = f"{hop.method} {path_of(hop.url)}"
        arrows.append(Arrow(source, target, label, hop.status, detail, _is_failure(hop)))
    if trace.outcome.status == "failed" and arrows and not any(a.failed for a in arrows):
        arrows[-1] = replace(arrows[-1], failed=True)
    return arrows
