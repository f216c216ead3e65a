"""What fuzzing found, kept as tests, and the fuzz targets' properties run by Hypothesis.

Every file in ``fuzz/crashes`` (named ``<target>-<what>-<hash>``) is replayed through its
target. The Hypothesis tests drive the very functions in ``fuzz/targets.py`` with random bytes,
so the normal suite checks the contracts atheris checks (see ``fuzz/README.md``); they add what
the module tests do not cover already: lone surrogates (text from an invalid UTF-8 command-line
argument), any bytes or text as a manifest, any method, path and limit for the forwarder apps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz.targets import TARGETS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall_outlook.authorize.lint import lint_authorize_url
from recall_outlook.authorize.parse import parse_authorize_url
from recall_outlook.cli import main

CRASHES = sorted((Path(__file__).resolve().parent.parent / "fuzz" / "crashes").glob("*-*"))
AUTHORIZE = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"


@pytest.mark.parametrize("path", CRASHES, ids=lambda path: path.name)
def test_fuzz_crash_input_no_longer_crashes(path: Path) -> None:
    TARGETS[path.name.partition("-")[0]](path.read_bytes())


def test_every_crash_file_names_a_target() -> None:
    assert CRASHES, "fuzz/crashes holds the inputs fuzzing found"
    assert {path.name.partition("-")[0] for path in CRASHES} <= set(TARGETS)


# -- found by fuzzing: parse_authorize_url raised UnicodeEncodeError on lone surrogates ------


SURROGATES = [chr(0xDCEC), f"a{chr(0xDC81)}b", f"%41{chr(0xDCFF)}", chr(0xD800), f"x+{chr(0xDFFF)}"]


@pytest.mark.parametrize(
    "value", SURROGATES, ids=["escaped", "inside", "after-escape", "high", "low"]
)
def test_lone_surrogates_are_read_as_bytes_that_are_not_utf8(value: str) -> None:
    request = parse_authorize_url(f"{AUTHORIZE}?client_id={value}&state={value}")
    assert request.client_id is not None
    assert "\ufffd" in request.client_id
    assert any("not UTF-8" in problem for problem in request.problems)
    assert lint_authorize_url(f"{AUTHORIZE}?{value}={value}")


def test_cli_lint_of_an_invalid_utf8_argument_reports_instead_of_crashing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # What the shell hands Python for `recall-outlook lint $'...client_id=\xec'`.
    argument = b"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=\xec"
    code = main(["lint", argument.decode("utf-8", "surrogateescape")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "client-id-not-guid" in out
    assert "Traceback" not in err


# -- found by the secret sweep: lint messages showed the state's URLs unmasked ---------------


def test_lint_masks_a_code_inside_a_state_url() -> None:
    state = (
        '{"recall_calendar_auth_token":"t","ms_oauth_redirect_url":"x",'
        '"success_url":"ftp://app.example.com/?code=0.AXkA-SECRET-CODE-123456789"}'
    )
    findings = lint_authorize_url(f"{AUTHORIZE}?redirect_uri=x&state={state}")
    messages = " ".join(finding.message for finding in findings)
    assert "ftp://app.example.com/?code=" in messages
    assert "SECRET-CODE" not in messages


# -- the fuzz targets as Hypothesis properties -----------------------------------------------

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(TARGETS))
@FAST
@given(data=st.binary(max_size=600))
def test_fuzz_target_holds_for_random_bytes(name: str, data: bytes) -> None:
    TARGETS[name](data)


@pytest.mark.parametrize("name", ["parse", "lint", "explain"])
@FAST
@given(text=st.text(alphabet=st.characters(exclude_categories=()), max_size=300))
def test_text_targets_hold_for_any_code_point_lone_surrogates_included(
    name: str, text: str
) -> None:
    TARGETS[name](b"\x01" + text.encode("utf-16-le", "surrogatepass"))


@FAST
@given(
    region=st.integers(0, 255),
    limit=st.integers(0, 255),
    selector=st.integers(0, 255),
    query=st.binary(max_size=2500),
)
def test_forward_target_holds_for_any_method_path_and_limit(
    region: int, limit: int, selector: int, query: bytes
) -> None:
    TARGETS["forward"](bytes([region, limit, selector]) + query)


json_leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)


@FAST
@given(st.text(max_size=400) | json_values.map(repr))
def test_manifest_target_holds_for_any_text(text: str) -> None:
    TARGETS["manifest"](b"\x00" + text.encode("utf-8", "surrogatepass"))


@FAST
@given(data=st.binary(max_size=400))
def test_manifest_target_holds_for_any_bytes_file(data: bytes) -> None:
    TARGETS["manifest"](b"\x04" + data)
