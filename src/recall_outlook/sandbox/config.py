"""The sandbox's world: who exists, what is registered where, and what time it is.

Everything a scenario can change is a frozen value here: the Entra app registration (client id,
client secrets with their expiry, sign-in audience, registered redirect URIs), the tenants and
their consent policy, the accounts that can sign in, and the Recall workspace (API key, and the
client id and secret saved in it). Only [`Clock`][] moves: scenarios advance it to expire
codes, calendar auth tokens and client secrets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from ..masking import mask
from ..regions import MS_CALLBACK_PATH

__all__ = [
    "ADMIN_CONSENTED_PATH",
    "API_KEY",
    "CLIENT_ID",
    "CONSUMERS_TENANT",
    "CONTOSO",
    "EPOCH",
    "FABRIKAM",
    "FORWARDER_PATH",
    "NORTHWIND",
    "SECRET_ID",
    "SECRET_VALUE",
    "SIGN_IN_AUDIENCES",
    "Account",
    "AppRegistration",
    "ClientSecret",
    "Clock",
    "Origins",
    "SignInAudience",
    "Tenant",
    "Workspace",
    "World",
    "default_world",
]

SignInAudience = Literal[
    "AzureADMyOrg",
    "AzureADMultipleOrgs",
    "AzureADandPersonalMicrosoftAccount",
    "PersonalMicrosoftAccount",
]
"""The ``signInAudience`` values of an Entra app registration."""

SIGN_IN_AUDIENCES: Final = (
    "AzureADMyOrg",
    "AzureADMultipleOrgs",
    "AzureADandPersonalMicrosoftAccount",
    "PersonalMicrosoftAccount",
)
"""Every [`SignInAudience`][], from narrowest organisational to personal only."""

FORWARDER_PATH: Final = "/api/ms_oauth_callback"
"""Where the sandbox's app serves its production redirect URI (the forwarder)."""

ADMIN_CONSENTED_PATH: Final = "/admin/consented"
"""The app's page that receives Microsoft's answer to the admin consent request."""

CONSUMERS_TENANT: Final = "9188040d-6c67-4c5b-b112-36a304b66dad"
"""The tenant id Microsoft gives every personal account."""

EPOCH: Final = 1_767_225_600.0
"""2026-01-01T00:00:00Z: the sandbox's clocks start here."""
_DAY: Final = 86_400.0


class Clock:
    """The sandbox's time, in seconds since the Unix epoch; moves only when advanced.

    Args:
        start: The time the clock shows first (default 2026-01-01 00:00 UTC).
    """

    def __init__(self, start: float = EPOCH) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Clock(now={self._now!r})"

    def now(self) -> float:
        """Return the current sandbox time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` and return the new time."""
        with self._lock:
            self._now += seconds
            return self._now


@dataclass(frozen=True)
class ClientSecret:
    """One client secret of the app registration (Certificates & secrets).

    Attributes:
        secret_id: The secret's ID, shown in the portal next to it; NOT the secret.
        value: The secret's Value (masked in ``repr``), shown once when created.
        expires_at: When it stops working, in sandbox time.
    """

    secret_id: str
    value: str = field(repr=False)
    expires_at: float

    def __repr__(self) -> str:
        return (
            f"ClientSecret(secret_id={self.secret_id!r}, value={mask(self.value)!r}, "
            f"expires_at={self.expires_at!r})"
        )


@dataclass(frozen=True)
class AppRegistration:
    """The Entra app registration, as the local identity platform knows it.

    Attributes:
        client_id: The Application (client) ID.
        display_name: The name users see on the consent screen.
        home_tenant: The tenant id the app is registered in.
        sign_in_audience: Who may sign in (Recall's guide needs
            ``AzureADandPersonalMicrosoftAccount``).
        redirect_uris: The Web platform's redirect URIs, matched exactly.
        secrets: Its client secrets.
    """

    client_id: str
    display_name: str
    home_tenant: str
    sign_in_audience: SignInAudience
    redirect_uris: tuple[str, ...]
    secrets: tuple[ClientSecret, ...]


@dataclass(frozen=True)
class Tenant:
    """An organisation's directory and its consent policy.

    Attributes:
        tenant_id: The directory's id (a GUID).
        domain: Its primary domain.
        name: Its display name.
        users_may_consent: Whether users may consent to apps themselves; when not, they see
            "Need admin approval" (AADSTS90094) until an admin grants consent.
        admin_consented: Whether an admin already granted tenant-wide consent to the app.
    """

    tenant_id: str
    domain: str
    name: str
    users_may_consent: bool = True
    admin_consented: bool = False


@dataclass(frozen=True)
class Account:
    """Someone who can sign in.

    Attributes:
        email: The sign-in name and email address.
        name: The display name.
        tenant_id: The account's directory (``CONSUMERS_TENANT`` for personal accounts).
        personal: Whether it is a personal Microsoft account.
        admin: Whether it may grant tenant-wide consent.
    """

    email: str
    name: str
    tenant_id: str
    personal: bool = False
    admin: bool = False


@dataclass(frozen=True)
class Workspace:
    """The Recall workspace.

    Attributes:
        api_key: The workspace's API key (masked in ``repr``).
        client_id: The oAuth Client ID saved in Recall's Microsoft settings.
        client_secret: The oAuth Client Secret saved there (masked in ``repr``).
        signing_key: What the local Recall signs calendar auth tokens with (masked).
    """

    api_key: str = field(repr=False)
    client_id: str
    client_secret: str = field(repr=False)
    signing_key: str = field(repr=False, default="sandbox-recall-signing-key-0123456789")

    def __repr__(self) -> str:
        return (
            f"Workspace(api_key={mask(self.api_key)!r}, client_id={self.client_id!r}, "
            f"client_secret={mask(self.client_secret)!r})"
        )


@dataclass(frozen=True)
class Origins:
    """Where each party is reachable: scheme, host and port, no trailing slash.

    Attributes:
        microsoft: The local Microsoft identity platform.
        recall: The local Recall deployment.
        app: Your app, which serves the forwarder and the success and error pages.
    """

    microsoft: str = "https://login.microsoftonline.com"
    recall: str = "https://us-east-1.recall.ai"
    app: str = "https://app.example.com"

    @property
    def recall_callback(self) -> str:
        """Recall's Microsoft callback: the development redirect URI."""
        return self.recall + MS_CALLBACK_PATH

    @property
    def forwarder(self) -> str:
        """Your app's forwarding URL: the production redirect URI."""
        return self.app + FORWARDER_PATH

    @property
    def admin_consented(self) -> str:
        """Your app's page for the admin consent answer."""
        return self.app + ADMIN_CONSENTED_PATH


@dataclass(frozen=True)
class World:
    """Everything the parties know before the first request.

    Attributes:
        origins: Where each party is.
        app: The Entra app registration.
        tenants: The organisations.
        accounts: Who can sign in; the first is who signs in unless a step says otherwise.
        workspace: The Recall workspace.
    """

    origins: Origins
    app: AppRegistration
    tenants: tuple[Tenant, ...]
    accounts: tuple[Account, ...]
    workspace: Workspace

    def tenant(self, tenant_id: str) -> Tenant | None:
        """Return the tenant with this id or domain (any case), or ``None``."""
        wanted = tenant_id.lower()
        for tenant in self.tenants:
            if wanted in (tenant.tenant_id.lower(), tenant.domain.lower()):
                return tenant
        return None

    def account(self, email: str) -> Account | None:
        """Return the account signing in as ``email`` (any case), or ``None``."""
        for account in self.accounts:
            if account.email.lower() == email.lower():
                return account
        return None

    def with_app(self, **changes: object) -> World:
        """Return a copy whose app registration has ``changes``."""
        return replace(self, app=replace(self.app, **changes))  # type: ignore[arg-type]

    def with_workspace(self, **changes: object) -> World:
        """Return a copy whose Recall workspace has ``changes``."""
        return replace(self, workspace=replace(self.workspace, **changes))  # type: ignore[arg-type]


CLIENT_ID: Final = "6731de76-14a6-49ae-97bc-6eba6914391e"
SECRET_ID: Final = "a5b5d1f2-7c0e-4b8a-9e61-2f4d3c9b8e10"  # noqa: S105 - a sample secret ID
SECRET_VALUE: Final = "Qx8~sandbox.client-secret_VALUE.do-not-use~42"  # noqa: S105 - the sandbox's fake secret
API_KEY: Final = "sbx_recall_api_key_5f0c3e9a7d214b6f8e1a"
NORTHWIND: Final = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CONTOSO: Final = "aaaabbbb-0000-cccc-1111-dddd2222eeee"
FABRIKAM: Final = "bbbbcccc-1111-dddd-2222-eeee3333ffff"


def default_world(origins: Origins | None = None, *, start: float = EPOCH) -> World:
    """Return a correctly configured world: every scenario starts from it.

    The app admits any organisation and personal accounts, has one secret valid for a year,
    and registers Recall's callback (development), the forwarder (production) and the admin
    consent landing page. Contoso lets users consent; Fabrikam does not (its admin must).

    Args:
        origins: Where the parties are (default: their real-looking in-process origins).
        start: The sandbox time the world is set up at.
    """
    where = origins or Origins()
    return World(
        origins=where,
        app=AppRegistration(
            client_id=CLIENT_ID,
            display_name="Acme Meeting Notes",
            home_tenant=NORTHWIND,
            sign_in_audience="AzureADandPersonalMicrosoftAccount",
            redirect_uris=(where.recall_callback, where.forwarder, where.admin_consented),
            secrets=(ClientSecret(SECRET_ID, SECRET_VALUE, start + 365 * _DAY),),
        ),
        tenants=(
            Tenant(NORTHWIND, "northwind.example", "Northwind (app publisher)"),
            Tenant(CONTOSO, "contoso.com", "Contoso"),
            Tenant(FABRIKAM, "fabrikam.com", "Fabrikam", users_may_consent=False),
        ),
        accounts=(
            Account("ada@contoso.com", "Ada Lovelace", CONTOSO),
            Account("grace@outlook.com", "Grace Hopper", CONSUMERS_TENANT, personal=True),
            Account("bob@fabrikam.com", "Bob Kahn", FABRIKAM),
            Account("admin@fabrikam.com", "Fabrikam Admin", FABRIKAM, admin=True),
        ),
        workspace=Workspace(api_key=API_KEY, client_id=CLIENT_ID, client_secret=SECRET_VALUE),
    )
