"""The linter's checks of the ``state`` parameter (see [`recall_outlook.authorize.lint`][]).

Recall reads the state as a JSON object with ``recall_calendar_auth_token`` and
``ms_oauth_redirect_url`` (required), ``success_url`` and ``error_url`` (optional):
https://docs.recall.ai/docs/calendar-v1-microsoft-outlook#building-microsoft-oauth-20-url.
"""

from __future__ import annotations

import base64
import json
import math
import re
from datetime import datetime, timezone
from typing import Final
from urllib.parse import urlsplit

from ..findings import Finding
from ..masking import mask, mask_url, shown, shown_list
from ..redirect_uri import LOOPBACK_HOSTS, recall_callback_region
from .lint_codes import LINT_CATALOG
from .parse import AuthorizeRequest
from .state import STATE_KEYS

__all__ = ["check_state", "token_expiry"]

GOOGLE_STATE_KEY: Final = "google_oauth_redirect_url"
_TOKEN_KEY: Final = "recall_calendar_auth_token"  # noqa: S105 - a key name, not a secret
_REDIRECT_KEY: Final = "ms_oauth_redirect_url"
_TOKEN_LIFETIME: Final = 86_400.0
_JS_LITERAL: Final = re.compile(r"\{\s*[A-Za-z_$][\w$]*\s*:")


def _shown_url(url: str) -> str:
    # The state's URLs are shown in messages: a code or token in their query is masked.
    return shown(mask_url(url))


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    return "a number"


def _b64_json(segment: str) -> object:
    data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    return json.loads(data.decode("utf-8"))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def token_expiry(token: str) -> float | None:
    """Return when a JWT calendar auth token expires (seconds since the epoch), or ``None``.

    The signature is not checked. The expiry is the ``exp`` claim or, failing that, one day after
    ``iat`` (Recall's tokens last one day); ``None`` when ``token`` is not a readable JWT.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = _b64_json(parts[1])
    except (ValueError, RecursionError):
        return None
    if not isinstance(claims, dict):
        return None
    expires = _number(claims.get("exp"))
    if expires is not None:
        return expires
    issued = _number(claims.get("iat"))
    return None if issued is None else issued + _TOKEN_LIFETIME


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{max(minutes, 1)} minute{'s' if minutes > 1 else ''}"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


def _when(epoch: float) -> str:
    try:
        moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return "long ago"
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _token(data: dict[object, object], now: float) -> list[Finding]:
    token = data.get(_TOKEN_KEY)
    if not isinstance(token, str) or not token.strip():
        what = "is missing" if _TOKEN_KEY not in data else f"is {_json_kind(token)}"
        if isinstance(token, str):
            what = "is empty"
        return [LINT_CATALOG["state-token-missing"].finding(f"recall_calendar_auth_token {what}.")]
    expires = token_expiry(token)
    if expires is None or expires > now:
        return []
    return [
        LINT_CATALOG["state-token-expired"].finding(
            f"The calendar auth token {mask(token)} expired {_ago(now - expires)} ago "
            f"({_when(expires)}); Recall will answer \"Invalid 'recall_calendar_auth_token' "
            'supplied".',
        )
    ]


def _redirect(data: dict[object, object], redirect_uri: str | None) -> list[Finding]:
    if _REDIRECT_KEY not in data:
        hint = (
            f" (it has {GOOGLE_STATE_KEY}, the Google flow's key)"
            if GOOGLE_STATE_KEY in data
            else ""
        )
        return [
            LINT_CATALOG["state-redirect-missing"].finding(
                f"The state has no ms_oauth_redirect_url{hint}."
            )
        ]
    value = data[_REDIRECT_KEY]
    if not isinstance(value, str):
        return [
            LINT_CATALOG["state-url-invalid"].finding(
                f"ms_oauth_redirect_url is {_json_kind(value)}, not a URL."
            )
        ]
    if redirect_uri is None or value == redirect_uri:
        return []
    if value.rstrip("/") == redirect_uri.rstrip("/"):
        why = "they differ only by a trailing slash"
    elif value.lower() == redirect_uri.lower():
        why = "they differ only in case"
    elif recall_callback_region(value) is not None:
        why = (
            "the state names Recall's callback while Microsoft redirects to your own URI: in "
            "production both must be your URI, whose handler forwards to Recall"
        )
    else:
        why = "they must be the same string"
    return [
        LINT_CATALOG["state-redirect-mismatch"].finding(
            f"ms_oauth_redirect_url is {_shown_url(value)} but redirect_uri is "
            f"{_shown_url(redirect_uri)}; {why}.",
        )
    ]


def _page(key: str, value: object) -> list[Finding]:
    if not isinstance(value, str):
        return [
            LINT_CATALOG["state-url-invalid"].finding(f"{key} is {_json_kind(value)}, not a URL.")
        ]
    if not value.strip():
        return [
            LINT_CATALOG["state-url-invalid"].finding(f"{key} is empty; leave the key out instead.")
        ]
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        parts, host = urlsplit(""), ""
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not host or "://" not in value:
        return [
            LINT_CATALOG["state-url-invalid"].finding(
                f"{key} {_shown_url(value)} is not an absolute http(s) URL; Recall sends the user "
                "there as is.",
            )
        ]
    if scheme == "http" and host.lower() not in LOOPBACK_HOSTS:
        return [
            LINT_CATALOG["state-url-not-https"].finding(
                f"{key} {_shown_url(value)} uses plain http."
            )
        ]
    return []


def _keys(data: dict[object, object]) -> list[Finding]:
    findings = []
    if GOOGLE_STATE_KEY in data:
        findings.append(
            LINT_CATALOG["state-google-key"].finding(
                f"The state has {GOOGLE_STATE_KEY}, the key of Recall's Google flow; the "
                "Microsoft flow reads ms_oauth_redirect_url.",
            )
        )
    unknown = [str(key) for key in data if key not in STATE_KEYS and key != GOOGLE_STATE_KEY]
    if unknown:
        findings.append(
            LINT_CATALOG["state-unknown-key"].finding(
                f"The state has keys Recall does not read: {shown_list(unknown, most=5)}."
            )
        )
    return findings


def _foreign(data: dict[object, object]) -> bool:
    """Whether ``data`` holds keys, none of which Recall's Calendar V1 (or Google) flow reads."""
    return bool(data) and not any(key in STATE_KEYS or key == GOOGLE_STATE_KEY for key in data)


def _not_v1(data: dict[object, object]) -> Finding:
    names = shown_list([str(key) for key in data], most=5)
    return LINT_CATALOG["state-not-v1"].finding(
        f"The state is a JSON object with {names} but none of Recall Calendar V1's keys "
        f"(recall_calendar_auth_token, ms_oauth_redirect_url): it looks like a state made for "
        "another flow, such as Recall's Calendar V2 (where your app redeems the code itself) or "
        "your own sign-in. Recall's V1 callback cannot tell whose calendar connected.",
    )


def _raw_state(request: AuthorizeRequest) -> tuple[str, bool] | None:
    for param in request.params:
        if param.name == "state":
            return param.raw.partition("=")[2], param.unencoded
    return None


def _cut(request: AuthorizeRequest) -> Finding | None:
    """Return a finding when an unencoded state would be cut short on its way to Recall."""
    text = request.state or ""
    if "&" not in text and "#" not in text:  # decoding keeps a raw mark: there is none
        return None
    found = _raw_state(request)
    if found is None or not found[1]:
        return None
    raw = found[0]
    marks = [mark for mark in ("&", "#") if mark in raw]
    if not marks:
        return None
    where = {
        "&": "Microsoft ends the state at the first raw '&'",
        "#": "the browser drops everything from the first raw '#'",
    }
    return LINT_CATALOG["state-not-json"].finding(
        "The state is not percent-encoded and holds "
        f"{' and '.join(repr(mark) for mark in marks)}: {'; '.join(where[m] for m in marks)}, so "
        "Recall receives a truncated JSON text (a success_url or error_url with a query or a "
        "fragment typically causes this).",
    )


def _not_json(text: str) -> Finding:
    start = text.lstrip()
    if start[:3].upper() == "%7B":
        why = "it is percent-encoded twice (it still starts with %7B once decoded)"
    elif start.startswith("{'") or "': '" in start:
        why = "it looks like Python's str() of a dict; serialise with json.dumps"
    elif _JS_LITERAL.match(start):
        why = "it looks like a JavaScript object literal; serialise with JSON.stringify"
    else:
        why = "it cannot be parsed as JSON"
    return LINT_CATALOG["state-not-json"].finding(f"The state is not JSON: {why}.")


def check_state(request: AuthorizeRequest, *, now: float) -> list[Finding]:
    """Return the findings about ``request``'s state parameter.

    Args:
        request: The parsed authorize URL.
        now: The current time in seconds since the epoch, for the token's expiry.

    Returns:
        The findings, in check order.
    """
    text = request.state
    if text is None:
        return [LINT_CATALOG["state-missing"].default]
    if not text.strip():
        return [LINT_CATALOG["state-missing"].finding("The state parameter is empty.")]
    findings: list[Finding] = []
    cut = _cut(request)
    if cut is not None:
        findings.append(cut)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return findings or [_not_json(text)]
    if not isinstance(data, dict):
        why = f"it is {_json_kind(data)}"
        if isinstance(data, str) and data.lstrip().startswith("{"):
            why += " holding JSON: the object was JSON-encoded twice"
        findings.append(
            LINT_CATALOG["state-not-object"].finding(f"The state is JSON but not an object: {why}.")
        )
        return findings
    if _foreign(data):
        return [*findings, _not_v1(data)]
    redirect_uri = request.redirect_uri or None
    findings += _token(data, now)
    findings += _redirect(data, redirect_uri)
    for key in ("success_url", "error_url"):
        if key in data:
            findings += _page(key, data[key])
    findings += _keys(data)
    return findings
