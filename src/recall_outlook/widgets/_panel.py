"""What every panel shares: an ipywidgets box to show, and a labelled row per input.

A panel is a plain Python object that *holds* an ``ipywidgets.VBox`` ([`Panel.widget`][])
rather than being one: its results are ordinary typed properties, free of traitlets, and the
panel still displays itself when it ends a notebook cell (``_repr_mimebundle_`` delegates to
the box).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import ipywidgets as widgets

from ._render import field_message

__all__ = ["LABEL_WIDTH", "Panel", "labelled", "text_layout"]

LABEL_WIDTH: Final = "190px"
"""The width of every input's description, so the inputs line up."""


def text_layout(width: str = "560px") -> Any:  # noqa: ANN401 - ipywidgets is untyped
    """Return the layout of a text input: a fixed width."""
    return widgets.Layout(width=width)


def labelled(control: Any, message: Any) -> Any:  # noqa: ANN401 - ipywidgets is untyped
    """Return ``control`` with ``message`` (an ``HTML`` for errors) beside it, in one row."""
    control.style.description_width = LABEL_WIDTH
    return widgets.HBox([control, message])


class Panel:
    """The base of the widget panels.

    Args:
        children: The rows of the panel, top to bottom.
    """

    def __init__(self, children: Sequence[Any]) -> None:
        self._box = widgets.VBox(list(children))

    @property
    def widget(self) -> Any:  # noqa: ANN401 - ipywidgets is untyped
        """The ``ipywidgets.VBox`` to display, embed in a layout, or walk in tests."""
        return self._box

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:  # noqa: ANN401
        return self._box._repr_mimebundle_(**kwargs)

    @staticmethod
    def _message() -> Any:  # noqa: ANN401
        return widgets.HTML(value=field_message(None))
