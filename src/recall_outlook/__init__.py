"""recall-outlook: build, check, simulate and forward Recall.ai's Outlook calendar connection.

Every public name is importable from ``recall_outlook`` itself.
"""

from __future__ import annotations

from .authorize import (
    AUTHORIZE_HOST,
    DEFAULT_TENANT,
    PROMPTS,
    TENANTS,
    authorize_endpoint,
    build_authorize_url,
    encode_query,
)
from .errors import (
    AuthorizeError,
    ConsentError,
    RecallOutlookError,
    RegionError,
    StateError,
)
from .masking import SECRET_PARAMS, mask, mask_query, mask_url
from .parse import AuthorizeRequest, Param, parse_authorize_url, parse_query
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
from .state import OPTIONAL_STATE_KEYS, REQUIRED_STATE_KEYS, STATE_KEYS, CalendarState

__version__ = "0.1.0"

__all__ = [
    "AUTHORIZE_HOST",
    "CALENDARS_READ",
    "DEFAULT_REGION",
    "DEFAULT_SCOPES",
    "DEFAULT_TENANT",
    "GOOGLE_CALLBACK_PATH",
    "GRAPH_RESOURCE",
    "MS_CALLBACK_PATH",
    "OPTIONAL_STATE_KEYS",
    "PROMPTS",
    "REGIONS",
    "REQUIRED_STATE_KEYS",
    "SCOPES",
    "SECRET_PARAMS",
    "STATE_KEYS",
    "TENANTS",
    "AuthorizeError",
    "AuthorizeRequest",
    "CalendarState",
    "ConsentError",
    "Param",
    "RecallOutlookError",
    "Region",
    "RegionError",
    "Scope",
    "StateError",
    "__version__",
    "authorize_endpoint",
    "build_authorize_url",
    "encode_query",
    "get_region",
    "mask",
    "mask_query",
    "mask_url",
    "normalize_scope",
    "parse_authorize_url",
    "parse_query",
    "region_for_host",
]
