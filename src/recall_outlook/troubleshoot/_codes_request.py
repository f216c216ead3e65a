"""Codes about the authorize request itself: parameters, prompt, scopes and consent.

Part of the error catalog ([`recall_outlook.troubleshoot.catalog`][]); each entry says what the
code means for a Recall Outlook connection. Sources:
https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes and
https://login.microsoftonline.com/error?code=NNNN for Microsoft's text of each code.
"""

from __future__ import annotations

from typing import Final

from ._entry import (
    ADMIN_CONSENT,
    ADMIN_FIX,
    AUTH_CODE,
    CONSENT_ERRORS,
    PUBLISHER,
    RECALL_GUIDE,
    RECALL_LOOP,
    RECONNECT,
    SCOPES,
    ErrorEntry,
    Variant,
    code_entry,
)

__all__ = ["REQUEST_ENTRIES"]

REQUEST_ENTRIES: Final[tuple[ErrorEntry, ...]] = (
    code_entry(
        "900144",
        "Required parameter missing",
        "A parameter Microsoft requires is absent (the message names it), typically client_id, "
        "response_type or scope lost to an empty placeholder or an unencoded state.",
        "Send every parameter of Recall's guide (client_id, response_type=code, redirect_uri, "
        "response_mode=query, scope, state), each value percent-encoded.",
        RECALL_GUIDE,
    ),
    code_entry(
        "90014",
        "Required field missing",
        "A field Microsoft expects is absent from the request; error_description names it "
        "(client_id, code, redirect_uri, grant_type...).",
        "Send the named field with a value; compare the URL with Recall's guide.",
        RECALL_GUIDE,
        variants=(
            Variant(
                "When error_description names client_secret",
                "Client secret missing",
                "The token request carried no client secret: the Microsoft oAuth Client Secret "
                "in your Recall workspace is empty or was never saved (or the app is a public "
                "client, which makes Microsoft skip it).",
                "Save the current secret's Value with the Application (client) ID in Recall's "
                "dashboard (Microsoft Outlook platform); then the user connects again.",
                mentions=r"client_secret",
            ),
        ),
    ),
    code_entry(
        "9002313",
        "Malformed request",
        "Microsoft could not read the request: a broken query (an unencoded JSON state with & # "
        "+ or spaces, a double-encoded value, a stray line break) or a parameter value it "
        "rejects.",
        "Percent-encode every value, the JSON state included, remove line breaks, and lint the "
        "URL with recall_outlook before sending users to it.",
        RECALL_GUIDE,
        variants=(
            Variant(
                "At the token endpoint (error invalid_grant)",
                "Authorization code or refresh token malformed",
                "At the token endpoint, 9002313 with invalid_grant means the authorization code "
                "(or, on refresh, the refresh token) arrived malformed. Recall redeems the code, "
                "so the usual cause is a forwarder on your domain that altered the code on its "
                "way: decoded or re-encoded it, cut it, or turned '+' into a space. On refresh "
                "it is Recall's stored refresh token.",
                "Forward the callback's query to Recall byte for byte (recall-outlook "
                "check-forwarder verifies it); then the user connects again. If it happens on "
                f"refresh, {RECONNECT}.",
                where="token",
            ),
        ),
    ),
    code_entry(
        "90023",
        "Invalid request (often an unsupported prompt value)",
        "Microsoft rejected the authorize request as malformed. In a hand-built URL the usual "
        "cause is prompt: several values ('consent select_account'), an unknown one, or "
        "prompt=admin_consent.",
        "Send at most one prompt value (login, none, consent, select_account or create), or "
        "none at all; lint the URL with recall-outlook lint.",
        AUTH_CODE + "#request-an-authorization-code",
        variants=(
            Variant(
                "When error_description speaks of cross-origin token redemption",
                "Cross-origin redemption refused (single-page application)",
                "At the token endpoint this code once meant what AADSTS9002326 means now: the "
                "code was redeemed from a browser for a redirect URI not registered as a "
                "single-page application. Recall redeems server side, so a page of yours is "
                "calling the token endpoint.",
                "Do not redeem codes in the browser: register the redirect URI under 'Web' and "
                "forward the callback unchanged to Recall.",
                mentions=r"cross.origin",
            ),
        ),
    ),
    code_entry(
        "9000411",
        "A parameter is sent twice",
        "A parameter appears more than once in the request (error_description names it): a "
        "library adds prompt or scope and your code appends another, or the query is built "
        "twice.",
        "Send each parameter exactly once; recall-outlook lint reports param-duplicated.",
        AUTH_CODE + "#request-an-authorization-code",
    ),
    code_entry(
        "70011",
        "Invalid scope",
        "The scope is missing, empty or not valid: a Google scope, a misspelt Graph "
        "permission, commas instead of spaces, or scopes of two resources.",
        f"Send exactly: {SCOPES}, separated by spaces (%20 once encoded).",
        RECALL_GUIDE,
    ),
    code_entry(
        "650053",
        "Scope does not exist on Microsoft Graph",
        "The authorize URL asks for a scope the resource does not define: a typo, or a "
        "permission name that does not exist (such as Calendars.ReadBasic.Shared).",
        f"Request exactly: {SCOPES}.",
        RECALL_GUIDE,
    ),
    code_entry(
        "650057",
        "Resource not in the app's API permissions",
        "The request asks for an API the app's registration does not list, e.g. Calendars.Read "
        "was never added, or another API's scope slipped into the URL.",
        "Under API permissions add Microsoft Graph > Delegated > Calendars.Read (and "
        f"offline_access, openid, email), and request only: {SCOPES}.",
        RECALL_GUIDE,
    ),
    code_entry(
        "901001",
        "prompt=admin_consent is invalid on v2.0",
        "The authorize URL carries prompt=admin_consent, a v1 value the v2.0 endpoint rejects "
        "(valid: login, none, consent, select_account).",
        "Remove prompt. For tenant-wide consent, send an admin to the v2 admin consent "
        "endpoint, https://login.microsoftonline.com/<tenant>/v2.0/adminconsent (built by "
        "recall_outlook.troubleshoot.consent.admin_consent_url).",
        ADMIN_CONSENT,
    ),
    code_entry(
        "50058",
        "No signed-in session for silent sign-in",
        "The URL asked for silent sign-in (prompt=none) but the browser has no usable Microsoft "
        "session.",
        "Remove prompt=none: connecting a calendar is interactive. Omit prompt, or use "
        "prompt=select_account.",
        AUTH_CODE,
    ),
    code_entry(
        "65001",
        "Consent missing",
        "Neither the user nor an admin has consented to this app for the requested scopes "
        f"({SCOPES}). It shows when consent cannot be asked, e.g. with prompt=none, or after a "
        "scope was added to the URL.",
        "Send the user through the interactive authorize URL (no prompt=none) so they can "
        "consent. In a tenant where users may not consent: " + ADMIN_FIX,
        ADMIN_CONSENT,
    ),
    code_entry(
        "65004",
        "User declined consent",
        "The user (or, in the admin consent flow, the admin) chose Cancel on the consent "
        "screen, so no code was issued. It arrives with error=access_denied, or "
        "error=consent_required from the admin consent endpoint.",
        "Nothing is misconfigured. Let the user start the connection again and accept; say "
        "beforehand that Recall reads the calendar (Calendars.Read) and stays in sync "
        "(offline_access).",
    ),
    code_entry(
        "90094",
        "Admin approval required",
        "The user's organisation does not let users consent to this app, so they see 'Need "
        "admin approval'. If it persists after an admin approved, the authorize URL carries "
        "prompt=consent.",
        ADMIN_FIX,
        RECALL_LOOP,
        ADMIN_CONSENT,
        CONSENT_ERRORS,
    ),
    code_entry(
        "90093",
        "User may not grant these permissions",
        "A tenant policy keeps this user from consenting: the permissions need an admin, or "
        "users may only consent to apps of verified publishers.",
        ADMIN_FIX + " Publisher verification lets tenants that admit verified publishers' apps "
        "accept yours without an admin.",
        RECALL_LOOP,
        ADMIN_CONSENT,
        CONSENT_ERRORS,
    ),
    code_entry(
        "900941",
        "Admin consent required: app considered risky",
        "Microsoft judged the consent request risky (typically an unverified multitenant app "
        "asking for data), so only an admin can consent.",
        ADMIN_FIX + " For the long run, complete publisher verification (a verified Partner "
        "Center account and a publisher domain that is not *.onmicrosoft.com).",
        PUBLISHER,
        ADMIN_CONSENT,
    ),
)
"""The entries, in the order the errors page lists them."""
