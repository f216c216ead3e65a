"""The linter's checks of the parameters as a whole (see [`recall_outlook.authorize.lint`][]).

Repeated parameters (RFC 6749 section 3.1: "Request and response parameters MUST NOT be included
more than once"; Microsoft answers AADSTS9000411), Google's parameters that Microsoft ignores, and
values that are not percent-encoded.
"""

from __future__ import annotations

from collections import Counter
from typing import Final

from ..findings import Finding
from ..masking import shown
from .lint_codes import LINT_CATALOG
from .parse import BAD_ESCAPE, BAD_ESCAPE_PROBLEM, NOT_UTF8_PROBLEM, AuthorizeRequest

__all__ = ["GOOGLE_ONLY_PARAMS", "check_params"]

GOOGLE_ONLY_PARAMS: Final = ("access_type", "include_granted_scopes", "approval_prompt", "hd")
"""Parameters of Google's authorize endpoint that Microsoft's ignores."""


def check_params(request: AuthorizeRequest) -> list[Finding]:
    """Return the findings about repeated, Google-only and badly encoded parameters.

    Args:
        request: The parsed authorize URL, with the problems the parse found.

    Returns:
        The findings, in check order.
    """
    findings = []
    present = request.first  # one entry per name
    if len(present) < len(request.params):  # some name is repeated
        for name, count in Counter(param.name for param in request.params).items():
            if count > 1:
                findings.append(
                    LINT_CATALOG["param-duplicated"].finding(
                        f"{shown(name)} appears {count} times; Microsoft answers AADSTS9000411 "
                        f"(the parameter is duplicated).",
                    )
                )
    if not present.keys().isdisjoint(GOOGLE_ONLY_PARAMS):
        google = [name for name in GOOGLE_ONLY_PARAMS if name in present]
        findings.append(
            LINT_CATALOG["param-google-only"].finding(
                f"{', '.join(google)} {'is' if len(google) == 1 else 'are'} Google's and "
                "ignored by Microsoft.",
            )
        )
    unencoded = _encoding(request)
    if unencoded is not None:
        findings.append(unencoded)
    return findings


def _encoding(request: AuthorizeRequest) -> Finding | None:
    raw_chars = [param.name for param in request.params if param.unencoded]
    escapes, not_utf8 = [], []
    # The parse reports every bad escape and every value that is not UTF-8 among its problems:
    # without such a problem there is nothing more to look for.
    problems = " ".join(request.problems)
    decoding_failed = BAD_ESCAPE_PROBLEM in problems or NOT_UTF8_PROBLEM in problems
    for param in request.params if decoding_failed else ():
        # The raw value is cut out only for the rare parameter that may need it.
        if "%" in param.raw and BAD_ESCAPE.search(param.raw.partition("=")[2]):
            escapes.append(param.name)
        if "\ufffd" in param.value and "\ufffd" not in param.raw.partition("=")[2]:
            not_utf8.append(param.name)
    parts = []
    if raw_chars:
        parts.append(
            f"{_values_of(raw_chars)} not percent-encoded. Browsers encode spaces "
            "and quotes on the way, so this often works, but an unencoded value breaks as soon "
            "as it holds '&' (Microsoft cuts an unencoded state there), '#' (the browser drops "
            "the rest) or '+' (read as a space): a JSON state whose success_url has a query, or "
            "a token with '+', does."
        )
    if escapes:
        parts.append(
            f"{_values_of(escapes)} holding a '%' that does not start an escape such as %20 "
            "(write a literal '%' as %25)."
        )
    if not_utf8:
        parts.append(f"{_values_of(not_utf8)} not UTF-8 once decoded.")
    return LINT_CATALOG["url-unencoded"].finding(" ".join(parts)) if parts else None


def _values_of(names: list[str]) -> str:
    """Return "The value of 'a' is" or "The values of 'a', 'b' are"."""
    unique = list(dict.fromkeys(names))
    if len(unique) == 1:
        return f"The value of {shown(unique[0])} is"
    more = " ..." if len(unique) > 6 else ""
    return f"The values of {', '.join(map(shown, unique[:6]))}{more} are"
