"""recall-outlook: build, check, simulate and forward Recall.ai's Outlook calendar connection.

Every public name is importable from ``recall_outlook`` itself.
"""

from __future__ import annotations

from .aadsts import ERROR_CATALOG, ErrorEntry, ErrorKind, Explanation, explain, lookup
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
from .lint import LintError, check_authorize_url, lint_authorize_url
from .lint_codes import LINT_CATALOG, LINT_SPECS, lint_spec
from .masking import SECRET_PARAMS, mask, mask_query, mask_url
from .parse import AuthorizeRequest, Param, parse_authorize_url, parse_query
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
from .scopes import CALENDARS_READ, DEFAULT_SCOPES, GRAPH_RESOURCE, SCOPES, Scope, normalize_scope
from .serve import ServerDependencyError, serve_forwarder
from .state import OPTIONAL_STATE_KEYS, REQUIRED_STATE_KEYS, STATE_KEYS, CalendarState

__version__ = "0.1.0"

__all__ = [
    "AUTHORIZE_HOST",
    "CALENDARS_READ",
    "DEFAULT_FORWARDER_PATH",
    "DEFAULT_REGION",
    "DEFAULT_SCOPES",
    "DEFAULT_TENANT",
    "ERROR_CATALOG",
    "GOOGLE_CALLBACK_PATH",
    "GRAPH_RESOURCE",
    "LINT_CATALOG",
    "LINT_SPECS",
    "LOOPBACK_HOSTS",
    "MAX_QUERY_LENGTH",
    "MICROSOFT_AUTHORITY",
    "MS_CALLBACK_PATH",
    "OPTIONAL_STATE_KEYS",
    "PROMPTS",
    "REDIRECT_URI_MAX_LENGTH",
    "REGIONS",
    "REQUIRED_STATE_KEYS",
    "SCOPES",
    "SECRET_PARAMS",
    "STATE_KEYS",
    "TENANTS",
    "UNSUPPORTED_CHARACTERS",
    "AdminConsentResult",
    "AuthorizeError",
    "AuthorizeRequest",
    "CalendarState",
    "ConsentError",
    "ErrorEntry",
    "ErrorKind",
    "Explanation",
    "Finding",
    "FindingSpec",
    "ForwardError",
    "LintError",
    "Param",
    "RecallOutlookError",
    "Region",
    "RegionError",
    "Scope",
    "ServerDependencyError",
    "Severity",
    "StateError",
    "__version__",
    "admin_consent_url",
    "authorize_endpoint",
    "build_authorize_url",
    "check_authorize_url",
    "check_redirect_uri",
    "encode_query",
    "explain",
    "forward_url",
    "get_region",
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
    "recall_callback_region",
    "region_for_host",
    "serve_forwarder",
    "worst",
]
