"""The local admin consent endpoint, ``/{tenant}/v2.0/adminconsent``.

It answers as Microsoft's does
(https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent): an administrator of
the tenant signs in and grants the app's scopes for everyone in it, and the browser returns to
the redirect URI with ``admin_consent=True&tenant=...&scope=...`` or with an error. A user who is
not an administrator sees the "Need admin approval" page (AADSTS90094).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from .entra import EntraError, error_query, query_params

if TYPE_CHECKING:
    from .microsoft import MicrosoftIdentity

__all__ = ["admin_consent"]


def admin_consent(identity: MicrosoftIdentity, request: Request, tenant: str) -> Response:
    """Answer one request to the admin consent endpoint of ``identity`` for ``tenant``."""
    raw, posted, login = identity._user_input(request)
    params = query_params(raw)
    redirect_uri = identity._check_client(params, tenant)
    state = params.get("state")
    now = identity.clock.now()
    scope_error = identity._scope_error(params.get("scope", ""))
    if scope_error is not None:
        raise identity._page(scope_error)
    if identity.interactive and posted is None:
        return identity._consent_form(request, params, admin=True)
    account = identity._account(login)
    extra = [("admin_consent", "True")] + ([("state", state)] if state else [])
    wanted = identity.world.tenant(tenant)
    if wanted is not None and wanted.tenant_id != account.tenant_id:
        error = EntraError(
            "access_denied",
            50020,
            f"User account '{account.email}' from identity provider "
            f"'https://sts.windows.net/{account.tenant_id}/' does not exist in tenant "
            f"'{wanted.name}'.",
        )
        return identity._redirect(redirect_uri, error_query(error, now, None) + extra, "query")
    if not account.admin:
        raise identity._page(
            EntraError(
                "access_denied",
                90094,
                "The grant requires admin permission; the signed-in account is not an "
                "administrator of its organization.",
            ),
            title="Need admin approval",
        )
    if (posted or identity.decision) != "accept":
        error = EntraError(
            "consent_required",
            65004,
            "The resource owner or authorization server denied the request.",
        )
        return identity._redirect(redirect_uri, error_query(error, now, None) + extra, "query")
    scopes = params["scope"].split()
    identity._grant(identity._admin_consents, account.tenant_id, scopes)
    answer = [
        ("admin_consent", "True"),
        ("tenant", account.tenant_id),
        ("scope", " ".join(scopes)),
    ] + ([("state", state)] if state is not None else [])
    return identity._redirect(redirect_uri, answer, "query")
