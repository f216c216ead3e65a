"""Recall.ai regions: base URLs and OAuth callback URLs, defined once.

Recall runs separate deployments per region and credentials belong to one region. See
https://docs.recall.ai/docs/regions. ``api.recall.ai`` is the legacy alias of ``us-east-1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final
from urllib.parse import urlsplit

from .errors import RegionError

__all__ = [
    "DEFAULT_REGION",
    "GOOGLE_CALLBACK_PATH",
    "MS_CALLBACK_PATH",
    "REGIONS",
    "Region",
    "get_region",
    "region_for_host",
]

MS_CALLBACK_PATH: Final = "/api/v1/calendar/ms_oauth_callback/"
"""Path of Recall's Microsoft OAuth callback (the trailing slash is part of it)."""

GOOGLE_CALLBACK_PATH: Final = "/api/v1/calendar/google_oauth_callback/"
"""Path of Recall's Google OAuth callback: never the right one for an Outlook connection."""


@dataclass(frozen=True)
class Region:
    """One Recall deployment.

    Attributes:
        name: The region's name as used on the command line (``us-east-1``).
        base_url: The deployment's origin, without a trailing slash.
        note: Who the region is for.
        legacy_alias_of: For an alias, the name of the region it points to.
    """

    name: str
    base_url: str
    note: str
    legacy_alias_of: str | None = None

    @property
    def host(self) -> str:
        """The host name of ``base_url``."""
        return urlsplit(self.base_url).netloc

    @property
    def ms_callback_url(self) -> str:
        """Recall's Microsoft OAuth callback in this region."""
        return self.base_url + MS_CALLBACK_PATH

    @property
    def google_callback_url(self) -> str:
        """Recall's Google OAuth callback in this region (for telling the two apart)."""
        return self.base_url + GOOGLE_CALLBACK_PATH


_ALL: Final = (
    Region("us-east-1", "https://us-east-1.recall.ai", "US, monthly plans"),
    Region("us-west-2", "https://us-west-2.recall.ai", "US, pay-as-you-go"),
    Region("eu-central-1", "https://eu-central-1.recall.ai", "EU"),
    Region("ap-northeast-1", "https://ap-northeast-1.recall.ai", "Japan"),
    Region(
        "api.recall.ai",
        "https://api.recall.ai",
        "legacy alias of us-east-1",
        legacy_alias_of="us-east-1",
    ),
)

REGIONS: Final = MappingProxyType({region.name: region for region in _ALL})
"""Every region by name, in documentation order; the single catalog of regions."""

DEFAULT_REGION: Final = "us-east-1"
"""The region Recall's guide uses in its examples."""


def get_region(name: str | Region) -> Region:
    """Return the region called ``name``.

    Args:
        name: A region name such as ``eu-central-1`` (case and surrounding space ignored), or a
            [`Region`][], returned as is.

    Returns:
        The region.

    Raises:
        RegionError: ``name`` is not a region; the message lists the valid ones.
    """
    if isinstance(name, Region):
        return name
    key = name.strip().lower() if isinstance(name, str) else name
    try:
        return REGIONS[key]
    except (KeyError, TypeError):
        raise RegionError(str(name), tuple(REGIONS)) from None


_BY_HOST: Final = MappingProxyType({region.host: region for region in _ALL})
"""Every region by its host name (each region has its own host)."""


def region_for_host(host: str) -> Region | None:
    """Return the region served at ``host`` (a host name, any case), or ``None``."""
    return _BY_HOST.get(host.strip().lower().rstrip("."))
