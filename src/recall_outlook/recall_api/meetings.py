"""Recall's calendar meeting as a typed, frozen value.

Built from Recall's JSON with ``from_json``; fields Recall documents are attributes, any other
lands in ``extra``. Reference: https://docs.recall.ai/reference/calendar_meetings_list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from ._values import flag, json_object, rest, text, time_of

__all__ = ["Attendee", "Meeting"]


@dataclass(frozen=True)
class Attendee:
    """One attendee of a meeting.

    Attributes:
        email: The attendee's address.
        name: The attendee's name.
        is_organizer: Whether the attendee organizes the meeting.
        status: ``accepted``, ``declined``, ``tentative`` or ``not_available``.
    """

    email: str | None
    name: str | None = None
    is_organizer: bool = False
    status: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Attendee:
        """Build from one item of Recall's ``attendees``."""
        return cls(
            email=text(data.get("email")),
            name=text(data.get("name")),
            is_organizer=flag(data.get("is_organizer")),
            status=text(data.get("status")),
        )


_MEETING_FIELDS: Final = (
    "id",
    "title",
    "start_time",
    "end_time",
    "will_record",
    "will_record_reason",
    "override_should_record",
    "bot_id",
    "platform",
    "platform_id",
    "meeting_platform",
    "calendar_platform",
    "ical_uid",
    "is_external",
    "is_hosted_by_me",
    "is_recurring",
    "organizer_email",
    "attendee_emails",
    "attendees",
    "visibility",
    "zoom_invite",
    "teams_invite",
    "meet_invite",
    "webex_invite",
)


@dataclass(frozen=True)
class Meeting:
    """A calendar meeting of a calendar user, in Recall's Calendar V1 shape.

    Attributes:
        id: Recall's id of the meeting.
        title: Its title.
        start_time: When it starts (``None`` if Recall sent no readable time).
        end_time: When it ends.
        will_record: Whether a Recall bot will record it.
        will_record_reason: Recall's reason for ``will_record``.
        override_should_record: ``True``/``False`` to force recording on or off, ``None`` to
            let the recording preferences decide.
        bot_id: The bot scheduled to join, when ``will_record``.
        platform: Recall's ``platform`` field.
        platform_id: The event's id at the calendar platform.
        meeting_platform: ``zoom``, ``microsoft_teams``, ``google_meet``, ...
        calendar_platform: ``google`` or ``microsoft``.
        ical_uid: The event's iCalendar UID.
        is_external: Whether an attendee's email domain differs from the host's.
        is_hosted_by_me: Whether the connected account hosts it.
        is_recurring: Whether it is an occurrence of a recurring event.
        organizer_email: The organizer's address.
        attendee_emails: Every attendee's address.
        attendees: Every attendee, with their answer.
        visibility: ``normal``, ``personal``, ``private``, ``confidential`` (Outlook), or
            ``None``.
        zoom_invite: The Zoom invite's details, if any.
        teams_invite: The Teams invite's details, if any.
        meet_invite: The Google Meet invite's details, if any.
        webex_invite: The Webex invite's details, if any.
        extra: Fields Recall sent that are not documented.
    """

    id: str
    title: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    will_record: bool = False
    will_record_reason: str | None = None
    override_should_record: bool | None = None
    bot_id: str | None = None
    platform: str | None = None
    platform_id: str | None = None
    meeting_platform: str | None = None
    calendar_platform: str | None = None
    ical_uid: str | None = None
    is_external: bool = False
    is_hosted_by_me: bool = False
    is_recurring: bool = False
    organizer_email: str | None = None
    attendee_emails: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    visibility: str | None = None
    zoom_invite: Mapping[str, Any] | None = None
    teams_invite: Mapping[str, Any] | None = None
    meet_invite: Mapping[str, Any] | None = None
    webex_invite: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Meeting:
        """Build from Recall's JSON meeting object."""
        override = data.get("override_should_record")
        emails = data.get("attendee_emails")
        attendees = data.get("attendees")
        return cls(
            id=str(data.get("id", "")),
            title=text(data.get("title")),
            start_time=time_of(data.get("start_time")),
            end_time=time_of(data.get("end_time")),
            will_record=flag(data.get("will_record")),
            will_record_reason=text(data.get("will_record_reason")),
            override_should_record=override if isinstance(override, bool) else None,
            bot_id=text(data.get("bot_id")),
            platform=text(data.get("platform")),
            platform_id=text(data.get("platform_id")),
            meeting_platform=text(data.get("meeting_platform")),
            calendar_platform=text(data.get("calendar_platform")),
            ical_uid=text(data.get("ical_uid")),
            is_external=flag(data.get("is_external")),
            is_hosted_by_me=flag(data.get("is_hosted_by_me")),
            is_recurring=flag(data.get("is_recurring")),
            organizer_email=text(data.get("organizer_email")),
            attendee_emails=tuple(
                e for e in (emails if isinstance(emails, list) else ()) if isinstance(e, str)
            ),
            attendees=tuple(
                Attendee.from_json(a)
                for a in (attendees if isinstance(attendees, list) else ())
                if isinstance(a, Mapping)
            ),
            visibility=text(data.get("visibility")),
            zoom_invite=json_object(data.get("zoom_invite")),
            teams_invite=json_object(data.get("teams_invite")),
            meet_invite=json_object(data.get("meet_invite")),
            webex_invite=json_object(data.get("webex_invite")),
            extra=rest(data, _MEETING_FIELDS),
        )
