"""The authorize URL builder: fields in, the URL, its parameters and its lint findings out.

Every change of a field calls [`recall_outlook.authorize.build.build_authorize_url`][], then
[`recall_outlook.authorize.parse.parse_authorize_url`][] (the parameter table, the state decoded)
and
[`recall_outlook.authorize.lint.lint_authorize_url`][] (the findings and their fixes). A field
the core
rejects gets its message beside it; no traceback reaches the page.

The calendar auth token is typed in a ``Password`` field. The URL necessarily contains it, so the
URL is *shown* masked ([`recall_outlook.masking.mask_url`][]) and the real URL lives only in the
``href`` of the "Open" link, so that the link works. Widget state saved in a notebook keeps both
the password field and that ``href``: the defaults are therefore obvious samples
([`SAMPLE_CLIENT_ID`][], [`SAMPLE_CALENDAR_AUTH_TOKEN`][]), never real credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import ipywidgets as widgets

from ..authorize.build import DEFAULT_TENANT, PROMPTS, TENANTS, build_authorize_url
from ..authorize.lint import lint_authorize_url
from ..authorize.parse import AuthorizeRequest, parse_authorize_url
from ..errors import AuthorizeError, RecallOutlookError, StateError
from ..findings import Finding
from ..masking import mask_url
from ..regions import DEFAULT_REGION, REGIONS
from ._panel import Panel, labelled, text_layout
from ._render import code_block, field_message, findings_table, open_link, params_table

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

SAMPLE_CLIENT_ID: Final = "6731de76-14a6-49ae-97bc-6eba6914391e"
"""A sample Application (client) ID: the shape of a real one, registered nowhere."""

SAMPLE_CALENDAR_AUTH_TOKEN: Final = "sample-calendar-auth-token"  # noqa: S105 - a sample
"""A sample calendar auth token, obviously not one Recall issued."""

SAMPLE_SUCCESS_URL: Final = "https://app.example.com/calendar/connected"
"""A sample ``success_url``."""

SAMPLE_ERROR_URL: Final = "https://app.example.com/calendar/error"
"""A sample ``error_url``."""

SAMPLE_OWN_REDIRECT_URI: Final = "https://app.example.com/api/ms_oauth_callback"
"""A sample production redirect URI on your own domain (served by your forwarder)."""

OWN_DOMAIN: Final = "own-domain"
"""The redirect choice for a redirect URI on your own domain (production)."""

FIELDS: Final = (
    "client_id",
    "redirect_uri",
    "calendar_auth_token",
    "success_url",
    "error_url",
    "tenant",
    "prompt",
    "login_hint",
    "domain_hint",
)
"""The builder's inputs, named as the arguments of
[`build_authorize_url`][recall_outlook.authorize.build.build_authorize_url];
[`AuthorizeUrlBuilder.error_for`][] takes these names."""

_STATE_FIELDS: Final = {
    "recall_calendar_auth_token": "calendar_auth_token",
    "ms_oauth_redirect_url": "redirect_uri",
    "success_url": "success_url",
    "error_url": "error_url",
}
_NO_PROMPT: Final = ""


def _optional(value: str) -> str | None:
    """An empty text field means "leave it out" (``None``), the core's one rule for absent."""
    return value if value.strip() else None


class AuthorizeUrlBuilder(Panel):
    """Build an authorize URL from fields, showing the URL, its parameters and lint findings.

    Inputs are public ``ipywidgets`` controls: set their ``.value`` and every result updates.
    Display the builder itself (or ``widget``) in a notebook.

    Args:
        client_id: The Application (client) ID.
        redirect: A region name (Recall's callback there: development) or ``OWN_DOMAIN``.
        redirect_uri: The redirect URI on your own domain (used with ``OWN_DOMAIN``; given
            alone it selects ``OWN_DOMAIN``).
        calendar_auth_token: The user's Recall calendar auth token.
        success_url: Recall's ``success_url`` (empty: left out).
        error_url: Recall's ``error_url`` (empty: left out).
        tenant: ``common``, ``organizations``, ``consumers`` or a directory.
        prompt: One of [`PROMPTS`][recall_outlook.authorize.build.PROMPTS], or ``None``.
        login_hint: Pre-fills the sign-in name.
        domain_hint: ``consumers`` or ``organizations``.
        now: Seconds since the epoch at which lint judges the token's expiry (default: now).

    Attributes:
        client_id: ``Text``. redirect: ``Dropdown`` of Recall callbacks per region and "your own
            domain". redirect_uri: ``Text`` (read-only unless the redirect is your own domain).
            calendar_auth_token: ``Password``. success_url, error_url, login_hint, domain_hint:
            ``Text``. tenant: ``Combobox``. prompt: ``Dropdown`` (``""`` is no prompt).
        url_html: The URL, masked. link_html: The "Open" link (the real URL in its ``href``).
        params_html: The parameter table. findings_html: The lint findings with their fixes.
        messages: The ``HTML`` beside each field, by field name.
    """

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
        self._now = now
        self._own_uri = redirect_uri or SAMPLE_OWN_REDIRECT_URI
        if redirect_uri is not None and redirect not in REGIONS:
            redirect = OWN_DOMAIN
        elif redirect_uri is not None:
            redirect = next(
                (n for n, r in REGIONS.items() if r.ms_callback_url == redirect_uri), OWN_DOMAIN
            )
        layout = text_layout()
        self.client_id = widgets.Text(
            value=client_id, description="Client ID", layout=layout,
            placeholder="Application (client) ID",
        )  # fmt: skip
        self.redirect = widgets.Dropdown(
            options=[
                *((f"{n}: Recall's callback ({r.note})", n) for n, r in REGIONS.items()),
                ("Your own domain (production, through your forwarder)", OWN_DOMAIN),
            ],
            value=redirect,
            description="Redirect",
            layout=layout,
        )
        self.redirect_uri = widgets.Text(description="Redirect URI", layout=layout)
        self.calendar_auth_token = widgets.Password(
            value=calendar_auth_token, description="Calendar auth token", layout=layout
        )
        self.success_url = widgets.Text(
            value=success_url or "", description="Success URL", layout=layout,
            placeholder="optional",
        )  # fmt: skip
        self.error_url = widgets.Text(
            value=error_url or "", description="Error URL", layout=layout, placeholder="optional"
        )
        self.tenant = widgets.Combobox(
            value=tenant, options=list(TENANTS), description="Tenant", layout=layout,
            placeholder="common, organizations, consumers or a directory",
        )  # fmt: skip
        self.prompt = widgets.Dropdown(
            options=[("(none: recommended)", _NO_PROMPT), *((p, p) for p in PROMPTS)],
            value=prompt or _NO_PROMPT,
            description="Prompt",
            layout=layout,
        )
        self.login_hint = widgets.Text(
            value=login_hint or "", description="Login hint", layout=layout,
            placeholder="optional: user@contoso.com",
        )  # fmt: skip
        self.domain_hint = widgets.Text(
            value=domain_hint or "", description="Domain hint", layout=layout,
            placeholder="optional: consumers or organizations",
        )  # fmt: skip
        self.messages: Mapping[str, Any] = MappingProxyType(
            {name: self._message() for name in FIELDS}
        )
        self.general_html = widgets.HTML()
        self.url_html = widgets.HTML()
        self.link_html = widgets.HTML()
        self.params_html = widgets.HTML()
        self.findings_html = widgets.HTML()
        self._url: str | None = None
        self._request: AuthorizeRequest | None = None
        self._findings: tuple[Finding, ...] = ()
        self._errors: dict[str, str] = {}
        self._apply_redirect(redirect)
        rows = [labelled(getattr(self, name), self.messages[name]) for name in FIELDS]
        rows.insert(1, labelled(self.redirect, self._message()))
        super().__init__(
            [
                widgets.HTML("<b>Authorize URL builder</b>"),
                *rows,
                self.general_html,
                widgets.HTML("<b>URL</b> (calendar auth token masked)"),
                self.url_html,
                self.link_html,
                widgets.HTML("<b>Parameters</b>"),
                self.params_html,
                widgets.HTML("<b>Lint findings</b>"),
                self.findings_html,
            ]
        )
        self.redirect.observe(self._on_redirect, names="value")
        for name in FIELDS:
            getattr(self, name).observe(self._on_change, names="value")
        self.refresh()

    def _apply_redirect(self, choice: str) -> None:
        own = choice == OWN_DOMAIN
        self.redirect_uri.disabled = not own
        self.redirect_uri.value = self._own_uri if own else REGIONS[choice].ms_callback_url

    def _on_redirect(self, change: Mapping[str, Any]) -> None:
        if change["old"] == OWN_DOMAIN:
            self._own_uri = str(self.redirect_uri.value)
        self._apply_redirect(str(change["new"]))
        self.refresh()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def _text(self, name: str) -> str:
        return str(getattr(self, name).value)

    def refresh(self) -> None:
        """Rebuild the URL and every output from the fields (called on every change)."""
        self._errors = {}
        self._url, self._request, self._findings = None, None, ()
        try:
            self._url = build_authorize_url(
                client_id=self._text("client_id"),
                redirect_uri=self._text("redirect_uri"),
                calendar_auth_token=self._text("calendar_auth_token"),
                success_url=_optional(self._text("success_url")),
                error_url=_optional(self._text("error_url")),
                tenant=self._text("tenant"),
                prompt=_optional(self._text("prompt")),
                login_hint=_optional(self._text("login_hint")),
                domain_hint=_optional(self._text("domain_hint")),
            )
        except AuthorizeError as error:
            self._errors[error.field if error.field in FIELDS else ""] = error.reason
        except StateError as error:
            self._errors[_STATE_FIELDS.get(error.field or "", "")] = error.reason
        except RecallOutlookError as error:
            self._errors[""] = str(error)
        if self._url is not None:
            self._request = parse_authorize_url(self._url)
            self._findings = tuple(lint_authorize_url(self._url, now=self._now))
        self._render()

    def _render(self) -> None:
        for name, message in self.messages.items():
            message.value = field_message(self._errors.get(name))
        self.general_html.value = field_message(self._errors.get(""))
        self.url_html.value = code_block(self.masked_url, empty="Fix the fields marked in red.")
        self.link_html.value = open_link(self._url, "Open the authorize URL in a new tab")
        if self._request is None:
            self.params_html.value = self.findings_html.value = ""
            return
        summary = self._request.as_dict()
        params = [(str(p["name"]), str(p["value"])) for p in summary["params"]]
        self.params_html.value = params_table(
            params, summary["state"], state_error=summary["state_error"]
        )
        self.findings_html.value = findings_table(
            self._findings, none="No findings: the URL follows Microsoft's and Recall's rules."
        )

    @property
    def url(self) -> str | None:
        """The authorize URL, calendar auth token included; ``None`` while a field is invalid."""
        return self._url

    @property
    def masked_url(self) -> str | None:
        """The URL as shown: the calendar auth token masked."""
        return mask_url(self._url) if self._url is not None else None

    @property
    def request(self) -> AuthorizeRequest | None:
        """The URL parsed (the parameter table's source), or ``None``."""
        return self._request

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The lint findings of the URL, worst first; empty while a field is invalid."""
        return self._findings

    @property
    def errors(self) -> Mapping[str, str]:
        """The message beside each invalid field, by field name (``""``: not tied to a field)."""
        return MappingProxyType(dict(self._errors))

    def error_for(self, field: str) -> str | None:
        """Return the message beside ``field`` (one of ``FIELDS``), or ``None``."""
        if field not in FIELDS:
            raise KeyError(f"{field!r} is not a field; choose one of: {', '.join(FIELDS)}")
        return self._errors.get(field)
