"""The authorize URL builder in JupyterLab: [`builder`][.panels.builder] as ipywidgets.

Set any field's ``.value`` and every result updates; display the builder (or [`widget`][])
in a notebook. The URL is shown masked; the real URL lives only in the "Open" link's ``href``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..authorize.build import DEFAULT_TENANT
from ..authorize.parse import AuthorizeRequest
from ..findings import Finding
from ..masking import mask_url
from ..regions import DEFAULT_REGION, REGIONS
from .definition import Definition
from .host import Panel
from .panels.builder import (
    DEFINITION,
    FIELDS,
    OWN_DOMAIN,
    SAMPLE_CALENDAR_AUTH_TOKEN,
    SAMPLE_CLIENT_ID,
    SAMPLE_ERROR_URL,
    SAMPLE_OWN_REDIRECT_URI,
    SAMPLE_SUCCESS_URL,
    BuilderResult,
)

__all__ = [
    "FIELDS",
    "OWN_DOMAIN",
    "SAMPLE_CALENDAR_AUTH_TOKEN",
    "SAMPLE_CLIENT_ID",
    "SAMPLE_ERROR_URL",
    "SAMPLE_OWN_REDIRECT_URI",
    "SAMPLE_SUCCESS_URL",
    "AuthorizeUrlBuilder",
]


class AuthorizeUrlBuilder(Panel):
    """Build an authorize URL from fields, showing the URL, its parameters and lint findings.

    Args:
        client_id: The Application (client) ID.
        redirect: A region name (Recall's callback there: development) or `OWN_DOMAIN`.
        redirect_uri: The redirect URI on your own domain (given alone it selects
            `OWN_DOMAIN`, unless it is a region's callback).
        calendar_auth_token: The user's Recall calendar auth token.
        success_url: Recall's ``success_url`` (empty: left out).
        error_url: Recall's ``error_url`` (empty: left out).
        tenant: ``common``, ``organizations``, ``consumers`` or a directory.
        prompt: One of [`PROMPTS`][recall_outlook.authorize.build.PROMPTS], or ``None``.
        login_hint: Pre-fills the sign-in name.
        domain_hint: ``consumers`` or ``organizations``.
        now: Seconds since the epoch at which lint judges the token's expiry (default: now).

    Attributes:
        client_id: ``Text``; likewise success_url, error_url, login_hint and domain_hint.
        redirect: ``Dropdown``: Recall's callback in a region, or your own domain.
        redirect_uri: ``Text``, disabled unless the redirect is your own domain.
        calendar_auth_token: ``Password``.
        tenant: ``Combobox``. prompt: ``Dropdown`` (``""`` is no prompt).
        url_html: The URL, masked.
        link_html: The "Open" link (the real URL in its ``href``), disabled while an error stands.
        params_html: The parameter table, the state decoded and masked.
        findings_html: The lint findings with their fixes.
        general_html: An error not tied to one field.
    """

    definition: ClassVar[Definition] = DEFINITION
    client_id: Any
    redirect: Any
    redirect_uri: Any
    calendar_auth_token: Any
    success_url: Any
    error_url: Any
    tenant: Any
    prompt: Any
    login_hint: Any
    domain_hint: Any
    general_html: Any
    url_html: Any
    link_html: Any
    params_html: Any
    findings_html: Any

    def __init__(
        self,
        *,
        client_id: str = SAMPLE_CLIENT_ID,
        redirect: str = DEFAULT_REGION,
        redirect_uri: str | None = None,
        calendar_auth_token: str = SAMPLE_CALENDAR_AUTH_TOKEN,
        success_url: str | None = SAMPLE_SUCCESS_URL,
        error_url: str | None = SAMPLE_ERROR_URL,
        tenant: str = DEFAULT_TENANT,
        prompt: str | None = None,
        login_hint: str | None = None,
        domain_hint: str | None = None,
        now: float | None = None,
    ) -> None:
        own_uri = redirect_uri or SAMPLE_OWN_REDIRECT_URI
        if redirect_uri is not None:
            recall = (n for n, r in REGIONS.items() if r.ms_callback_url == redirect_uri)
            redirect = next(recall, OWN_DOMAIN)
        super().__init__(
            {
                "client_id": client_id,
                "redirect": redirect,
                "redirect_uri": own_uri,
                "own_redirect_uri": own_uri,
                "calendar_auth_token": calendar_auth_token,
                "success_url": success_url or "",
                "error_url": error_url or "",
                "tenant": tenant,
                "prompt": prompt or "",
                "login_hint": login_hint or "",
                "domain_hint": domain_hint or "",
            },
            now=now,
        )

    @property
    def _built(self) -> BuilderResult:
        result = self._result
        assert isinstance(result, BuilderResult)  # noqa: S101 - the definition's own result
        return result

    def refresh(self) -> None:
        """Rebuild the URL and every output from the fields (done on every change)."""
        self._update("refresh")

    @property
    def url(self) -> str | None:
        """The authorize URL, calendar auth token included; ``None`` while a field is invalid."""
        return self._built.url

    @property
    def masked_url(self) -> str | None:
        """The URL as shown: the calendar auth token masked."""
        return mask_url(self._built.url) if self._built.url is not None else None

    @property
    def request(self) -> AuthorizeRequest | None:
        """The URL parsed (the parameter table's source), or ``None``."""
        return self._built.request

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The lint findings of the URL, worst first; empty while a field is rejected."""
        return self._built.findings

    @property
    def errors(self) -> Mapping[str, str]:
        """The message beside each field in error, by field name (``""``: the URL as a whole)."""
        return dict(self._built.errors)

    def error_for(self, field: str) -> str | None:
        """Return the message beside ``field`` (one of `FIELDS`), or ``None``."""
        if field not in FIELDS:
            raise KeyError(f"{field!r} is not a field; choose one of: {', '.join(FIELDS)}")
        return self._built.errors.get(field)
