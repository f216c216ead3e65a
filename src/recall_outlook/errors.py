"""One exception tree for everything recall-outlook raises on purpose.

Every error a user can cause by bad input is a [`RecallOutlookError`][], which is also a
[`ValueError`][], so callers can catch either. Subclasses carry structured fields.
"""

from __future__ import annotations

__all__ = [
    "AuthorizeError",
    "ConsentError",
    "RecallOutlookError",
    "RegionError",
    "StateError",
]


class RecallOutlookError(ValueError):
    """Base class of every error recall-outlook raises for bad input."""


class RegionError(RecallOutlookError):
    """An unknown Recall region was named.

    Attributes:
        region: The name that was given.
        valid: The names that would have been accepted.
    """

    def __init__(self, region: str, valid: tuple[str, ...]) -> None:
        self.region = region
        self.valid = valid
        super().__init__(f"unknown Recall region {region!r}; choose one of: {', '.join(valid)}")


class StateError(RecallOutlookError):
    """A calendar state value is invalid.

    Attributes:
        field: The state key at fault (``None`` when the whole value is at fault).
        reason: What is wrong with it.
    """

    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"state.{field}: {reason}" if field else f"state: {reason}")


class AuthorizeError(RecallOutlookError):
    """An authorize URL cannot be built from the given arguments.

    Attributes:
        field: The argument at fault.
        reason: What is wrong with it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class ConsentError(RecallOutlookError):
    """An admin consent URL cannot be built from the given arguments.

    Attributes:
        field: The argument at fault.
        reason: What is wrong with it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")
