"""The sample calendar of a connected Outlook account, as Recall's Calendar V1 shows it.

Once a calendar user's Microsoft calendar is connected, the stand-in lists six meetings chosen
so that every recording rule has something to decide: a recurring internal Teams meeting you
host, an external Zoom call you were invited to, a tentative internal review, a lunch without a
meeting link, an external Google Meet you host and a meeting that has ended. The field names
and value sets are Recall's (https://docs.recall.ai/reference/calendar_meetings_list; meeting
platforms as Recall's demo types them); the events themselves are invented. ``platform``
repeats ``meeting_platform``, as Recall's demo types both fields, and the invites of the other
platforms are ``null``: both are the stand-in's choices.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from typing import Any, Final, Literal

from .recording_rules import MeetingFacts, decide

__all__ = ["MEETING_PLATFORMS", "SAMPLE_EVENTS", "SampleEvent", "calendar_meetings"]

MEETING_PLATFORMS: Final = ("zoom", "microsoft_teams", "google_meet")
"""The meeting platforms of Recall's demo app (``MeetingPlatform`` in its ``models.ts``)."""

_HOUR: Final = 3600
_DAY: Final = 86_400


@dataclass(frozen=True)
class SampleEvent:
    """One event of the sample calendar.

    Attributes:
        key: Stable name, from which ids derive.
        title: The event's title.
        offset: Seconds from the next full hour to its start (negative: in the past).
        minutes: Its length.
        link: Its meeting platform, or ``None`` for an event without a meeting link.
        organizer: ``me``, a ``colleague`` (same domain) or a ``guest`` (another domain).
        guests: Who else attends, by the same names.
        recurring: Whether it is an occurrence of a recurring event.
        my_status: The connected account's answer.
        visibility: Outlook's sensitivity, as Recall names it.
    """

    key: str
    title: str
    offset: int
    minutes: int
    link: str | None
    organizer: Literal["me", "colleague", "guest"]
    guests: tuple[Literal["me", "colleague", "guest"], ...]
    recurring: bool = False
    my_status: str = "accepted"
    visibility: str = "normal"


SAMPLE_EVENTS: Final = (
    SampleEvent(
        "weekly-sync",
        "Weekly sync",
        _DAY,
        30,
        "microsoft_teams",
        "me",
        ("colleague",),
        recurring=True,
    ),
    SampleEvent("customer-call", "Customer call", _DAY + 2 * _HOUR, 45, "zoom", "guest", ("me",)),
    SampleEvent(
        "design-review",
        "Design review",
        2 * _DAY,
        60,
        "microsoft_teams",
        "colleague",
        ("me",),
        my_status="tentative",
    ),
    SampleEvent("team-lunch", "Team lunch", 2 * _DAY + 3 * _HOUR, 60, None, "colleague", ("me",)),
    SampleEvent(
        "partner-intro",
        "Partner intro",
        3 * _DAY,
        30,
        "google_meet",
        "me",
        ("guest",),
        visibility="private",
    ),
    SampleEvent(
        "sprint-retro",
        "Sprint retro",
        -_DAY,
        45,
        "microsoft_teams",
        "me",
        ("colleague",),
        recurring=True,
    ),
)
"""The sample calendar, in the order Recall lists meetings (by start time, once sorted)."""


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _digits(seed: str, count: int) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:count]


def _invites(link: str | None, seed: str, tenant: str) -> dict[str, Any]:
    return {
        "zoom_invite": {"meeting_id": _digits(seed, 10), "meeting_password": "sandbox"}
        if link == "zoom"
        else None,
        "teams_invite": {
            "organizer_id": str(uuid.uuid5(uuid.NAMESPACE_URL, seed + "/organizer")),
            "tenant_id": tenant,
            "message_id": "0",
            "thread_id": f"19:meeting_{hashlib.sha256(seed.encode()).hexdigest()[:32]}@thread.v2",
        }
        if link == "microsoft_teams"
        else None,
        "meet_invite": {"meeting_id": "abc-defg-hij"} if link == "google_meet" else None,
        "webex_invite": None,
    }


def calendar_meetings(
    *,
    user_id: str,
    email: str,
    now: float,
    preferences: dict[str, Any],
    overrides: dict[str, bool],
    tenant: str = "00000000-0000-0000-0000-000000000000",
) -> list[dict[str, Any]]:
    """Return the sample calendar of ``email`` as Recall's meeting objects, by start time.

    Args:
        user_id: Recall's id of the calendar user (meeting ids derive from it).
        email: The connected Outlook address.
        now: The sandbox time (the next full hour anchors the events).
        preferences: The user's recording preferences.
        overrides: ``override_should_record`` by meeting id.
        tenant: The Microsoft tenant id shown in Teams invites.
    """
    local, _, domain = email.partition("@")
    other = "fabrikam.com" if domain != "fabrikam.com" else "contoso.com"
    people = {
        "me": (email, local.title()),
        "colleague": (f"alan@{domain}", "Alan Turing"),
        "guest": (f"lee@{other}", "Lee Chen"),
    }
    anchor = int(now) // _HOUR * _HOUR + _HOUR
    meetings = []
    for event in SAMPLE_EVENTS:
        meeting_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"recall-sandbox/{user_id}/{event.key}"))
        start = anchor + event.offset
        end = start + event.minutes * 60
        names = dict.fromkeys((event.organizer, *event.guests))
        attendees = [
            {
                "name": people[who][1],
                "email": people[who][0],
                "is_organizer": who == event.organizer,
                "status": event.my_status if who == "me" else "accepted",
            }
            for who in names
        ]
        host_domain = people[event.organizer][0].partition("@")[2]
        facts = MeetingFacts(
            has_link=event.link is not None,
            ended=end <= now,
            is_hosted_by_me=event.organizer == "me",
            is_external=any(people[w][0].partition("@")[2] != host_domain for w in names),
            is_recurring=event.recurring,
            my_status=event.my_status,
        )
        override = overrides.get(meeting_id)
        will_record, reason = decide(facts, preferences, override)
        seed = f"{user_id}/{event.key}"
        meetings.append(
            {
                "id": meeting_id,
                "override_should_record": override,
                "title": event.title,
                "will_record": will_record,
                "will_record_reason": reason,
                "start_time": _iso(start),
                "end_time": _iso(end),
                "platform": event.link,
                "platform_id": "AAMkAGI2" + hashlib.sha256(seed.encode()).hexdigest()[:40],
                "meeting_platform": event.link,
                "calendar_platform": "microsoft",
                **_invites(event.link, seed, tenant),
                "bot_id": str(uuid.uuid5(uuid.NAMESPACE_URL, seed + "/bot"))
                if will_record
                else None,
                "is_external": facts.is_external,
                "is_hosted_by_me": facts.is_hosted_by_me,
                "is_recurring": event.recurring,
                "organizer_email": people[event.organizer][0],
                "attendee_emails": [a["email"] for a in attendees],
                "attendees": attendees,
                "ical_uid": "040000008200E00074C5B7101A82E008" + _digits(seed, 24),
                "visibility": event.visibility,
            }
        )
    return sorted(meetings, key=lambda m: str(m["start_time"]))
