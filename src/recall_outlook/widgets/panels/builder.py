"""The authorize URL builder, defined once: fields in; the URL, its parameters and findings out.

Every update calls [`build_authorize_url`][recall_outlook.authorize.build.build_authorize_url], then
[`parse_authorize_url`][recall_outlook.authorize.parse.parse_authorize_url] (the parameter table,
the state
decoded) and [`lint_authorize_url`][recall_outlook.authorize.lint.lint_authorize_url] (the findings
and their
fixes). A field the core rejects, and every error finding about a field, gets its message beside
that field; the "Open" link is disabled while any error stands. No traceback reaches the page.

The calendar auth token is typed in a password field. The URL necessarily contains it, so the
URL is *shown* masked and the real URL lives only in the ``href`` of the "Open" link. Saved
widget state keeps both, so the defaults are obvious samples, never real credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from ...authorize.build import DEFAULT_TENANT, PROMPTS, TENANTS, build_authorize_url
from ...authorize.lint import lint_authorize_url
from ...authorize.parse import AuthorizeRequest, parse_authorize_url
from ...errors import AuthorizeError, RecallOutlookError, StateError
from ...findings import Finding, Severity
from ...masking import mask_url
from ...regions import DEFAULT_REGION, REGIONS
from .._render import code_block, field_message, findings_table, link_button, params_table
from ..definition import Definition, Field, Section, View

__all__ = [
    "DEFINITION",
    "FIELDS",
    "OWN_DOMAIN",
    "SAMPLE_CALENDAR_AUTH_TOKEN",
    "SAMPLE_CLIENT_ID",
    "SAMPLE_ERROR_URL",
    "SAMPLE_OWN_REDIRECT_URI",
    "SAMPLE_SUCCESS_URL",
    "BuilderResult",
    "field_of",
    "update",
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
"""The builder's inputs named as the arguments of
[`build_authorize_url`][recall_outlook.authorize.build.build_authorize_url]: the fields a message
can stand beside."""

_OWN_MEMO: Final = "own_redirect_uri"
_STATE_FIELDS: Final = {
    "recall_calendar_auth_token": "calendar_auth_token",
    "ms_oauth_redirect_url": "redirect_uri",
    "success_url": "success_url",
    "error_url": "error_url",
}
# Which field a finding is about, by the start of its code.
_CODE_FIELDS: Final = (
    ("client-id-", "client_id"),
    ("redirect-uri-", "redirect_uri"),
    ("state-redirect-", "redirect_uri"),
    ("tenant-", "tenant"),
    ("prompt-", "prompt"),
    ("state-token-", "calendar_auth_token"),
)
_NONE_FOUND: Final = "No findings: the URL follows Microsoft's and Recall's rules."


def field_of(finding: Finding) -> str:
    """Return the builder field a finding is about (``""``: the URL as a whole)."""
    for prefix, name in _CODE_FIELDS:
        if finding.code.startswith(prefix):
            return name
    if finding.code.startswith("state-url-"):
        for name in ("success_url", "error_url"):
            if name in finding.message:
                return name
    return ""


@dataclass(frozen=True)
class BuilderResult:
    """One update of the builder.

    Attributes:
        url: The authorize URL, token included; ``None`` while a field is rejected.
        request: The URL parsed, or ``None``.
        findings: The lint findings, worst first.
        errors: The message beside each field in error, by field (``""``: not tied to one).
        view: What a host shows.
    """

    url: str | None
    request: AuthorizeRequest | None
    findings: tuple[Finding, ...]
    errors: Mapping[str, str]
    view: View = field(repr=False)


def _optional(value: str) -> str | None:
    """An empty text field means "leave it out" (``None``), the core's one rule for absent."""
    return value if value.strip() else None


def _redirect_uri(values: Mapping[str, str], event: str) -> tuple[str, dict[str, str]]:
    """The redirect URI to use, and the values the builder sets (the field and its memo)."""
    choice = values["redirect"]
    if choice in REGIONS:
        uri = REGIONS[choice].ms_callback_url
        return uri, {"redirect_uri": uri}
    if event == "redirect":  # back to your own domain: what was typed there before
        uri = values[_OWN_MEMO]
        return uri, {"redirect_uri": uri}
    uri = values["redirect_uri"]
    return uri, {_OWN_MEMO: uri}


def _build(values: Mapping[str, str], redirect_uri: str) -> tuple[str | None, dict[str, str]]:
    try:
        url = build_authorize_url(
            client_id=values["client_id"],
            redirect_uri=redirect_uri,
            calendar_auth_token=values["calendar_auth_token"],
            success_url=_optional(values["success_url"]),
            error_url=_optional(values["error_url"]),
            tenant=values["tenant"],
            prompt=_optional(values["prompt"]),
            login_hint=_optional(values["login_hint"]),
            domain_hint=_optional(values["domain_hint"]),
        )
    except AuthorizeError as error:
        return None, {error.field if error.field in FIELDS else "": error.reason}
    except StateError as error:
        return None, {_STATE_FIELDS.get(error.field or "", ""): error.reason}
    except RecallOutlookError as error:
        return None, {"": str(error)}
    return url, {}


def update(values: Mapping[str, str], event: str, now: float | None = None) -> BuilderResult:
    """Build, parse and lint the URL the fields describe.

    Args:
        values: Every field's value (see [`DEFINITION`][]).
        event: The field that changed (``"init"`` at first).
        now: Seconds since the epoch at which lint judges the token's expiry (default: now).
    """
    redirect_uri, sets = _redirect_uri(values, event)
    url, errors = _build(values, redirect_uri)
    request: AuthorizeRequest | None = None
    findings: tuple[Finding, ...] = ()
    if url is not None:
        request = parse_authorize_url(url)
        findings = tuple(lint_authorize_url(url, now=now))
        for finding in findings:
            name = field_of(finding)
            if finding.severity is Severity.ERROR and name and name not in errors:
                errors[name] = f"{finding.code}: {finding.message}"
        if any(f.severity is Severity.ERROR and not field_of(f) for f in findings):
            errors.setdefault("", "The URL has errors: see the lint findings below.")
    html = {
        "general_html": "",
        "url_html": code_block(mask_url(url) if url else None, empty="Fix the fields in red."),
        "link_html": link_button(
            url if not errors else None,
            "Open the authorize URL in a new tab",
            disabled="Fix the errors first: the link opens once no error stands.",
        ),
        "params_html": "",
        "findings_html": "",
    }
    if request is not None:
        summary = request.as_dict()
        html["params_html"] = params_table(
            [(str(p["name"]), str(p["value"])) for p in summary["params"]],
            summary["state"],
            state_error=summary["state_error"],
        )
        html["findings_html"] = findings_table(findings, none=_NONE_FOUND)
    messages = {name: text for name, text in errors.items() if name}
    if "" in errors:
        html["general_html"] = field_message(errors[""])
    view = View(
        html=html,
        messages=messages,
        values=sets,
        disabled=frozenset() if values["redirect"] == OWN_DOMAIN else frozenset({"redirect_uri"}),
    )
    return BuilderResult(url, request, findings, errors, view)


DEFINITION: Final = Definition(
    key="builder",
    title="Authorize URL builder",
    fields=(
        Field("client_id", "Client ID", default=SAMPLE_CLIENT_ID,
              placeholder="Application (client) ID: a GUID"),
        Field("redirect", "Redirect", "select", DEFAULT_REGION, options=(
            *((f"{n}: Recall's callback ({r.note})", n) for n, r in REGIONS.items()),
            ("Your own domain (production, through your forwarder)", OWN_DOMAIN),
        )),
        Field("redirect_uri", "Redirect URI", default=REGIONS[DEFAULT_REGION].ms_callback_url),
        Field(_OWN_MEMO, "", "memo", SAMPLE_OWN_REDIRECT_URI),
        Field("calendar_auth_token", "Calendar auth token", "password",
              SAMPLE_CALENDAR_AUTH_TOKEN),
        Field("success_url", "Success URL", default=SAMPLE_SUCCESS_URL, placeholder="optional"),
        Field("error_url", "Error URL", default=SAMPLE_ERROR_URL, placeholder="optional"),
        Field("tenant", "Tenant", "combo", DEFAULT_TENANT,
              options=tuple((t, t) for t in TENANTS),
              placeholder="common, organizations, consumers or a directory"),
        Field("prompt", "Prompt", "select", "",
              options=(("(none: recommended)", ""), *((p, p) for p in PROMPTS))),
        Field("login_hint", "Login hint", placeholder="optional: user@contoso.com"),
        Field("domain_hint", "Domain hint", placeholder="optional: consumers or organizations"),
    ),
    outputs=("general_html", "url_html", "link_html", "params_html", "findings_html"),
    sections=(
        Section("", ("client_id", "redirect", "redirect_uri", "calendar_auth_token",
                     "success_url", "error_url")),
        Section("Optional parameters", ("tenant", "prompt", "login_hint", "domain_hint"),
                fold=True, open=True),
        Section("URL (calendar auth token masked)", ("general_html", "url_html", "link_html")),
        Section("Lint findings", ("findings_html",)),
        Section("Parameters, state decoded", ("params_html",), fold=True, open=False),
    ),
    update=update,
    placeholder=(
        "[Authorize URL builder: fields for the client ID, redirect URI and calendar auth "
        "token, and the URL they build with its lint findings. Run the notebook's cells "
        "(Run > Run All Cells) to use it here.]"
    ),
)  # fmt: skip
"""The builder: its fields (named as ``build_authorize_url``'s arguments, plus ``redirect``:
a region's callback or [`OWN_DOMAIN`][]), its outputs and its update."""
