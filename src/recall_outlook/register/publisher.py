"""The publisher verification checklist, as data the docs, notebooks and widgets render.

Recall's guide sends production apps through Microsoft's publisher verification
(https://learn.microsoft.com/en-us/entra/identity-platform/publisher-verification-overview):
without it, users in many organisations cannot consent to a multitenant app and need an admin.
Each [`PublisherStep`][] says what to do, where Microsoft documents it, and which
recall-outlook command checks it (``checked_by``), or ``None`` when only a person can.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["PUBLISHER_STEPS", "PublisherStep", "checkable_steps"]

_OVERVIEW: Final = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/publisher-verification-overview"
)
_MARK: Final = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/mark-app-as-publisher-verified"
)
_DOMAIN: Final = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/howto-configure-publisher-domain"
)
_RECALL: Final = (
    "https://docs.recall.ai/docs/calendar-v1-microsoft-outlook"
    "#submitting-microsoft-oauth-client-to-production"
)


@dataclass(frozen=True)
class PublisherStep:
    """One step towards a publisher verified app.

    Attributes:
        key: A stable identifier, such as ``publisher-domain``.
        title: The step in a line.
        detail: What to do and why.
        doc_url: Where Microsoft (or Recall) documents it.
        checked_by: The recall-outlook command, with the finding code that reports a problem,
            that checks this step; ``None`` when no tool here can.
    """

    key: str
    title: str
    detail: str
    doc_url: str
    checked_by: str | None


PUBLISHER_STEPS: Final[tuple[PublisherStep, ...]] = (
    PublisherStep(
        "partner-center-account",
        "Have a verified Microsoft AI Cloud Partner Program account in Partner Center",
        "Publisher verification links the app to a Partner Center account (formerly MPN) that "
        "has completed the verification process; it must be your organisation's Partner "
        "global account, not a location account. Note its Partner ID (MPN ID).",
        _OVERVIEW,
        None,
    ),
    PublisherStep(
        "work-account-tenant",
        "Register the app in a Microsoft Entra tenant with a work account",
        "Apps registered with a personal Microsoft account, or in a tenant not associated "
        "with the Partner Center account, cannot be verified.",
        _MARK,
        None,
    ),
    PublisherStep(
        "redirect-uri-own-domain",
        "Move the redirect URI to your own domain",
        "Recall's guide asks for a redirect URI on your own domain before production (the "
        "reason it gives: Microsoft verifies the domain of each redirect URI; Microsoft's "
        "publisher verification requirements themselves are the account, domain and role "
        "steps of this list). Its handler forwards every parameter as is to Recall's "
        "callback.",
        _RECALL,
        "recall-outlook check-app (redirect-uri-recall-development)",
    ),
    PublisherStep(
        "forwarder-works",
        "Prove the forwarder keeps every byte of the callback",
        "Recall redeems the code from the forwarded query: the forwarder must answer 302 to "
        "Recall's Microsoft callback with the query string unchanged, and never cache it.",
        _RECALL,
        "recall-outlook check-forwarder",
    ),
    PublisherStep(
        "publisher-domain",
        "Set a publisher domain you own, not *.onmicrosoft.com",
        "Under Branding & properties choose a verified custom domain of the tenant, or verify "
        "one by serving https://<domain>/.well-known/microsoft-identity-association.json with "
        "the app's Application (client) ID.",
        _DOMAIN,
        "recall-outlook check-app (app-publisher-domain-default)",
    ),
    PublisherStep(
        "domain-matches-partner-center",
        "Match the publisher domain with Partner Center",
        "The publisher domain, or a domain verified in the tenant, must match the domain of the "
        "email address used in the Partner Center verification.",
        _MARK,
        None,
    ),
    PublisherStep(
        "verifier-roles",
        "Verify as a person with a role in both places, signed in with multifactor",
        "In Partner Center the person needs the MPN Admin (partner admin), Accounts Admin or "
        "Global Admin role; in Microsoft Entra ID, Application Administrator, Cloud "
        "Application Administrator or Global Administrator. They must sign in with "
        "multifactor authentication.",
        _OVERVIEW,
        None,
    ),
    PublisherStep(
        "add-partner-id",
        "Add the Partner ID to the app",
        "Under Branding & properties > Publisher verification enter the Partner ID and save; "
        "the consent screen then shows the blue verified badge and the manifest's "
        "verifiedPublisher is filled in.",
        _MARK,
        "recall-outlook check-app (app-publisher-unverified)",
    ),
)
"""The checklist, in the order to follow it."""


def checkable_steps() -> tuple[PublisherStep, ...]:
    """Return the steps a recall-outlook command checks, in checklist order."""
    return tuple(step for step in PUBLISHER_STEPS if step.checked_by is not None)
