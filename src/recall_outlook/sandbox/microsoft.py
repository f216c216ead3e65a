"""A local Microsoft identity platform: authorize, token and admin consent endpoints.

It checks what Entra ID checks, in the same order, and fails the way Entra fails: before the
redirect URI is known to be registered, errors are shown as a page and never redirected
(AADSTS700016, 50011, 50194, 50020, 90094); after that, protocol errors are redirected to the
redirect URI (AADSTS70011, 901001, 65004). See
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow and
https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent.

In automatic mode the signed-in account (``MicrosoftIdentity.sign_in_as``, or a
``login_hint`` naming a known account) makes ``MicrosoftIdentity.decision``; in interactive
mode the authorize and admin consent endpoints show a sign-in and consent page whose Accept and
Cancel buttons post back to the same endpoint.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, Literal

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ..scopes import normalize_scope
from . import pages
from .admin_consent import admin_consent
from .config import Account, Clock, World
from .entra import (
    GRAPH_PERMISSIONS,
    OIDC_SCOPES,
    EntraError,
    error_query,
    form_encode,
    query_params,
)
from .token_endpoint import TokenEndpoint

__all__ = ["Decision", "MicrosoftIdentity"]

Decision = Literal["accept", "cancel"]
"""What the user does on the consent screen."""

_ALIASES = ("common", "organizations", "consumers")
_ORG_ONLY = ("AzureADMyOrg", "AzureADMultipleOrgs")
_TROUBLE = "Sorry, but we're having trouble signing you in."


class _Stop(Exception):  # noqa: N818 - control flow, not an error of the caller
    """Carries the response that ends an authorize request early."""

    def __init__(self, response: Response) -> None:
        super().__init__("stop")
        self.response = response


class MicrosoftIdentity:
    """The local identity platform, a WSGI application.

    Args:
        world: The app registration, tenants and accounts.
        clock: The sandbox clock (codes expire after 10 minutes of it).
        interactive: Show the sign-in and consent page instead of deciding automatically.

    Attributes:
        sign_in_as: The email of the account that signs in (automatic mode).
        decision: What that account does on a consent screen (automatic mode).
    """

    def __init__(self, world: World, *, clock: Clock, interactive: bool = False) -> None:
        self.world = world
        self.clock = clock
        self.interactive = interactive
        self.sign_in_as = world.accounts[0].email
        self.decision: Decision = "accept"
        self._lock = threading.Lock()
        self._admin_consents: dict[str, frozenset[str]] = {
            t.tenant_id: frozenset({"*"}) for t in world.tenants if t.admin_consented
        }
        self._user_consents: dict[str, frozenset[str]] = {}
        self.tokens = TokenEndpoint(world, clock=clock)
        self._map = Map(
            [
                Rule("/<tenant>/oauth2/v2.0/authorize", endpoint="authorize"),
                Rule("/<tenant>/oauth2/v2.0/token", endpoint="token", methods=["POST"]),
                Rule("/<tenant>/v2.0/adminconsent", endpoint="adminconsent"),
            ]
        )

    def __repr__(self) -> str:
        return (
            f"MicrosoftIdentity(interactive={self.interactive!r}, sign_in_as={self.sign_in_as!r})"
        )

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:  # noqa: ANN401
        """Serve one WSGI request."""
        request = Request(environ)
        adapter = self._map.bind_to_environ(environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException as error:
            return error(environ, start_response)
        tenant = str(args["tenant"])
        if endpoint == "token":
            response = self.tokens.handle(request)
        else:
            try:
                response = (
                    self._authorize(request, tenant)
                    if endpoint == "authorize"
                    else admin_consent(self, request, tenant)
                )
            except _Stop as stop:
                response = stop.response
        return response(environ, start_response)

    # -- consent records -------------------------------------------------------------------

    def admin_consented(self, tenant_id: str, scopes: Iterable[str]) -> bool:
        """Whether an admin of ``tenant_id`` granted every one of ``scopes`` to the app."""
        with self._lock:
            granted = self._admin_consents.get(tenant_id, frozenset())
        return "*" in granted or {normalize_scope(s) for s in scopes} <= granted

    def _user_consented(self, email: str, scopes: Iterable[str]) -> bool:
        with self._lock:
            granted = self._user_consents.get(email.lower(), frozenset())
        return {normalize_scope(s) for s in scopes} <= granted

    def _grant(self, table: dict[str, frozenset[str]], key: str, scopes: Iterable[str]) -> None:
        with self._lock:
            table[key] = table.get(key, frozenset()) | {normalize_scope(s) for s in scopes}

    # -- shared checks ---------------------------------------------------------------------

    def _page(self, error: EntraError, *, title: str = _TROUBLE, hint: str | None = None) -> _Stop:
        body = pages.microsoft_error_page(title, error.description(self.clock.now()), hint=hint)
        return _Stop(Response(body, status=error.status, mimetype="text/html"))

    def _redirect(self, redirect_uri: str, params: list[tuple[str, str]], mode: str) -> Response:
        encoded = form_encode(params)
        if mode == "form_post":
            body = pages.auto_post_page(redirect_uri, params)
            return Response(body, mimetype="text/html")
        joiner = "#" if mode == "fragment" else ("&" if "?" in redirect_uri else "?")
        return Response(status=302, headers={"Location": f"{redirect_uri}{joiner}{encoded}"})

    def _check_client(self, params: dict[str, str], tenant: str) -> str:
        """Check tenant, client id and redirect URI; return the redirect URI."""
        app = self.world.app
        if tenant.lower() not in _ALIASES and self.world.tenant(tenant) is None:
            raise self._page(EntraError("invalid_request", 90002, f"Tenant '{tenant}' not found."))
        client_id = params.get("client_id", "")
        if not client_id:
            raise self._page(
                EntraError(
                    "invalid_request",
                    900144,
                    "The request body must contain the following parameter: 'client_id'.",
                )
            )
        if client_id != app.client_id:
            raise self._page(
                EntraError(
                    "unauthorized_client",
                    700016,
                    f"Application with identifier '{client_id}' was not found in the directory "
                    f"'{tenant}'. This can happen if the application has not been installed by "
                    "the administrator of the tenant or consented to by any user in the tenant. "
                    "You may have sent your authentication request to the wrong tenant.",
                )
            )
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri:
            raise self._page(EntraError("invalid_request", 900971, "No reply address provided."))
        if redirect_uri not in app.redirect_uris:
            raise self._page(
                EntraError(
                    "invalid_request",
                    50011,
                    f"The redirect URI '{redirect_uri}' specified in the request does not match "
                    f"the redirect URIs configured for the application '{app.client_id}'. Make "
                    "sure the redirect URI sent in the request matches one added to your "
                    "application in the Azure portal. Navigate to "
                    "https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
                )
            )
        if app.sign_in_audience == "AzureADMyOrg" and tenant.lower() in _ALIASES:
            raise self._page(
                EntraError(
                    "invalid_request",
                    50194,
                    f"Application '{app.client_id}'({app.display_name}) is not configured as a "
                    "multi-tenant application. Usage of the /common endpoint is not supported "
                    "for such applications created after '10/15/2018'. Use a tenant-specific "
                    "endpoint or configure the application to be multi-tenant.",
                )
            )
        if app.sign_in_audience in _ORG_ONLY and tenant.lower() == "consumers":
            raise self._page(self._org_only_error())
        return redirect_uri

    def _org_only_error(self) -> EntraError:
        app = self.world.app
        return EntraError(
            "invalid_request",
            9002332,
            f"Application '{app.client_id}'({app.display_name}) is configured for use by "
            "Microsoft Entra users only. Please do not use the /consumers endpoint to serve "
            "this request.",
        )

    def _check_account(self, account: Account, tenant: str) -> None:
        """Check that ``account`` may sign in to the app through ``tenant``."""
        app = self.world.app
        wanted = self.world.tenant(tenant)
        if app.sign_in_audience == "AzureADMyOrg":
            wanted = self.world.tenant(app.home_tenant)
        if account.personal and app.sign_in_audience in _ORG_ONLY:
            raise self._page(self._org_only_error())
        if wanted is not None and account.tenant_id != wanted.tenant_id:
            raise self._page(
                EntraError(
                    "invalid_request",
                    50020,
                    f"User account '{account.email}' from identity provider "
                    f"'https://sts.windows.net/{account.tenant_id}/' does not exist in tenant "
                    f"'{wanted.name}' and cannot access the application '{app.client_id}'"
                    f"({app.display_name}) in that tenant. The account needs to be added as an "
                    "external user in the tenant first. Sign out and sign in again with a "
                    "different Microsoft Entra user account.",
                )
            )

    def _account(self, email: str | None) -> Account:
        for candidate in (email, self.sign_in_as):
            account = self.world.account(candidate) if candidate else None
            if account is not None:
                return account
        return self.world.accounts[0]

    def _consent_form(self, request: Request, params: dict[str, str], *, admin: bool) -> Response:
        hint = params.get("login_hint", "").lower()
        accounts = sorted(self.world.accounts, key=lambda a: a.email.lower() != hint)
        body = pages.consent_page(
            app_name=self.world.app.display_name,
            action=request.path,
            hidden=[("q", request.query_string.decode("utf-8", "replace"))],
            scopes=params.get("scope", "").split(),
            accounts=[(a.email, f"{a.name} <{a.email}>") for a in accounts],
            admin=admin,
        )
        return Response(body, mimetype="text/html")

    def _user_input(self, request: Request) -> tuple[str, Decision | None, str | None]:
        """Return the raw query, and the decision and account when the consent form was posted."""
        if request.method == "POST":
            choice: Decision = "accept" if request.form.get("decision") == "accept" else "cancel"
            return request.form.get("q", ""), choice, request.form.get("login")
        return request.query_string.decode("utf-8", "replace"), None, None

    # -- authorize -------------------------------------------------------------------------

    def _authorize(self, request: Request, tenant: str) -> Response:
        raw, posted, login = self._user_input(request)
        params = query_params(raw)
        redirect_uri = self._check_client(params, tenant)
        mode = params.get("response_mode", "query")
        state = params.get("state")
        now = self.clock.now()

        def fail(error: EntraError) -> Response:
            return self._redirect(redirect_uri, error_query(error, now, state), mode)

        response_type = params.get("response_type", "")
        if response_type != "code":
            if not response_type:
                return fail(
                    EntraError(
                        "invalid_request",
                        900144,
                        "The request body must contain the following parameter: 'response_type'.",
                    )
                )
            return fail(
                EntraError(
                    "unsupported_response_type",
                    700054,
                    "response_type 'id_token' is not enabled for the application.",
                )
                if "id_token" in response_type
                else EntraError(
                    "unsupported_response_type",
                    70005,
                    f"response_type '{response_type}' is not supported.",
                )
            )
        if params.get("prompt") == "admin_consent":
            return fail(
                EntraError(
                    "invalid_request",
                    901001,
                    "The 'prompt' parameter value 'admin_consent' is not supported on the v2.0 "
                    "endpoint. Use the /adminconsent endpoint to request admin consent.",
                )
            )
        scope_error = self._scope_error(params.get("scope", ""))
        if scope_error is not None:
            return fail(scope_error)
        if self.interactive and posted is None:
            return self._consent_form(request, params, admin=False)
        account = self._account(login or params.get("login_hint"))
        self._check_account(account, tenant)
        scopes = params["scope"].split()
        decision = posted or self.decision
        needs_consent = params.get("prompt") == "consent" or not (
            self.admin_consented(account.tenant_id, scopes)
            or self._user_consented(account.email, scopes)
        )
        if needs_consent:
            organisation = self.world.tenant(account.tenant_id)
            may_consent = account.personal or account.admin
            may_consent = may_consent or (organisation is None or organisation.users_may_consent)
            if not may_consent:
                name = organisation.name if organisation else account.tenant_id
                raise self._page(
                    EntraError(
                        "access_denied",
                        90094,
                        f"An administrator of {name} has set a policy that prevents you from "
                        f"granting {self.world.app.display_name} the permissions it is "
                        f"requesting. Contact an administrator of {name}, who can grant "
                        "permissions to this app on your behalf.",
                    ),
                    title="Need admin approval",
                    hint=f"{self.world.app.display_name} needs permission to access resources "
                    "in your organization that only an admin can grant. Please ask an admin to "
                    "grant permission to this app before you can use it.",
                )
        # Cancel on the interactive page always declines; automatically, only a consent asked.
        if decision != "accept" and (needs_consent or posted is not None):
            return fail(
                EntraError("access_denied", 65004, "User declined to consent to access the app.")
            )
        if needs_consent:
            self._grant(self._user_consents, account.email.lower(), scopes)
        code = self.tokens.issue(redirect_uri=redirect_uri, scopes=tuple(scopes), account=account)
        answer = [("code", code)] + ([("state", state)] if state is not None else [])
        return self._redirect(redirect_uri, answer, mode)

    def _scope_error(self, scope: str) -> EntraError | None:
        if not scope.strip():
            return EntraError(
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'scope'.",
            )
        for item in scope.split(" "):
            name = normalize_scope(item)
            graph = item.lower().startswith("https://graph.microsoft.com/") or "/" not in item
            if item in OIDC_SCOPES or (graph and name in GRAPH_PERMISSIONS):
                continue
            return EntraError(
                "invalid_scope",
                70011,
                "The provided request must include a 'scope' input parameter. The provided "
                f"value for the input parameter 'scope' is not valid. The scope '{scope}' is "
                "not valid.",
            )
        return None
