"""Codes about the user and the policies of the user's tenant.

Part of the error catalog ([`recall_outlook.troubleshoot.catalog`][]); each entry says what the
code means for a Recall Outlook connection. Sources:
https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes and
https://login.microsoftonline.com/error?code=NNNN for Microsoft's text of each code.
"""

from __future__ import annotations

from typing import Final

from ._entry import (
    ASSIGNMENT,
    CONDITIONAL_ACCESS,
    RECONNECT,
    ErrorEntry,
    Variant,
    code_entry,
)

__all__ = ["USER_ENTRIES"]

USER_ENTRIES: Final[tuple[ErrorEntry, ...]] = (
    code_entry(
        "53003",
        "Blocked by Conditional Access",
        "A Conditional Access policy of the user's tenant blocks this sign-in or the token "
        "(device, location, app, client or risk conditions). Nothing in the authorize URL or in "
        "Recall can satisfy it.",
        "An admin of the user's tenant finds the failed sign-in in Entra's sign-in logs (by its "
        "Correlation ID), sees which policy applied, and either lets your app through or tells "
        "the user which conditions to meet; then the user connects again.",
        CONDITIONAL_ACCESS,
    ),
    code_entry(
        "50105",
        "User not assigned to the app",
        "In the user's tenant your app's enterprise application has 'Assignment required?' set "
        "to Yes, and this user is not assigned to it, directly or through a group.",
        "An admin of that tenant assigns the user (or a group) under Enterprise applications > "
        "your app > Users and groups, or sets 'Assignment required?' to No; then the user "
        "connects again.",
        ASSIGNMENT,
    ),
    code_entry(
        "50076",
        "Multi-factor authentication required",
        "The user's tenant requires multi-factor authentication for this sign-in (Conditional "
        "Access, security defaults or per-user MFA) and it was not completed: an MFA challenge, "
        "not an expired code. With prompt=none it cannot be completed.",
        "Let the user connect interactively (no prompt=none) and complete the MFA challenge; "
        "the app registration needs no change.",
        CONDITIONAL_ACCESS,
        variants=(
            Variant(
                "At the token endpoint (Recall refreshing the token)",
                "MFA now required for the stored grant",
                "Recall's refresh of the calendar token was refused: the tenant now requires "
                "multi-factor authentication that the stored grant did not satisfy (a new "
                "policy, or a sign-in from a new location).",
                f"Nothing to change in the app: {RECONNECT} and completes MFA.",
                where="token",
            ),
        ),
    ),
    code_entry(
        "50126",
        "Wrong user name or password",
        "The user typed a wrong password or user name while signing in to Microsoft.",
        "Nothing to change in the app or the URL: the user retries, or resets the password "
        "with their organisation.",
    ),
)
"""The entries, in the order the errors page lists them."""
