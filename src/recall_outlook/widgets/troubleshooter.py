"""The troubleshooter in JupyterLab: [`troubleshooter`][.panels.troubleshooter] as ipywidgets."""

from __future__ import annotations

from typing import Any, ClassVar

from ..authorize.parse import AuthorizeRequest
from ..findings import Finding
from ..troubleshoot.explain import Explanation
from .definition import Definition
from .host import Panel
from .panels.troubleshooter import DEFINITION, SAMPLE_TROUBLE, Kind, TroubleResult, kind_of

__all__ = ["SAMPLE_TROUBLE", "Kind", "Troubleshooter", "kind_of"]


class Troubleshooter(Panel):
    """Diagnose what a user pasted, as they type.

    Args:
        text: The initial text.
        now: Seconds since the epoch at which lint judges a token's expiry (default: now).

    Attributes:
        text: ``Textarea`` for the pasted URL, code or message.
        kind_html: What the text was read as.
        diagnosis_html: The findings (authorize URL) or the explanation (anything else).
        params_html: An authorize URL's parameters, the state decoded and masked.
    """

    definition: ClassVar[Definition] = DEFINITION
    text: Any
    kind_html: Any
    diagnosis_html: Any
    params_html: Any

    def __init__(self, *, text: str = SAMPLE_TROUBLE, now: float | None = None) -> None:
        super().__init__({"text": text}, now=now)

    @property
    def _diagnosis(self) -> TroubleResult:
        result = self._result
        assert isinstance(result, TroubleResult)  # noqa: S101 - the definition's own result
        return result

    def refresh(self) -> None:
        """Diagnose the text again (done on every change)."""
        self._update("refresh")

    @property
    def kind(self) -> Kind:
        """What the text was read as."""
        return self._diagnosis.kind

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The lint findings, when the text is an authorize URL."""
        return self._diagnosis.findings

    @property
    def explanation(self) -> Explanation | None:
        """The explanation, when the text is not an authorize URL."""
        return self._diagnosis.explanation

    @property
    def request(self) -> AuthorizeRequest | None:
        """The parsed authorize URL or callback, when the text is one."""
        return self._diagnosis.request
