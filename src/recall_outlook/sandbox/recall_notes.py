"""Where the stand-in's Recall goes beyond what Recall documents: one catalog, many views.

Each [`StandInNote`][] says what Recall documents, what the stand-in does, and where to
check. The stand-in sends the note's key and summary in an ``X-Sandbox-Note`` header on every
answer that rests on it, so the sandbox's trace shows it on the hop; the docs page on the local
Recall is generated from the same table. Apps must not depend on anything marked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["NOTE_HEADER", "STAND_IN_NOTES", "StandInNote", "note_header", "notes_markdown"]

NOTE_HEADER: Final = "X-Sandbox-Note"
"""The response header naming the notes an answer rests on."""

_FAQ: Final = "https://docs.recall.ai/docs/calendar-v1-faq"
_PREFS: Final = "https://docs.recall.ai/docs/calendar-v1-recording-preferences"
_REF: Final = "https://docs.recall.ai/reference/"


@dataclass(frozen=True)
class StandInNote:
    """One behaviour of the stand-in that Recall's documentation does not settle.

    Attributes:
        key: A short stable name.
        summary: What the stand-in does, in one line (sent in ``X-Sandbox-Note``).
        recall: What Recall documents about it.
        source: Where to check.
    """

    key: str
    summary: str
    recall: str
    source: str


STAND_IN_NOTES: Final = {
    note.key: note
    for note in (
        StandInNote(
            "error-url-params",
            "adds sandbox_error (and sandbox_error_description) to error_url: Recall documents "
            "no parameter there, so your app must rely neither on ?error= nor on these",
            "success_url and error_url keep their own query parameters; what Recall adds is "
            "not documented",
            _FAQ,
        ),
        StandInNote(
            "callback-bad-token",
            "checks the calendar auth token before using any URL of the state: with a bad one "
            "it answers 400 itself and redirects nowhere",
            "the message 'Calendar connection failed! (Invalid recall_calendar_auth_token "
            "supplied)'; not whether error_url is then used",
            _FAQ,
        ),
        StandInNote(
            "token-after-delete",
            "refuses (401) a token issued before its calendar user was deleted: authenticate "
            "again for a new user",
            "nothing about tokens of a deleted user (authenticate creates a missing user)",
            _REF + "calendar_authenticate_create",
        ),
        StandInNote(
            "trailing-slash",
            "answers 404 naming the documented path when its trailing slash is missing "
            "(no redirect)",
            "every path with a trailing slash; not what happens without it",
            _REF + "calendar_user_retrieve",
        ),
        StandInNote(
            "connections",
            "lists a platform once it was connected (connected false after a disconnect): "
            "look a platform up, do not expect both",
            "connections[] of {connected, platform, email, id}; not which platforms appear",
            _REF + "calendar_user_disconnect_create",
        ),
        StandInNote(
            "error-body",
            'error bodies are {"detail": ...} in Django REST framework\'s default wording',
            "the statuses (401: no valid API key provided; 404; 405; 429), not the bodies",
            _REF + "errors",
        ),
        StandInNote(
            "default-preferences",
            "a new user's record_* preferences are all false and bot_name is 'Meeting Notetaker'",
            "calendar meetings are not recorded by default; no default values",
            _PREFS,
        ),
        StandInNote(
            "recording-reasons",
            "will_record_reason is the stand-in's own sentence, and record_external with "
            "record_internal count as one either-or condition",
            "will_record_reason is a string; 'if all evaluated conditions are met' and a "
            "'Record all meetings' example that sets both record_external and record_internal",
            _PREFS,
        ),
        StandInNote(
            "sample-calendar",
            "six invented meetings once Outlook is connected: platform repeats "
            "meeting_platform, other platforms' invites are null, no link gives a null "
            "meeting_platform",
            "the fields and their types, attendee statuses and visibility values",
            _REF + "calendar_meetings_list",
        ),
        StandInNote(
            "time-filters",
            "start_time_after and start_time_before include their bounds",
            "the parameters only (their names are django-filter's, which filter with gte/lte)",
            _REF + "calendar_meetings_list",
        ),
        StandInNote(
            "users-pagination",
            "paginate=true answers {count, next, previous, results} with a page parameter, "
            "50 users a page",
            "the paginate parameter, not the page's shape (Recall's other lists use this one)",
            _REF + "calendar_users_list",
        ),
        StandInNote(
            "users-email",
            "email= matches a connection's address, in any case",
            "'Filter results by email address'",
            _REF + "calendar_users_list",
        ),
        StandInNote(
            "strict-preferences",
            "refuses an unknown preference or a value of the wrong type with 400",
            "the preference fields and their types, not how unknown fields are treated",
            _REF + "calendar_user_update",
        ),
        StandInNote(
            "delete-answer",
            "answers 204 with no body",
            "that the user is deleted and its calendars disconnected; not the answer",
            _FAQ,
        ),
        StandInNote(
            "rate-limit-values",
            "Retrieve Calendar Meeting is limited like its siblings (120 a minute), Delete "
            "Calendar User to 10 a minute (from an older summary)",
            "each endpoint's limit on its reference page",
            _REF + "calendar_meetings_list",
        ),
    )
}
"""Every note, by key."""


def note_header(*keys: str) -> str:
    """Return the ``X-Sandbox-Note`` value for ``keys``: key and summary, ``;``-separated.

    Summaries hold no ``;``, so the value splits back into its notes.

    Raises:
        KeyError: A key is not in [`STAND_IN_NOTES`][].
    """
    return "; ".join(f"{key}: {STAND_IN_NOTES[key].summary}" for key in keys)


def notes_markdown() -> str:
    """Return the catalog as a Markdown table (for the docs)."""
    lines = [
        "| Topic | Recall documents | The stand-in | Source |",
        "|---|---|---|---|",
    ]
    for note in STAND_IN_NOTES.values():
        lines.append(f"| `{note.key}` | {note.recall} | {note.summary} | <{note.source}> |")
    return "\n".join(lines) + "\n"
