"""What went wrong while connecting an Outlook calendar, and how to fix it.

[`ERROR_CATALOG`][] is the single table of the errors people meet on the way: the AADSTS codes
of the Microsoft identity platform, the OAuth ``error`` values Microsoft sends to the redirect
URI, and Recall's own Calendar V1 error texts. Every entry says what it means *for a Recall
Outlook connection* and what to change. [`explain`][] reads whatever was pasted (a code, an
``error_description``, a whole callback URL, a token endpoint JSON answer, Recall's error URL)
and answers with the matching entries; it never raises.

Sources: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (codes;
``https://login.microsoftonline.com/error?code=NNNN`` has the current text of any code),
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow (``error``
values) and https://docs.recall.ai/docs/calendar-v1-microsoft-outlook (Recall).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from ._paste import read_pasted
from .catalog import ERROR_CATALOG, LOOKUP_URL, RECALL_ENTRIES, ErrorEntry, ErrorKind, Where

__all__ = [
    "ERROR_CATALOG",
    "ErrorEntry",
    "ErrorKind",
    "Explanation",
    "Where",
    "explain",
    "lookup",
]

_LOOKUP: Final = LOOKUP_URL

_BY_KEY: Final = MappingProxyType({entry.key: entry for entry in ERROR_CATALOG})

_RECALL_TEXTS: Final = (
    (re.compile(r"refresh_token\s+missing\s+from\s+oauth\s+response", re.I), RECALL_ENTRIES[0]),
    (
        re.compile(r"invalid\s*['\"`]?\s*recall_calendar_auth_token\s*['\"`]?\s*supplied", re.I),
        RECALL_ENTRIES[1],
    ),
)
_OAUTH_ERRORS: Final = frozenset(entry.key for entry in ERROR_CATALOG if entry.kind == "oauth")
_AADSTS: Final = re.compile(r"AADSTS[\s:_-]{0,3}(\d{1,12})(?!\d)", re.I)
_BARE_CODE: Final = re.compile(r"\d{4,8}")
_WHERE_SAID: Final = {
    "authorize": "in the redirect from Microsoft's authorize endpoint (the sign-in)",
    "token": "at Microsoft's token endpoint (Recall redeeming the code or refreshing the token)",
}


def lookup(key: str) -> ErrorEntry | None:
    """Return the catalogued entry for ``key``, or ``None``.

    Args:
        key: ``AADSTS50011``, ``aadsts50011`` or ``50011`` for a code; an ``error`` value such
            as ``access_denied``; or a Recall key such as ``recall:refresh_token_missing``.

    Returns:
        The entry, or ``None`` when ``key`` is not in [`ERROR_CATALOG`][].
    """
    wanted = key.strip() if isinstance(key, str) else ""
    code = _AADSTS.fullmatch(wanted)
    if code:
        return _BY_KEY.get("AADSTS" + code.group(1))
    if _BARE_CODE.fullmatch(wanted):
        return _BY_KEY.get("AADSTS" + wanted)
    return _BY_KEY.get(wanted.lower())


@dataclass(frozen=True)
class Explanation:
    """What [`explain`][] found in a pasted text.

    Attributes:
        query: What was asked, stripped, with authorization codes and tokens masked.
        entries: The matching entries, most specific first: AADSTS codes (an uncatalogued code
            gets an entry of kind ``unknown`` pointing at Microsoft's lookup page), then Recall
            texts, then the OAuth ``error`` value.
        error: The OAuth ``error`` value found, if any.
        error_description: The ``error_description`` found (or the pasted description itself),
            Trace and Correlation IDs kept.
        codes: The AADSTS codes found, as ``AADSTS50011``, in order of appearance.
        where: Where the error was met, given or read from the text (``None`` when unknown);
            the entries read as they do there.
    """

    query: str
    entries: tuple[ErrorEntry, ...] = ()
    error: str | None = None
    error_description: str | None = None
    codes: tuple[str, ...] = ()
    where: Where | None = None

    @property
    def known(self) -> bool:
        """Whether the catalog explains it: something matched and every AADSTS code is known."""
        return bool(self.entries) and all(entry.kind != "unknown" for entry in self.entries)

    @property
    def met(self) -> str | None:
        """Where the error was met, in words (``None`` when unknown)."""
        return _WHERE_SAID[self.where] if self.where is not None else None

    @property
    def summary(self) -> str:
        """One line naming what was found, for a status bar or a log."""
        if not self.entries:
            if self.error:
                return f"{self.error}: not in the catalog"
            return "No AADSTS code, OAuth error or Recall error text found"
        return "; ".join(f"{entry.key}: {entry.title}" for entry in self.entries)

    def as_text(self, *, width: int = 88) -> str:
        """Render the explanation for a terminal.

        Args:
            width: The column at which lines wrap.

        Returns:
            A few paragraphs: each entry with its cause, fix and links, then what was found.
        """
        lines: list[str] = []
        if not self.entries:
            lines.append(self.summary + ".")
            lines.extend(
                textwrap.wrap(
                    "Paste an AADSTS code (AADSTS50011 or 50011), an error_description, the "
                    "whole URL Microsoft or Recall redirected to, or an error value such as "
                    "access_denied.",
                    width,
                )
            )
        for entry in self.entries:
            lines.append(f"{entry.key}: {entry.title}")
            for label, text in (("Cause", entry.cause), ("Fix", entry.fix)):
                lines.extend(
                    textwrap.wrap(
                        f"{label}: {text}",
                        width,
                        initial_indent="  ",
                        subsequent_indent="    ",
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
            lines.extend(f"  See: {link}" for link in entry.links)
            lines.append("")
        if self.met is not None:
            lines.append(f"met: {self.met}")
        if self.error is not None:
            lines.append(f"error: {self.error}")
        if self.error_description is not None:
            lines.append(f"error_description: {self.error_description}")
        return "\n".join(lines).rstrip() + "\n"

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data with stable keys.

        Returns:
            ``query``, ``known``, ``summary``, ``codes``, ``entries`` (each with ``key``,
            ``kind``, ``title``, ``cause``, ``fix``, ``links``), ``error``,
            ``error_description`` and ``where``.
        """
        return {
            "query": self.query,
            "known": self.known,
            "summary": self.summary,
            "codes": list(self.codes),
            "entries": [entry.as_dict() for entry in self.entries],
            "error": self.error,
            "error_description": self.error_description,
            "where": self.where,
        }


def _unknown(code: str) -> ErrorEntry:
    number = code.removeprefix("AADSTS")
    return ErrorEntry(
        code,
        "unknown",
        "Not in recall-outlook's catalog",
        f"{code} is not one of the errors recall-outlook explains.",
        f"Look it up at {_LOOKUP}{number}; keep the Trace ID and Correlation ID from the "
        "error_description if you contact Microsoft support.",
        (_LOOKUP + number,),
    )


def explain(text: str, *, where: Where | None = None) -> Explanation:
    """Explain an error met while connecting an Outlook calendar through Recall.

    Accepts what people paste: a code (``AADSTS50011``, ``aadsts50011``, ``50011``); an
    ``error_description`` text, multi-line with its Trace ID, Correlation ID and Timestamp; a
    whole callback URL or query string, percent- or plus-encoded, possibly wrapped over lines or
    in quotes, with the answer in the query or the fragment; Microsoft's token endpoint JSON
    answer, also inside a log line, a Python or PHP repr or a Markdown fence, or cut short;
    HTML-escaped text from a page; Microsoft's lookup link (``.../error?code=NNNN``); an
    ``error`` value such as ``access_denied``; or a Recall error text, also inside the query of
    an ``error_url``. Where the error was met matters (AADSTS9002313 means one thing at sign-in
    and another at the token endpoint): pass ``where`` when you know it, otherwise it is read
    from the text when it tells.

    Args:
        text: The pasted text.
        where: ``"authorize"`` (the redirect after sign-in) or ``"token"`` (Recall's call to
            the token endpoint), when known.

    Returns:
        The explanation. Codes missing from the catalog get an entry of kind ``unknown``
        pointing at ``https://login.microsoftonline.com/error?code=NNNN``. Never raises.
    """
    pasted = read_pasted(text, known_errors=_OAUTH_ERRORS, where=where)
    cleaned, error, description = pasted.text, pasted.error, pasted.description
    codes = list(pasted.codes)
    direct = None if pasted.params else lookup(cleaned)
    if not pasted.params and _BARE_CODE.fullmatch(cleaned):
        codes.append("AADSTS" + cleaned)
    elif codes and not pasted.params and not _AADSTS.fullmatch(cleaned):
        description = cleaned  # an error_description pasted on its own
    if direct is not None and direct.kind == "oauth":
        error = direct.key

    entries = [
        (_BY_KEY.get(code) or _unknown(code)).read_in(
            where=pasted.where, error=error, description=description or cleaned
        )
        for code in codes
    ]
    if direct is not None and direct.kind == "recall":
        entries.append(direct)
    for pattern, entry in _RECALL_TEXTS:
        if any(pattern.search(layer) for layer in pasted.layers):
            entries.append(entry)
    error_entry = _BY_KEY.get(error.lower()) if error else None
    if error_entry is not None and error_entry.kind == "oauth":
        entries.append(error_entry)

    return Explanation(
        query=pasted.echo,
        entries=tuple(dict.fromkeys(entries)),
        error=error,
        error_description=description,
        codes=tuple(codes),
        where=pasted.where,
    )
