"""The catalog of errors met while connecting Outlook through Recall, defined once.

AADSTS codes of the Microsoft identity platform, the OAuth ``error`` values Microsoft sends to
the redirect URI, and Recall's own Calendar V1 error texts, each with what it means *for a
Recall Outlook connection* and what to change. [`recall_outlook.troubleshoot.explain`][] reads
pasted text
against it; the CLI, widgets and docs render it.

Sources: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (codes;
look any code up at https://login.microsoftonline.com/error?code=NNNN),
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow (``error``
values) and https://docs.recall.ai/docs/calendar-v1-microsoft-outlook (Recall).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from ..scopes import DEFAULT_SCOPES

__all__ = [
    "ADMIN_CONSENT_FIX",
    "ERROR_CATALOG",
    "LOOKUP_URL",
    "RECALL_ENTRIES",
    "ErrorEntry",
    "ErrorKind",
]

ErrorKind = Literal["aadsts", "oauth", "recall", "unknown"]
"""Where an error comes from: an AADSTS code, an OAuth ``error`` value, a Recall error text, or
an AADSTS code that is not in the catalog."""

LOOKUP_URL: Final = "https://login.microsoftonline.com/error?code="
"""Microsoft's page for any AADSTS code: append the number."""
_LOOKUP: Final = LOOKUP_URL
_RECALL_GUIDE: Final = "https://docs.recall.ai/docs/calendar-v1-microsoft-outlook"
_RECALL_LOOP: Final = _RECALL_GUIDE + "#oauth-flow-stuck-on-admin-consent-step"
_RECALL_V1: Final = "https://docs.recall.ai/docs/calendar-v1-1"
_LEARN: Final = "https://learn.microsoft.com/en-us/entra/identity-platform/"
_REPLY_URL: Final = _LEARN + "reply-url"
_ADMIN_CONSENT: Final = _LEARN + "v2-admin-consent"
_AUTH_CODE: Final = _LEARN + "v2-oauth2-auth-code-flow"
_ACCOUNTS: Final = _LEARN + "supported-accounts-validation"
_CREDENTIALS: Final = _LEARN + "how-to-add-credentials"
_PUBLISHER: Final = _LEARN + "publisher-verification-overview"
_CONSENT_ERRORS: Final = (
    "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/"
    "application-sign-in-unexpected-user-consent-error"
)

_SCOPES: Final = " ".join(DEFAULT_SCOPES)
_CALLBACK: Final = "https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/"
_AUTHORIZE_COMMON: Final = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
_ANY_ACCOUNT: Final = (
    "'Accounts in any organizational directory and personal Microsoft accounts' "
    "(signInAudience AzureADandPersonalMicrosoftAccount)"
)
ADMIN_CONSENT_FIX: Final = (
    "Have an admin of the user's tenant grant tenant-wide consent: send them the admin consent "
    "URL (https://login.microsoftonline.com/<tenant>/v2.0/adminconsent?..., built by "
    "recall_outlook.admin_consent_url) or have them use Entra admin center > Enterprise "
    "applications > your app > Permissions > Grant admin consent. Then REMOVE prompt=consent "
    "from the authorize URL: it forces the consent screen on every sign-in, so users keep seeing "
    "'Need admin approval' even after the admin approved (the loop in Recall's troubleshooting "
    "section)."
)
"""The fix several consent errors share; the docs show it once and link to it."""


@dataclass(frozen=True)
class ErrorEntry:
    """One catalogued error.

    Attributes:
        key: ``AADSTS50011`` for a code, the ``error`` value for an OAuth error
            (``access_denied``), ``recall:...`` for a Recall error text.
        kind: Where the error comes from (see [`ErrorKind`][]).
        title: A few words naming the problem.
        cause: Why it happens in a Recall Outlook connection.
        fix: What to change.
        links: Where to read more, most useful first.
    """

    key: str
    kind: ErrorKind
    title: str
    cause: str
    fix: str
    links: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data with stable keys."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "cause": self.cause,
            "fix": self.fix,
            "links": list(self.links),
        }


def _code(number: str, title: str, cause: str, fix: str, *links: str) -> ErrorEntry:
    return ErrorEntry(f"AADSTS{number}", "aadsts", title, cause, fix, (_LOOKUP + number, *links))


def _oauth(value: str, title: str, cause: str, fix: str, *links: str) -> ErrorEntry:
    return ErrorEntry(value, "oauth", title, cause, fix, (*links, _AUTH_CODE))


_AADSTS_ENTRIES: Final = (
    _code(
        "50011",
        "Redirect URI not registered for this app",
        "The redirect_uri the URL sends does not exactly match a redirect URI registered on the "
        "app. The match is exact and case sensitive: scheme, host, path and the trailing slash "
        f"all count. Recall's callback is {_CALLBACK}, with your workspace's region and the "
        "final slash.",
        "Register that exact URI under App registrations > your app > Authentication > Web: "
        f"Recall's {_CALLBACK} in development, or your own domain's forwarding URL in "
        "production. Or make the URL send one that is registered, and keep "
        "ms_oauth_redirect_url in the state equal to redirect_uri.",
        _REPLY_URL,
        _RECALL_GUIDE,
    ),
    _code(
        "500112",
        "Redirect URI differs from the one used at sign-in",
        "The token request's redirect_uri is not the one the authorize request used. Recall "
        "redeems the code with the state's ms_oauth_redirect_url, so this happens when that "
        "value differs from the authorize URL's redirect_uri. Recall then reports "
        "'refresh_token missing from oAuth response'.",
        "Make ms_oauth_redirect_url in the state exactly equal to redirect_uri (build the URL "
        "with recall_outlook.build_authorize_url, which sets it for you).",
        _REPLY_URL,
        _RECALL_GUIDE,
    ),
    _code(
        "90002",
        "Tenant not found",
        "The tenant segment of the authorize URL names no directory: a typo, a placeholder "
        "such as {tenant} left in, or a deleted tenant.",
        "Use common, as Recall's guide does, so that work, school and personal accounts can "
        "connect.",
    ),
    _code(
        "500113",
        "No redirect URI registered on the app",
        "The app registration has no redirect URI at all, usually because the Web platform "
        "was never added, so Microsoft has nowhere it may send the answer.",
        "Add a Web platform under Authentication with the redirect URI you send: "
        f"{_CALLBACK} or your own domain's forwarding URL.",
        _REPLY_URL,
        _RECALL_GUIDE,
    ),
    _code(
        "900971",
        "No redirect_uri in the request",
        "The authorize or admin consent URL has no redirect_uri value: an empty template "
        "placeholder, or a '#' in an unencoded state that cut off the rest of the query.",
        "Send redirect_uri=<the registered URI, percent-encoded>, and percent-encode the JSON "
        "state so nothing in it can truncate the query.",
        _RECALL_GUIDE,
    ),
    _code(
        "65001",
        "Consent missing",
        "Neither the user nor an admin has consented to this app for the requested scopes "
        f"({_SCOPES}). It shows when consent cannot be asked, e.g. with prompt=none, or after a "
        "scope was added to the URL.",
        "Send the user through the interactive authorize URL (no prompt=none) so they can "
        "consent. In a tenant where users may not consent: " + ADMIN_CONSENT_FIX,
        _ADMIN_CONSENT,
    ),
    _code(
        "65004",
        "User declined consent",
        "The user (or, in the admin consent flow, the admin) chose Cancel on the consent "
        "screen, so no code was issued. It arrives with error=access_denied, or "
        "error=consent_required from the admin consent endpoint.",
        "Nothing is misconfigured. Let the user start the connection again and accept; say "
        "beforehand that Recall reads the calendar (Calendars.Read) and stays in sync "
        "(offline_access).",
    ),
    _code(
        "90094",
        "Admin approval required",
        "The user's organisation does not let users consent to this app, so they see 'Need "
        "admin approval'. If it persists after an admin approved, the authorize URL carries "
        "prompt=consent.",
        ADMIN_CONSENT_FIX,
        _RECALL_LOOP,
        _ADMIN_CONSENT,
        _CONSENT_ERRORS,
    ),
    _code(
        "90093",
        "User may not grant these permissions",
        "A tenant policy keeps this user from consenting: the permissions need an admin, or "
        "users may only consent to apps of verified publishers.",
        ADMIN_CONSENT_FIX
        + " Publisher verification lets tenants that admit verified publishers' apps "
        "accept yours without an admin.",
        _RECALL_LOOP,
        _ADMIN_CONSENT,
        _CONSENT_ERRORS,
    ),
    _code(
        "900941",
        "Admin consent required: app considered risky",
        "Microsoft judged the consent request risky (typically an unverified multitenant app "
        "asking for data), so only an admin can consent.",
        ADMIN_CONSENT_FIX
        + " For the long run, complete publisher verification (a verified Partner "
        "Center account and a publisher domain that is not *.onmicrosoft.com).",
        _PUBLISHER,
        _ADMIN_CONSENT,
    ),
    _code(
        "700016",
        "App not found in the directory",
        "The client_id names no app Microsoft can find for this request: a typo, the Object "
        "ID or a secret ID pasted instead of the Application (client) ID, a deleted app, or a "
        "tenant-specific URL aimed at a tenant the app is not in.",
        "Copy the Application (client) ID from the app's Overview page into the URL and into "
        f"your Recall workspace's oAuth Client ID; use {_AUTHORIZE_COMMON} with an app set to "
        f"{_ANY_ACCOUNT}.",
        _RECALL_GUIDE,
    ),
    _code(
        "50020",
        "Account does not exist in the tenant",
        "The user's account (another organisation's, or a personal Microsoft account) is not in "
        "the tenant the request targets: the URL names a tenant GUID or domain, or the app is "
        "single-tenant.",
        f"Use {_AUTHORIZE_COMMON}, as Recall's guide does, with the app's supported account "
        f"types set to {_ANY_ACCOUNT}.",
        _ACCOUNTS,
        _RECALL_GUIDE,
    ),
    _code(
        "50194",
        "App is not multitenant but /common was used",
        "The app registration is single-tenant (this organizational directory only) while "
        "the authorize URL uses /common, which such apps may not use.",
        f"Set the app's supported account types to {_ANY_ACCOUNT}, as Recall's guide requires; "
        "a single-tenant app cannot serve other organisations' users.",
        _ACCOUNTS,
        _RECALL_GUIDE,
    ),
    _code(
        "9002332",
        "App admits work or school accounts only",
        "A personal Microsoft account (outlook.com, hotmail.com, live.com) tried to connect, or "
        "the URL uses /consumers, while the app admits Entra ID accounts only.",
        f"Set the app's supported account types to {_ANY_ACCOUNT}; this requires "
        "requestedAccessTokenVersion 2 in the app manifest. Keep /common in the URL.",
        _ACCOUNTS,
        _RECALL_GUIDE,
    ),
    _code(
        "7000215",
        "Invalid client secret",
        "Recall exchanged the code with a client secret Microsoft does not accept: most often "
        "the secret's ID was saved instead of its Value, or the secret belongs to another app.",
        "Create a client secret (Certificates & secrets), copy its Value at once (it is shown "
        "only then), save it as the oAuth Client Secret in your Recall workspace next to the "
        "matching Application (client) ID, and connect again.",
        _CREDENTIALS,
        _RECALL_GUIDE,
    ),
    _code(
        "7000222",
        "Client secret expired",
        "The client secret saved in Recall is past its expiry date, so Recall can no longer "
        "exchange codes or refresh tokens: calendars stop syncing.",
        "Create a new client secret (Recall's guide recommends the longest expiry you can, e.g. "
        "the portal's 24 months) and update the oAuth Client Secret in your Recall workspace. "
        "Recall's guide says existing connections then need authorising again: have every "
        "user reconnect through your Connect button. Note the new expiry date and rotate "
        "before it.",
        _CREDENTIALS,
        _RECALL_GUIDE,
    ),
    _code(
        "7000218",
        "Client secret missing",
        "The token request carried neither client_secret nor client_assertion: the Recall "
        "workspace has no client secret saved for Microsoft.",
        "Save both the oAuth Client ID and the oAuth Client Secret (the secret's Value) in your "
        "Recall workspace, and register the redirect URI under the Web platform.",
        _CREDENTIALS,
        _RECALL_GUIDE,
    ),
    _code(
        "900144",
        "Required parameter missing",
        "A parameter Microsoft requires is absent (the message names it), typically client_id, "
        "response_type or scope lost to an empty placeholder or an unencoded state.",
        "Send every parameter of Recall's guide (client_id, response_type=code, redirect_uri, "
        "response_mode=query, scope, state), each value percent-encoded.",
        _RECALL_GUIDE,
    ),
    _code(
        "70011",
        "Invalid scope",
        "The scope is missing, empty or not valid: a Google scope, a misspelt Graph "
        "permission, commas instead of spaces, or scopes of two resources.",
        f"Send exactly: {_SCOPES}, separated by spaces (%20 once encoded).",
        _RECALL_GUIDE,
    ),
    _code(
        "90014",
        "Required field missing",
        "A field Microsoft expects is absent from the request (the message names it), usually "
        "an empty value in a hand-built URL.",
        "Send the field named in error_description with a non-empty value; compare the URL "
        "with Recall's guide.",
        _RECALL_GUIDE,
    ),
    _code(
        "9002313",
        "Malformed request",
        "Microsoft could not read the request: a broken query (an unencoded JSON state with & # "
        "+ or spaces, a double-encoded value, a stray line break) or a parameter value it "
        "rejects.",
        "Percent-encode every value, the JSON state included, remove line breaks, and lint the "
        "URL with recall_outlook before sending users to it.",
        _RECALL_GUIDE,
    ),
    _code(
        "700054",
        "ID token requested but not enabled",
        "response_type asks for an id_token, which needs the implicit ID-token grant enabled on "
        "the app. Recall's flow does not use an ID token.",
        "Send response_type=code, as Recall's guide does; do not enable the implicit grant for "
        "this.",
        _RECALL_GUIDE,
    ),
    _code(
        "50076",
        "Multifactor authentication required",
        "A Conditional Access or per-user MFA policy of the user's tenant requires MFA for this "
        "sign-in and it was not completed (with prompt=none it cannot be).",
        "Let the user connect interactively, without prompt=none, and complete MFA; the app "
        "registration needs no change.",
    ),
    _code(
        "50058",
        "No signed-in session for silent sign-in",
        "The URL asked for silent sign-in (prompt=none) but the browser has no usable Microsoft "
        "session.",
        "Remove prompt=none: connecting a calendar is interactive. Omit prompt, or use "
        "prompt=select_account.",
        _AUTH_CODE,
    ),
    _code(
        "54005",
        "Authorization code already redeemed",
        "A code is single-use and this one was redeemed twice: the callback was requested twice "
        "(a reload, a link prefetch, a forwarder redirecting twice) or your handler redeemed "
        "the code itself before forwarding it to Recall.",
        "Forward each callback to Recall once, unchanged, and never redeem the code yourself; "
        "then have the user connect again.",
        _RECALL_GUIDE,
    ),
    _code(
        "70008",
        "Code or refresh token expired",
        "The authorization code was redeemed too late (codes live about 10 minutes; e.g. a "
        "callback URL replayed later), or a refresh token expired through inactivity.",
        "Have the user connect again, and forward callbacks to Recall at once: never store or "
        "replay them.",
        _AUTH_CODE,
    ),
    _code(
        "700005",
        "Code redeemed against another tenant",
        "The code was issued on one tenant endpoint and redeemed on another: the URL used a "
        "tenant GUID or domain, organizations or consumers instead of /common.",
        f"Build the URL on {_AUTHORIZE_COMMON}, as Recall's guide does.",
        _RECALL_GUIDE,
    ),
    _code(
        "650057",
        "Resource not in the app's API permissions",
        "The request asks for an API the app's registration does not list, e.g. Calendars.Read "
        "was never added, or another API's scope slipped into the URL.",
        "Under API permissions add Microsoft Graph > Delegated > Calendars.Read (and "
        f"offline_access, openid, email), and request only: {_SCOPES}.",
        _RECALL_GUIDE,
    ),
    _code(
        "901001",
        "prompt=admin_consent is invalid on v2.0",
        "The authorize URL carries prompt=admin_consent, a v1 value the v2.0 endpoint rejects "
        "(valid: login, none, consent, select_account).",
        "Remove prompt. For tenant-wide consent, send an admin to the v2 admin consent "
        "endpoint, https://login.microsoftonline.com/<tenant>/v2.0/adminconsent (built by "
        "recall_outlook.troubleshoot.consent.admin_consent_url).",
        _ADMIN_CONSENT,
    ),
)

_OAUTH_ENTRIES: Final = (
    _oauth(
        "invalid_request",
        "Protocol error in the request",
        "A parameter is missing, repeated or malformed; the AADSTS code in error_description "
        "says which.",
        "Read the AADSTS code, fix the URL (every value percent-encoded, none repeated) and retry.",
    ),
    _oauth(
        "unauthorized_client",
        "App may not request a code",
        "The app is not registered in Entra ID, not admitted in the user's tenant, or disabled; "
        "often a wrong client_id.",
        "Check that client_id is the Application (client) ID and that the app's supported "
        f"account types are {_ANY_ACCOUNT}.",
    ),
    _oauth(
        "access_denied",
        "Consent refused or blocked",
        "The user cancelled on the consent screen (AADSTS65004), or the tenant requires admin "
        "approval (AADSTS90094, 90093, 900941) and the user could not consent.",
        "Read the AADSTS code in error_description. A cancel: let the user retry. Admin "
        "approval: " + ADMIN_CONSENT_FIX,
        _RECALL_LOOP,
    ),
    _oauth(
        "unsupported_response_type",
        "Response type not supported",
        "response_type is not one Microsoft allows for this app; Recall's flow needs a code.",
        "Send response_type=code.",
    ),
    _oauth(
        "server_error",
        "Microsoft had an unexpected error",
        "A server-side error at Microsoft, usually temporary.",
        "Retry. If it persists, keep the Trace ID and Correlation ID from error_description "
        "for Microsoft support.",
    ),
    _oauth(
        "temporarily_unavailable",
        "Microsoft is temporarily too busy",
        "The server could not handle the request at the moment.",
        "Retry after a short wait.",
    ),
    _oauth(
        "invalid_resource",
        "Target resource invalid",
        "The API asked for does not exist, cannot be found or is not set up in the tenant: "
        "often a typo in the Graph scope or a v1 'resource' parameter.",
        f"Request exactly {_SCOPES} and send no resource parameter.",
    ),
    _oauth(
        "login_required",
        "No single signed-in user for silent sign-in",
        "prompt=none was sent but no (or more than one) signed-in user was found.",
        "Remove prompt=none; connect interactively.",
    ),
    _oauth(
        "interaction_required",
        "User interaction required",
        "Consent, MFA or another step is needed, which prompt=none does not allow.",
        "Retry interactively, without prompt=none.",
    ),
    _oauth(
        "consent_required",
        "Consent required",
        "Consent is needed and could not be asked (prompt=none), or in the admin consent flow "
        "the admin declined (AADSTS65004).",
        "Send the user through the interactive authorize URL. If the tenant blocks user "
        "consent: " + ADMIN_CONSENT_FIX,
        _ADMIN_CONSENT,
    ),
    _oauth(
        "invalid_scope",
        "Invalid scope",
        "The scope is unknown or malformed (AADSTS70011).",
        f"Send exactly: {_SCOPES}.",
    ),
    _oauth(
        "invalid_client",
        "Client authentication failed",
        "The token request's client credentials were rejected: a wrong, missing or expired "
        "client secret (AADSTS7000215, 7000218, 7000222).",
        "Put the current secret's Value and the Application (client) ID in your Recall "
        "workspace; after an expired secret Recall's guide expects every user to reconnect.",
        _CREDENTIALS,
    ),
    _oauth(
        "invalid_grant",
        "Code or refresh token not usable",
        "The authorization code or refresh token was expired, already used or issued for "
        "another tenant (AADSTS70008, 54005, 700005).",
        "Have the user connect again; forward each callback to Recall once, at once.",
    ),
)

RECALL_ENTRIES: Final = (
    ErrorEntry(
        "recall:refresh_token_missing",
        "recall",
        "Recall got no refresh token from Microsoft",
        "Recall says 'refresh_token missing from oAuth response': Microsoft's token answer had "
        "no refresh token. The URL lacks the offline_access scope, the Recall workspace holds "
        "a wrong oAuth Client ID or Secret, or the app is not multitenant.",
        f"Request {_SCOPES}; check that the workspace's oAuth Client ID is the app's "
        "Application (client) ID and the secret is the current secret's Value; set the "
        f"supported account types to {_ANY_ACCOUNT}. Then have the user connect again.",
        (_RECALL_GUIDE,),
    ),
    ErrorEntry(
        "recall:invalid_calendar_auth_token",
        "recall",
        "Recall rejected the calendar auth token",
        "Recall says \"Invalid 'recall_calendar_auth_token' supplied\": the token in the state "
        "could not be decoded (truncated, altered, or mangled by an unencoded state) or is "
        "older than 24 hours (tokens live one day).",
        "Issue a fresh token right before building the URL: POST "
        "https://<region>.recall.ai/api/v1/calendar/authenticate/ with the header "
        '"Authorization: Token <API key>" and the body {"user_id": "<stable id>"}; put it in '
        "the state unchanged and percent-encode the whole JSON state.",
        (_RECALL_V1, _RECALL_GUIDE),
    ),
)
"""Recall's own Calendar V1 error texts: refresh_token missing, then invalid calendar auth token."""

ERROR_CATALOG: Final[tuple[ErrorEntry, ...]] = (
    *_AADSTS_ENTRIES,
    *_OAUTH_ENTRIES,
    *RECALL_ENTRIES,
)
"""Every catalogued error: AADSTS codes, then OAuth ``error`` values, then Recall texts."""
