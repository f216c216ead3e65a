"""recall-outlook: build, check, simulate and forward Recall.ai's Outlook calendar connection.

Every public name is importable from ``recall_outlook`` itself. Behind that flat surface the code
follows the user's journey, one folder a step:

* shared basics: [`regions`][recall_outlook.regions], [`scopes`][recall_outlook.scopes],
  [`masking`][recall_outlook.masking], [`errors`][recall_outlook.errors],
  [`findings`][recall_outlook.findings], [`redirect_uri`][recall_outlook.redirect_uri];
* step 1, [`recall_outlook.register`][]: the app registration, manifest checks, publisher
  verification;
* step 2, [`recall_outlook.authorize`][]: the ``state``, the authorize URL, its parser and linter;
* steps 3 and 4, [`recall_outlook.forwarder`][]: the callback forwarder, serving it, checking a
  deployed one;
* step 5, [`recall_outlook.troubleshoot`][]: ``explain`` over the error catalog, admin consent.

Names load lazily (PEP 562): ``import recall_outlook`` imports no submodule until a name is
used, so the command line starts fast.
"""

from __future__ import annotations

from importlib import import_module

# Not typing.TYPE_CHECKING: importing typing alone would cost more than this whole module.
# Type checkers treat any constant named TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from .authorize.build import (
        AUTHORIZE_HOST,
        DEFAULT_TENANT,
        MICROSOFT_AUTHORITY,
        PROMPTS,
        TENANTS,
        authorize_endpoint,
        build_authorize_url,
        encode_query,
    )
    from .authorize.lint import (
        LintError,
        check_authorize_url,
        lint_authorize_url,
    )
    from .authorize.lint_codes import (
        LINT_CATALOG,
        LINT_SPECS,
        lint_spec,
    )
    from .authorize.parse import (
        AuthorizeRequest,
        Param,
        parse_authorize_url,
        parse_query,
    )
    from .authorize.state import (
        OPTIONAL_STATE_KEYS,
        REQUIRED_STATE_KEYS,
        STATE_KEYS,
        CalendarState,
    )
    from .errors import (
        AuthorizeError,
        ConsentError,
        RecallOutlookError,
        RegionError,
        StateError,
    )
    from .findings import (
        Finding,
        FindingSpec,
        Severity,
        has_errors,
        worst,
    )
    from .forwarder.app_settings import (
        APP_ENVIRONMENT,
        MIN_SESSION_SECRET_LENGTH,
        AppSettings,
        EnvVar,
        SettingsError,
        load_settings,
    )
    from .forwarder.check import (
        Fetch,
        ForwarderCheckError,
        Reply,
        byte_diff,
        check_forwarder,
        check_response,
        wsgi_fetch,
    )
    from .forwarder.forward import (
        DEFAULT_FORWARDER_PATH,
        MAX_QUERY_LENGTH,
        ForwardError,
        forward_url,
        make_asgi_app,
        make_wsgi_app,
    )
    from .forwarder.probes import (
        FORWARDER_CATALOG,
        FORWARDER_SPECS,
        PROBES,
        Probe,
    )
    from .forwarder.report import (
        CHECK_CODES,
        Check,
        ForwarderReport,
        ProbeResult,
        render_report,
    )
    from .forwarder.serve import (
        ServerDependencyError,
        serve_forwarder,
    )
    from .masking import (
        SECRET_PARAMS,
        mask,
        mask_query,
        mask_secrets,
        mask_url,
    )
    from .redirect_uri import (
        LOOPBACK_HOSTS,
        REDIRECT_URI_MAX_LENGTH,
        UNSUPPORTED_CHARACTERS,
        check_redirect_uri,
        recall_callback_region,
    )
    from .regions import (
        DEFAULT_REGION,
        GOOGLE_CALLBACK_PATH,
        MS_CALLBACK_PATH,
        REGIONS,
        Region,
        get_region,
        region_for_host,
    )
    from .register.app_codes import (
        APP_CATALOG,
        APP_SPECS,
    )
    from .register.manifest import (
        EXPIRY_WARNING_DAYS,
        AppManifest,
        ClientSecret,
        ManifestError,
        check_manifest,
        read_manifest,
    )
    from .register.publisher import (
        PUBLISHER_STEPS,
        PublisherStep,
        checkable_steps,
    )
    from .register.registration import (
        GRAPH_APPLICATIONS_URL,
        MICROSOFT_GRAPH_APP_ID,
        SIGN_IN_AUDIENCE,
        RegistrationError,
        az_command,
        check_registration,
        graph_application_body,
        registration_output,
        required_resource_access,
    )
    from .scopes import (
        CALENDARS_READ,
        DEFAULT_SCOPES,
        GRAPH_RESOURCE,
        SCOPES,
        Scope,
        normalize_scope,
    )
    from .troubleshoot.catalog import Variant
    from .troubleshoot.consent import (
        AdminConsentResult,
        admin_consent_url,
        parse_admin_consent_callback,
    )
    from .troubleshoot.explain import (
        ERROR_CATALOG,
        ErrorEntry,
        ErrorKind,
        Explanation,
        Where,
        explain,
        lookup,
    )

__version__ = "0.1.0"

_MODULES: Final[dict[str, str]] = {
    "DEFAULT_REGION": "regions",
    "GOOGLE_CALLBACK_PATH": "regions",
    "MS_CALLBACK_PATH": "regions",
    "REGIONS": "regions",
    "Region": "regions",
    "get_region": "regions",
    "region_for_host": "regions",
    "CALENDARS_READ": "scopes",
    "DEFAULT_SCOPES": "scopes",
    "GRAPH_RESOURCE": "scopes",
    "SCOPES": "scopes",
    "Scope": "scopes",
    "normalize_scope": "scopes",
    "SECRET_PARAMS": "masking",
    "mask": "masking",
    "mask_query": "masking",
    "mask_secrets": "masking",
    "mask_url": "masking",
    "AuthorizeError": "errors",
    "ConsentError": "errors",
    "RecallOutlookError": "errors",
    "RegionError": "errors",
    "StateError": "errors",
    "Finding": "findings",
    "FindingSpec": "findings",
    "Severity": "findings",
    "has_errors": "findings",
    "worst": "findings",
    "LOOPBACK_HOSTS": "redirect_uri",
    "REDIRECT_URI_MAX_LENGTH": "redirect_uri",
    "UNSUPPORTED_CHARACTERS": "redirect_uri",
    "check_redirect_uri": "redirect_uri",
    "recall_callback_region": "redirect_uri",
    "APP_CATALOG": "register.app_codes",
    "APP_SPECS": "register.app_codes",
    "GRAPH_APPLICATIONS_URL": "register.registration",
    "MICROSOFT_GRAPH_APP_ID": "register.registration",
    "SIGN_IN_AUDIENCE": "register.registration",
    "RegistrationError": "register.registration",
    "az_command": "register.registration",
    "check_registration": "register.registration",
    "graph_application_body": "register.registration",
    "registration_output": "register.registration",
    "required_resource_access": "register.registration",
    "EXPIRY_WARNING_DAYS": "register.manifest",
    "AppManifest": "register.manifest",
    "ClientSecret": "register.manifest",
    "ManifestError": "register.manifest",
    "check_manifest": "register.manifest",
    "read_manifest": "register.manifest",
    "PUBLISHER_STEPS": "register.publisher",
    "PublisherStep": "register.publisher",
    "checkable_steps": "register.publisher",
    "OPTIONAL_STATE_KEYS": "authorize.state",
    "REQUIRED_STATE_KEYS": "authorize.state",
    "STATE_KEYS": "authorize.state",
    "CalendarState": "authorize.state",
    "AUTHORIZE_HOST": "authorize.build",
    "DEFAULT_TENANT": "authorize.build",
    "MICROSOFT_AUTHORITY": "authorize.build",
    "PROMPTS": "authorize.build",
    "TENANTS": "authorize.build",
    "authorize_endpoint": "authorize.build",
    "build_authorize_url": "authorize.build",
    "encode_query": "authorize.build",
    "AuthorizeRequest": "authorize.parse",
    "Param": "authorize.parse",
    "parse_authorize_url": "authorize.parse",
    "parse_query": "authorize.parse",
    "LintError": "authorize.lint",
    "check_authorize_url": "authorize.lint",
    "lint_authorize_url": "authorize.lint",
    "LINT_CATALOG": "authorize.lint_codes",
    "LINT_SPECS": "authorize.lint_codes",
    "lint_spec": "authorize.lint_codes",
    "DEFAULT_FORWARDER_PATH": "forwarder.forward",
    "MAX_QUERY_LENGTH": "forwarder.forward",
    "ForwardError": "forwarder.forward",
    "forward_url": "forwarder.forward",
    "make_asgi_app": "forwarder.forward",
    "make_wsgi_app": "forwarder.forward",
    "ServerDependencyError": "forwarder.serve",
    "APP_ENVIRONMENT": "forwarder.app_settings",
    "MIN_SESSION_SECRET_LENGTH": "forwarder.app_settings",
    "AppSettings": "forwarder.app_settings",
    "EnvVar": "forwarder.app_settings",
    "SettingsError": "forwarder.app_settings",
    "load_settings": "forwarder.app_settings",
    "serve_forwarder": "forwarder.serve",
    "Fetch": "forwarder.check",
    "ForwarderCheckError": "forwarder.check",
    "Reply": "forwarder.check",
    "byte_diff": "forwarder.check",
    "check_forwarder": "forwarder.check",
    "check_response": "forwarder.check",
    "wsgi_fetch": "forwarder.check",
    "FORWARDER_CATALOG": "forwarder.probes",
    "FORWARDER_SPECS": "forwarder.probes",
    "PROBES": "forwarder.probes",
    "Probe": "forwarder.probes",
    "CHECK_CODES": "forwarder.report",
    "Check": "forwarder.report",
    "ForwarderReport": "forwarder.report",
    "ProbeResult": "forwarder.report",
    "render_report": "forwarder.report",
    "ERROR_CATALOG": "troubleshoot.explain",
    "ErrorEntry": "troubleshoot.explain",
    "ErrorKind": "troubleshoot.explain",
    "Explanation": "troubleshoot.explain",
    "Variant": "troubleshoot.catalog",
    "Where": "troubleshoot.explain",
    "explain": "troubleshoot.explain",
    "lookup": "troubleshoot.explain",
    "AdminConsentResult": "troubleshoot.consent",
    "admin_consent_url": "troubleshoot.consent",
    "parse_admin_consent_callback": "troubleshoot.consent",
}
"""Where each public name lives, relative to this package."""


def __getattr__(name: str) -> object:
    """Import the module that defines ``name`` on first use, and cache the name here."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names, loaded or not."""
    return sorted(__all__)


__all__ = [
    "APP_CATALOG",
    "APP_ENVIRONMENT",
    "APP_SPECS",
    "AUTHORIZE_HOST",
    "CALENDARS_READ",
    "CHECK_CODES",
    "DEFAULT_FORWARDER_PATH",
    "DEFAULT_REGION",
    "DEFAULT_SCOPES",
    "DEFAULT_TENANT",
    "ERROR_CATALOG",
    "EXPIRY_WARNING_DAYS",
    "FORWARDER_CATALOG",
    "FORWARDER_SPECS",
    "GOOGLE_CALLBACK_PATH",
    "GRAPH_APPLICATIONS_URL",
    "GRAPH_RESOURCE",
    "LINT_CATALOG",
    "LINT_SPECS",
    "LOOPBACK_HOSTS",
    "MAX_QUERY_LENGTH",
    "MICROSOFT_AUTHORITY",
    "MICROSOFT_GRAPH_APP_ID",
    "MIN_SESSION_SECRET_LENGTH",
    "MS_CALLBACK_PATH",
    "OPTIONAL_STATE_KEYS",
    "PROBES",
    "PROMPTS",
    "PUBLISHER_STEPS",
    "REDIRECT_URI_MAX_LENGTH",
    "REGIONS",
    "REQUIRED_STATE_KEYS",
    "SCOPES",
    "SECRET_PARAMS",
    "SIGN_IN_AUDIENCE",
    "STATE_KEYS",
    "TENANTS",
    "UNSUPPORTED_CHARACTERS",
    "AdminConsentResult",
    "AppManifest",
    "AppSettings",
    "AuthorizeError",
    "AuthorizeRequest",
    "CalendarState",
    "Check",
    "ClientSecret",
    "ConsentError",
    "EnvVar",
    "ErrorEntry",
    "ErrorKind",
    "Explanation",
    "Fetch",
    "Finding",
    "FindingSpec",
    "ForwardError",
    "ForwarderCheckError",
    "ForwarderReport",
    "LintError",
    "ManifestError",
    "Param",
    "Probe",
    "ProbeResult",
    "PublisherStep",
    "RecallOutlookError",
    "Region",
    "RegionError",
    "RegistrationError",
    "Reply",
    "Scope",
    "ServerDependencyError",
    "SettingsError",
    "Severity",
    "StateError",
    "Variant",
    "Where",
    "__version__",
    "admin_consent_url",
    "authorize_endpoint",
    "az_command",
    "build_authorize_url",
    "byte_diff",
    "check_authorize_url",
    "check_forwarder",
    "check_manifest",
    "check_redirect_uri",
    "check_registration",
    "check_response",
    "checkable_steps",
    "encode_query",
    "explain",
    "forward_url",
    "get_region",
    "graph_application_body",
    "has_errors",
    "lint_authorize_url",
    "lint_spec",
    "load_settings",
    "lookup",
    "make_asgi_app",
    "make_wsgi_app",
    "mask",
    "mask_query",
    "mask_secrets",
    "mask_url",
    "normalize_scope",
    "parse_admin_consent_callback",
    "parse_authorize_url",
    "parse_query",
    "read_manifest",
    "recall_callback_region",
    "region_for_host",
    "registration_output",
    "render_report",
    "required_resource_access",
    "serve_forwarder",
    "worst",
    "wsgi_fetch",
]
