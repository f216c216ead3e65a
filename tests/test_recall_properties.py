"""Properties of what parses Recall's answers, hides secrets and decides recording."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from recall_outlook.recall_api import CalendarUser, Meeting
from recall_outlook.recall_api._answers import _retry_after
from recall_outlook.recall_api._http import scrub
from recall_outlook.recall_api.meetings import _MEETING_FIELDS
from recall_outlook.sandbox.rate_limits import LIMITS, RateLimiter
from recall_outlook.sandbox.recording_rules import MAIN_RULES, MeetingFacts, decide
from tests.strategies import any_text, json_objects, json_values

PREFERENCES = (*MAIN_RULES, "record_confirmed", "record_only_host")


@given(json_objects)
def test_any_object_reads_as_a_meeting_and_keeps_unknown_fields(data: dict[str, Any]) -> None:
    meeting = Meeting.from_json(data)
    assert dict(meeting.extra) == {k: v for k, v in data.items() if k not in _MEETING_FIELDS}
    assert isinstance(meeting.will_record, bool)
    assert meeting.override_should_record in (True, False, None)


@given(json_objects, json_values)
def test_any_object_reads_as_a_calendar_user(data: dict[str, Any], nested: Any) -> None:
    user = CalendarUser.from_json({**data, "preferences": nested, "connections": nested})
    assert user.external_id is None or isinstance(user.external_id, str)
    assert all(isinstance(c.connected, bool) for c in user.connections)
    assert dict(user.preferences) == user.preferences.as_json()


@given(any_text, st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
@example(text="", key="*", token="0")  # the token's mask '***' wrote the key '*' back (CI)
def test_scrub_leaves_no_secret(text: str, key: str, token: str) -> None:
    shown = scrub(f"{key}{text}{token}{text}{key}", [key, token])
    assert key not in shown
    assert token not in shown
    nested = scrub({"detail": [text + token], token: {"x": token}}, [token])
    assert all(token not in part for part in strings(nested))


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(s for item in value.values() for s in strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


@given(any_text)
def test_retry_after_never_raises(value: str) -> None:
    seconds = _retry_after(value)
    assert seconds is None or seconds >= 0


facts = st.builds(
    MeetingFacts,
    has_link=st.booleans(),
    ended=st.booleans(),
    is_hosted_by_me=st.booleans(),
    is_external=st.booleans(),
    is_recurring=st.booleans(),
    my_status=st.sampled_from(["accepted", "tentative", "declined", "not_available", None]),
)
preferences = st.fixed_dictionaries({name: st.booleans() for name in PREFERENCES})


@given(facts, preferences, st.sampled_from([True, False, None]))
def test_recording_follows_recall_documented_rules(
    meeting: MeetingFacts, chosen: dict[str, bool], override: bool | None
) -> None:
    will_record, reason = decide(meeting, chosen, override)
    assert reason
    if not meeting.has_link or meeting.ended:  # prerequisites come before everything
        assert not will_record
    elif override is not None:  # then the override wins
        assert will_record is override
    elif not any(chosen[name] for name in MAIN_RULES):  # not recorded by default
        assert not will_record
    if will_record and override is None:  # every preference set to true is met
        assert not (chosen["record_non_host"] and meeting.is_hosted_by_me)
        assert not (chosen["record_recurring"] and not meeting.is_recurring)
        assert not (chosen["record_only_host"] and not meeting.is_hosted_by_me)
        assert not (chosen["record_confirmed"] and meeting.my_status != "accepted")
        if meeting.is_external:
            assert chosen["record_external"] or not chosen["record_internal"]
        else:
            assert chosen["record_internal"] or not chosen["record_external"]


@given(st.lists(st.floats(min_value=0, max_value=600), max_size=400))
def test_no_window_admits_more_than_the_limit(gaps: list[float]) -> None:
    moment = [0.0]
    limiter = RateLimiter(lambda: moment[0])
    admitted = []
    for gap in gaps:
        moment[0] += gap / 100
        if limiter.check("calendar_users_list", "workspace") is None:
            admitted.append(moment[0])
    limit = LIMITS["calendar_users_list"]
    for index, start in enumerate(admitted):
        inside = [t for t in admitted[index:] if t < start + limit.window]
        assert len(inside) <= limit.requests
