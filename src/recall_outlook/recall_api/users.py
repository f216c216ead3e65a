"""Recall's calendar user as a typed, frozen value: connections and recording preferences.

Built from Recall's JSON with ``from_json``; fields Recall documents are attributes, any other
lands in ``extra``, and ``None`` stays ``None`` (an ``external_id`` of ``null`` is not the
string ``"None"``). Reference: https://docs.recall.ai/reference/calendar_user_retrieve.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ._values import flag, rest, text

__all__ = ["PREFERENCE_FLAGS", "CalendarUser", "Connection", "Platform", "Preferences"]

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
            connected=flag(data.get("connected")),
            email=text(data.get("email")),
            id=text(data.get("id")),
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
            id=text(data.get("id")),
            flags={k: data[k] for k in PREFERENCE_FLAGS if isinstance(data.get(k), bool)},
            bot_name=text(data.get("bot_name")),
            extra=rest(data, ("id", *PREFERENCE_FLAGS, "bot_name")),
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
            with [`connection`][]).
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
            external_id=text(data.get("external_id")),
            connections=tuple(
                Connection.from_json(item)
                for item in (connections if isinstance(connections, list) else ())
                if isinstance(item, Mapping)
            ),
            preferences=Preferences.from_json(
                preferences if isinstance(preferences, Mapping) else {}
            ),
            extra=rest(data, _USER_FIELDS),
        )
