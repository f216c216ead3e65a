"""Reading an error as people paste it, for [`recall_outlook.troubleshoot.explain.explain`][].

People paste a code, an ``error_description`` with its Trace ID and Timestamp lines, a whole
callback URL (percent- or plus-encoded, maybe wrapped), Microsoft's token endpoint JSON (maybe
inside a Python ``b'...'`` or dict repr, a PHP ``print_r``, a Markdown fence, or cut short), a
page's HTML-escaped text, or a library's log line (``invalid_grant: 501481 - [time]: AADSTS...``).
[`read_pasted`][] finds in any of them the AADSTS codes, the OAuth ``error``, the
``error_description`` and where the error was met; it never raises.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, unquote_plus

from ..masking import SECRET_PARAMS, mask, mask_query, mask_secrets
from ._entry import Where

__all__ = ["Pasted", "read_pasted"]

_AADSTS: Final = re.compile(r"AADSTS[\s:_-]{0,3}(\d{1,12})(?!\d)", re.I)
_CODE_LISTS: Final = (
    # "error_codes":[9002313] in JSON, u'error_codes': [9002313] in a Python repr.
    re.compile(r"error_?codes['\"]?\s*:\s*\[\s*(\d{1,12}(?:\s*,\s*\d{1,12})*)", re.I),
    # [error_codes] => Array ( [0] => 70002 ) in PHP's print_r.
    re.compile(r"\[error_codes\]\s*=>\s*Array\s*\(\s*\[0\]\s*=>\s*(\d{1,12})", re.I),
    # Microsoft's lookup link, alone or as error_uri: /error?code=900144.
    re.compile(r"/error\?code=(\d{1,12})(?!\d)", re.I),
    # MSAL's errorNo field.
    re.compile(r"errorNo['\"]?\s*:\s*(\d{1,12})(?!\d)"),
)
"""Where a code appears without its AADSTS prefix."""
_ERROR_FIELD: Final = re.compile(
    r"""(?<![\w-])\[?['"]?error['"]?\]?\s*(?::|=>?)\s*u?['"]?([a-z_]{4,40})""", re.I
)
_LINE_BREAK: Final = re.compile(r"[ \t]*[\r\n]+\s*")
_ENTITY: Final = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)
_FENCE: Final = re.compile(r"^\s*(?:```|~~~)[\w-]*\s*\n|\n\s*(?:```|~~~)\s*$")
_QUERYISH: Final = re.compile(
    r"(?:^|[?#&\s])(?:error|error_description|error_codes|admin_consent|code|state)=", re.I
)
_URL_STARTS: Final = ("http://", "https://", "/", "?", "#")
_PARAM_START: Final = re.compile(r"[\w.~-]+=")
_WRAPPERS: Final = (('"', '"'), ("'", "'"), ("<", ">"), ("`", "`"), ("(", ")"))
_MAX_LAYERS: Final = 3
_TOKEN_ERRORS: Final = frozenset({"invalid_grant", "invalid_client", "unsupported_grant_type"})
"""``error`` values only the token endpoint answers with."""
_TOKEN_SIGNS: Final = re.compile(
    r"oauth2/(?:v2\.0/)?token\b|oauth20_token|request body must contain"
    r"|['\"\[]?(?:error_codes|trace_id|correlation_id)['\"\]]?\s*(?::|=>)",
    re.I,
)
"""What only a token endpoint answer (or a library reporting one) holds."""
_SIGN_IN_SIGNS: Final = re.compile(
    r"having trouble signing you in|^\W*Request Id:.*$|Message:\s*AADSTS", re.I | re.M
)
"""What Microsoft's sign-in error page shows."""
_ERROR_NUMBER: Final = re.compile(r"code=\d{4,12}(?![\w-]|\.\w)", re.I)
"""``code=900144`` in a lookup link, maybe followed by prose: an error number, not an
authorization code (Microsoft's codes start ``0.A``)."""


@dataclass(frozen=True)
class Pasted:
    """What [`read_pasted`][] found.

    Attributes:
        text: The pasted text, cleaned (wrappers, fences and HTML entities removed).
        params: The parameters read from a query string or a JSON object, names in lower case,
            first value kept.
        is_json: Whether the parameters came from a JSON object.
        layers: The text and its decodings, plus each parameter's decodings: where to look.
        codes: The AADSTS codes found, as ``AADSTS50011``, in order of appearance.
        error: The OAuth ``error`` value, if any.
        description: The ``error_description`` value, if any.
        where: Where the error was met, when the text tells (see
            [`Where`][recall_outlook.troubleshoot.catalog.Where]).
        echo: The text fit to show back: authorization codes and tokens masked.
    """

    text: str
    params: dict[str, str]
    is_json: bool
    layers: tuple[str, ...]
    codes: tuple[str, ...]
    error: str | None
    description: str | None
    where: Where | None
    echo: str


def clean(text: object) -> str:
    """Return pasted text without what wraps it: quotes, fences, HTML entities, bad characters."""
    if not isinstance(text, str):
        return ""
    # Lone surrogates cannot be encoded, percent-decoded or masked: replace them.
    text = text.encode("utf-8", "replace").decode("utf-8").strip()
    text = _FENCE.sub("", text).strip()
    if text.startswith(("b'", 'b"')):  # a Python bytes repr
        text = text[1:]
    for opening, closing in _WRAPPERS:
        if len(text) >= 2 and text.startswith(opening) and text.endswith(closing):
            text = text[1:-1].strip()
    # Only entities closed by ';': '&not' or '&para' in a query are parameters, not entities.
    return _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)


def _json_object(text: str) -> dict[str, object] | None:
    """Return the JSON object ``text`` is, or holds from its first '{' to its last '}'."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        # strict=False: pasted answers often have raw line breaks inside their strings.
        data = json.loads(text[start : end + 1], strict=False)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


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


def _pairs(text: str) -> tuple[list[tuple[str, str]], bool]:
    """Return the parameters found in ``text``, and whether they came from a JSON object."""
    data = _json_object(text)
    if data is not None:
        return [(str(name), value) for name, value in data.items() if isinstance(value, str)], True
    query = _query_of(text)
    return (parse_qsl(query, keep_blank_values=True) if query is not None else []), False


def _layers(text: str) -> list[str]:
    """Return ``text`` and its successive percent-decodings (nested URLs decode once more)."""
    layers = [text]
    for _ in range(_MAX_LAYERS):
        decoded = unquote_plus(layers[-1])
        if decoded == layers[-1]:
            break
        layers.append(decoded)
    return layers


def _codes(layers: list[str]) -> list[str]:
    found = [f"AADSTS{m.group(1)}" for layer in layers for m in _AADSTS.finditer(layer)]
    for pattern in _CODE_LISTS:
        for layer in layers:
            for match in pattern.finditer(layer):
                found += [f"AADSTS{number.strip()}" for number in match.group(1).split(",")]
    return list(dict.fromkeys(found))


def _error(params: dict[str, str], text: str, known: frozenset[str]) -> str | None:
    """Return the OAuth ``error``: the parameter, a field of a repr, or a known value in text."""
    if params.get("error"):
        return params["error"]
    for match in _ERROR_FIELD.finditer(text):
        if match.group(1).lower() in known:
            return match.group(1).lower()
    words = re.findall(r"(?<![A-Za-z_])[a-z]+(?:_[a-z]+)+(?![A-Za-z_])", text)
    return next((word for word in words if word in known), None)


def _where(text: str, params: dict[str, str], error: str | None, *, is_json: bool) -> Where | None:
    if "error" in params and not is_json:  # a redirect's query: the authorize step
        return "authorize"
    if (error or "") in _TOKEN_ERRORS or _TOKEN_SIGNS.search(text):
        return "token"
    return "authorize" if _SIGN_IN_SIGNS.search(text) else None


def _echo(text: str, pairs: list[tuple[str, str]], *, is_json: bool) -> str:
    """Return ``text`` fit to echo: secrets masked, never the authorization code."""
    if is_json:
        if any(name.lower() in SECRET_PARAMS for name, _ in pairs):
            shown = {n: mask(v) if n.lower() in SECRET_PARAMS else v for n, v in pairs}
            return mask_secrets(json.dumps(shown, ensure_ascii=False))
        return mask_secrets(text)
    if "=" not in text:
        return mask_secrets(text)
    joined = _LINE_BREAK.sub("", text)
    head, question, rest = joined.partition("?")
    if not question or "=" in head:
        head, question, rest = "", "", joined
    query, hash_sign, fragment = rest.partition("#")
    try:
        return mask_secrets(head + question + _masked(query) + hash_sign + _masked(fragment))
    except RecursionError:  # a pathologically nested JSON state
        return "(input not shown: it could not be masked)"


def _masked(query: str) -> str:
    # code=900144 (Microsoft's lookup link) is an error number: keep it; mask any other code.
    pieces = query.split("&")
    return "&".join(piece if _ERROR_NUMBER.match(piece) else mask_query(piece) for piece in pieces)


def read_pasted(
    text: object, *, known_errors: frozenset[str], where: Where | None = None
) -> Pasted:
    """Read pasted text into codes, error, description, where it happened and an echo.

    Args:
        text: What was pasted (anything; non-text reads as empty).
        known_errors: The OAuth ``error`` values to recognise in free text.
        where: Where the error was met, when the caller knows; otherwise inferred.

    Returns:
        What was found; never raises.
    """
    cleaned = clean(text)
    pairs, is_json = _pairs(cleaned)
    params: dict[str, str] = {}
    for name, value in pairs:
        params.setdefault(name.strip().lower(), value.strip())
    layers = _layers(cleaned)
    for value in params.values():
        layers.extend(_layers(value))
    error = _error(params, cleaned, known_errors)
    return Pasted(
        text=cleaned,
        params=params,
        is_json=is_json,
        layers=tuple(layers),
        codes=tuple(_codes(layers)),
        error=error,
        description=params.get("error_description") or None,
        where=where or _where(cleaned, params, error, is_json=is_json),
        echo=_echo(cleaned, pairs, is_json=is_json),
    )
