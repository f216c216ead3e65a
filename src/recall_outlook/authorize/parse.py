"""Reading any authorize URL people actually paste, without ever raising.

[`parse_authorize_url`][] accepts hand-made URLs, URLs wrapped over several lines, a JSON
``state`` left unencoded (as Recall's demo app writes it, ``&`` inside it included), repeated
parameters and malformed escapes. It decodes values as Microsoft does (``+`` is a space) and
records what it could not read in ``problems`` of
[`AuthorizeRequest`][recall_outlook.authorize.parse.AuthorizeRequest] for the linter to report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Final, NamedTuple
from urllib.parse import unquote_to_bytes, urlsplit

from ..errors import StateError
from ..masking import SECRET_PARAMS, mask, mask_secrets, mask_url
from .state import CalendarState

__all__ = ["AuthorizeRequest", "Param", "parse_authorize_url", "parse_query"]

BAD_ESCAPE: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A '%' that does not start an escape such as ``%20``."""
# Characters a URL may carry raw in a query value (RFC 3986 pchar, "/" and "?", and "%" escapes).
_RAW_OK: Final = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + "-._~!$&'()*+,;=:@/?%"
)
_ALL_RAW_OK: Final = re.compile(f"[{re.escape(_RAW_OK)}]*")
"""Matches a whole value exactly when it may stand raw (one pass, unlike searching for a
character that may not)."""
_WRAPPERS: Final = (('"', '"'), ("'", "'"), ("<", ">"), ("`", "`"))
_OPENINGS: Final = frozenset(opening for opening, _ in _WRAPPERS)


class Param(NamedTuple):
    """One query parameter as found.

    An immutable named tuple; its ``repr`` leaves out the value and the raw text (either may hold
    a secret).

    Attributes:
        name: The decoded name.
        value: The decoded value (``+`` read as a space, as Microsoft reads it).
        raw: The ``name=value`` text exactly as it stood in the URL.
        has_value: Whether an ``=`` followed the name.
        unencoded: Whether the raw value holds characters that must be percent-encoded.
    """

    name: str
    value: str
    raw: str
    has_value: bool = True
    unencoded: bool = False

    def __repr__(self) -> str:
        return (
            f"Param(name={self.name!r}, has_value={self.has_value!r}, unencoded={self.unencoded!r})"
        )


@dataclass(frozen=True)
class AuthorizeRequest:
    """A parsed authorize URL; every field is as found, and ``None`` when absent.

    Attributes:
        url: The URL after removing line breaks and surrounding quotes (holds secrets; masked in
            ``repr``).
        scheme: ``https`` for a real authorize URL.
        host: The host, lower-cased.
        path: The path as written.
        tenant: The first path segment (``common``, a directory id, ...).
        version: ``"v2.0"`` for ``/oauth2/v2.0/authorize``, ``"v1"`` for ``/oauth2/authorize``,
            ``None`` when the path is not an authorize endpoint.
        params: Every parameter in order, repeats included.
        fragment: The text after ``#``, if any.
        problems: What could not be read cleanly, in words.
        first: The first value of each parameter by name, read-only (what ``get`` answers),
            made from ``params``.
    """

    url: str = field(repr=False)
    scheme: str = ""
    host: str = ""
    path: str = ""
    tenant: str | None = None
    version: str | None = None
    params: tuple[Param, ...] = ()
    fragment: str | None = None
    problems: tuple[str, ...] = ()
    first: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __init__(  # noqa: PLR0917 - one argument per field, as the dataclass would make
        self,
        url: str,
        scheme: str = "",
        host: str = "",
        path: str = "",
        tenant: str | None = None,
        version: str | None = None,
        params: tuple[Param, ...] = (),
        fragment: str | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        # As Param's: frozen, without the cost of object.__setattr__ per field.
        self.__dict__.update(
            url=url,
            scheme=scheme,
            host=host,
            path=path,
            tenant=tenant,
            version=version,
            params=params,
            fragment=fragment,
            problems=problems,
        )
        # The linter asks for a dozen names: one pass over the parameters answers them all.
        first: dict[str, str] = {}
        for param in params:
            first.setdefault(param.name, param.value)
        self.__dict__["first"] = MappingProxyType(first)

    def __repr__(self) -> str:
        return f"AuthorizeRequest(url={mask_url(self.url)!r}, problems={self.problems!r})"

    def __reduce__(self) -> tuple[type[AuthorizeRequest], tuple[object, ...]]:
        # Pickled and copied by its fields: ``first`` is a read-only view, rebuilt from params.
        return AuthorizeRequest, tuple(
            getattr(self, each.name) for each in fields(self) if each.init
        )

    def get_all(self, name: str) -> tuple[str, ...]:
        """Return every value of the parameter ``name``, in order."""
        return tuple(param.value for param in self.params if param.name == name)

    def get(self, name: str) -> str | None:
        """Return the first value of the parameter ``name``, or ``None``."""
        return self.first.get(name)

    @property
    def client_id(self) -> str | None:
        """The ``client_id`` parameter."""
        return self.first.get("client_id")

    @property
    def redirect_uri(self) -> str | None:
        """The ``redirect_uri`` parameter."""
        return self.first.get("redirect_uri")

    @property
    def scope(self) -> str | None:
        """The ``scope`` parameter as written."""
        return self.first.get("scope")

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes, split on spaces."""
        return tuple((self.scope or "").split())

    @property
    def response_type(self) -> str | None:
        """The ``response_type`` parameter."""
        return self.first.get("response_type")

    @property
    def response_mode(self) -> str | None:
        """The ``response_mode`` parameter."""
        return self.first.get("response_mode")

    @property
    def prompt(self) -> str | None:
        """The ``prompt`` parameter."""
        return self.first.get("prompt")

    @property
    def state(self) -> str | None:
        """The decoded ``state`` parameter text."""
        return self.first.get("state")

    @property
    def calendar_state(self) -> CalendarState | None:
        """The state as a [`CalendarState`][], or ``None`` when it is absent or invalid."""
        try:
            return None if self.state is None else CalendarState.from_json(self.state)
        except StateError:
            return None

    @property
    def state_error(self) -> str | None:
        """Why the state is not a valid [`CalendarState`][], or ``None``."""
        if self.state is None:
            return "state is missing"
        try:
            CalendarState.from_json(self.state)
        except StateError as error:
            return str(error)
        return None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary with stable keys and every secret masked."""
        state = self.calendar_state
        return {
            "url": mask_secrets(mask_url(self.url)),
            "endpoint": {
                "scheme": self.scheme,
                "host": self.host,
                "path": mask_secrets(self.path),
                "tenant": mask_secrets(self.tenant) if self.tenant else self.tenant,
                "version": self.version,
            },
            "params": [
                {
                    "name": mask_secrets(p.name),
                    "value": mask(p.value)
                    if p.name.lower() in SECRET_PARAMS
                    else mask_secrets(p.value),
                }
                for p in self.params
                if p.name != "state"
            ],
            "scopes": list(self.scopes),
            "state": state.masked() if state else None,
            "state_error": self.state_error,
            "problems": [mask_secrets(problem) for problem in self.problems],
        }


# In a JSON text, a string (to its closing quote, or to the end when it has none) or a bracket.
_JSON_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[{}\[\]]', re.DOTALL)


# An object holding no string and no bracket, such as a placeholder ``{client_id}``.
_FLAT_OBJECT: Final = re.compile(r'\{[^"{}\[\]]*\}')


def _json_end(text: str, start: int) -> int | None:
    """Return the index just past the JSON value opening at ``start``, or ``None``."""
    flat = _FLAT_OBJECT.match(text, start)
    if flat:  # nothing inside can hide a '}', so the first one closes it
        return flat.end()
    depth = 0
    for token in _JSON_TOKEN.finditer(text, start):
        if token[0] in ("{", "["):
            depth += 1
        elif token[0] in ("}", "]"):
            depth -= 1
            if depth == 0:
                return token.end()
    return None


_PIECE_END: Final = re.compile("[&#]")


_MAY_OPEN_JSON: Final = re.compile(r'=\{(?![^"{}\[\]&#]*\})')
"""A '{' after an '=' that does not open a flat object within its piece: one search of the
query finds whatever ``_opens_json`` would find, and more (an '=' that is not its piece's
first), so that only a query it matches needs the loop."""


def _opens_json(pieces: list[str]) -> bool:
    """Whether the value of any of ``pieces`` opens raw JSON that may run past ``&`` or ``#``."""
    for piece in pieces:
        if "={" in piece:  # else its value cannot start with '{'
            start = piece.find("=") + 1  # where the value starts
            if piece.startswith("{", start) and not _FLAT_OBJECT.match(piece, start):
                return True
    return False


def _split(rest: str) -> tuple[list[str], str | None]:
    """Split a query at ``&`` and ``#``, skipping over a raw JSON value."""
    query, hash_mark, fragment = rest.partition("#")
    pieces = query.split("&")
    if "={" not in query or not _MAY_OPEN_JSON.search(query) or not _opens_json(pieces):
        # No raw JSON value, or only ones closed within their piece: a plain split is right.
        return pieces, fragment if hash_mark else None
    pieces = []
    start = 0
    while True:
        # A piece ends at the next '&' or '#', unless its value (from its first '=') is raw
        # JSON: then at the first '&' or '#' after the JSON value's end.
        end = _PIECE_END.search(rest, start)
        equals = rest.find("=", start, end.start() if end else len(rest))
        if equals != -1 and rest.startswith("{", equals + 1):
            json_end = _json_end(rest, equals + 1)
            if json_end is not None:
                end = _PIECE_END.search(rest, json_end)
        if end is None:
            pieces.append(rest[start:])
            return pieces, None
        pieces.append(rest[start : end.start()])
        if end[0] == "#":
            return pieces, rest[end.start() + 1 :]
        start = end.end()


def _utf8(text: str) -> bytes:
    # A lone surrogate is not UTF-8: U+DC80..U+DCFF are the bytes of an invalid UTF-8 argument
    # (Python's surrogateescape); any other one is kept encoded so that it decodes to U+FFFD.
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


BAD_ESCAPE_PROBLEM: Final = "has a '%' that does not start an escape like %20"
"""How the problem about a name or value with a bad percent escape ends."""
NOT_UTF8_PROBLEM: Final = "decodes to bytes that are not UTF-8"
"""How the problem about a name or value that is not UTF-8 once decoded ends."""


def _decode(raw: str, what: str, subject: str, problems: list[str]) -> str:
    """Decode ``raw``; what could not be read goes to ``problems`` as ``what.format(subject)``.

    The description is only built when there is a problem: most values have none.
    """
    if "%" not in raw and "+" not in raw and raw.isascii():  # nothing to decode
        return raw
    if BAD_ESCAPE.search(raw):
        problems.append(f"{what.format(subject)} {BAD_ESCAPE_PROBLEM}")
    data = unquote_to_bytes(_utf8(raw.replace("+", " ")))
    text = data.decode("utf-8", errors="replace")
    if "\ufffd" in text and "\ufffd" not in raw:
        problems.append(f"{what.format(subject)} {NOT_UTF8_PROBLEM}")
    return text


def parse_query(query: str, problems: list[str] | None = None) -> tuple[Param, ...]:
    """Parse a raw query string (without ``?``) forgivingly into parameters.

    Args:
        query: The query text.
        problems: A list to which what could not be read cleanly is appended.

    Returns:
        Every parameter in order, repeats kept; empty pieces (``&&``) are skipped.
    """
    return _params(_split(query)[0], problems if problems is not None else [])


_new_param: Final = tuple.__new__
"""``_new_param(Param, fields)`` is ``Param(*fields)`` without the Python frame of the named
tuple's generated ``__new__``: the parse makes one per parameter."""


def _params(pieces: list[str], found: list[str]) -> tuple[Param, ...]:
    params = []
    for piece in pieces:
        if not piece:
            continue
        name_raw, sep, value_raw = piece.partition("=")
        if "%" not in piece and "+" not in piece and piece.isascii():  # nothing to decode
            name, value = name_raw, value_raw
        else:
            name = _decode(name_raw, "parameter name {!r}", name_raw[:40], found)
            value = _decode(value_raw, "the value of {!r}", name, found)
        unencoded = not _ALL_RAW_OK.fullmatch(value_raw) or (name == "state" and "&" in value_raw)
        params.append(_new_param(Param, (name, value, piece, sep == "=", unencoded)))
    return tuple(params)


_VERSIONS: Final = {"oauth2/v2.0/authorize": "v2.0", "oauth2/authorize": "v1"}
"""The authorize endpoints' paths after the tenant (any case), with their versions."""

_METHOD: Final = re.compile(r"(?:GET|POST|HEAD)\s+(?=[^\s/?=]*[/?=])|Location:\s*", re.I)
"""An HTTP request line's method, or a response's Location header, pasted before the URL (the
lookahead wants a URL-like word next; it stops at the first of "/?=" rather than backtracking)."""


def _unwrap(text: str) -> str:
    """Join the lines of a URL broken over several lines.

    Each run of line breaks goes, with the spaces and tabs just before it and all whitespace
    just after it: a few string operations rather than a regular expression tried at every
    character.
    """
    first, *lines = text.replace("\r", "\n").split("\n")
    middle = "".join([line.lstrip().rstrip(" \t") for line in lines[:-1]])
    return first.rstrip(" \t") + middle + lines[-1].lstrip()


def _clean(text: str, problems: list[str]) -> str:
    # Only a URL broken over lines has line breaks to remove.
    cleaned = (_unwrap(text) if "\n" in text or "\r" in text else text).strip()
    if cleaned != text.strip():
        problems.append("the URL was broken over several lines; the line breaks were removed")
    if cleaned[:1] in _OPENINGS:
        for opening, closing in _WRAPPERS:
            if len(cleaned) >= 2 and cleaned[0] == opening and cleaned[-1] == closing:
                cleaned = cleaned[1:-1].strip()
    method = _METHOD.match(cleaned)
    if method:
        problems.append(f"the leading {method.group().strip()!r} was ignored")
        cleaned = cleaned[method.end() :]
    return cleaned


def parse_authorize_url(text: str) -> AuthorizeRequest:
    """Read an authorize URL into an [`AuthorizeRequest`][]; never raises.

    Args:
        text: The URL as pasted: possibly wrapped over lines, quoted, unencoded, or a bare query.

    Returns:
        The request, its ``problems`` listing what could not be read.
    """
    problems: list[str] = []
    if not isinstance(text, str):
        return AuthorizeRequest(url="", problems=("the input is not text",))
    url = _clean(text, problems)
    if not url:
        return AuthorizeRequest(url="", problems=("the URL is empty",))
    head, sep, rest = url.partition("?")
    if not sep and "=" in head and "/" not in head:
        head, rest = "", head
        problems.append("there is only a query string, no endpoint")
    elif not sep:
        problems.append("the URL has no query string")
    if head and "://" not in head:
        problems.append("the URL has no scheme; https:// was assumed")
        head = "https://" + head.lstrip("/")
    try:
        parts = urlsplit(head)
        host = (parts.hostname or "").lower()
    except ValueError as error:
        problems.append(f"the address part cannot be read ({error})")
        parts, host = urlsplit(""), ""
    pieces, fragment = _split(rest)
    params = _params(pieces, problems)
    segments = list(filter(None, parts.path.split("/")))
    tenant = segments[0] if segments else None
    version = _VERSIONS.get("/".join(segments[1:]).lower())
    return AuthorizeRequest(
        url=url,
        scheme=parts.scheme.lower(),
        host=host,
        path=parts.path,
        tenant=tenant,
        version=version,
        params=params,
        fragment=fragment,
        problems=tuple(dict.fromkeys(problems)) if problems else (),
    )
