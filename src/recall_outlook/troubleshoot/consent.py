"""Admin consent: the link a tenant administrator opens to approve the app for everyone.

Organisations that keep users from consenting to apps show them "Need admin approval"
(AADSTS90094). The cure is one visit by an admin of that organisation to Microsoft's v2.0 admin
consent endpoint, after which every user of the tenant connects without a consent screen, as
long as the authorize URL does not force one with ``prompt=consent`` (Recall's troubleshooting
section: https://docs.recall.ai/docs/calendar-v1-microsoft-outlook#oauth-flow-stuck-on-admin-consent-step).

[`admin_consent_url`][] builds that link; [`parse_admin_consent_callback`][] reads the
answer Microsoft sends back to the redirect URI. Protocol:
https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, quote

from ..authorize.build import MICROSOFT_AUTHORITY
from ..errors import ConsentError
from ..scopes import DEFAULT_SCOPES

__all__ = ["AdminConsentResult", "admin_consent_url", "parse_admin_consent_callback"]

# Scopes that need no resource prefix: the OpenID Connect ones (and offline_access).
_OIDC_SCOPES: Final = frozenset({"openid", "profile", "email", "offline_access"})
_GUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_DOMAIN: Final = re.compile(
    r"(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]", re.I
)
_LINE_BREAK: Final = re.compile(r"[ \t]*[\r\n]+\s*")
_NO_ADMIN: Final = {
    "common": "'common' admits personal Microsoft accounts, which have no administrator and "
    "can consent only in the context of a tenant, so Microsoft says not to use it here",
    "consumers": "'consumers' is the personal-account endpoint: it has no administrator who "
    "could consent for an organisation",
}


def _check_tenant(tenant: str) -> str:
    value = tenant.strip()
    lowered = value.lower()
    if lowered in _NO_ADMIN:
        raise ConsentError(
            "tenant",
            f"{_NO_ADMIN[lowered]}. Use the organisation's tenant ID (a GUID, best), one of "
            "its domains such as contoso.onmicrosoft.com, or 'organizations' to let the admin's "
            "own sign-in pick the tenant.",
        )
    if lowered == "organizations":
        return lowered
    if _GUID.fullmatch(value) or _DOMAIN.fullmatch(value):
        return value
    raise ConsentError(
        "tenant",
        f"{tenant!r} is neither a tenant ID (GUID), a domain name such as "
        "contoso.onmicrosoft.com, nor 'organizations'.",
    )


def _check_scopes(scopes: Sequence[str]) -> str:
    if isinstance(scopes, str):
        raise ConsentError("scopes", "give a sequence of scopes, not one string")
    if not scopes:
        raise ConsentError("scopes", "the admin consent endpoint requires at least one scope")
    for scope in scopes:
        if not scope or scope != scope.strip() or " " in scope:
            raise ConsentError("scopes", f"{scope!r} is not a single scope")
        if scope not in _OIDC_SCOPES and "/" not in scope:
            raise ConsentError(
                "scopes",
                f"{scope!r} is not resource-qualified; write "
                f"https://graph.microsoft.com/{scope} (or https://graph.microsoft.com/.default "
                "for every permission the app registration lists).",
            )
    return " ".join(scopes)


def admin_consent_url(
    *,
    client_id: str,
    tenant: str,
    redirect_uri: str,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    state: str | None = None,
    authority: str = MICROSOFT_AUTHORITY,
) -> str:
    """Build the v2.0 admin consent URL for one organisation.

    The URL is ``https://login.microsoftonline.com/{tenant}/v2.0/adminconsent`` with
    ``client_id``, ``scope``, ``redirect_uri`` and ``state`` in that order, as in Microsoft's
    reference (https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent).
    Every value is percent-encoded with ``quote(safe="")``, so the space between scopes is
    ``%20``.

    The ``scope`` parameter is required there and takes either dynamic scopes or the static
    ``https://graph.microsoft.com/.default``; OpenID Connect scopes may be included. The admin
    approves exactly the scopes sent, so the default is the four the Recall authorize URL asks
    for, resource-qualified (``offline_access openid email
    https://graph.microsoft.com/Calendars.Read``): once approved, the users' authorize requests
    need no consent. ``.default`` instead approves whatever the app registration's API
    permissions list. Bare permission names such as ``Calendars.Read`` are refused: write them
    with their resource, as Microsoft's reference does.

    ``redirect_uri`` must be registered on the app. Prefer a page of your own over Recall's
    ``ms_oauth_callback``: Microsoft answers with ``admin_consent=True&tenant=...`` and no code,
    which Recall's callback does not expect (the consent itself is recorded either way).

    Args:
        client_id: The app's Application (client) ID, a GUID (surrounding space ignored).
        tenant: The organisation's tenant ID (a GUID; best), one of its domain names, or
            ``organizations`` (any case; surrounding space ignored). ``common`` and
            ``consumers`` are refused: personal accounts have no admin, and Microsoft says not
            to use ``common`` here.
        redirect_uri: Where Microsoft sends the answer; exactly a registered redirect URI.
        scopes: The scopes to approve; each an OpenID Connect scope or resource-qualified.
        state: A value Microsoft returns unchanged; omitted only when ``None``.
        authority: The identity platform's origin; only a local stand-in such as the sandbox
            changes it.

    Returns:
        The admin consent URL.

    Raises:
        ConsentError: An argument is invalid; the message says why and what to use.
    """
    tenant_value = _check_tenant(tenant)
    client = client_id.strip()
    if not _GUID.fullmatch(client):
        raise ConsentError(
            "client_id",
            f"{client_id!r} is not a GUID; copy the Application (client) ID from the app's "
            "Overview page",
        )
    if not redirect_uri.strip():
        raise ConsentError("redirect_uri", "must not be empty; give a registered redirect URI")
    if redirect_uri != redirect_uri.strip():
        raise ConsentError("redirect_uri", "has surrounding whitespace; it must match exactly")
    if "#" in redirect_uri:
        raise ConsentError("redirect_uri", "must not contain a fragment ('#')")
    params = [
        ("client_id", client),
        ("scope", _check_scopes(scopes)),
        ("redirect_uri", redirect_uri),
    ]
    if state is not None:
        params.append(("state", state))
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in params)
    base = authority.rstrip("/")
    return f"{base}/{quote(tenant_value, safe='')}/v2.0/adminconsent?{query}"


@dataclass(frozen=True)
class AdminConsentResult:
    """Microsoft's answer to an admin consent request, as found.

    Attributes:
        granted: Whether the admin approved: ``admin_consent=True`` and no ``error``. (Error
            answers carry ``admin_consent=True`` too.)
        tenant: The tenant that granted consent (a GUID). Informational only: anyone can
            forge it, so never use it to authenticate or authorize; check ``state`` instead.
        scopes: The scopes granted, as returned.
        state: The ``state`` sent with the request, returned unchanged.
        error: The OAuth ``error`` value, e.g. ``access_denied`` or ``consent_required``.
        error_description: Microsoft's description (``AADSTS65004: ...`` when the admin
            declined), Trace and Correlation IDs kept. See
            ``recall_outlook.troubleshoot.explain.explain``.
    """

    granted: bool
    tenant: str | None = None
    scopes: tuple[str, ...] = ()
    state: str | None = None
    error: str | None = None
    error_description: str | None = None


def parse_admin_consent_callback(query: str) -> AdminConsentResult:
    """Read the answer Microsoft sent to the admin consent redirect URI; never raises.

    Args:
        query: The query string (with or without ``?``) or the whole URL, as pasted: line
            breaks and surrounding whitespace are ignored.

    Returns:
        What was found; ``granted`` is ``False`` unless the answer says the admin approved.
    """
    text = _LINE_BREAK.sub("", query).strip() if isinstance(query, str) else ""
    text = text.encode("utf-8", "replace").decode("utf-8")
    head, question, rest = text.partition("?")
    if not question or "=" in head:
        rest = text
    rest, _, fragment = rest.partition("#")
    if "=" in fragment:
        rest = f"{rest}&{fragment}"
    params: dict[str, str] = {}
    for name, value in parse_qsl(rest, keep_blank_values=True):
        params.setdefault(name.strip().lower(), value.strip())
    error = params.get("error") or None
    return AdminConsentResult(
        granted=params.get("admin_consent", "").lower() == "true" and error is None,
        tenant=params.get("tenant") or None,
        scopes=tuple(params.get("scope", "").split()),
        state=params.get("state"),
        error=error,
        error_description=params.get("error_description") or None,
    )
