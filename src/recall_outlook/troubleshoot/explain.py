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

import json
import re
import textwrap
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import parse_qsl, unquote_plus

from ..masking import SECRET_PARAMS, mask, mask_query
from .catalog import ERROR_CATALOG, LOOKUP_URL, RECALL_ENTRIES, ErrorEntry, ErrorKind

__all__ = ["ERROR_CATALOG", "ErrorEntry", "ErrorKind", "Explanation", "explain", "lookup"]

_LOOKUP: Final = LOOKUP_URL

_BY_KEY: Final = MappingProxyType({entry.key: entry for entry in ERROR_CATALOG})

_RECALL_TEXTS: Final = (
    (re.compile(r"refresh_token\s+missing\s+from\s+oauth\s+response", re.I), RECALL_ENTRIES[0]),
    (
        re.compile(r"invalid\s*['\"`]?\s*recall_calendar_auth_token\s*['\"`]?\s*supplied", re.I),
        RECALL_ENTRIES[1],
    ),
)
_AADSTS: Final = re.compile(r"AADSTS[\s:_-]{0,3}(\d{1,12})(?!\d)", re.I)
_BARE_CODE: Final = re.compile(r"\d{4,8}")
_LINE_BREAK: Final = re.compile(r"[ \t]*[\r\n]+\s*")
_QUERYISH: Final = re.compile(
    r"(?:^|[?#&\s])(?:error|error_description|error_codes|admin_consent|code|state)=", re.I
)
_URL_STARTS: Final = ("http://", "https://", "/", "?", "#")
_PARAM_START: Final = re.compile(r"[\w.~-]+=")
_WRAPPERS: Final = (('"', '"'), ("'", "'"), ("<", ">"), ("`", "`"), ("(", ")"))
_MAX_LAYERS: Final = 3


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
    """

    query: str
    entries: tuple[ErrorEntry, ...] = ()
    error: str | None = None
    error_description: str | None = None
    codes: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the catalog explains it: something matched and every AADSTS code is known."""
        return bool(self.entries) and all(entry.kind != "unknown" for entry in self.entries)

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
        if self.error is not None:
            lines.append(f"error: {self.error}")
        if self.error_description is not None:
            lines.append(f"error_description: {self.error_description}")
        return "\n".join(lines).rstrip() + "\n"

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data with stable keys.

        Returns:
            ``query``, ``known``, ``summary``, ``codes``, ``entries`` (each with ``key``,
            ``kind``, ``title``, ``cause``, ``fix``, ``links``), ``error`` and
            ``error_description``.
        """
        return {
            "query": self.query,
            "known": self.known,
            "summary": self.summary,
            "codes": list(self.codes),
            "entries": [entry.as_dict() for entry in self.entries],
            "error": self.error,
            "error_description": self.error_description,
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


def _clean(text: object) -> str:
    if not isinstance(text, str):
        return ""
    # Lone surrogates cannot be encoded, percent-decoded or masked: replace them.
    text = text.encode("utf-8", "replace").decode("utf-8").strip()
    for opening, closing in _WRAPPERS:
        if len(text) >= 2 and text.startswith(opening) and text.endswith(closing):
            text = text[1:-1].strip()
    return text


def _json_pairs(text: str) -> list[tuple[str, str]] | None:
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    return [(str(name), value) for name, value in data.items() if isinstance(value, str)]


def _read(text: str) -> tuple[list[tuple[str, str]], bool]:
    """Return the parameters found in ``text``, and whether it is a JSON answer."""
    json_pairs = _json_pairs(text)
    if json_pairs is not None:
        return json_pairs, True
    query = _query_of(text)
    return (parse_qsl(query, keep_blank_values=True) if query is not None else []), False


def _query_of(text: str) -> str | None:
    """Return the query part of a pasted URL or query string, or ``None`` if it has none."""
    joined = _LINE_BREAK.sub("", text)
    url_like = joined.startswith(_URL_STARTS) or _PARAM_START.match(joined)
    if not url_like and not _QUERYISH.search(joined):
        return None
    head, question, after = joined.partition("?")
    if not question or "=" in head:  # a bare query string, maybe with '?' inside a value
        after = joined
    query, _, fragment = after.partition("#")
    # response_mode=fragment puts the answer after '#'.
    return f"{query}&{fragment}" if fragment and "=" in fragment else query


def _layers(text: str) -> list[str]:
    """Return ``text`` and its successive percent-decodings (nested URLs decode once more)."""
    layers = [text]
    for _ in range(_MAX_LAYERS):
        decoded = unquote_plus(layers[-1])
        if decoded == layers[-1]:
            break
        layers.append(decoded)
    return layers


def _shown(text: str, pairs: list[tuple[str, str]], *, is_json: bool) -> str:
    """Return ``text`` fit to echo: secrets masked, never the authorization code."""
    if is_json:
        if any(name.lower() in SECRET_PARAMS for name, _ in pairs):
            shown = {n: mask(v) if n.lower() in SECRET_PARAMS else v for n, v in pairs}
            return json.dumps(shown, ensure_ascii=False)
        return text
    if "=" not in text:
        return text
    joined = _LINE_BREAK.sub("", text)
    head, question, rest = joined.partition("?")
    if not question or "=" in head:
        head, question, rest = "", "", joined
    query, hash_sign, fragment = rest.partition("#")
    try:
        return head + question + mask_query(query) + hash_sign + mask_query(fragment)
    except RecursionError:  # a pathologically nested JSON state
        return "(input not shown: it could not be masked)"


def explain(text: str) -> Explanation:
    """Explain an error met while connecting an Outlook calendar through Recall.

    Accepts what people paste: a code (``AADSTS50011``, ``aadsts50011``, ``50011``); an
    ``error_description`` text; a whole callback URL or query string, percent- or
    plus-encoded, possibly wrapped over lines or in quotes, with the answer in the query or the
    fragment; Microsoft's token endpoint JSON answer; an ``error`` value such as
    ``access_denied``; or a Recall error text, also inside the query of an ``error_url``.

    Args:
        text: The pasted text.

    Returns:
        The explanation. Codes missing from the catalog get an entry of kind ``unknown``
        pointing at ``https://login.microsoftonline.com/error?code=NNNN``. Never raises.
    """
    cleaned = _clean(text)
    pairs, is_json = _read(cleaned)
    params: dict[str, str] = {}
    for name, value in pairs:
        params.setdefault(name.strip().lower(), value.strip())

    error = params.get("error") or None
    description = params.get("error_description") or None
    haystack = _layers(cleaned)
    for value in params.values():
        haystack.extend(_layers(value))

    codes = list(
        dict.fromkeys(f"AADSTS{m.group(1)}" for h in haystack for m in _AADSTS.finditer(h))
    )
    direct = None if pairs else lookup(cleaned)
    if not pairs and _BARE_CODE.fullmatch(cleaned):
        codes.append("AADSTS" + cleaned)
    elif codes and not pairs and not _AADSTS.fullmatch(cleaned):
        description = cleaned  # an error_description pasted on its own
    if direct is not None and direct.kind == "oauth":
        error = direct.key

    entries: list[ErrorEntry] = [_BY_KEY.get(code) or _unknown(code) for code in codes]
    if direct is not None and direct.kind == "recall":
        entries.append(direct)
    for pattern, entry in _RECALL_TEXTS:
        if any(pattern.search(layer) for layer in haystack):
            entries.append(entry)
    error_entry = _BY_KEY.get(error.lower()) if error else None
    if error_entry is not None and error_entry.kind == "oauth":
        entries.append(error_entry)

    return Explanation(
        query=_shown(cleaned, pairs, is_json=is_json),
        entries=tuple(dict.fromkeys(entries)),
        error=error,
        error_description=description,
        codes=tuple(codes),
    )
