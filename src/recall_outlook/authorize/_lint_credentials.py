"""The linter's checks of parameters that do not belong in an authorize URL for Recall.

PKCE (``code_challenge``): Microsoft then requires the matching ``code_verifier`` when the code
is redeemed, and Recall redeems it without one, so the connection fails with AADSTS50148 or
AADSTS501481
(https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token).
Client credentials (``client_secret``, ``client_assertion``): they belong in the token request
only (RFC 6749 section 2.3.1); in a URL every browser and log sees them. Their values are never
echoed.
"""

from __future__ import annotations

from typing import Final

from ..findings import Finding
from .lint_codes import LINT_CATALOG
from .parse import AuthorizeRequest

__all__ = ["check_credentials"]

_MISPLACED: Final = (
    ("pkce-not-supported", ("code_challenge", "code_challenge_method")),
    ("client-secret-in-url", ("client_secret", "client_assertion", "client_assertion_type")),
)
"""Each code with the parameters that raise it; names compare case-insensitively."""
_NAMES: Final = frozenset(name for _, names in _MISPLACED for name in names)


def _message(code: str, names: list[str]) -> str:
    listed = " and ".join(names)
    if code == "pkce-not-supported":
        return (
            f"The URL carries {listed} (PKCE): Microsoft will refuse to redeem the code without "
            "the matching code_verifier, and Recall redeems it without one (AADSTS50148 or "
            "AADSTS501481)."
        )
    return (
        f"The URL carries {listed}: the value (not shown here) travels through every browser, "
        "proxy and log on the way; treat the secret as leaked."
    )


def check_credentials(request: AuthorizeRequest) -> list[Finding]:
    """Return the findings about PKCE and client credentials in the URL.

    Args:
        request: The parsed authorize URL.

    Returns:
        At most one finding per code, naming the parameters found but never their values.
    """
    if _NAMES.isdisjoint(map(str.lower, request.first)):  # the usual case: nothing misplaced
        return []
    present = {param.name.lower(): param.name for param in request.params}
    findings = []
    for code, names in _MISPLACED:
        found = [present[name] for name in names if name in present]
        if found:
            findings.append(LINT_CATALOG[code].finding(_message(code, found)))
    return findings
