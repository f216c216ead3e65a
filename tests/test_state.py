from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook import CalendarState, StateError

from .strategies import printable

TOKEN = "eyJhbGciOiJIUzI1NiJ9.sample-calendar-token.signature"


def test_serialises_like_json_stringify_in_key_order() -> None:
    state = CalendarState(
        recall_calendar_auth_token="tok",
        ms_oauth_redirect_url="https://app.example.com/cb",
        success_url="https://app.example.com/ok?x=1&y=2",
        error_url="https://app.example.com/err",
    )
    assert state.to_json() == (
        '{"recall_calendar_auth_token":"tok","ms_oauth_redirect_url":"https://app.example.com/cb",'
        '"success_url":"https://app.example.com/ok?x=1&y=2","error_url":"https://app.example.com/err"}'
    )


def test_unset_optional_keys_are_left_out() -> None:
    state = CalendarState(recall_calendar_auth_token="t", ms_oauth_redirect_url="u", error_url="e")
    assert json.loads(state.to_json()) == {
        "recall_calendar_auth_token": "t",
        "ms_oauth_redirect_url": "u",
        "error_url": "e",
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (
            {"recall_calendar_auth_token": "", "ms_oauth_redirect_url": "u"},
            "recall_calendar_auth_token",
        ),
        ({"recall_calendar_auth_token": "t", "ms_oauth_redirect_url": ""}, "ms_oauth_redirect_url"),
        (
            {"recall_calendar_auth_token": "t", "ms_oauth_redirect_url": "u", "success_url": ""},
            "success_url",
        ),
        (
            {"recall_calendar_auth_token": "t", "ms_oauth_redirect_url": "u", "error_url": 3},
            "error_url",
        ),
    ],
)
def test_validation_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(StateError) as caught:
        CalendarState(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", None),
        ("[1]", None),
        ('{"ms_oauth_redirect_url":"u"}', "recall_calendar_auth_token"),
        ('{"recall_calendar_auth_token":"t"}', "ms_oauth_redirect_url"),
        (
            '{"recall_calendar_auth_token":"t","ms_oauth_redirect_url":"u","google_oauth_redirect_url":"g"}',
            "google_oauth_redirect_url",
        ),
        (
            '{"recall_calendar_auth_token":"t","ms_oauth_redirect_url":"u","success_url":null}',
            "success_url",
        ),
        (
            '{"recall_calendar_auth_token":5,"ms_oauth_redirect_url":"u"}',
            "recall_calendar_auth_token",
        ),
    ],
)
def test_parse_errors_name_the_field(text: str, field: str | None) -> None:
    with pytest.raises(StateError) as caught:
        CalendarState.from_json(text)
    assert caught.value.field == field


def test_repr_masks_the_token() -> None:
    state = CalendarState(recall_calendar_auth_token=TOKEN, ms_oauth_redirect_url="u")
    assert TOKEN not in repr(state)
    assert TOKEN not in str(state.masked())


def test_replace_returns_a_validated_copy() -> None:
    state = CalendarState(recall_calendar_auth_token="t", ms_oauth_redirect_url="u")
    assert state.replace(success_url="s").success_url == "s"
    assert state.success_url is None
    with pytest.raises(StateError):
        state.replace(ms_oauth_redirect_url="")


@given(
    token=printable,
    redirect=printable,
    success=st.none() | printable,
    error=st.none() | printable,
)
def test_round_trip(token: str, redirect: str, success: str | None, error: str | None) -> None:
    state = CalendarState(
        recall_calendar_auth_token=token,
        ms_oauth_redirect_url=redirect,
        success_url=success,
        error_url=error,
    )
    assert CalendarState.from_json(state.to_json()) == state


def _random_text(rng: random.Random) -> str:
    pools = [
        "abcXYZ019 -_/:?&=#%+",
        '"\\\b\f\n\r\t\x00\x01\x1f\x7f',
        "éß中文😀\u2028\u2029\ufeff",
        "\ud800\udc00\udfff",  # lone surrogates, as JavaScript strings may hold
    ]
    return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(1, 12)))


@pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed: no JavaScript to compare with"
)
def test_matches_javascript_json_stringify() -> None:
    rng = random.Random(20261128)
    states = [
        CalendarState(
            recall_calendar_auth_token=_random_text(rng),
            ms_oauth_redirect_url=_random_text(rng),
            success_url=_random_text(rng) if rng.random() < 0.5 else None,
            error_url=_random_text(rng) if rng.random() < 0.5 else None,
        )
        for _ in range(300)
    ]
    # Python's ensure_ascii output is valid JavaScript source for the same strings.
    literal = json.dumps([state.as_dict() for state in states])
    script = f"for (const o of {literal}) console.log(JSON.stringify(JSON.stringify(o)));"
    node = shutil.which("node")
    assert node is not None
    lines = subprocess.run(
        [node, "-e", script],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
        errors="surrogateescape",
    ).stdout.split("\n")[:-1]
    assert [json.loads(line) for line in lines] == [state.to_json() for state in states]
