"""The local Recall's calendar users and its calendar auth tokens.

A calendar auth token is stateless, as Recall's is: it names the user and the time it was
issued, signed with the workspace's key (HMAC-SHA256, in JWT form), and is valid for one day.
A second token for the same ``user_id`` names the same calendar user.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Final

from .config import Clock

__all__ = [
    "PREFERENCE_DEFAULTS",
    "TOKEN_LIFETIME",
    "CalendarUsers",
    "TokenError",
    "sign_token",
]

TOKEN_LIFETIME: Final = 86_400.0
"""Seconds a calendar auth token stays valid: one day."""

PREFERENCE_DEFAULTS: Final = {
    "record_non_host": False,
    "record_recurring": True,
    "record_external": True,
    "record_internal": True,
    "record_confirmed": False,
    "record_only_host": False,
    "bot_name": "Meeting Notetaker",
}
"""A new calendar user's recording preferences."""


class TokenError(Exception):
    """A calendar auth token is not valid (undecodable, forged or older than a day)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def sign_token(user_id: str, issued_at: float, key: str) -> str:
    """Return a calendar auth token for ``user_id`` issued at ``issued_at``."""
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps({"user_id": user_id, "iat": issued_at}).encode())
    mac = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(mac)}"


@dataclass
class _User:
    external_id: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    emails: dict[str, str | None] = field(
        default_factory=lambda: {"google": None, "microsoft": None}
    )
    connected: dict[str, bool] = field(
        default_factory=lambda: {"google": False, "microsoft": False}
    )
    preferences: dict[str, Any] = field(default_factory=lambda: dict(PREFERENCE_DEFAULTS))


class CalendarUsers:
    """The workspace's calendar users, by ``user_id`` (Recall's ``external_id``).

    Args:
        clock: The sandbox clock, for token age and meeting times.
    """

    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock
        self._users: dict[str, _User] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._users)

    def verify(self, token: str, key: str) -> str:
        """Return the ``user_id`` of a valid ``token``.

        Raises:
            TokenError: The token is undecodable, not signed with ``key``, or a day old.
        """
        try:
            head, body, mac = token.split(".")
            expected = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(_unb64(mac), expected):
                raise TokenError("bad signature")
            claims = json.loads(_unb64(body))
            user_id, issued_at = str(claims["user_id"]), float(claims["iat"])
        except (ValueError, KeyError, TypeError) as error:
            raise TokenError("undecodable") from error
        if self.clock.now() - issued_at > TOKEN_LIFETIME:
            raise TokenError("expired")
        return user_id

    def ensure(self, user_id: str) -> None:
        """Create the calendar user for ``user_id`` if it does not exist."""
        with self._lock:
            self._users.setdefault(user_id, _User(user_id))

    def _get(self, user_id: str) -> _User:
        with self._lock:
            return self._users.setdefault(user_id, _User(user_id))

    def connect(self, user_id: str, platform: str, email: str | None) -> None:
        """Connect ``platform`` as ``email``, or disconnect it when ``email`` is ``None``.

        A second connection of the same platform replaces the first, as in Recall.
        """
        user = self._get(user_id)
        with self._lock:
            user.emails[platform] = email
            user.connected[platform] = email is not None

    def delete(self, user_id: str) -> None:
        """Delete the calendar user and with it every connection."""
        with self._lock:
            self._users.pop(user_id, None)

    def update_preferences(self, user_id: str, preferences: dict[str, Any]) -> None:
        """Update some of the user's recording preferences."""
        user = self._get(user_id)
        with self._lock:
            user.preferences.update(preferences)

    def as_json(self, user_id: str) -> dict[str, Any]:
        """Return the user as ``GET /api/v1/calendar/user/`` shows it."""
        user = self._get(user_id)
        with self._lock:
            return {
                "id": user.id,
                "external_id": user.external_id,
                "connections": [
                    {
                        "platform": name,
                        "connected": user.connected[name],
                        "email": user.emails[name],
                    }
                    for name in ("google", "microsoft")
                ],
                "preferences": dict(user.preferences),
            }

    def meetings(self, user_id: str) -> list[dict[str, Any]]:
        """Return the user's upcoming meetings: two sample ones once Outlook is connected."""
        user = self._get(user_id)
        if not user.connected["microsoft"]:
            return []
        start = int(self.clock.now()) // 3600 * 3600 + 3600
        return [
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{user.id}/{number}")),
                "title": title,
                "platform": "microsoft",
                "meeting_platform": "teams",
                "meeting_url": f"https://teams.microsoft.com/l/meetup-join/sandbox-{number}",
                "start_time": _iso(start + number * 86_400),
                "end_time": _iso(start + number * 86_400 + 1800),
                "will_record": True,
                "override_should_record": None,
                "bot_id": None,
            }
            for number, title in enumerate(("Weekly sync", "Customer call"))
        ]
