"""Codes about the app registration and its redirect URIs.

Part of the error catalog ([`recall_outlook.troubleshoot.catalog`][]); each entry says what the
code means for a Recall Outlook connection. Sources:
https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes and
https://login.microsoftonline.com/error?code=NNNN for Microsoft's text of each code.
"""

from __future__ import annotations

from typing import Final

from ._entry import (
    ACCOUNTS,
    ANY_ACCOUNT,
    AUTHORIZE_COMMON,
    CALLBACK,
    RECALL_GUIDE,
    REPLY_URL,
    ErrorEntry,
    code_entry,
)

__all__ = ["APP_ENTRIES"]

APP_ENTRIES: Final[tuple[ErrorEntry, ...]] = (
    code_entry(
        "50011",
        "Redirect URI not registered for this app",
        "The redirect_uri the URL sends does not exactly match a redirect URI registered on the "
        "app. The match is exact and case sensitive: scheme, host, path and the trailing slash "
        f"all count. Recall's callback is {CALLBACK}, with your workspace's region and the "
        "final slash.",
        "Register that exact URI under App registrations > your app > Authentication > Web: "
        f"Recall's {CALLBACK} in development, or your own domain's forwarding URL in "
        "production. Or make the URL send one that is registered, and keep "
        "ms_oauth_redirect_url in the state equal to redirect_uri.",
        REPLY_URL,
        RECALL_GUIDE,
    ),
    code_entry(
        "500113",
        "No redirect URI registered on the app",
        "The app registration has no redirect URI at all, usually because the Web platform "
        "was never added, so Microsoft has nowhere it may send the answer.",
        "Add a Web platform under Authentication with the redirect URI you send: "
        f"{CALLBACK} or your own domain's forwarding URL.",
        REPLY_URL,
        RECALL_GUIDE,
    ),
    code_entry(
        "900971",
        "No redirect_uri in the request",
        "The authorize or admin consent URL has no redirect_uri value: an empty template "
        "placeholder, or a '#' in an unencoded state that cut off the rest of the query.",
        "Send redirect_uri=<the registered URI, percent-encoded>, and percent-encode the JSON "
        "state so nothing in it can truncate the query.",
        RECALL_GUIDE,
    ),
    code_entry(
        "90002",
        "Tenant not found",
        "The tenant segment of the authorize URL names no directory: a typo, a placeholder "
        "such as {tenant} left in, or a deleted tenant.",
        "Use common, as Recall's guide does, so that work, school and personal accounts can "
        "connect.",
    ),
    code_entry(
        "700016",
        "App not found in the directory",
        "The client_id names no app Microsoft can find for this request: a typo, the Object "
        "ID or a secret ID pasted instead of the Application (client) ID, a deleted app, or a "
        "tenant-specific URL aimed at a tenant the app is not in.",
        "Copy the Application (client) ID from the app's Overview page into the URL and into "
        f"your Recall workspace's oAuth Client ID; use {AUTHORIZE_COMMON} with an app set to "
        f"{ANY_ACCOUNT}.",
        RECALL_GUIDE,
    ),
    code_entry(
        "50020",
        "Account does not exist in the tenant",
        "The user's account (another organisation's, or a personal Microsoft account) is not in "
        "the tenant the request targets: the URL names a tenant GUID or domain, or the app is "
        "single-tenant.",
        f"Use {AUTHORIZE_COMMON}, as Recall's guide does, with the app's supported account "
        f"types set to {ANY_ACCOUNT}.",
        ACCOUNTS,
        RECALL_GUIDE,
    ),
    code_entry(
        "50194",
        "App is not multitenant but /common was used",
        "The app registration is single-tenant (this organizational directory only) while "
        "the authorize URL uses /common, which such apps may not use.",
        f"Set the app's supported account types to {ANY_ACCOUNT}, as Recall's guide requires; "
        "a single-tenant app cannot serve other organisations' users.",
        ACCOUNTS,
        RECALL_GUIDE,
    ),
    code_entry(
        "9002332",
        "App admits work or school accounts only",
        "A personal Microsoft account (outlook.com, hotmail.com, live.com) tried to connect, or "
        "the URL uses /consumers, while the app admits Entra ID accounts only.",
        f"Set the app's supported account types to {ANY_ACCOUNT}; this requires "
        "requestedAccessTokenVersion 2 in the app manifest. Keep /common in the URL.",
        ACCOUNTS,
        RECALL_GUIDE,
    ),
    code_entry(
        "90130",
        "App does not admit personal accounts on /common",
        "The app registration does not admit personal Microsoft accounts (an older app type, or "
        "supported account types limited to organisations), so Microsoft refuses the /common "
        "endpoint Recall's guide uses.",
        f"Set the supported account types to {ANY_ACCOUNT} (Authentication > Supported account "
        "types, or signInAudience in the manifest), or register a new app that way and save "
        "its Application (client) ID and secret in Recall's dashboard.",
        ACCOUNTS,
        RECALL_GUIDE,
    ),
    code_entry(
        "9002327",
        "Redirect URI registered as a single-page application",
        "The redirect URI is registered under 'Single-page application', so Microsoft lets only "
        "a browser (a cross-origin request) redeem the code. Recall redeems it server side with "
        "the client secret, and Microsoft refuses.",
        "In App registrations > your app > Authentication, remove the URI from 'Single-page "
        "application' and add it under 'Web'; then the user connects again.",
        REPLY_URL + "#redirect-uri-types",
        RECALL_GUIDE,
    ),
    code_entry(
        "9002326",
        "Code redeemed from a browser for a Web redirect URI",
        "The code was redeemed by a cross-origin (browser) request while the redirect URI is "
        "registered as Web; only single-page-application URIs allow that. In a Recall "
        "connection it means a page of yours calls the token endpoint itself.",
        "Do not redeem the code in the browser: forward the callback unchanged to Recall, which "
        "redeems it server side.",
        REPLY_URL + "#redirect-uri-types",
        RECALL_GUIDE,
    ),
    code_entry(
        "700025",
        "App registered as a public client",
        "The app is a public client (redirect URI under 'Mobile and desktop applications', or "
        "'Allow public client flows' on), so Microsoft refuses the client secret Recall sends "
        "with the code.",
        "Register the redirect URI under 'Web' and set 'Allow public client flows' to No: "
        "Recall's flow is a confidential (Web) client.",
        REPLY_URL + "#redirect-uri-types",
    ),
    code_entry(
        "700054",
        "ID token requested but not enabled",
        "response_type asks for an id_token, which needs the implicit ID-token grant enabled on "
        "the app. Recall's flow does not use an ID token.",
        "Send response_type=code, as Recall's guide does; do not enable the implicit grant for "
        "this.",
        RECALL_GUIDE,
    ),
)
"""The entries, in the order the errors page lists them."""
