"""Whether Recall records a calendar meeting: its documented rules, and where they stop.

From https://docs.recall.ai/docs/calendar-v1-recording-preferences, in order:

1. Prerequisites: a valid meeting link, a start and an end, not cancelled, not ended.
2. ``override_should_record``: ``true`` records, ``false`` does not, ``null`` lets the
   preferences decide.
3. Preferences: meetings are not recorded by default; only preferences set to ``true`` are
   evaluated, and the meeting is recorded if all of them are met. ``record_non_host``,
   ``record_external``, ``record_internal``, ``record_recurring`` are the rules;
   ``record_confirmed`` and ``record_only_host`` filter the meetings that pass them.

Recall's own "Record all meetings" combination turns on ``record_external`` and
``record_internal`` together, which no meeting could meet both of; the stand-in therefore reads
those two as one either-or condition. That reading, and the wording of each reason, are the
stand-in's (Recall documents ``will_record_reason`` as a string, not its values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

__all__ = ["MAIN_RULES", "MeetingFacts", "decide"]

MAIN_RULES: Final = ("record_non_host", "record_external", "record_internal", "record_recurring")
"""The preferences that choose meetings; the other two only filter."""


@dataclass(frozen=True)
class MeetingFacts:
    """What the rules look at in one meeting.

    Attributes:
        has_link: It carries a meeting link Recall can join.
        ended: It is over.
        is_hosted_by_me: The connected account organizes it.
        is_external: An attendee's email domain differs from the host's.
        is_recurring: It is an occurrence of a recurring event.
        my_status: The connected account's answer (``accepted``, ``tentative``, ...).
    """

    has_link: bool
    ended: bool
    is_hosted_by_me: bool
    is_external: bool
    is_recurring: bool
    my_status: str | None


def _main_rule_fails(facts: MeetingFacts, on: Mapping[str, bool]) -> str | None:
    if on.get("record_non_host") and facts.is_hosted_by_me:
        return "record_non_host is on and you host this meeting"
    if on.get("record_recurring") and not facts.is_recurring:
        return "record_recurring is on and this meeting does not recur"
    external, internal = bool(on.get("record_external")), bool(on.get("record_internal"))
    if (external or internal) and not (
        (external and facts.is_external) or (internal and not facts.is_external)
    ):
        if facts.is_external:
            return "only record_internal is on and this meeting has an external attendee"
        return "only record_external is on and every attendee is internal"
    return None


def decide(
    facts: MeetingFacts, preferences: Mapping[str, object], override: bool | None
) -> tuple[bool, str]:
    """Return ``(will_record, will_record_reason)`` for one meeting.

    Args:
        facts: The meeting.
        preferences: The calendar user's recording preferences (missing keys count as off).
        override: The meeting's ``override_should_record``.
    """
    if not facts.has_link:
        return False, "no meeting link: Recall records only meetings with a valid meeting link"
    if facts.ended:
        return False, "the meeting has ended"
    if override is True:
        return True, "override_should_record is true"
    if override is False:
        return False, "override_should_record is false"
    on = {
        name: preferences.get(name) is True
        for name in (*MAIN_RULES, "record_confirmed", "record_only_host")
    }
    chosen = [name for name in MAIN_RULES if on[name]]
    if not chosen:
        return False, "no recording preference is on: Recall records no meeting by default"
    failed = _main_rule_fails(facts, on)
    if failed is not None:
        return False, failed
    if on["record_only_host"] and not facts.is_hosted_by_me:
        return False, "record_only_host is on and you do not host this meeting"
    if on["record_confirmed"] and facts.my_status != "accepted":
        return False, "record_confirmed is on and you have not accepted this meeting"
    return True, "matches " + ", ".join(chosen)
