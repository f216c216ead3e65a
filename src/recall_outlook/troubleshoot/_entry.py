"""The shape of an error catalog entry, and the links and phrases entries share.

An [`ErrorEntry`][] says what an error means for a Recall Outlook connection and what to
change; some errors mean different things depending on where they were met (the authorize
redirect or Recall's call to the token endpoint) or on what ``error_description`` names, so an
entry may carry [`Variant`][] readings that [`ErrorEntry.read_in`][] picks from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from ..scopes import DEFAULT_SCOPES

__all__ = ["LOOKUP_URL", "ErrorEntry", "ErrorKind", "Variant", "Where"]

ErrorKind = Literal["aadsts", "oauth", "recall", "unknown"]
"""Where an error comes from: an AADSTS code, an OAuth ``error`` value, a Recall error text, or
an AADSTS code that is not in the catalog."""

Where = Literal["authorize", "token"]
"""Where an error was met: in the redirect from Microsoft's authorize endpoint (the user's
browser), or in the answer of Microsoft's token endpoint (when Recall redeems the code or
refreshes the token)."""

LOOKUP_URL: Final = "https://login.microsoftonline.com/error?code="
"""Microsoft's page for any AADSTS code: append the number."""

RECALL_GUIDE: Final = "https://docs.recall.ai/docs/calendar-v1-microsoft-outlook"
RECALL_LOOP: Final = RECALL_GUIDE + "#oauth-flow-stuck-on-admin-consent-step"
RECALL_V1: Final = "https://docs.recall.ai/docs/calendar-v1-1"
LEARN: Final = "https://learn.microsoft.com/en-us/entra/identity-platform/"
REPLY_URL: Final = LEARN + "reply-url"
ADMIN_CONSENT: Final = LEARN + "v2-admin-consent"
AUTH_CODE: Final = LEARN + "v2-oauth2-auth-code-flow"
REDEEM: Final = AUTH_CODE + "#redeem-a-code-for-an-access-token"
ACCOUNTS: Final = LEARN + "supported-accounts-validation"
CREDENTIALS: Final = LEARN + "how-to-add-credentials"
PUBLISHER: Final = LEARN + "publisher-verification-overview"
REFRESH_TOKENS: Final = LEARN + "refresh-tokens"
CONDITIONAL_ACCESS: Final = (
    "https://learn.microsoft.com/en-us/entra/identity/conditional-access/"
    "troubleshoot-conditional-access"
)
ASSIGNMENT: Final = (
    "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/"
    "assign-user-or-group-access-portal"
)
CONSENT_ERRORS: Final = (
    "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/"
    "application-sign-in-unexpected-user-consent-error"
)

SCOPES: Final = " ".join(DEFAULT_SCOPES)
CALLBACK: Final = "https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/"
AUTHORIZE_COMMON: Final = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
ANY_ACCOUNT: Final = (
    "'Accounts in any organizational directory and personal Microsoft accounts' "
    "(signInAudience AzureADandPersonalMicrosoftAccount)"
)
ADMIN_FIX: Final = (
    "Have an admin of the user's tenant grant tenant-wide consent: send them the admin consent "
    "URL (https://login.microsoftonline.com/<tenant>/v2.0/adminconsent?..., built by "
    "recall_outlook.admin_consent_url) or have them use Entra admin center > Enterprise "
    "applications > your app > Permissions > Grant admin consent. Then REMOVE prompt=consent "
    "from the authorize URL: it forces the consent screen on every sign-in, so users keep seeing "
    "'Need admin approval' even after the admin approved (the loop in Recall's troubleshooting "
    "section)."
)
RECONNECT: Final = (
    "the user reconnects the calendar: send them through the authorize URL again (Recall "
    "replaces the old connection)"
)


@dataclass(frozen=True)
class Variant:
    """How an entry reads in one situation, e.g. at the token endpoint rather than at sign-in.

    A variant applies when every condition it sets holds; conditions left ``None`` always hold.

    Attributes:
        situation: When it applies, in words (the docs show it).
        title: The entry's title in that situation.
        cause: Its cause in that situation.
        fix: Its fix in that situation.
        where: Applies only where the error was met (see [`Where`][]).
        error: Applies only with this OAuth ``error`` value.
        mentions: Applies only when ``error_description`` matches this regular expression
            (case-insensitive).
    """

    situation: str
    title: str
    cause: str
    fix: str
    where: Where | None = None
    error: str | None = None
    mentions: str | None = None

    def applies(self, *, where: Where | None, error: str | None, description: str | None) -> bool:
        """Return whether this variant describes an error met in these circumstances."""
        if self.where is not None and where != self.where:
            return False
        if self.error is not None and (error or "").lower() != self.error:
            return False
        return self.mentions is None or bool(re.search(self.mentions, description or "", re.I))


@dataclass(frozen=True)
class ErrorEntry:
    """One catalogued error.

    Attributes:
        key: ``AADSTS50011`` for a code, the ``error`` value for an OAuth error
            (``access_denied``), ``recall:...`` for a Recall error text.
        kind: Where the error comes from (see [`ErrorKind`][]).
        title: A few words naming the problem.
        cause: Why it happens in a Recall Outlook connection.
        fix: What to change.
        links: Where to read more, most useful first.
        variants: Other readings of the same error, first match wins (see [`read_in`][]).
    """

    key: str
    kind: ErrorKind
    title: str
    cause: str
    fix: str
    links: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()

    def read_in(
        self,
        *,
        where: Where | None = None,
        error: str | None = None,
        description: str | None = None,
    ) -> ErrorEntry:
        """Return the entry as it reads where and how the error was met.

        Args:
            where: Where the error was met, if known.
            error: The OAuth ``error`` value that came with it, if any.
            description: The ``error_description`` (or the pasted text), if any.

        Returns:
            The first applying variant's reading (same key, kind and links), or the entry itself.
        """
        for variant in self.variants:
            if variant.applies(where=where, error=error, description=description):
                return replace(
                    self, title=variant.title, cause=variant.cause, fix=variant.fix, variants=()
                )
        return self

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data with stable keys."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "cause": self.cause,
            "fix": self.fix,
            "links": list(self.links),
        }


def code_entry(
    number: str,
    title: str,
    cause: str,
    fix: str,
    *links: str,
    variants: tuple[Variant, ...] = (),
) -> ErrorEntry:
    """Return the entry of ``AADSTS<number>``, Microsoft's lookup page first among its links."""
    return ErrorEntry(
        f"AADSTS{number}", "aadsts", title, cause, fix, (LOOKUP_URL + number, *links), variants
    )


def oauth_entry(value: str, title: str, cause: str, fix: str, *links: str) -> ErrorEntry:
    """Return the entry of the OAuth ``error`` value ``value``."""
    return ErrorEntry(value, "oauth", title, cause, fix, (*links, AUTH_CODE))
