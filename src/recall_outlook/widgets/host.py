"""The JupyterLab host of a panel [`Definition`][.definition.Definition], drawn generically.

[`Panel`][] makes one ipywidgets control per field of its definition (an attribute named as
the field), one ``HTML`` per output (likewise), a message beside each field, and lays them out
in the definition's sections (a folding section is an ``Accordion``). Every change of a field
calls the definition's update with all the values and shows the [`View`][.definition.View] it
returns. The panel *holds* an ``ipywidgets.VBox`` ([`Panel.widget`][]) and displays itself
when it ends a cell; a notebook opened before its cells ran shows the definition's plain
placeholder text instead of a widget's repr.

The documentation site draws the same definitions with ``docs/assets/live/panels.js``: the
controls carry ``ro-field-<name>`` classes so the site can read the values a snapshot was
saved with.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final

import ipywidgets as widgets

from ._render import field_message
from .definition import Definition, Field, Result, View, values_with_defaults

__all__ = ["LABEL_WIDTH", "Panel"]

LABEL_WIDTH: Final = "170px"
"""The width of every input's description, so the inputs line up."""

_WIDTH: Final = "620px"
_HTML_STYLE: Final = '<div class="ro-html" style="line-height:1.45;max-width:100%">{}</div>'


def _select_width(field: Field) -> str:
    longest = max((len(label) for label, _ in field.options), default=10)
    return f"calc({LABEL_WIDTH} + {longest + 6}ch)"


def _control(field: Field, value: str) -> Any:  # noqa: ANN401 - ipywidgets is untyped
    common: dict[str, Any] = {"description": field.label}
    text_layout = widgets.Layout(width=_WIDTH, max_width="100%", flex="0 1 auto")
    if field.kind == "password":
        control = widgets.Password(value=value, layout=text_layout, **common)
    elif field.kind == "textarea":
        control = widgets.Textarea(value=value, rows=field.rows, layout=text_layout, **common)
    elif field.kind == "select":
        layout = widgets.Layout(width=_select_width(field), max_width="100%")
        control = widgets.Dropdown(options=list(field.options), value=value, layout=layout,
                                   **common)  # fmt: skip
    elif field.kind == "combo":
        control = widgets.Combobox(value=value, options=[v for _, v in field.options],
                                   layout=text_layout, **common)  # fmt: skip
    elif field.kind == "toggle":
        control = widgets.ToggleButtons(options=list(field.options), value=value)
    elif field.kind == "button":
        control = widgets.Button(description=field.label, button_style="primary")
    else:
        control = widgets.Text(value=value, layout=text_layout, **common)
    if field.placeholder and hasattr(control, "placeholder"):
        control.placeholder = field.placeholder
    if field.kind != "button":
        control.style.description_width = LABEL_WIDTH
    control.add_class(f"ro-field-{field.name}")
    return control


class Panel:
    """The host of one panel definition in JupyterLab.

    Args:
        values: Field values to start from (the definition's defaults fill the rest).
        now: Seconds since the epoch at which findings are judged (default: now).

    Attributes:
        messages: The ``HTML`` beside each field, by field name (also ``<name>_message``).
    """

    definition: ClassVar[Definition]

    def __init__(self, values: Mapping[str, str], *, now: float | None = None) -> None:
        definition = self.definition
        self._now = now
        self._values = values_with_defaults(definition, values)
        self._controls: dict[str, Any] = {}
        self._outputs: dict[str, Any] = {}
        self._rows: dict[str, Any] = {}
        self._busy = False
        messages = {}
        for field in definition.fields:
            if field.kind == "memo":
                continue
            control = _control(field, self._values[field.name])
            self._controls[field.name] = control
            setattr(self, field.name, control)
            if field.kind != "button":
                messages[field.name] = widgets.HTML(layout=widgets.Layout(flex="1 1 220px"))
                setattr(self, f"{field.name}_message", messages[field.name])
        self.messages: Mapping[str, Any] = MappingProxyType(messages)
        for name in definition.outputs:
            self._outputs[name] = widgets.HTML(layout=widgets.Layout(max_width="100%"))
            self._outputs[name].add_class(f"ro-out-{name}")
            setattr(self, name, self._outputs[name])
        self._box = widgets.VBox(
            [widgets.HTML(f"<b>{definition.title}</b>"), *self._sections()],
            layout=widgets.Layout(max_width="100%"),
        )
        self._box.add_class(f"ro-panel-{definition.key}")
        for name, control in self._controls.items():
            if isinstance(control, widgets.Button):
                control.on_click(lambda _button, name=name: self._update(name))
            else:
                control.observe(lambda _change, name=name: self._update(name), names="value")
        self._result: Result = definition.update(self._values, "init", now)
        self._show(self._result.view)

    def _item(self, name: str) -> Any:  # noqa: ANN401
        if name in self._outputs:
            return self._outputs[name]
        control = self._controls[name]
        if name in self.messages:
            control = widgets.HBox(
                [control, self.messages[name]], layout=widgets.Layout(flex_flow="row wrap")
            )
        self._rows[name] = control
        return control

    def _sections(self) -> list[Any]:
        parts: list[Any] = []
        for section in self.definition.sections:
            items = [self._item(name) for name in section.items]
            if section.fold:
                accordion = widgets.Accordion(children=[widgets.VBox(items)])
                accordion.set_title(0, section.title)
                accordion.selected_index = 0 if section.open else None
                parts.append(accordion)
            else:
                if section.title:
                    parts.append(widgets.HTML(f"<b>{section.title}</b>"))
                parts.extend(items)
        return parts

    def _update(self, event: str) -> None:
        if self._busy:  # a value the view itself sets
            return
        for name, control in self._controls.items():
            if not isinstance(control, widgets.Button):
                self._values[name] = str(control.value)
        self._result = self.definition.update(self._values, event, self._now)
        self._show(self._result.view)

    def _show(self, view: View) -> None:
        self._busy = True
        try:
            for name, value in view.values.items():
                self._values[name] = value
                if name in self._controls:
                    self._controls[name].value = value
        finally:
            self._busy = False
        for name, control in self._controls.items():
            control.disabled = name in view.disabled
            self._rows[name].layout.display = "none" if name in view.hidden else None
            if name in self.messages:
                self.messages[name].value = field_message(view.messages.get(name))
        for name, output in self._outputs.items():
            html = view.html.get(name, "")
            output.value = _HTML_STYLE.format(html) if html else ""
            output.layout.display = "none" if name in view.hidden else None

    @property
    def widget(self) -> Any:  # noqa: ANN401 - ipywidgets is untyped
        """The ``ipywidgets.VBox`` to display, embed in a layout, or walk in tests."""
        return self._box

    @property
    def values(self) -> Mapping[str, str]:
        """Every field's current value, by name."""
        return MappingProxyType(dict(self._values))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:  # noqa: ANN401
        bundle = self._box._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = self.definition.placeholder or f"[{self.definition.title}]"
        return bundle
