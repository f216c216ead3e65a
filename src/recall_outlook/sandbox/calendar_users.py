"""The local Recall's calendar users and its calendar auth tokens.

A calendar auth token is stateless, as Recall's is: it names the user, the time it was issued
and Recall's id of the calendar user it was issued for, signed with the workspace's key
(HMAC-SHA256, in JWT form), and is valid for one day. A second token for the same ``user_id``
names the same calendar user. Deleting a user makes its earlier tokens invalid (the id no longer
matches); Recall does not document that case, see ``recall_notes``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Final

from .config import Clock

__all__ = [
    "PLATFORMS",
    "PREFERENCE_DEFAULTS",
    "TOKEN_LIFETIME",
    "CalendarUsers",
    "TokenError",
    "sign_token",
]

TOKEN_LIFETIME: Final = 86_400.0
"""Seconds a calendar auth token stays valid: one day."""

PLATFORMS: Final = ("google", "microsoft")
"""The calendar platforms of Calendar V1, in the order the stand-in lists them."""

PREFERENCE_DEFAULTS: Final = {
    "record_non_host": False,
    "record_recurring": False,
    "record_external": False,
    "record_internal": False,
    "record_confirmed": False,
    "record_only_host": False,
    "bot_name": "Meeting Notetaker",
}
"""A new calendar user's recording preferences: nothing recorded, as Recall documents.

The values are the stand-in's choice (Recall documents only that meetings are not recorded by
default); ``bot_name`` is the default name of Recall's bots.
"""


class TokenError(Exception):
    """A calendar auth token is not valid (undecodable, forged, a day old, or of a deleted user)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_token(user_id: str, issued_at: float, key: str, *, uid: str | None = None) -> str:
    """Return a calendar auth token for ``user_id`` issued at ``issued_at``.

    Args:
        user_id: Your id of the user (Recall's ``external_id``).
        issued_at: The sandbox time it is issued at.
        key: The workspace's signing key.
        uid: Recall's id of the calendar user it is issued for.
    """
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims: dict[str, Any] = {"user_id": user_id, "iat": issued_at}
    if uid is not None:
        claims["uid"] = uid
    body = _b64(json.dumps(claims).encode())
    mac = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(mac)}"


@dataclass
class _Connection:
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    email: str | None = None
    connected: bool = False


@dataclass
class _User:
    external_id: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    connections: dict[str, _Connection] = field(default_factory=dict)
    preferences_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    preferences: dict[str, Any] = field(default_factory=lambda: dict(PREFERENCE_DEFAULTS))
    overrides: dict[str, bool] = field(default_factory=dict)


class CalendarUsers:
    """The workspace's calendar users, by ``user_id`` (Recall's ``external_id``).

    Args:
        clock: The sandbox clock, for token age.
    """

    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock
        self._users: dict[str, _User] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._users)

    def __repr__(self) -> str:
        return f"CalendarUsers(users={len(self)})"

    def verify(self, token: str, key: str) -> str:
        """Return the ``user_id`` of a valid ``token`` whose calendar user still exists.

        Raises:
            TokenError: The token is undecodable, not signed with ``key``, a day old, or
                issued for a calendar user that no longer exists.
        """
        try:
            head, body, mac = token.split(".")
            expected = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(_unb64(mac), expected):
                raise TokenError("bad signature")
            claims = json.loads(_unb64(body))
            user_id, issued_at = str(claims["user_id"]), float(claims["iat"])
            uid = claims.get("uid")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise TokenError("undecodable") from error
        if not self.clock.now() - TOKEN_LIFETIME <= issued_at <= self.clock.now() + 60:
            raise TokenError("expired")
        with self._lock:
            user = self._users.get(user_id)
        if user is None or (uid is not None and uid != user.id):
            raise TokenError("calendar user deleted")
        return user_id

    def ensure(self, user_id: str) -> str:
        """Create the calendar user for ``user_id`` if it does not exist; return Recall's id."""
        with self._lock:
            return self._users.setdefault(user_id, _User(user_id)).id

    def _get(self, user_id: str) -> _User:
        with self._lock:
            user = self._users.get(user_id)
        if user is None:
            raise TokenError("calendar user deleted")
        return user

    def connect(self, user_id: str, platform: str, email: str | None) -> None:
        """Connect ``platform`` as ``email``, or disconnect it when ``email`` is ``None``.

        A second connection of the same platform replaces the first, as in Recall, and clears
        that platform's meeting overrides.
        """
        user = self._get(user_id)
        with self._lock:
            if email is None and platform not in user.connections:
                return
            found = user.connections.setdefault(platform, _Connection())
            if email is not None and found.email != email:
                user.overrides.clear()
            found.email = email
            found.connected = email is not None

    def connected_email(self, user_id: str, platform: str) -> str | None:
        """Return the address connected on ``platform``, or ``None``."""
        user = self._get(user_id)
        with self._lock:
            found = user.connections.get(platform)
            return found.email if found is not None and found.connected else None

    def delete(self, user_id: str) -> None:
        """Delete the calendar user, and with it every connection and earlier token."""
        with self._lock:
            self._users.pop(user_id, None)

    def update_preferences(self, user_id: str, preferences: dict[str, Any]) -> None:
        """Update some of the user's recording preferences."""
        user = self._get(user_id)
        with self._lock:
            user.preferences.update(preferences)

    def preferences(self, user_id: str) -> dict[str, Any]:
        """Return a copy of the user's recording preferences."""
        user = self._get(user_id)
        with self._lock:
            return dict(user.preferences)

    def overrides(self, user_id: str) -> dict[str, bool]:
        """Return a copy of the user's ``override_should_record`` values by meeting id."""
        user = self._get(user_id)
        with self._lock:
            return dict(user.overrides)

    def set_override(self, user_id: str, meeting_id: str, value: bool | None) -> None:
        """Set (or with ``None`` clear) one meeting's ``override_should_record``."""
        user = self._get(user_id)
        with self._lock:
            if value is None:
                user.overrides.pop(meeting_id, None)
            else:
                user.overrides[meeting_id] = value

    def recall_id(self, user_id: str) -> str:
        """Return Recall's id of the calendar user."""
        return self._get(user_id).id

    def user_ids(self) -> list[str]:
        """Return every ``user_id``, oldest first."""
        with self._lock:
            return list(self._users)

    def as_json(self, user_id: str) -> dict[str, Any]:
        """Return the user as ``GET /api/v1/calendar/user/`` shows it."""
        user = self._get(user_id)
        with self._lock:
            return {
                "id": user.id,
                "external_id": user.external_id,
                "connections": [
                    {
                        "connected": found.connected,
                        "platform": name,
                        "email": found.email,
                        "id": found.id,
                    }
                    for name in PLATFORMS
                    if (found := user.connections.get(name)) is not None
                ],
                "preferences": {"id": user.preferences_id, **user.preferences},
            }
