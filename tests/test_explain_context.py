"""explain reads errors as people paste them and picks the reading for where they were met.

Issue 11: the codes users hit are all catalogued, every code the package cites is explained, the
context (authorize redirect or token endpoint, ``error``, ``error_description``) picks the right
explanation, and the echo never masks an error number as if it were an authorization code.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook.cli import main
from recall_outlook.troubleshoot.catalog import ERROR_CATALOG, Variant
from recall_outlook.troubleshoot.explain import explain, lookup

from .strategies import any_text

ROOT = Path(__file__).parents[1]
# "AADSTS7000215, 7000218, 7000222" cites three codes.
CITED = re.compile(r"AADSTS(\d{4,9})((?:\s*(?:,|/|or|and)\s*(?:AADSTS)?\d{4,9})*)")
ISSUE_11_CODES = (
    *("53003", "50105", "700082", "90023", "9002327", "50148", "501481", "90130", "9002326"),
    *("50126", "70002", "50012", "9000411"),
)


def cited_codes() -> set[str]:
    """Every AADSTS code the package, its docs and its README mention."""
    files = [
        *(ROOT / "src" / "recall_outlook").rglob("*.py"),
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "notebooks").glob("*.ipynb"),
        ROOT / "README.md",
    ]
    codes = set()
    for path in files:
        for match in CITED.finditer(path.read_text(encoding="utf-8")):
            codes.add(match.group(1))
            codes.update(re.findall(r"\d{4,9}", match.group(2)))
    return codes


def test_every_code_the_package_cites_is_in_the_catalog() -> None:
    cited = cited_codes()
    assert len(cited) > 40  # the scan finds the codes (lint, sandbox, catalog, docs)
    assert sorted(code for code in cited if lookup(code) is None) == []


@pytest.mark.parametrize("number", ISSUE_11_CODES)
def test_the_codes_real_users_hit_are_catalogued(number: str) -> None:
    entry = lookup(number)
    assert entry is not None
    assert entry.kind == "aadsts"
    assert entry.cause
    assert entry.fix


# -- context ------------------------------------------------------------------------------------

MALFORMED = "AADSTS9002313: Invalid request. Request is malformed or invalid."


def test_9002313_at_the_token_endpoint_is_a_malformed_code() -> None:
    token = explain(json.dumps({"error": "invalid_grant", "error_description": MALFORMED}))
    assert token.where == "token"
    assert "malformed" in token.entries[0].title.lower()
    assert "forwarder" in token.entries[0].cause
    authorize = explain(
        "https://app.example.com/cb?error=invalid_request&error_description=" + quote(MALFORMED)
    )
    assert authorize.where == "authorize"
    assert authorize.entries[0].title == "Malformed request"
    assert explain(MALFORMED, where="token").entries[0].title == token.entries[0].title


def test_90014_naming_client_secret_is_a_missing_secret() -> None:
    secret = explain(
        "AADSTS90014: The required field 'client_secret' is missing from the credential."
    )
    assert secret.entries[0].title == "Client secret missing"
    other = explain("AADSTS90014: The request body must contain the following parameter: 'code'.")
    assert other.entries[0].title == "Required field missing"


def test_50076_is_an_mfa_challenge() -> None:
    entry = explain("AADSTS50076").entries[0]
    assert "multi-factor" in entry.title.lower()
    assert "MFA challenge, not an expired code" in entry.cause


def test_where_given_overrides_what_the_text_says() -> None:
    assert explain("AADSTS50076", where="token").where == "token"
    assert "reconnects" in explain("AADSTS50076", where="token").entries[0].fix
    assert explain("AADSTS50076").where is None


def test_variants_are_well_formed_and_reachable() -> None:
    variants = [(entry, v) for entry in ERROR_CATALOG for v in entry.variants]
    assert len(variants) >= 4
    for entry, variant in variants:
        assert isinstance(variant, Variant)
        assert variant.where or variant.error or variant.mentions
        read = entry.read_in(where=variant.where, error=variant.error, description=variant.mentions)
        assert (read.title, read.cause, read.fix) == (variant.title, variant.cause, variant.fix)
        assert read.key == entry.key
        assert read.links == entry.links


def test_the_echo_keeps_an_error_number_and_masks_a_code() -> None:
    shown = explain("https://login.microsoftonline.com/error?code=900144").as_dict()
    assert shown["query"].endswith("code=900144")
    assert shown["codes"] == ["AADSTS900144"]
    prose = "AADSTS900144: see https://login.microsoftonline.com/error?code=900144. Trace ID: 1"
    assert "code=900144. Trace ID" in explain(prose).query
    code = "0.AXkA-sample-authorization-code-1234567890"
    assert code not in explain(f"https://app.example.com/cb?code={code}&state=x").query
    assert "12345678901234567890" not in explain("?code=12345678901234567890abc").query


def test_explain_command_takes_where(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--json", "--where", "token", MALFORMED]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["where"] == "token"
    assert data["entries"][0]["title"] == "Authorization code or refresh token malformed"
    assert main(["explain", "--where", "nowhere", MALFORMED]) == 2


# -- pasted forms: properties --------------------------------------------------------------------

numbers = st.integers(min_value=1000, max_value=99_999_999).map(str)
trace = st.uuids().map(str)


def _description(number: str, trace_id: str) -> str:
    return (
        f"AADSTS{number}: Something went wrong.\r\nTrace ID: {trace_id}\r\n"
        f"Correlation ID: {trace_id}\r\nTimestamp: 2024-05-01 10:00:00Z"
    )


FORMS = {
    "multi-line": lambda n, t: _description(n, t).replace("\r\n", "\n"),
    "callback-percent": lambda n, t: (
        "https://app.example.com/cb?error=invalid_request"
        f"&error_description={quote(_description(n, t), safe='')}&state=s"
    ),
    "callback-plus": lambda n, t: (
        "https://app.example.com/cb?error=invalid_request"
        f"&error_description={quote_plus(_description(n, t))}"
    ),
    "token-json": lambda n, t: json.dumps(
        {"error": "invalid_grant", "error_description": _description(n, t), "error_codes": [int(n)]}
    ),
    "token-json-cut": lambda n, t: (
        "WebResponse exception: "
        + json.dumps({"error": "invalid_grant", "error_description": _description(n, t)})[:75]
    ),
    "python-bytes": lambda n, t: (
        "b'" + json.dumps({"error": "invalid_grant", "error_description": _description(n, t)}) + "'"
    ),
    "html-escaped": lambda n, t: html.escape(
        "https://app.example.com/cb?error=access_denied"
        f"&error_description={quote(_description(n, t))}"
    ),
    "msal-log": lambda n, t: (
        f"ServerError: invalid_grant: {n} - [2024-05-01 10:00:00Z]: " + _description(n, t)
    ),
    "lookup-link": lambda n, t: f"https://login.microsoftonline.com/error?code={n}",
    "fenced": lambda n, t: "```\n" + _description(n, t) + "\n```",
}


@given(number=numbers, trace_id=trace, form=st.sampled_from(sorted(FORMS)))
def test_the_code_is_found_however_it_is_pasted(number: str, trace_id: str, form: str) -> None:
    explanation = explain(FORMS[form](number, trace_id))
    assert explanation.codes[0] == f"AADSTS{number}"
    assert explanation.entries[0].key == f"AADSTS{number}"


@given(
    number=numbers, trace_id=trace, form=st.sampled_from(["token-json", "python-bytes", "msal-log"])
)
def test_a_token_endpoint_answer_is_read_as_one(number: str, trace_id: str, form: str) -> None:
    explanation = explain(FORMS[form](number, trace_id))
    assert explanation.where == "token"
    assert explanation.error == "invalid_grant"


@given(
    code=st.from_regex(r"0\.A[A-Za-z0-9_-]{30,80}", fullmatch=True),
    before=any_text,
)
def test_an_authorization_code_is_never_echoed(code: str, before: str) -> None:
    url = f"https://app.example.com/cb?state=x&code={code}&session_state=y"
    shown = json.dumps(explain(before + "\n" + url).as_dict())
    assert code not in shown
    assert code[3:30] not in shown


@given(text=any_text, where=st.sampled_from([None, "authorize", "token"]))
def test_explain_never_raises_and_answers_json(text: str, where: str | None) -> None:
    json.dumps(explain(text, where=where).as_dict())  # type: ignore[arg-type]
