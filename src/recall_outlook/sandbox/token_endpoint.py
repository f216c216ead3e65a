"""The local identity platform's token endpoint: codes in, tokens out.

Checks, in Entra's order: the grant type, the client (AADSTS700016), its secret (missing
7000218, wrong 7000215, expired 7000222), then the code (unknown 9002313, already redeemed
54005, older than 10 minutes 70008) and the redirect URI, which must equal the authorize
request's (500112). A refresh token is issued only when ``offline_access`` was granted; an
id_token only with ``openid``, holding the email only with ``email``. See
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token.
"""

from __future__ import annotations

import json
import secrets
import threading
from typing import Any

from werkzeug.wrappers import Request, Response

from .config import Account, Clock, World
from .entra import CODE_LIFETIME, AuthCode, EntraError, new_code, unsigned_jwt

__all__ = ["TokenEndpoint"]


def _json(data: dict[str, Any], status: int = 200) -> Response:
    return Response(
        json.dumps(data),
        status=status,
        mimetype="application/json",
        headers={"Cache-Control": "no-store"},
    )


class TokenEndpoint:
    """Issues codes at authorize time and redeems them at ``/oauth2/v2.0/token``.

    Args:
        world: Gives the app registration and its secrets.
        clock: The sandbox clock for code lifetime and secret expiry.
    """

    def __init__(self, world: World, *, clock: Clock) -> None:
        self.world = world
        self.clock = clock
        self._codes: dict[str, AuthCode] = {}
        self._redeemed: set[str] = set()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenEndpoint(codes={len(self._codes)}, redeemed={len(self._redeemed)})"

    def issue(self, *, redirect_uri: str, scopes: tuple[str, ...], account: Account) -> str:
        """Record and return a new authorization code for ``account``."""
        code = new_code()
        with self._lock:
            self._codes[code] = AuthCode(
                code=code,
                client_id=self.world.app.client_id,
                redirect_uri=redirect_uri,
                scopes=scopes,
                email=account.email,
                tenant_id=account.tenant_id,
                issued_at=self.clock.now(),
            )
        return code

    def _error(self, error: EntraError) -> Response:
        return _json(error.as_json(self.clock.now()), status=error.status)

    def _check_client(self, form: dict[str, str]) -> EntraError | None:
        app = self.world.app
        client_id = form.get("client_id", "")
        if client_id != app.client_id:
            return EntraError(
                "unauthorized_client",
                700016,
                f"Application with identifier '{client_id}' was not found in the directory.",
            )
        secret = form.get("client_secret", "")
        if not secret:
            return EntraError(
                "invalid_client",
                7000218,
                "The request body must contain the following parameter: 'client_assertion' or "
                "'client_secret'.",
                status=401,
            )
        match = next((s for s in app.secrets if secrets.compare_digest(s.value, secret)), None)
        if match is None:
            return EntraError(
                "invalid_client",
                7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request "
                "is the client secret value, not the client secret ID, for a secret added to "
                f"app '{app.client_id}'.",
                status=401,
            )
        if match.expires_at <= self.clock.now():
            return EntraError(
                "invalid_client",
                7000222,
                f"The provided client secret keys for app '{app.client_id}' are expired. Visit "
                "the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, "
                "or consider using certificate credentials for added security: "
                "https://aka.ms/certCreds.",
                status=401,
            )
        return None

    def _check_code(self, form: dict[str, str]) -> AuthCode | EntraError:
        value = form.get("code", "")
        if not value:
            return EntraError(
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'code'.",
            )
        with self._lock:
            code = self._codes.get(value)
            redeemed = value in self._redeemed
        if code is None:
            return EntraError(
                "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."
            )
        if redeemed:
            return EntraError(
                "invalid_grant",
                54005,
                "OAuth2 Authorization code was already redeemed, please retry with a new valid "
                "code or use an existing refresh token.",
            )
        if self.clock.now() - code.issued_at > CODE_LIFETIME:
            return EntraError(
                "invalid_grant",
                70008,
                "The provided authorization code or refresh token has expired due to "
                "inactivity. Send a new interactive authorization request for this user and "
                "resource.",
            )
        redirect_uri = form.get("redirect_uri", "")
        if redirect_uri != code.redirect_uri:
            return EntraError(
                "invalid_grant",
                500112,
                f"The reply address '{redirect_uri}' does not match the reply address "
                f"'{code.redirect_uri}' provided when requesting Authorization code.",
            )
        return code

    def handle(self, request: Request) -> Response:
        """Answer one token request (form-encoded POST)."""
        form = {name: request.form.get(name, "") for name in request.form}
        grant_type = form.get("grant_type", "")
        if grant_type != "authorization_code":
            text = (
                "The request body must contain the following parameter: 'grant_type'."
                if not grant_type
                else f"The provided value for the input parameter 'grant_type' is not valid: "
                f"'{grant_type}'. The sandbox redeems authorization codes only."
            )
            return self._error(
                EntraError(
                    "unsupported_grant_type" if grant_type else "invalid_request",
                    900144 if not grant_type else 70003,
                    text,
                )
            )
        client_error = self._check_client(form)
        if client_error is not None:
            return self._error(client_error)
        checked = self._check_code(form)
        if isinstance(checked, EntraError):
            return self._error(checked)
        with self._lock:
            if checked.code in self._redeemed:  # a concurrent redemption won
                return self._error(
                    EntraError(
                        "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed."
                    )
                )
            self._redeemed.add(checked.code)
        return _json(self._tokens(checked))

    def _tokens(self, code: AuthCode) -> dict[str, Any]:
        now = self.clock.now()
        answer: dict[str, Any] = {
            "token_type": "Bearer",
            "scope": " ".join(code.scopes),
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": "eyJ0eXAiOiJKV1QiLCJub25jZSI6" + secrets.token_urlsafe(40),
        }
        if code.grants("offline_access"):
            answer["refresh_token"] = "1.AXkA-refresh." + secrets.token_urlsafe(40)
        if code.grants("openid"):
            claims: dict[str, Any] = {
                "aud": code.client_id,
                "iss": f"https://login.microsoftonline.com/{code.tenant_id}/v2.0",
                "tid": code.tenant_id,
                "iat": int(now),
                "exp": int(now) + 3600,
                "preferred_username": code.email,
            }
            if code.grants("email"):
                claims["email"] = code.email
            answer["id_token"] = unsigned_jwt(claims)
        return answer
