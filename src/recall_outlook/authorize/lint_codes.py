"""The catalog of lint codes, defined once.

Every finding the authorize URL linter and the redirect URI check can report is here. The
command line, the widgets and the documentation read [`LINT_SPECS`][] (in catalog order) or
[`LINT_CATALOG`][] (by code); the checks build their findings from it. The codes are a
public contract: never rename one, only add.

Severities follow [`Severity`][recall_outlook.findings.Severity]: ``error`` when the connection will
fail, ``warning`` when it may fail for some users or later, ``info`` when it is worth knowing.

Sources: Recall's guide https://docs.recall.ai/docs/calendar-v1-microsoft-outlook, Microsoft's
authorization code flow https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
and redirect URI rules https://learn.microsoft.com/en-us/entra/identity-platform/reply-url.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ..findings import FindingSpec, Severity
from ..redirect_uri_codes import REDIRECT_URI_SPECS

__all__ = ["LINT_CATALOG", "LINT_SPECS", "lint_spec"]

_RECALL_GUIDE: Final = "https://docs.recall.ai/docs/calendar-v1-microsoft-outlook"
_AUTH_CODE: Final = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow"
)
_REPLY_URL: Final = "https://learn.microsoft.com/en-us/entra/identity-platform/reply-url"
_AUTHORIZE: Final = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
_CALLBACK: Final = "https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/"
_SCOPES: Final = "offline_access openid email https://graph.microsoft.com/Calendars.Read"
_PKCE: Final = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/"
    "v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token"
)

_E: Final = Severity.ERROR
_W: Final = Severity.WARNING
_I: Final = Severity.INFO

LINT_SPECS: Final[tuple[FindingSpec, ...]] = (
    # -- endpoint -------------------------------------------------------------------------
    FindingSpec(
        "endpoint-not-microsoft",
        _E,
        "The URL is not Microsoft's global sign-in endpoint (https://login.microsoftonline.com).",
        f"Start the URL with {_AUTHORIZE}. Recall redeems the code with Microsoft's global "
        "cloud only.",
    ),
    FindingSpec(
        "endpoint-not-v2",
        _E,
        "The path is not the v2.0 authorize endpoint /{tenant}/oauth2/v2.0/authorize.",
        f"Use {_AUTHORIZE}: the v1 endpoint reads 'resource' instead of 'scope', so "
        "offline_access and Calendars.Read are not requested as Recall's guide expects.",
    ),
    FindingSpec(
        "tenant-excludes-personal",
        _W,
        "The tenant segment admits work or school accounts only, so personal Microsoft accounts "
        "(outlook.com, hotmail.com) cannot connect.",
        "Use /common/, as Recall's guide does, unless you mean to serve one organisation only.",
    ),
    FindingSpec(
        "tenant-excludes-work",
        _W,
        "The tenant segment is /consumers/: work and school accounts cannot connect.",
        "Use /common/, as Recall's guide does, unless you mean to serve personal accounts only.",
    ),
    FindingSpec(
        "tenant-invalid",
        _E,
        "The tenant segment is neither common, organizations, consumers, a tenant ID nor a "
        "domain: Microsoft answers AADSTS90002 (tenant not found).",
        "Use common, as Recall's guide does (or organizations, consumers, your directory's "
        "tenant ID or its domain, such as contoso.onmicrosoft.com).",
    ),
    # -- client_id ------------------------------------------------------------------------
    FindingSpec(
        "client-id-missing",
        _E,
        "The client_id parameter is missing (AADSTS900144).",
        "Add client_id=<Application (client) ID> from the app's Overview page in Entra.",
    ),
    FindingSpec(
        "client-id-not-guid",
        _E,
        "The client_id is not a GUID, so Microsoft cannot find the app (AADSTS700016).",
        "Use the Application (client) ID (a GUID such as 6731de76-14a6-49ae-97bc-6eba6914391e), "
        "not the object ID, the app's name, a secret or a placeholder.",
    ),
    # -- response_type / response_mode ------------------------------------------------------
    FindingSpec(
        "response-type-not-code",
        _E,
        "response_type is missing or is not 'code': Recall needs an authorization code.",
        f"Set response_type=code ({_AUTH_CODE}#request-an-authorization-code).",
    ),
    FindingSpec(
        "response-mode-not-query",
        _E,
        "response_mode is not 'query': Recall's callback reads the code from the query string.",
        "Set response_mode=query (or leave it out: query is the default for response_type=code).",
    ),
    FindingSpec(
        "response-mode-missing",
        _I,
        "response_mode is absent; Microsoft defaults to query for response_type=code.",
        "Nothing to fix; Recall's guide writes response_mode=query explicitly.",
    ),
    # -- scope ------------------------------------------------------------------------------
    FindingSpec(
        "scope-missing",
        _E,
        "The scope parameter is missing or empty (AADSTS900144).",
        f"Add scope={_SCOPES} (space separated, percent-encoded).",
    ),
    FindingSpec(
        "scope-calendars-read-missing",
        _E,
        "No Calendars.Read scope: Recall cannot read the user's calendar.",
        "Add https://graph.microsoft.com/Calendars.Read to the scope.",
    ),
    FindingSpec(
        "scope-offline-access-missing",
        _E,
        "No offline_access scope: Microsoft issues no refresh token and Recall answers "
        "'refresh_token missing from oAuth response'.",
        "Add offline_access to the scope.",
    ),
    FindingSpec(
        "scope-openid-missing",
        _W,
        "No openid scope, which Recall's guide requires: no ID token is issued, so Recall may not "
        "learn which account connected.",
        "Add openid to the scope.",
    ),
    FindingSpec(
        "scope-email-missing",
        _W,
        "No email scope, which Recall's guide requires: Recall may not learn the account's email "
        "address.",
        "Add email to the scope.",
    ),
    FindingSpec(
        "scope-broader-than-needed",
        _W,
        "The scope asks for more than Recall needs; the wider consent screen makes users and "
        "tenant consent policies more likely to refuse.",
        f"Ask for exactly {_SCOPES} (User.Read and profile are harmless).",
    ),
    FindingSpec(
        "scope-bad-separator",
        _E,
        "Scopes are joined by ',', ';' or an encoded '+' (%2B): Microsoft reads one unknown "
        "scope (AADSTS70011).",
        "Separate scopes with spaces and percent-encode the whole value (a space becomes %20).",
    ),
    # -- prompt -----------------------------------------------------------------------------
    FindingSpec(
        "prompt-consent",
        _W,
        "prompt=consent forces the consent screen on every sign-in: in organisations that "
        "restrict user consent, users keep seeing 'Need admin approval' even after an admin "
        "approved the app (the loop in Recall's troubleshooting section).",
        f"Remove prompt=consent ({_RECALL_GUIDE}#oauth-flow-stuck-on-admin-consent-step).",
    ),
    FindingSpec(
        "prompt-admin-consent",
        _E,
        "prompt=admin_consent is not valid on the v2.0 endpoint (AADSTS901001, or AADSTS90023 "
        "'Unsupported prompt value').",
        "Remove it; for tenant-wide approval send an admin the v2.0 admin consent URL "
        "(recall_outlook.troubleshoot.consent.admin_consent_url).",
    ),
    FindingSpec(
        "prompt-none",
        _E,
        "prompt=none forbids any interaction, but a first connection needs sign-in and consent: "
        "Microsoft answers interaction_required or consent_required.",
        "Remove prompt=none.",
    ),
    FindingSpec(
        "prompt-invalid",
        _E,
        "prompt is not one of login, none, consent, select_account, create (AADSTS90023).",
        "Remove prompt, or use a single valid value such as select_account.",
    ),
    # -- PKCE and client credentials ----------------------------------------------------------
    FindingSpec(
        "pkce-not-supported",
        _E,
        "The URL carries a PKCE code_challenge: Microsoft then refuses to redeem the code without "
        "the matching code_verifier, and Recall redeems it without one (AADSTS50148 or "
        "AADSTS501481; AADSTS501491 for a malformed challenge).",
        "Drop PKCE for this flow: remove code_challenge and code_challenge_method. MSAL Python's "
        "initiate_auth_code_flow always adds them; build the URL with "
        "recall_outlook.build_authorize_url or MSAL's get_authorization_request_url instead "
        f"({_PKCE}).",
    ),
    FindingSpec(
        "client-secret-in-url",
        _E,
        "The URL carries a client credential (client_secret or client_assertion): every browser, "
        "proxy and server log on the way sees it, and Microsoft's authorize endpoint never "
        "needs it.",
        "Remove it from the URL and rotate the secret now (Certificates & secrets > New client "
        "secret), then save the new Value in Recall's dashboard: Recall alone sends it, to the "
        "token endpoint.",
    ),
    # -- redirect_uri (defined with Microsoft's redirect URI rules) ------------------------
    *REDIRECT_URI_SPECS,
    # -- state ------------------------------------------------------------------------------
    FindingSpec(
        "state-missing",
        _E,
        "The state parameter is missing or empty: Recall cannot tell which user connected.",
        "Add state=<percent-encoded JSON> with recall_calendar_auth_token and "
        "ms_oauth_redirect_url.",
    ),
    FindingSpec(
        "state-not-json",
        _E,
        "The state is not JSON as Recall will receive it.",
        "Serialise the state with JSON.stringify / json.dumps, then percent-encode it "
        "(encodeURIComponent / urllib.parse.quote(value, safe='')).",
    ),
    FindingSpec(
        "state-not-object",
        _E,
        "The state is JSON but not an object.",
        "Make the state a JSON object: "
        '{"recall_calendar_auth_token": "...", "ms_oauth_redirect_url": "..."}.',
    ),
    FindingSpec(
        "state-not-v1",
        _E,
        "The state is a JSON object without any of Recall Calendar V1's keys: it looks like a "
        "state made for another flow (Recall's Calendar V2, where your app redeems the code "
        "itself, or your own sign-in), so Recall's V1 callback cannot tell whose calendar "
        "connected.",
        "For Calendar V1 send the state Recall's guide asks for: "
        '{"recall_calendar_auth_token": "<token from POST /api/v1/calendar/authenticate/>", '
        '"ms_oauth_redirect_url": "<the redirect_uri>"}, optionally with success_url and '
        f"error_url ({_RECALL_GUIDE}#building-microsoft-oauth-20-url).",
    ),
    FindingSpec(
        "state-token-missing",
        _E,
        "The state has no recall_calendar_auth_token string.",
        "Put the user's token from POST /api/v1/calendar/authenticate/ in "
        "recall_calendar_auth_token.",
    ),
    FindingSpec(
        "state-token-expired",
        _E,
        "The calendar auth token in the state has expired; Recall answers "
        "\"Invalid 'recall_calendar_auth_token' supplied\".",
        "Fetch a fresh token (they last one day) when you build each authorize URL.",
    ),
    FindingSpec(
        "state-redirect-missing",
        _E,
        "The state has no ms_oauth_redirect_url.",
        "Add ms_oauth_redirect_url, equal to the redirect_uri parameter.",
    ),
    FindingSpec(
        "state-redirect-mismatch",
        _E,
        "The state's ms_oauth_redirect_url differs from the redirect_uri parameter; Recall "
        "redeems the code with it and Microsoft requires the same URI.",
        "Set ms_oauth_redirect_url to exactly the redirect_uri value.",
    ),
    FindingSpec(
        "state-google-key",
        _W,
        "The state carries google_oauth_redirect_url, the key of Recall's Google flow.",
        "Use ms_oauth_redirect_url for Microsoft.",
    ),
    FindingSpec(
        "state-unknown-key",
        _I,
        "The state carries keys Recall's guide does not mention.",
        "Recall reads recall_calendar_auth_token, ms_oauth_redirect_url, success_url and "
        "error_url; remove the others unless you know Recall reads them.",
    ),
    FindingSpec(
        "state-url-invalid",
        _W,
        "A URL in the state is not an absolute http(s) URL, so the user may not land where you "
        "meant after connecting.",
        "Give success_url and error_url as full URLs, or leave the key out.",
    ),
    FindingSpec(
        "state-url-not-https",
        _W,
        "A success or error URL in the state uses plain http.",
        "Use https for the pages Recall sends users back to.",
    ),
    # -- parameters and encoding ------------------------------------------------------------
    FindingSpec(
        "param-duplicated",
        _E,
        "A parameter appears more than once; Microsoft rejects the request (AADSTS9000411).",
        "Send each parameter once.",
    ),
    FindingSpec(
        "param-google-only",
        _I,
        "A Google-only parameter (access_type, include_granted_scopes, approval_prompt, hd) is "
        "present; Microsoft ignores it.",
        "Remove it; on Microsoft the refresh token comes from the offline_access scope.",
    ),
    FindingSpec(
        "url-unencoded",
        _W,
        "Parameter values are not percent-encoded.",
        "Percent-encode every value (encodeURIComponent / urllib.parse.quote(value, safe='')), "
        "or build the URL with recall_outlook.build_authorize_url.",
    ),
)
"""Every lint code in catalog order (endpoint, client, response, scope, prompt, PKCE and client
credentials, redirect URI, state, parameters)."""

LINT_CATALOG: Final[Mapping[str, FindingSpec]] = MappingProxyType(
    {spec.code: spec for spec in LINT_SPECS}
)
"""The lint codes by code, read-only."""


def lint_spec(code: str) -> FindingSpec:
    """Return the catalog entry of ``code``.

    Args:
        code: A lint code such as ``prompt-consent``.

    Returns:
        Its [`FindingSpec`][recall_outlook.findings.FindingSpec].

    Raises:
        KeyError: ``code`` is not in the catalog.
    """
    return LINT_CATALOG[code]
