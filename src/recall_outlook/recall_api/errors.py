"""The errors the Recall client raises, one class per kind of answer.

Every one is a [`RecallAPIError`][], itself a
[`RecallOutlookError`][recall_outlook.errors.RecallOutlookError]. Messages, ``repr`` and
``data`` never hold the API key or a calendar auth token: the client removes both before
raising.
"""

from __future__ import annotations

from ..errors import RecallOutlookError

__all__ = [
    "ERRORS_PAGE",
    "RecallAPIError",
    "RecallAuthError",
    "RecallBlockedError",
    "RecallNotFoundError",
    "RecallRateLimitError",
    "RecallValidationError",
]

ERRORS_PAGE = "https://docs.recall.ai/reference/errors"
"""Recall's page of HTTP statuses, including its 403 Request Blocked section."""


class RecallAPIError(RecallOutlookError):
    """Recall answered with an error, or gave no usable answer.

    Attributes:
        status: The HTTP status (0 when no complete answer arrived, or the call was refused
            before it was sent).
        message: What went wrong, in one line (Recall's ``detail``, the validation errors as
            text, or the client's own words).
        data: Recall's JSON answer, if any (secrets removed).
    """

    def __init__(self, status: int, message: str, data: object = None) -> None:
        self.status = status
        self.message = message
        self.data = data
        super().__init__(f"Recall answered {status}: {message}" if status else message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class RecallAuthError(RecallAPIError):
    """401: a missing or wrong API key, or an invalid or expired calendar auth token."""


class RecallBlockedError(RecallAPIError):
    """403: Recall's firewall (WAF) blocked the request; it answers an HTML page.

    This is not a wrong key (that is a 401). Recall names a body on a ``GET`` (even ``null``)
    and a ``localhost`` URL in the payload as common causes, and the server's IP reputation.
    """


class RecallNotFoundError(RecallAPIError):
    """404: no such object (or a path Recall does not serve)."""


class RecallValidationError(RecallAPIError):
    """400: Recall rejected the request (its body or query)."""


class RecallRateLimitError(RecallAPIError):
    """429: too many requests; wait ``retry_after`` seconds (Recall's ``Retry-After``).

    Recall's documented limits: ``authenticate`` 300 a minute per workspace, the calendar
    users list 60 a minute per workspace, the calendar user's own calls 120 a minute each.

    Attributes:
        retry_after: Seconds to wait, when Recall said.
    """

    def __init__(
        self, status: int, message: str, data: object = None, retry_after: float | None = None
    ) -> None:
        super().__init__(status, message, data)
        self.retry_after = retry_after
