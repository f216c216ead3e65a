"""OAuth ``error`` values, and Recall's own Calendar V1 error texts.

The ``error`` values are those Microsoft sends to the redirect URI or answers from the token
endpoint. Part of the error catalog ([`recall_outlook.troubleshoot.catalog`][]). Sources:
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow (``error``
values) and https://docs.recall.ai/docs/calendar-v1-microsoft-outlook (Recall).
"""

from __future__ import annotations

from typing import Final

from ._entry import (
    ADMIN_CONSENT,
    ADMIN_FIX,
    ANY_ACCOUNT,
    CREDENTIALS,
    RECALL_GUIDE,
    RECALL_LOOP,
    RECALL_V1,
    SCOPES,
    ErrorEntry,
    oauth_entry,
)

__all__ = ["OAUTH_ENTRIES", "RECALL_ENTRIES"]

OAUTH_ENTRIES: Final[tuple[ErrorEntry, ...]] = (
    oauth_entry(
        "invalid_request",
        "Protocol error in the request",
        "A parameter is missing, repeated or malformed; the AADSTS code in error_description "
        "says which.",
        "Read the AADSTS code, fix the URL (every value percent-encoded, none repeated) and retry.",
    ),
    oauth_entry(
        "unauthorized_client",
        "App may not request a code",
        "The app is not registered in Entra ID, not admitted in the user's tenant, or disabled; "
        "often a wrong client_id.",
        "Check that client_id is the Application (client) ID and that the app's supported "
        f"account types are {ANY_ACCOUNT}.",
    ),
    oauth_entry(
        "access_denied",
        "Consent refused or blocked",
        "The user cancelled on the consent screen (AADSTS65004), or the tenant requires admin "
        "approval (AADSTS90094, 90093, 900941) and the user could not consent.",
        "Read the AADSTS code in error_description. A cancel: let the user retry. Admin "
        "approval: " + ADMIN_FIX,
        RECALL_LOOP,
    ),
    oauth_entry(
        "unsupported_response_type",
        "Response type not supported",
        "response_type is not one Microsoft allows for this app; Recall's flow needs a code.",
        "Send response_type=code.",
    ),
    oauth_entry(
        "server_error",
        "Microsoft had an unexpected error",
        "A server-side error at Microsoft, usually temporary.",
        "Retry. If it persists, keep the Trace ID and Correlation ID from error_description "
        "for Microsoft support.",
    ),
    oauth_entry(
        "temporarily_unavailable",
        "Microsoft is temporarily too busy",
        "The server could not handle the request at the moment.",
        "Retry after a short wait.",
    ),
    oauth_entry(
        "invalid_resource",
        "Target resource invalid",
        "The API asked for does not exist, cannot be found or is not set up in the tenant: "
        "often a typo in the Graph scope or a v1 'resource' parameter.",
        f"Request exactly {SCOPES} and send no resource parameter.",
    ),
    oauth_entry(
        "login_required",
        "No single signed-in user for silent sign-in",
        "prompt=none was sent but no (or more than one) signed-in user was found.",
        "Remove prompt=none; connect interactively.",
    ),
    oauth_entry(
        "interaction_required",
        "User interaction required",
        "Consent, MFA or another step is needed, which prompt=none does not allow.",
        "Retry interactively, without prompt=none.",
    ),
    oauth_entry(
        "consent_required",
        "Consent required",
        "Consent is needed and could not be asked (prompt=none), or in the admin consent flow "
        "the admin declined (AADSTS65004).",
        "Send the user through the interactive authorize URL. If the tenant blocks user "
        "consent: " + ADMIN_FIX,
        ADMIN_CONSENT,
    ),
    oauth_entry(
        "invalid_scope",
        "Invalid scope",
        "The scope is unknown or malformed (AADSTS70011).",
        f"Send exactly: {SCOPES}.",
    ),
    oauth_entry(
        "invalid_client",
        "Client authentication failed",
        "The token request's client credentials were rejected: a wrong, missing or expired "
        "client secret (AADSTS7000215, 7000218, 7000222, 70002, 50012), or a public-client "
        "registration that refuses secrets (AADSTS700025).",
        "Put the current secret's Value and the Application (client) ID in your Recall "
        "workspace; after an expired secret Recall's guide expects every user to reconnect.",
        CREDENTIALS,
    ),
    oauth_entry(
        "invalid_grant",
        "Code or refresh token not usable",
        "The authorization code or refresh token was expired, already used or issued for "
        "another tenant (AADSTS70008, 54005, 700005), arrived malformed, e.g. altered by a "
        "forwarder (AADSTS9002313, 70000), was redeemed without the PKCE verifier its URL asked "
        "for (AADSTS50148, 501481), or Recall's stored refresh token expired (AADSTS700082).",
        "Have the user connect again; forward each callback to Recall once, at once.",
    ),
)
"""The OAuth ``error`` values, as the errors page lists them."""

RECALL_ENTRIES: Final[tuple[ErrorEntry, ...]] = (
    ErrorEntry(
        "recall:refresh_token_missing",
        "recall",
        "Recall got no refresh token from Microsoft",
        "Recall says 'refresh_token missing from oAuth response': Microsoft's token answer had "
        "no refresh token. The URL lacks the offline_access scope, the Recall workspace holds "
        "a wrong oAuth Client ID or Secret, the secret has expired (AADSTS7000222), or the "
        "app is not multitenant.",
        f"Request {SCOPES}; check that the workspace's oAuth Client ID is the app's "
        "Application (client) ID and the secret is the current secret's Value and has not "
        "expired (once replaced in Recall, every user connects again); set the supported "
        f"account types to {ANY_ACCOUNT}. Then have the user connect again.",
        (RECALL_GUIDE,),
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
        (RECALL_V1, RECALL_GUIDE),
    ),
)
"""Recall's own Calendar V1 error texts: refresh_token missing, then invalid calendar auth token."""
