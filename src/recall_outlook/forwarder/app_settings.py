"""An app's Outlook connection settings, read from environment variables and checked at start.

The example apps (``examples/``) and any app of yours can call [`load_settings`][] once at
start: it reads [`APP_ENVIRONMENT`][], checks every value, and raises one [`SettingsError`][]
naming every problem, one line each, so a deployment fails before its first user does. Secrets
(the Recall API key, the session secret) never appear in a message or a ``repr``.

>>> settings = load_settings({  # doctest: +SKIP
...     "RECALL_API_KEY": "...", "MICROSOFT_CLIENT_ID": "6731de76-14a6-49ae-97bc-6eba6914391e",
...     "APP_BASE_URL": "https://app.example.com", "APP_SESSION_SECRET": "...",
... })
>>> settings.microsoft_redirect_uri  # doctest: +SKIP
'https://app.example.com/api/ms_oauth_callback'
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlsplit

from ..authorize.build import MICROSOFT_AUTHORITY
from ..errors import RecallOutlookError
from ..findings import Severity
from ..masking import mask
from ..redirect_uri import check_redirect_uri
from ..regions import DEFAULT_REGION, REGIONS, Region
from .forward import DEFAULT_FORWARDER_PATH

__all__ = [
    "APP_ENVIRONMENT",
    "MIN_SESSION_SECRET_LENGTH",
    "AppSettings",
    "EnvVar",
    "SettingsError",
    "load_settings",
]

MIN_SESSION_SECRET_LENGTH: Final = 32
"""The shortest session secret accepted, in characters."""

_GUID: Final = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_SHOWN: Final = 60


@dataclass(frozen=True)
class EnvVar:
    """One environment variable an app reads.

    Attributes:
        name: The variable's name.
        meaning: What to put in it, in a sentence.
        example: A sample value (never a real secret).
        default: What applies when it is unset, or ``None`` when it is required.
        testing_only: Whether it exists only to point the app at a local stand-in.
    """

    name: str
    meaning: str
    example: str
    default: str | None = None
    testing_only: bool = False

    @property
    def required(self) -> bool:
        """Whether the app refuses to start without it."""
        return self.default is None


APP_ENVIRONMENT: Final = (
    EnvVar(
        "RECALL_API_KEY",
        "Your Recall workspace's API key (Recall dashboard, API Keys). Server side only.",
        "8c0e...your-key",
    ),
    EnvVar(
        "RECALL_REGION",
        "The Recall region the API key belongs to: " + ", ".join(REGIONS) + ".",
        "us-east-1",
        default=DEFAULT_REGION,
    ),
    EnvVar(
        "MICROSOFT_CLIENT_ID",
        "The Application (client) ID of your Microsoft Entra app registration.",
        "6731de76-14a6-49ae-97bc-6eba6914391e",
    ),
    EnvVar(
        "APP_BASE_URL",
        "Where users reach your app: scheme, host and port, no path. The success and error "
        "pages Recall redirects to are built on it.",
        "https://app.example.com",
    ),
    EnvVar(
        "MICROSOFT_REDIRECT_URI",
        "The redirect URI registered on the Entra app. Production: a URI on APP_BASE_URL, "
        "which the app serves with the package's forwarder. Development: Recall's Microsoft "
        "callback of RECALL_REGION.",
        "https://app.example.com" + DEFAULT_FORWARDER_PATH,
        default="APP_BASE_URL" + DEFAULT_FORWARDER_PATH,
    ),
    EnvVar(
        "APP_SESSION_SECRET",
        f"A random string of at least {MIN_SESSION_SECRET_LENGTH} characters that signs the "
        "session cookie: python -c 'import secrets; print(secrets.token_urlsafe(32))'.",
        "kq3V...43-random-characters",
    ),
    EnvVar(
        "RECALL_BASE_URL",
        "For testing only: Recall's origin instead of RECALL_REGION's (the sandbox's local "
        "Recall sets it).",
        "http://127.0.0.1:8001",
        default="the region's origin",
        testing_only=True,
    ),
    EnvVar(
        "MICROSOFT_AUTHORITY",
        "For testing only: the Microsoft identity platform's origin (the sandbox's local "
        "Microsoft sets it).",
        "http://127.0.0.1:8000",
        default=MICROSOFT_AUTHORITY,
        testing_only=True,
    ),
)
"""Every environment variable [`load_settings`][] reads, in the order it checks them."""


class SettingsError(RecallOutlookError):
    """The environment does not configure the app; every problem is named.

    Attributes:
        problems: One line per problem, each naming its variable.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class AppSettings:
    """What an app needs to connect its users' Outlook calendars through Recall.

    Attributes:
        recall_api_key: The workspace API key (masked in ``repr``).
        recall_region: The region, its ``base_url`` replaced by ``RECALL_BASE_URL`` if set;
            pass it to [`RecallCalendarClient`][recall_outlook.recall_api.RecallCalendarClient] and
            [`make_wsgi_app`][recall_outlook.forwarder.forward.make_wsgi_app] alike.
        microsoft_client_id: The Entra app's Application (client) ID.
        app_base_url: The app's origin, without a trailing slash.
        microsoft_redirect_uri: The redirect URI sent to Microsoft.
        session_secret: Signs the session cookie (masked in ``repr``).
        microsoft_authority: The identity platform's origin.
    """

    recall_api_key: str = field(repr=False)
    recall_region: Region
    microsoft_client_id: str
    app_base_url: str
    microsoft_redirect_uri: str
    session_secret: str = field(repr=False)
    microsoft_authority: str = MICROSOFT_AUTHORITY

    def __repr__(self) -> str:
        return (
            f"AppSettings(recall_api_key={mask(self.recall_api_key)!r}, "
            f"recall_region={self.recall_region.name!r}, "
            f"recall_base_url={self.recall_region.base_url!r}, "
            f"microsoft_client_id={self.microsoft_client_id!r}, "
            f"app_base_url={self.app_base_url!r}, "
            f"microsoft_redirect_uri={self.microsoft_redirect_uri!r}, "
            f"session_secret={mask(self.session_secret)!r}, "
            f"microsoft_authority={self.microsoft_authority!r})"
        )

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` (starting with ``/``) in the app."""
        return self.app_base_url + path

    @property
    def forwarder_path(self) -> str | None:
        """The path the app serves its forwarder at, if the redirect URI is on the app.

        ``None`` when the redirect URI is Recall's callback (development: Microsoft redirects
        straight to Recall).
        """
        if not self.microsoft_redirect_uri.startswith(self.app_base_url + "/"):
            return None
        return urlsplit(self.microsoft_redirect_uri).path

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies must be ``Secure`` (the app is served over https)."""
        return self.app_base_url.startswith("https://")


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…")


def _origin(name: str, value: str, problems: list[str]) -> str | None:
    """Check an origin (``https://host[:port]``, http on loopback only); return it or None."""
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        problems.append(f"{name} {_shown(value)} is not a URL")
        return None
    if parts.scheme not in ("http", "https") or not host:
        problems.append(f"{name} {_shown(value)} must start with https:// and name a host")
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        problems.append(
            f"{name} {_shown(value)} must be an origin only (scheme, host, port), like "
            "https://app.example.com"
        )
        return None
    if parts.scheme == "http" and not _loopback(host):
        problems.append(f"{name} {_shown(value)} must use https (http is for 127.0.0.1 only)")
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(environ: Mapping[str, str]) -> AppSettings:
    """Read and check the app's settings from ``environ`` (usually ``os.environ``).

    Args:
        environ: The environment; see [`APP_ENVIRONMENT`][] for the variables.

    Returns:
        The settings, every value checked.

    Raises:
        SettingsError: Anything is missing or wrong; one line per problem.
    """
    problems: list[str] = []

    def get(name: str) -> str:
        return environ.get(name, "").strip()

    def need(name: str) -> str:
        value = get(name)
        if not value:
            spec = next(var for var in APP_ENVIRONMENT if var.name == name)
            problems.append(f"{name} is not set: {spec.meaning}")
        return value

    api_key = need("RECALL_API_KEY")
    if api_key and any(c.isspace() or not c.isprintable() for c in api_key):
        problems.append("RECALL_API_KEY holds spaces or control characters: paste the key alone")
    region_name = get("RECALL_REGION").lower() or DEFAULT_REGION
    region = REGIONS.get(region_name)
    if region is None:
        problems.append(
            f"RECALL_REGION {_shown(region_name)} is not a Recall region; use one of: "
            + ", ".join(REGIONS)
        )
    recall_base = get("RECALL_BASE_URL")
    if recall_base and region is not None:
        origin = _origin("RECALL_BASE_URL", recall_base, problems)
        if origin is not None:
            region = Region(region.name, origin, f"{region.name} at {origin} (RECALL_BASE_URL)")
    client_id = need("MICROSOFT_CLIENT_ID")
    if client_id and not _GUID.fullmatch(client_id):
        problems.append(
            f"MICROSOFT_CLIENT_ID {_shown(client_id)} is not a GUID: use the Application "
            "(client) ID from the app registration's Overview, not its name or a secret"
        )
    base = need("APP_BASE_URL")
    app_base_url = _origin("APP_BASE_URL", base, problems) if base else None
    redirect_uri = get("MICROSOFT_REDIRECT_URI")
    if not redirect_uri and app_base_url is not None:
        redirect_uri = app_base_url + DEFAULT_FORWARDER_PATH
    if redirect_uri:
        problems.extend(
            f"MICROSOFT_REDIRECT_URI: {finding.message}"
            for finding in check_redirect_uri(redirect_uri)
            if finding.severity is Severity.ERROR
        )
        own = app_base_url is not None and redirect_uri.startswith(app_base_url + "/")
        recall = region is not None and redirect_uri == region.ms_callback_url
        if app_base_url is not None and region is not None and not (own or recall):
            problems.append(
                f"MICROSOFT_REDIRECT_URI {_shown(redirect_uri)} must be on APP_BASE_URL (the "
                f"app forwards it to Recall) or be Recall's callback {region.ms_callback_url} "
                "(development)"
            )
    secret = need("APP_SESSION_SECRET")
    if secret and len(secret) < MIN_SESSION_SECRET_LENGTH:
        problems.append(
            f"APP_SESSION_SECRET is {len(secret)} characters long; use at least "
            f"{MIN_SESSION_SECRET_LENGTH} random ones"
        )
    authority = get("MICROSOFT_AUTHORITY") or MICROSOFT_AUTHORITY
    checked_authority = _origin("MICROSOFT_AUTHORITY", authority, problems)
    if problems or region is None or app_base_url is None or checked_authority is None:
        raise SettingsError(problems)
    return AppSettings(
        recall_api_key=api_key,
        recall_region=region,
        microsoft_client_id=client_id,
        app_base_url=app_base_url,
        microsoft_redirect_uri=redirect_uri,
        session_secret=secret,
        microsoft_authority=checked_authority,
    )
