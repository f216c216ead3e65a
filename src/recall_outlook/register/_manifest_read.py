"""Read an app manifest in either format the Azure portal downloads into one [`AppManifest`][].

The public names are re-exported by [`recall_outlook.register.manifest`][].
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from ._manifest_fields import (
    MAX_MANIFEST_BYTES,
    ManifestError,
    as_list,
    as_mapping,
    as_str,
    parse_time,
    shown,
    str_list,
)
from .registration import MICROSOFT_GRAPH_APP_ID

__all__ = ["AppManifest", "ClientSecret", "read_manifest"]

_PERSONAL: Final = frozenset({"AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"})


@dataclass(frozen=True)
class ClientSecret:
    """A client secret's metadata (the value is never read).

    Attributes:
        label: How to name it: its description and hint, or its key id.
        end: When it expires, in UTC, or ``None`` when the manifest does not say.
    """

    label: str
    end: datetime | None


@dataclass(frozen=True)
class AppManifest:
    """What matters to Recall in an app manifest, whichever format it came in.

    Attributes:
        format: ``microsoft-graph`` or ``azure-ad-graph``.
        display_name: The app's name, if given.
        sign_in_audience: ``signInAudience``, if given.
        web_redirect_uris: The Web platform's redirect URIs.
        spa_redirect_uris: The single-page application platform's redirect URIs.
        public_client_redirect_uris: The mobile and desktop platform's redirect URIs.
        graph_scope_ids: Ids of the delegated Microsoft Graph permissions requested.
        token_version: The requested access token version, or ``None`` when unset.
        secrets: The client secrets.
        publisher_domain: ``publisherDomain``, if given.
        verified_publisher_id: The verified publisher's id: ``""`` when the manifest shows
            none, ``None`` when its format does not tell.
    """

    format: Literal["microsoft-graph", "azure-ad-graph"]
    display_name: str | None
    sign_in_audience: str | None
    web_redirect_uris: tuple[str, ...]
    spa_redirect_uris: tuple[str, ...]
    public_client_redirect_uris: tuple[str, ...]
    graph_scope_ids: frozenset[str]
    token_version: int | None
    secrets: tuple[ClientSecret, ...]
    publisher_domain: str | None
    verified_publisher_id: str | None

    @property
    def personal_accounts(self) -> bool:
        """Whether the app admits personal Microsoft accounts."""
        return self.sign_in_audience in _PERSONAL


def _load(data: str | bytes | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        loaded: Any = data
    else:
        size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
        if size > MAX_MANIFEST_BYTES:
            raise ManifestError("the manifest is larger than 1 MiB: a real one is a few KiB")
        text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
        if not text.strip():
            raise ManifestError("the manifest is empty")
        try:
            loaded = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as error:
            raise ManifestError(
                f"the manifest is not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        except RecursionError:
            raise ManifestError("the manifest is nested too deeply to read") from None
        except ValueError:  # Python refuses integers of more than 4,300 digits
            raise ManifestError("the manifest holds a number with too many digits") from None
        try:
            json.dumps(loaded, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:  # "\ud800" escapes a lone surrogate
            raise ManifestError(
                f"the manifest is not valid Unicode: it escapes a lone surrogate "
                f"(U+{ord(error.object[error.start]):04X})"
            ) from None
    if isinstance(loaded, Mapping) and isinstance(loaded.get("value"), list):
        items = loaded["value"]  # a Graph list response: accept exactly one application
        if len(items) != 1:
            raise ManifestError(f"the file lists {len(items)} applications; give one manifest")
        loaded = items[0]
    if not isinstance(loaded, Mapping):
        raise ManifestError("the manifest must be a JSON object, as the portal downloads it")
    return loaded


def _format(data: Mapping[str, Any]) -> Literal["microsoft-graph", "azure-ad-graph"]:
    if any(key in data for key in ("replyUrlsWithType", "accessTokenAcceptedVersion", "replyUrls")):
        return "azure-ad-graph"
    if any(key in data for key in ("web", "spa", "publicClient", "api", "displayName")):
        return "microsoft-graph"
    if "name" in data or "oauth2Permissions" in data:
        return "azure-ad-graph"
    raise ManifestError(
        "this is not an app manifest: it has neither Microsoft Graph keys (web, spa, api, "
        "displayName) nor Azure AD Graph keys (replyUrlsWithType, accessTokenAcceptedVersion)"
    )


def _scope_ids(data: Mapping[str, Any]) -> frozenset[str]:
    ids = set()
    for index, resource in enumerate(as_list(data, "requiredResourceAccess")):
        where = f"requiredResourceAccess[{index}]"
        entry = as_mapping(resource, where)
        if (as_str(entry, "resourceAppId", where) or "").lower() != MICROSOFT_GRAPH_APP_ID:
            continue
        for number, access in enumerate(as_list(entry, "resourceAccess", where)):
            item = as_mapping(access, f"{where}.resourceAccess[{number}]")
            if (as_str(item, "type", where) or "").lower() == "scope":
                ids.add((as_str(item, "id", where) or "").lower())
    return frozenset(ids)


def _secrets(data: Mapping[str, Any], end_key: str) -> tuple[ClientSecret, ...]:
    found = []
    for index, credential in enumerate(as_list(data, "passwordCredentials")):
        where = f"passwordCredentials[{index}]"
        item = as_mapping(credential, where)
        name = as_str(item, "displayName", where) or as_str(item, "customKeyIdentifier", where)
        hint = as_str(item, "hint", where)
        key_id = as_str(item, "keyId", where)
        label = shown(name) if name else f"#{index + 1}"
        label += f" (hint {hint[:3]}…)" if hint else f" (key id {key_id[:8]}…)" if key_id else ""
        found.append(ClientSecret(label, parse_time(as_str(item, end_key, where), where)))
    return tuple(found)


def read_manifest(data: str | bytes | Mapping[str, Any]) -> AppManifest:
    """Read an app manifest in either format.

    Args:
        data: The manifest as downloaded (JSON text or bytes), or already loaded.

    Returns:
        What matters to Recall in it.

    Raises:
        ManifestError: The text is not JSON, not an app manifest, or a field has the wrong type.
    """
    app = _load(data)
    kind = _format(app)
    if kind == "microsoft-graph":
        web = str_list(as_mapping(app.get("web"), "web"), "redirectUris", "web")
        spa = str_list(as_mapping(app.get("spa"), "spa"), "redirectUris", "spa")
        public = str_list(as_mapping(app.get("publicClient"), "publicClient"), "redirectUris")
        version: Any = as_mapping(app.get("api"), "api").get("requestedAccessTokenVersion")
        end_key, name_key = "endDateTime", "displayName"
        publisher = as_mapping(app.get("verifiedPublisher"), "verifiedPublisher")
        verified = (
            as_str(publisher, "verifiedPublisherId") or "" if "verifiedPublisher" in app else None
        )
    else:
        by_type: dict[str, list[str]] = {"web": [], "spa": [], "installedclient": []}
        for index, reply in enumerate(as_list(app, "replyUrlsWithType")):
            entry = as_mapping(reply, f"replyUrlsWithType[{index}]")
            url = as_str(entry, "url", f"replyUrlsWithType[{index}]") or ""
            kind_name = (as_str(entry, "type", f"replyUrlsWithType[{index}]") or "Web").lower()
            by_type.setdefault(kind_name, []).append(url)
        if not app.get("replyUrlsWithType"):
            by_type["web"] = str_list(app, "replyUrls")
        web, spa, public = by_type["web"], by_type["spa"], by_type["installedclient"]
        version = app.get("accessTokenAcceptedVersion")
        end_key, name_key, verified = "endDate", "name", None
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        given = repr(version) if len(repr(version)) <= 80 else repr(version)[:79] + "…"
        raise ManifestError(f"the access token version must be a number, not {given}")
    if version is not None and not -(2**31) <= version < 2**31:
        raise ManifestError("the access token version is out of range (it should be 2)")
    return AppManifest(
        format=kind,
        display_name=as_str(app, name_key),
        sign_in_audience=as_str(app, "signInAudience"),
        web_redirect_uris=tuple(web),
        spa_redirect_uris=tuple(spa),
        public_client_redirect_uris=tuple(public),
        graph_scope_ids=_scope_ids(app),
        token_version=version,
        secrets=_secrets(app, end_key),
        publisher_domain=as_str(app, "publisherDomain"),
        verified_publisher_id=verified,
    )
