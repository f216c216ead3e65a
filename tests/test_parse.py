from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recall_outlook import AuthorizeRequest, parse_authorize_url, parse_query

from .strategies import any_text

TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-token-payload.sig"

# The seed's layout, and Recall's demo app: prompt=consent and a raw JSON state.
WRAPPED_DEMO = f"""https://login.microsoftonline.com/common/oauth2/v2.0/authorize?
    scope=offline_access openid email https://graph.microsoft.com/Calendars.Read
    &response_mode=query
    &response_type=code
    &prompt=consent
    &state={{"recall_calendar_auth_token":"{TOKEN}","ms_oauth_redirect_url":"https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/","success_url":"https://app.example.com/done?tab=cal&ok=1"}}
    &redirect_uri=https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/
    &client_id=6731de76-14a6-49ae-97bc-6eba6914391e"""


def test_reads_a_wrapped_url_with_a_raw_json_state() -> None:
    request = parse_authorize_url(WRAPPED_DEMO)
    assert request.version == "v2.0"
    assert request.tenant == "common"
    assert request.client_id == "6731de76-14a6-49ae-97bc-6eba6914391e"
    assert request.prompt == "consent"
    assert request.scopes == (
        "offline_access",
        "openid",
        "email",
        "https://graph.microsoft.com/Calendars.Read",
    )
    state = request.calendar_state
    assert state is not None
    assert state.recall_calendar_auth_token == TOKEN
    assert state.success_url == "https://app.example.com/done?tab=cal&ok=1"
    unencoded = {param.name for param in request.params if param.unencoded}
    assert unencoded == {"scope", "state"}
    assert any("several lines" in problem for problem in request.problems)


def test_keeps_repeats_in_order() -> None:
    request = parse_authorize_url(
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?prompt=login&x=1&prompt=consent"
    )
    assert request.get_all("prompt") == ("login", "consent")
    assert request.prompt == "login"


def test_plus_is_a_space_and_escapes_are_decoded() -> None:
    (param,) = parse_query("scope=openid+email%20offline_access")
    assert param.value == "openid email offline_access"


def test_reports_bad_escapes_and_bad_utf8() -> None:
    problems: list[str] = []
    parse_query("a=%zz&b=%ff", problems)
    assert any("escape" in problem for problem in problems)
    assert any("UTF-8" in problem for problem in problems)


def test_fragment_and_v1_endpoint() -> None:
    request = parse_authorize_url(
        "https://login.microsoftonline.com/contoso.com/oauth2/authorize?client_id=x#frag"
    )
    assert request.version == "v1"
    assert request.fragment == "frag"
    assert request.tenant == "contoso.com"


def test_bare_query_and_missing_scheme_are_read_and_reported() -> None:
    bare = parse_authorize_url("client_id=abc&response_type=code")
    assert bare.client_id == "abc"
    assert any("only a query" in problem for problem in bare.problems)
    no_scheme = parse_authorize_url(
        "login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc"
    )
    assert no_scheme.host == "login.microsoftonline.com"
    assert any("no scheme" in problem for problem in no_scheme.problems)


def test_quotes_around_a_pasted_url_are_removed() -> None:
    request = parse_authorize_url(
        '"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc"'
    )
    assert request.client_id == "abc"


def test_repr_and_dict_mask_the_token() -> None:
    request = parse_authorize_url(WRAPPED_DEMO)
    assert TOKEN not in repr(request)
    assert TOKEN not in str(request.as_dict())


def test_empty_input() -> None:
    assert parse_authorize_url("   ").problems == ("the URL is empty",)


@given(any_text)
def test_never_raises(text: str) -> None:
    request = parse_authorize_url(text)
    assert isinstance(request, AuthorizeRequest)
    request.as_dict()
    repr(request)


def _pieces_by_the_rule(query: str) -> tuple[list[str], str | None]:
    """The splitting rule written out character by character.

    A query splits at each ``&`` and ends at the first ``#``, except inside a raw JSON value:
    one that opens with ``{`` right after the first ``=`` of a piece, up to its matching
    bracket outside strings (a backslash escapes the next character in a string).
    """
    pieces: list[str] = []
    start = index = 0
    while index < len(query):
        char = query[index]
        if char in "&#":
            pieces.append(query[start:index])
            if char == "#":
                return pieces, query[index + 1 :]
            start = index + 1
        elif char == "=" and "=" not in query[start:index] and query.startswith("{", index + 1):
            depth, in_string, escaped = 0, False, False
            for end in range(index + 1, len(query)):
                mark = query[end]
                if in_string:
                    escaped, in_string = (False, True) if escaped else (mark == "\\", mark != '"')
                elif mark == '"':
                    in_string = True
                elif mark in "{[" or mark in "}]":
                    depth += 1 if mark in "{[" else -1
                    if depth == 0:
                        index = end
                        break
        index += 1
    pieces.append(query[start:])
    return pieces, None


_QUERY_BITS = st.sampled_from(["a", "=", "&", "#", "{", "}", "[", "]", '"', "\\", "%", "+", " "])
# Raw JSON values with strings, escapes and brackets inside, among ordinary parameters.
_QUERIES = st.lists(_QUERY_BITS | st.sampled_from(['s={"', '\\"', '"}', "&b=1"]), max_size=30).map(
    "".join
)


@settings(max_examples=500)
@given(_QUERIES)
def test_queries_split_by_the_rule_raw_json_values_included(query: str) -> None:
    pieces, fragment = _pieces_by_the_rule(query)
    assert [param.raw for param in parse_query(query)] == [piece for piece in pieces if piece]
    url = parse_authorize_url(
        f"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?{query}"
    )
    if query.strip() == query and "\n" not in query:
        assert url.fragment == fragment
