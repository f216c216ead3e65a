from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recall_outlook import CalendarState, mask, mask_query, mask_url
from recall_outlook.masking import mask_secrets, shown, shown_list

from .strategies import any_text

SECRET = "0.AXkA-sample-authorization-code-1234567890"


def test_mask_hides_all_but_a_prefix() -> None:
    assert mask(SECRET) == "0.A…***"
    assert mask("short") == "***"
    assert mask("") == ""
    assert mask(None) == ""


def test_mask_query_hides_code_and_the_token_in_state() -> None:
    state = CalendarState(
        recall_calendar_auth_token="calendar-token-secret-value",
        ms_oauth_redirect_url="https://x/cb",
    )
    from urllib.parse import quote

    query = f"code={SECRET}&state={quote(state.to_json(), safe='')}&session_state=abc"
    shown = mask_query(query)
    assert SECRET not in shown
    assert "calendar-token-secret-value" not in shown
    assert "session_state=abc" in shown
    assert "https%3A%2F%2Fx%2Fcb" in shown


def test_mask_url_keeps_the_rest() -> None:
    url = f"https://app.example.com/cb?code={SECRET}&x=1#frag"
    assert mask_url(url).startswith("https://app.example.com/cb?code=")
    assert mask_url(url).endswith("&x=1#frag")
    assert mask_url("https://x/no-query") == "https://x/no-query"


@given(
    secret=st.text(min_size=12, max_size=80).filter(lambda s: "&" not in s and "=" not in s),
    other=any_text,
)
def test_a_secret_parameter_never_shows_whole(secret: str, other: str) -> None:
    from urllib.parse import quote

    shown = mask_query(f"x={quote(other, safe='')}&client_secret={quote(secret, safe='')}")
    assert quote(secret, safe="") not in shown.split("client_secret=")[1]


# -- secret-looking values anywhere (issue 11, issue 18) ----------------------------------------

entra_secrets = st.from_regex(r"[A-Za-z0-9]{3}[0-9]Q~[A-Za-z0-9_.~-]{34}", fullmatch=True)
jwts = st.from_regex(
    r"eyJ[A-Za-z0-9_-]{10,40}\.eyJ[A-Za-z0-9_-]{10,80}\.[A-Za-z0-9_-]{10,40}", fullmatch=True
)
long_tokens = st.from_regex(r"[a-z][A-Z][0-9][A-Za-z0-9_-]{40,120}", fullmatch=True)
surroundings = st.sampled_from(
    ["{}", "/{}/oauth2/v2.0/authorize", "&key={}&x=1", "client_id {} is", "'{}'", "a/{}/b"]
)


@given(secret=st.one_of(entra_secrets, jwts, long_tokens), where=surroundings)
def test_mask_secrets_hides_a_secret_wherever_it_sits(secret: str, where: str) -> None:
    shown = mask_secrets(where.format(secret))
    assert secret[4:] not in shown
    assert mask_secrets(shown) == shown


@given(guid=st.uuids().map(str), host=st.from_regex(r"[a-z][a-z0-9-]{0,40}", fullmatch=True))
def test_mask_secrets_keeps_ids_hosts_and_paths(guid: str, host: str) -> None:
    text = f"https://{host}.example.com/common/oauth2/v2.0/authorize?client_id={guid.upper()}"
    assert mask_secrets(text) == text
    assert mask_secrets(guid) == guid


def test_shown_quotes_cuts_and_masks() -> None:
    assert shown("plain") == "'plain'"
    assert shown("x" * 100).endswith("…'")
    assert "Q~" not in shown("Fak8Q~abcdefghijklmnopqrstuvwxyz0123456789")


def test_shown_list_quotes_the_first_few_masks_secrets_and_counts_the_rest() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"
    assert shown_list(["a", jwt, "c", "d"], most=2) == f"'a', {shown(jwt)} and 2 more"
    assert jwt not in shown_list([jwt], most=5)
    assert shown_list(["a", "b"], most=2) == "'a', 'b'"
    assert shown_list([], most=3) == ""
