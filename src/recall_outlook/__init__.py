"""recall-outlook: build, check, simulate and forward Recall.ai's Outlook calendar connection.

Every public name is importable from ``recall_outlook`` itself.
"""

from __future__ import annotations

from .aadsts import ERROR_CATALOG, ErrorEntry, ErrorKind, Explanation, explain, lookup
from .app_codes import APP_CATALOG, APP_SPECS
from .authorize import (
    AUTHORIZE_HOST,
    DEFAULT_TENANT,
    MICROSOFT_AUTHORITY,
    PROMPTS,
    TENANTS,
    authorize_endpoint,
    build_authorize_url,
    encode_query,
)
from .check_forwarder import (
    Fetch,
    ForwarderCheckError,
    Reply,
    byte_diff,
    check_forwarder,
    check_response,
    wsgi_fetch,
)
from .consent import AdminConsentResult, admin_consent_url, parse_admin_consent_callback
from .errors import (
    AuthorizeError,
    ConsentError,
    RecallOutlookError,
    RegionError,
    StateError,
)
from .findings import Finding, FindingSpec, Severity, has_errors, worst
from .forward import (
    DEFAULT_FORWARDER_PATH,
    MAX_QUERY_LENGTH,
    ForwardError,
    forward_url,
    make_asgi_app,
    make_wsgi_app,
)
from .forwarder_probes import FORWARDER_CATALOG, FORWARDER_SPECS, PROBES, Probe
from .forwarder_report import CHECK_CODES, Check, ForwarderReport, ProbeResult, render_report
from .lint import LintError, check_authorize_url, lint_authorize_url
from .lint_codes import LINT_CATALOG, LINT_SPECS, lint_spec
from .manifest import (
    EXPIRY_WARNING_DAYS,
    AppManifest,
    ClientSecret,
    ManifestError,
    check_manifest,
    read_manifest,
)
from .masking import SECRET_PARAMS, mask, mask_query, mask_url
from .parse import AuthorizeRequest, Param, parse_authorize_url, parse_query
from .publisher import PUBLISHER_STEPS, PublisherStep, checkable_steps
from .redirect import (
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
from .registration import (
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
from .scopes import CALENDARS_READ, DEFAULT_SCOPES, GRAPH_RESOURCE, SCOPES, Scope, normalize_scope
from .serve import ServerDependencyError, serve_forwarder
from .state import OPTIONAL_STATE_KEYS, REQUIRED_STATE_KEYS, STATE_KEYS, CalendarState

__version__ = "0.1.0"

__all__ = [
    "APP_CATALOG",
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
    "AuthorizeError",
    "AuthorizeRequest",
    "CalendarState",
    "Check",
    "ClientSecret",
    "ConsentError",
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
    "Severity",
    "StateError",
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
    "lookup",
    "make_asgi_app",
    "make_wsgi_app",
    "mask",
    "mask_query",
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
