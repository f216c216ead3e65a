"""Codes Microsoft's token endpoint answers when Recall redeems the code or refreshes the token.

Part of the error catalog ([`recall_outlook.troubleshoot.catalog`][]); each entry says what the
code means for a Recall Outlook connection. Sources:
https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes and
https://login.microsoftonline.com/error?code=NNNN for Microsoft's text of each code.
"""

from __future__ import annotations

from typing import Final

from ._entry import (
    AUTH_CODE,
    AUTHORIZE_COMMON,
    CREDENTIALS,
    RECALL_GUIDE,
    RECONNECT,
    REDEEM,
    REFRESH_TOKENS,
    REPLY_URL,
    ErrorEntry,
    code_entry,
)

__all__ = ["TOKEN_ENTRIES"]

_PKCE_CAUSE: Final = (
    "The authorize URL carried a PKCE code_challenge, and the code was redeemed without the "
    "matching code_verifier. Recall redeems the code without any code_verifier, so a URL with "
    "code_challenge always fails this way (MSAL Python's initiate_auth_code_flow adds PKCE)."
)
_PKCE_FIX: Final = (
    "Drop PKCE for this flow: remove code_challenge and code_challenge_method from the "
    "authorize URL (build it with recall_outlook.build_authorize_url or MSAL's "
    "get_authorization_request_url); recall-outlook lint reports pkce-not-supported. Then the "
    "user connects again."
)

TOKEN_ENTRIES: Final[tuple[ErrorEntry, ...]] = (
    code_entry(
        "500112",
        "Redirect URI differs from the one used at sign-in",
        "The token request's redirect_uri is not the one the authorize request used. Recall "
        "redeems the code with the state's ms_oauth_redirect_url, so this happens when that "
        "value differs from the authorize URL's redirect_uri. Recall then reports "
        "'refresh_token missing from oAuth response'.",
        "Make ms_oauth_redirect_url in the state exactly equal to redirect_uri (build the URL "
        "with recall_outlook.build_authorize_url, which sets it for you).",
        REPLY_URL,
        RECALL_GUIDE,
    ),
    code_entry(
        "7000215",
        "Invalid client secret",
        "Recall exchanged the code with a client secret Microsoft does not accept: most often "
        "the secret's ID was saved instead of its Value, or the secret belongs to another app.",
        "Create a client secret (Certificates & secrets), copy its Value at once (it is shown "
        "only then), save it as the oAuth Client Secret in your Recall workspace next to the "
        "matching Application (client) ID, and connect again.",
        CREDENTIALS,
        RECALL_GUIDE,
    ),
    code_entry(
        "7000222",
        "Client secret expired",
        "The client secret saved in Recall is past its expiry date, so Recall can no longer "
        "exchange codes or refresh tokens: calendars stop syncing.",
        "Create a new client secret (Recall's guide recommends the longest expiry you can, e.g. "
        "the portal's 24 months) and update the oAuth Client Secret in your Recall workspace. "
        "Recall's guide says existing connections then need authorising again: have every "
        "user reconnect through your Connect button. Note the new expiry date and rotate "
        "before it.",
        CREDENTIALS,
        RECALL_GUIDE,
    ),
    code_entry(
        "7000218",
        "Client secret missing",
        "The token request carried neither client_secret nor client_assertion: the Recall "
        "workspace has no client secret saved for Microsoft.",
        "Save both the oAuth Client ID and the oAuth Client Secret (the secret's Value) in your "
        "Recall workspace, and register the redirect URI under the Web platform.",
        CREDENTIALS,
        RECALL_GUIDE,
    ),
    code_entry(
        "70002",
        "Client credentials rejected",
        "Microsoft could not validate the app's credentials when the code was redeemed: a "
        "wrong, missing or expired client secret, or one from another app. A second code in "
        "the same message (AADSTS50012, 7000215, 7000222, 70000) says which.",
        "Save the current secret's Value (not its Secret ID) and the Application (client) ID "
        "in Recall's dashboard; then the user connects again.",
        CREDENTIALS,
    ),
    code_entry(
        "50012",
        "Invalid client secret or assertion",
        "The client secret Recall sent with the code is not one of the app's (a typo, the "
        "Secret ID instead of its Value, or a secret of another app).",
        "Create a new client secret, save its Value in Recall's dashboard, and have the user "
        "connect again.",
        CREDENTIALS,
    ),
    code_entry(
        "54005",
        "Authorization code already redeemed",
        "A code is single-use and this one was redeemed twice: the callback was requested twice "
        "(a reload, a link prefetch, a forwarder redirecting twice) or your handler redeemed "
        "the code itself before forwarding it to Recall.",
        "Forward each callback to Recall once, unchanged, and never redeem the code yourself; "
        "then have the user connect again.",
        RECALL_GUIDE,
    ),
    code_entry(
        "70008",
        "Code or refresh token expired",
        "The authorization code was redeemed too late (codes live about 10 minutes; e.g. a "
        "callback URL replayed later), or a refresh token expired through inactivity.",
        "Have the user connect again, and forward callbacks to Recall at once: never store or "
        "replay them.",
        AUTH_CODE,
    ),
    code_entry(
        "700005",
        "Code redeemed against another tenant",
        "The code was issued on one tenant endpoint and redeemed on another: the URL used a "
        "tenant GUID or domain, organizations or consumers instead of /common.",
        f"Build the URL on {AUTHORIZE_COMMON}, as Recall's guide does.",
        RECALL_GUIDE,
    ),
    code_entry(
        "70000",
        "Grant invalid or malformed",
        "The authorization code or refresh token is not valid for this app: expired, already "
        "used, issued to another app or redirect URI, or altered on its way (a forwarder that "
        "re-encoded the code).",
        "Forward the callback to Recall unchanged and at once; then the user connects again.",
        RECALL_GUIDE,
    ),
    code_entry(
        "700082",
        "Refresh token expired after 90 days idle",
        "The refresh token Recall stores for this calendar went unused for 90 days (or was "
        "revoked), so Microsoft no longer accepts it and Recall cannot keep the calendar in "
        "sync. It is Recall's stored token, not something in your URL.",
        f"Nothing to change in the app: {RECONNECT}. Watch the calendar user's connections "
        "(connected: false) to ask users to reconnect.",
        REFRESH_TOKENS,
    ),
    code_entry("50148", "PKCE code_verifier does not match", _PKCE_CAUSE, _PKCE_FIX, REDEEM),
    code_entry(
        "501481", "PKCE Code_Verifier does not match the challenge", _PKCE_CAUSE, _PKCE_FIX, REDEEM
    ),
    code_entry(
        "501491",
        "Invalid size of code_challenge",
        "The authorize URL carried a PKCE code_challenge of the wrong length. PKCE has no place "
        "in this flow: Recall redeems the code without a code_verifier.",
        _PKCE_FIX,
        REDEEM,
    ),
)
"""The entries, in the order the errors page lists them."""
