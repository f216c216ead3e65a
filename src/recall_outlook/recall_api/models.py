"""Recall's Calendar V1 objects as typed, frozen values: calendar users and meetings.

Each value is built from Recall's JSON with ``from_json`` and keeps the fields Recall's API
reference documents as attributes; any other field Recall sends lands in ``extra``, so nothing
is lost when Recall adds one. ``None`` stays ``None`` (an ``external_id`` of ``null`` is not the
string ``"None"``). References: https://docs.recall.ai/reference/calendar_user_retrieve and
https://docs.recall.ai/reference/calendar_meetings_list.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

__all__ = [
    "PREFERENCE_FLAGS",
    "Attendee",
    "CalendarUser",
    "Connection",
    "Meeting",
    "Platform",
    "Preferences",
]

Platform = Literal["google", "microsoft"]
"""A calendar platform of Calendar V1."""

PREFERENCE_FLAGS: Final = (
    "record_non_host",
    "record_recurring",
    "record_external",
    "record_internal",
    "record_confirmed",
    "record_only_host",
)
"""The recording preferences Recall documents, in its order."""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _flag(value: object) -> bool:
    return value is True


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _object(value: object) -> Mapping[str, Any] | None:
    return dict(value) if isinstance(value, Mapping) else None


def _rest(data: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in known}


@dataclass(frozen=True)
class Connection:
    """One calendar connection of a calendar user.

    Attributes:
        platform: ``google`` or ``microsoft``.
        connected: Whether it is connected.
        email: The connected account's address (``None`` when Recall sends none).
        id: Recall's id of the connection.
    """

    platform: str
    connected: bool
    email: str | None = None
    id: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Connection:
        """Build from one item of Recall's ``connections``."""
        return cls(
            platform=str(data.get("platform", "")),
            connected=_flag(data.get("connected")),
            email=_text(data.get("email")),
            id=_text(data.get("id")),
        )


@dataclass(frozen=True)
class Preferences(Mapping[str, Any]):
    """A calendar user's recording preferences; also a read-only mapping of Recall's keys.

    Attributes:
        id: Recall's id of the preferences object.
        flags: Each ``record_*`` preference Recall sent, by name.
        bot_name: The name calendar bots join with.
        extra: Fields Recall sent that are not documented.
    """

    id: str | None = None
    flags: Mapping[str, bool] = field(default_factory=dict)
    bot_name: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Preferences:
        """Build from Recall's ``preferences`` object."""
        return cls(
            id=_text(data.get("id")),
            flags={k: data[k] for k in PREFERENCE_FLAGS if isinstance(data.get(k), bool)},
            bot_name=_text(data.get("bot_name")),
            extra=_rest(data, ("id", *PREFERENCE_FLAGS, "bot_name")),
        )

    def as_json(self) -> dict[str, Any]:
        """Return the object as Recall sent it (what Recall's demo PUTs back)."""
        data: dict[str, Any] = {} if self.id is None else {"id": self.id}
        data.update(self.flags)
        if self.bot_name is not None:
            data["bot_name"] = self.bot_name
        data.update(self.extra)
        return data

    def __getitem__(self, key: str) -> Any:  # noqa: ANN401 - a JSON value
        """Return the value Recall sent for ``key``."""
        return self.as_json()[key]

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys Recall sent."""
        return iter(self.as_json())

    def __len__(self) -> int:
        """Return how many keys Recall sent."""
        return len(self.as_json())


_USER_FIELDS: Final = ("id", "external_id", "connections", "preferences")


@dataclass(frozen=True)
class CalendarUser:
    """A Recall calendar user, as ``GET /api/v1/calendar/user/`` shows it.

    Attributes:
        id: Recall's id of the user.
        external_id: Your ``user_id`` (``None`` if Recall sends ``null``).
        connections: Its calendar connections (Recall lists a platform or not: look one up
            with :meth:`connection`).
        preferences: Its recording preferences.
        extra: Fields Recall sent that are not documented.
    """

    id: str
    external_id: str | None
    connections: tuple[Connection, ...] = ()
    preferences: Preferences = field(default_factory=Preferences)
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def connection(self, platform: Platform) -> Connection | None:
        """Return the connection of ``platform``, or ``None`` when Recall lists none."""
        return next((c for c in self.connections if c.platform == platform), None)

    def connected_email(self, platform: Platform = "microsoft") -> str | None:
        """Return the address connected on ``platform``, or ``None`` when not connected."""
        found = self.connection(platform)
        return found.email if found is not None and found.connected else None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CalendarUser:
        """Build from Recall's JSON answer."""
        connections = data.get("connections")
        preferences = data.get("preferences")
        return cls(
            id=str(data.get("id", "")),
            external_id=_text(data.get("external_id")),
            connections=tuple(
                Connection.from_json(item)
                for item in (connections if isinstance(connections, list) else ())
                if isinstance(item, Mapping)
            ),
            preferences=Preferences.from_json(
                preferences if isinstance(preferences, Mapping) else {}
            ),
            extra=_rest(data, _USER_FIELDS),
        )


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
            email=_text(data.get("email")),
            name=_text(data.get("name")),
            is_organizer=_flag(data.get("is_organizer")),
            status=_text(data.get("status")),
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
            title=_text(data.get("title")),
            start_time=_time(data.get("start_time")),
            end_time=_time(data.get("end_time")),
            will_record=_flag(data.get("will_record")),
            will_record_reason=_text(data.get("will_record_reason")),
            override_should_record=override if isinstance(override, bool) else None,
            bot_id=_text(data.get("bot_id")),
            platform=_text(data.get("platform")),
            platform_id=_text(data.get("platform_id")),
            meeting_platform=_text(data.get("meeting_platform")),
            calendar_platform=_text(data.get("calendar_platform")),
            ical_uid=_text(data.get("ical_uid")),
            is_external=_flag(data.get("is_external")),
            is_hosted_by_me=_flag(data.get("is_hosted_by_me")),
            is_recurring=_flag(data.get("is_recurring")),
            organizer_email=_text(data.get("organizer_email")),
            attendee_emails=tuple(
                e for e in (emails if isinstance(emails, list) else ()) if isinstance(e, str)
            ),
            attendees=tuple(
                Attendee.from_json(a)
                for a in (attendees if isinstance(attendees, list) else ())
                if isinstance(a, Mapping)
            ),
            visibility=_text(data.get("visibility")),
            zoom_invite=_object(data.get("zoom_invite")),
            teams_invite=_object(data.get("teams_invite")),
            meet_invite=_object(data.get("meet_invite")),
            webex_invite=_object(data.get("webex_invite")),
            extra=_rest(data, _MEETING_FIELDS),
        )
