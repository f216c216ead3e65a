"""How the local identity platform words its errors, and what it issues.

Microsoft's errors carry an ``AADSTS`` code and a text followed by Trace ID, Correlation ID and
Timestamp lines; at the redirect URI they arrive as ``error``, ``error_description`` and
``error_uri`` parameters, form-encoded as ASP.NET does (``+`` for a space). The texts below
follow Microsoft's wording closely enough for [`recall_outlook.troubleshoot.explain.explain`][]
to read them
as it reads the real ones. Reference:
https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import parse_qsl, quote_plus

from ..scopes import normalize_scope

__all__ = [
    "CODE_LIFETIME",
    "GRAPH_PERMISSIONS",
    "OIDC_SCOPES",
    "AuthCode",
    "EntraError",
    "error_query",
    "form_encode",
    "new_code",
    "query_params",
    "read_jwt",
    "unsigned_jwt",
]

OIDC_SCOPES: Final = frozenset({"openid", "email", "profile", "offline_access"})
"""Scopes of OpenID Connect and ``offline_access``: no resource prefix needed."""

GRAPH_PERMISSIONS: Final = frozenset(
    {
        ".default",
        "calendars.read",
        "calendars.read.shared",
        "calendars.readbasic",
        "calendars.readwrite",
        "user.read",
        "mail.read",
        "onlinemeetings.read",
    }
)
"""The Microsoft Graph delegated permissions the sandbox knows (normalised)."""

CODE_LIFETIME: Final = 600.0
"""Seconds an authorization code can be redeemed (about 10 minutes)."""


@dataclass(frozen=True)
class EntraError:
    """An error of the identity platform.

    Attributes:
        error: The OAuth ``error`` value.
        code: The AADSTS number.
        text: Microsoft's message after ``AADSTSnnnn: ``.
        status: The HTTP status of a token endpoint answer.
    """

    error: str
    code: int
    text: str
    status: int = 400
    trace_id: str = field(default_factory=lambda: str(uuid.uuid4()), compare=False)
    correlation_id: str = field(default_factory=lambda: str(uuid.uuid4()), compare=False)

    def description(self, now: float) -> str:
        """Return ``error_description``: the code, the text, then Trace, Correlation, Timestamp."""
        stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(now))
        return (
            f"AADSTS{self.code}: {self.text}\r\nTrace ID: {self.trace_id}\r\n"
            f"Correlation ID: {self.correlation_id}\r\nTimestamp: {stamp}"
        )

    @property
    def error_uri(self) -> str:
        """Microsoft's lookup page for the code."""
        return f"https://login.microsoftonline.com/error?code={self.code}"

    def as_json(self, now: float) -> dict[str, Any]:
        """Return the token endpoint's JSON error answer."""
        return {
            "error": self.error,
            "error_description": self.description(now),
            "error_codes": [self.code],
            "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(now)),
            "trace_id": self.trace_id,
            "correlation_id": self.correlation_id,
            "error_uri": self.error_uri,
        }


def error_query(error: EntraError, now: float, state: str | None) -> list[tuple[str, str]]:
    """Return the parameters Microsoft adds to the redirect URI for ``error``."""
    params = [
        ("error", error.error),
        ("error_description", error.description(now)),
        ("error_uri", error.error_uri),
    ]
    if state is not None:
        params.append(("state", state))
    return params


def form_encode(params: list[tuple[str, str]]) -> str:
    """Encode parameters as ASP.NET does: ``+`` for a space, every reserved character escaped."""
    return "&".join(f"{quote_plus(name)}={quote_plus(value, safe='')}" for name, value in params)


@dataclass(frozen=True)
class AuthCode:
    """An issued authorization code and what it was issued for.

    Attributes:
        code: The code itself.
        client_id: The app it was issued to.
        redirect_uri: The redirect URI of the authorize request; the token request must repeat it.
        scopes: The scopes granted, as requested.
        email: The account that signed in.
        tenant_id: The account's tenant.
        issued_at: When it was issued, in sandbox time.
    """

    code: str = field(repr=False)
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    email: str
    tenant_id: str
    issued_at: float

    def grants(self, scope: str) -> bool:
        """Whether ``scope`` (any spelling) was granted."""
        return normalize_scope(scope) in {normalize_scope(s) for s in self.scopes}


def new_code() -> str:
    """Return a fresh code in the shape of Microsoft's (``1.A`` and base64url segments)."""
    return "1.AXkA" + secrets.token_urlsafe(48) + "." + secrets.token_urlsafe(24)


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unsigned_jwt(claims: dict[str, Any]) -> str:
    """Return an unsigned JWT (``alg: none``) holding ``claims``: the sandbox's id_token."""
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."


def read_jwt(token: str) -> dict[str, Any]:
    """Return the claims of a JWT without checking any signature; ``{}`` if unreadable."""
    try:
        payload = token.split(".")[1]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def query_params(raw: str) -> dict[str, str]:
    """Read a raw query string as Microsoft does: the first value of each parameter wins."""
    found: dict[str, str] = {}
    for name, value in parse_qsl(raw, keep_blank_values=True):
        found.setdefault(name, value)
    return found
