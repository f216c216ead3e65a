"""The catalog of app registration finding codes, defined once.

[`check_manifest`][recall_outlook.register.manifest.check_manifest] (``recall-outlook check-app``)
and [`check_registration`][recall_outlook.register.registration.check_registration]
(``recall-outlook register``) build their findings from [`APP_CATALOG`][]; the command line, widgets
and docs read [`APP_SPECS`][] in catalog order. Redirect URIs are also judged with the lint
catalog's ``redirect-uri-*`` codes. The codes are a public contract: never rename one, only add.

Sources: Recall's guide https://docs.recall.ai/docs/calendar-v1-microsoft-outlook, the app manifest
https://learn.microsoft.com/en-us/entra/identity-platform/reference-microsoft-graph-app-manifest,
the differences between account types
https://learn.microsoft.com/en-us/entra/identity-platform/supported-accounts-validation and
publisher verification
https://learn.microsoft.com/en-us/entra/identity-platform/publisher-verification-overview.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ..findings import FindingSpec, Severity

__all__ = ["APP_CATALOG", "APP_SPECS"]

_E: Final = Severity.ERROR
_W: Final = Severity.WARNING
_AUDIENCE: Final = (
    'In the app\'s Manifest set "signInAudience": "AzureADandPersonalMicrosoftAccount" (the '
    "portal's 'Accounts in any organizational directory and personal Microsoft accounts')."
)
_RECONNECT: Final = (
    "Recall's guide says existing calendar connections must then be authorised again"
)

APP_SPECS: Final[tuple[FindingSpec, ...]] = (
    # -- audience ---------------------------------------------------------------------------
    FindingSpec(
        "app-audience-single-tenant",
        _E,
        "The app admits accounts of its own tenant only: users of any other organisation and "
        "personal accounts fail with AADSTS50020 or AADSTS50194.",
        _AUDIENCE,
    ),
    FindingSpec(
        "app-audience-no-personal",
        _W,
        "The app admits work and school accounts only: outlook.com and hotmail.com users cannot "
        "connect.",
        _AUDIENCE,
    ),
    FindingSpec(
        "app-audience-personal-only",
        _W,
        "The app admits personal Microsoft accounts only: work and school users cannot connect.",
        _AUDIENCE,
    ),
    FindingSpec(
        "app-audience-unknown",
        _E,
        "The manifest has no sign-in audience Microsoft knows.",
        _AUDIENCE,
    ),
    # -- redirect URIs ----------------------------------------------------------------------
    FindingSpec(
        "app-no-web-redirect-uri",
        _E,
        "The app has no Web redirect URI, so Microsoft cannot send the code anywhere "
        "Recall can redeem it (AADSTS500113).",
        "Under Authentication add a Web platform with your forwarder's URL (production) or "
        "https://<region>.recall.ai/api/v1/calendar/ms_oauth_callback/ (development).",
    ),
    FindingSpec(
        "app-redirect-uri-spa",
        _E,
        "A redirect URI is registered as a single-page application: codes sent there can only "
        "be redeemed by browser JavaScript, so Recall's server-side exchange fails "
        "(AADSTS9002327).",
        "Remove the URI from the Single-page application platform and add it under Web.",
    ),
    FindingSpec(
        "app-redirect-uri-public-client",
        _E,
        "A redirect URI is registered as a mobile and desktop (public client) URI: Recall "
        "redeems codes with a client secret, which public client redirects do not accept "
        "(AADSTS700025).",
        "Remove the URI from the Mobile and desktop platform and add it under Web.",
    ),
    # -- permissions ------------------------------------------------------------------------
    FindingSpec(
        "app-calendars-read-missing",
        _E,
        "The delegated Microsoft Graph permission Calendars.Read is not among the app's API "
        "permissions.",
        "Under API permissions add Microsoft Graph > Delegated permissions > Calendars.Read, as "
        "step 4 of Recall's guide asks.",
    ),
    FindingSpec(
        "app-permission-missing",
        _W,
        "A delegated permission of the authorize URL's scopes is not among the app's API "
        "permissions: users consent to it at sign-in, but admin consent granted from the portal "
        "covers configured permissions only.",
        "Under API permissions add Microsoft Graph > Delegated permissions > offline_access, "
        "openid and email.",
    ),
    FindingSpec(
        "app-token-version",
        _E,
        "The app does not request v2 access tokens; Microsoft requires v2 for apps that admit "
        "personal accounts and refuses the manifest otherwise.",
        'In the Manifest set "requestedAccessTokenVersion": 2 (older format: '
        '"accessTokenAcceptedVersion": 2).',
    ),
    # -- client secrets ---------------------------------------------------------------------
    FindingSpec(
        "app-no-secret",
        _E,
        "The app has no client secret; Recall needs one to redeem codes (AADSTS7000218).",
        "Under Certificates & secrets add a client secret, copy its value and save it in your "
        "Recall workspace with the Application (client) ID.",
    ),
    FindingSpec(
        "app-too-many-secrets",
        _E,
        "The app has more than two client secrets; apps that admit personal accounts may have "
        "at most two.",
        "Delete the secrets that are not saved in Recall, keeping at most two.",
    ),
    FindingSpec(
        "app-secret-expired",
        _E,
        "A client secret has expired; if it is the one saved in Recall, every token request "
        f"fails with AADSTS7000222 and {_RECONNECT}.",
        "Add a new secret (Recall's guide recommends the longest expiry you can, e.g. the "
        "portal's 24 months), save it in Recall at once, then delete the expired one.",
    ),
    FindingSpec(
        "app-secret-expiring",
        _W,
        "A client secret expires within 30 days; when it does, Recall's token requests fail "
        f"with AADSTS7000222 and {_RECONNECT}.",
        "Add a new secret now, save it in Recall before the old one expires, then delete the "
        "old one.",
    ),
    # -- publisher --------------------------------------------------------------------------
    FindingSpec(
        "app-publisher-domain-default",
        _W,
        "The publisher domain is the tenant's default *.onmicrosoft.com domain: the app cannot "
        "become publisher verified, and users see it as unverified.",
        "Under Branding & properties set a publisher domain you own, verified with "
        "/.well-known/microsoft-identity-association.json.",
    ),
    FindingSpec(
        "app-publisher-unverified",
        _W,
        "The app is not publisher verified: users in many organisations cannot consent to an "
        "unverified multitenant app and need an admin.",
        "Under Branding & properties add your Microsoft Partner Network (Partner Center) ID; "
        "see the publisher verification checklist.",
    ),
    # -- registration inputs ----------------------------------------------------------------
    FindingSpec(
        "registration-name-missing",
        _E,
        "The app's display name is empty.",
        "Pass --name with the name users see on the consent screen.",
    ),
    FindingSpec(
        "registration-no-redirect-uri",
        _E,
        "No redirect URI was given.",
        "Pass --redirect-uri with your forwarder's URL (production) or Recall's callback "
        "(development).",
    ),
    FindingSpec(
        "registration-duplicate-redirect-uri",
        _E,
        "A redirect URI is given twice; Microsoft rejects duplicates.",
        "Give each redirect URI once.",
    ),
    FindingSpec(
        "registration-too-many-redirect-uris",
        _E,
        "More than 100 redirect URIs: an app that admits personal accounts may register at "
        "most 100.",
        "Register fewer redirect URIs.",
    ),
)
"""Every app registration finding, in catalog order."""

APP_CATALOG: Final[Mapping[str, FindingSpec]] = MappingProxyType(
    {spec.code: spec for spec in APP_SPECS}
)
"""The app registration finding codes by code."""
