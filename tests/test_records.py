"""The linter's records stay immutable values however cheaply they are built.

AuthorizeRequest is a frozen dataclass with a hand-written ``__init__`` (the generated one costs
an ``object.__setattr__`` per field); Param and Finding are named tuples that the parse and the
catalogs make without their generated ``__new__``. These tests hold them to what those types
promise.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook import Finding, Param, Severity, parse_authorize_url
from recall_outlook.authorize.lint_codes import LINT_CATALOG
from recall_outlook.findings import FindingList, by_severity

URL = (
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=a&scope=openid"
    "&client_id=b&state=%7B%7D"
)


def test_records_refuse_assignment() -> None:
    request = parse_authorize_url(URL)
    finding = Finding("x", Severity.ERROR, "message", "fix")
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.url = "changed"  # type: ignore[misc]
    for record, name in ((request.params[0], "value"), (finding, "message")):
        with pytest.raises(AttributeError):
            setattr(record, name, "changed")


def test_first_values_are_read_only_and_follow_params() -> None:
    request = parse_authorize_url(URL)
    assert dict(request.first) == {"client_id": "a", "scope": "openid", "state": "{}"}
    assert request.get("client_id") == "a"
    assert request.client_id == "a"
    with pytest.raises(TypeError):
        request.first["client_id"] = "b"  # type: ignore[index]
    later = dataclasses.replace(request, params=request.params[1:])
    assert later.client_id == "b"


def test_records_survive_pickle_copy_and_replace() -> None:
    request = parse_authorize_url(URL)
    unpickled = pickle.loads(pickle.dumps(request))  # noqa: S301 - our own bytes
    for made in (unpickled, copy.copy(request), copy.deepcopy(request)):
        assert made == request
        assert hash(made) == hash(request)
        assert made.first == request.first
    finding = LINT_CATALOG["state-missing"].default
    assert pickle.loads(pickle.dumps(finding)) == finding  # noqa: S301 - our own bytes
    assert finding._replace(fix="other") == finding.__class__(*finding[:3], "other")


def test_catalog_default_is_shared_and_equals_a_fresh_finding() -> None:
    spec = LINT_CATALOG["scope-missing"]
    assert spec.default is spec.default is spec.finding()
    assert spec.default == Finding(spec.code, spec.severity, spec.title, spec.fix)


@given(st.sampled_from(sorted(LINT_CATALOG)), st.text(min_size=1), st.text())
def test_catalog_findings_are_findings_like_any_other(code: str, message: str, fix: str) -> None:
    spec = LINT_CATALOG[code]
    made = spec.finding(message, fix)
    assert type(made) is Finding
    assert made == Finding(code=code, severity=spec.severity, message=message, fix=fix or spec.fix)
    assert hash(made) == hash(Finding(*made))
    assert made.as_dict() == {
        "code": code,
        "severity": spec.severity.value,
        "message": message,
        "fix": fix or spec.fix,
    }
    # the message may quote the user: the repr shows it as given, as a dataclass's did
    assert repr(made).startswith(f"Finding(code={code!r}, severity=")


@given(
    st.text(max_size=8),
    st.text(max_size=8),
    st.text(max_size=8),
    st.booleans(),
    st.booleans(),
)
def test_param_equals_and_hashes_by_its_fields(
    name: str, value: str, raw: str, has_value: bool, unencoded: bool
) -> None:
    one = Param(name, value, raw, has_value, unencoded)
    parsed = parse_authorize_url(f"https://x/?a={value}").params[0]
    assert type(parsed) is Param
    assert parsed == Param(*parsed)
    assert parsed.name == "a"
    two = Param(name=name, value=value, raw=raw, has_value=has_value, unencoded=unencoded)
    assert one == two
    assert hash(one) == hash(two)
    assert tuple(one) == (name, value, raw, has_value, unencoded)
    assert one._replace(value="other").value == "other"
    # value and raw may hold secrets: the repr leaves them out
    assert repr(one) == f"Param(name={name!r}, has_value={has_value!r}, unencoded={unencoded!r})"


@given(st.lists(st.sampled_from([*Severity]), max_size=12))
def test_by_severity_is_a_stable_sort_worst_first(severities: list[Severity]) -> None:
    findings = [Finding(str(n), severity, "m", "f") for n, severity in enumerate(severities)]
    ranked = by_severity(iter(findings))
    assert isinstance(ranked, FindingList)
    assert ranked == sorted(findings, key=lambda finding: finding.severity.rank)


def test_by_severity_refuses_a_severity_that_is_no_severity() -> None:
    odd = Finding("odd", "error", "m", "f")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="odd"):
        by_severity([odd])
