"""What a panel is, once, for every host: its fields, its sections and its update function.

A panel is a [`Definition`][]: the fields a person fills in ([`Field`][]), the outputs
it shows (HTML made by [`_render`][._render]), how both are grouped ([`Section`][]), and one
function from the fields' values to a [`View`][] (the outputs' HTML, a message beside each
field in error, the fields to disable or hide, and values the panel sets itself). The function
is plain Python over the standard library and the package, so the same definition runs in
JupyterLab (hosted as ipywidgets by [`host`][.host]) and in a browser tab under Pyodide (hosted
by the documentation site's ``assets/live/panels.js`` through [`browser`][.browser]). Nothing here
imports ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

__all__ = [
    "Definition",
    "Field",
    "FieldKind",
    "Result",
    "Section",
    "View",
    "definition_dict",
    "values_with_defaults",
]

FieldKind = Literal["text", "password", "textarea", "select", "combo", "toggle", "button", "memo"]
"""How a field is drawn: a one-line ``text`` or ``password`` box, a ``textarea``, a ``select``
(one of ``options``), a ``combo`` (free text with suggestions), a ``toggle`` (buttons, one of
``options``), a ``button`` (an action: its name is the update's event), or a ``memo``: a value
the panel keeps for itself and never draws."""


@dataclass(frozen=True)
class Field:
    """One input of a panel.

    Attributes:
        name: The key of its value (and the event an update receives when it changes).
        label: What the person reads beside it.
        kind: How it is drawn ([`FieldKind`][]).
        default: Its value at first.
        options: ``(label, value)`` pairs, for ``select``, ``combo`` and ``toggle``.
        placeholder: The hint shown while it is empty.
        rows: The height of a ``textarea``, in lines.
    """

    name: str
    label: str
    kind: FieldKind = "text"
    default: str = ""
    options: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""
    rows: int = 3


@dataclass(frozen=True)
class Section:
    """A group of fields and outputs, drawn in order under a title.

    Attributes:
        title: The heading (``""``: none).
        items: Field and output names, top to bottom.
        fold: Drawn as a section a person can fold (the long panels).
        open: Whether a folding section starts open.
    """

    title: str
    items: tuple[str, ...]
    fold: bool = False
    open: bool = True


@dataclass(frozen=True)
class View:
    """What a host shows after an update.

    Attributes:
        html: The HTML of each output, by name (rendered and escaped by [`_render`][._render]).
        messages: The message beside each field in error, by field name (plain text).
        values: Values the panel sets itself (a field that follows another), by field name.
        disabled: The fields a person cannot change now.
        hidden: The fields and outputs not shown now.
    """

    html: Mapping[str, str]
    messages: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, Any]:
        """Return the view as JSON-ready data (sorted lists for the sets)."""
        return {
            "html": dict(self.html),
            "messages": dict(self.messages),
            "values": dict(self.values),
            "disabled": sorted(self.disabled),
            "hidden": sorted(self.hidden),
        }


class Result(Protocol):
    """What a panel's update returns: its own typed results, and the [`View`][] of them."""

    @property
    def view(self) -> View:
        """What a host shows."""
        ...


Update = Callable[[Mapping[str, str], str, Any], Result]
"""``update(values, event, now)``: every field's value (``memo`` fields included), the name of
the field that changed (``"init"`` at first), and the moment findings are judged at (``None``:
now)."""


@dataclass(frozen=True)
class Definition:
    """A panel, defined once for every host.

    Attributes:
        key: Its short name (``builder``, ``simulator``, ...), used by the hosts.
        title: Its title.
        fields: Its inputs, in any order (sections place them).
        outputs: The names of its HTML outputs.
        sections: The order everything is drawn in.
        update: ``update(values, event, now) -> Result``.
        server: It needs the ``server`` extra's libraries (the sandbox) to update.
        placeholder: The plain text a notebook shows where the panel will be, before it runs.
    """

    key: str
    title: str
    fields: tuple[Field, ...]
    outputs: tuple[str, ...]
    sections: tuple[Section, ...]
    update: Update = field(repr=False, compare=False)
    server: bool = False
    placeholder: str = ""

    def field_named(self, name: str) -> Field:
        """Return the field called ``name``."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.key} has no field {name!r}")


def values_with_defaults(definition: Definition, values: Mapping[str, str]) -> dict[str, str]:
    """Return ``values`` completed with each field's default; unknown names are dropped."""
    return {f.name: str(values.get(f.name, f.default)) for f in definition.fields}


def definition_dict(definition: Definition) -> dict[str, Any]:
    """Return what a host needs to draw ``definition``, as JSON-ready data."""
    return {
        "key": definition.key,
        "title": definition.title,
        "fields": [
            {**asdict(f), "options": [list(option) for option in f.options]}
            for f in definition.fields
        ],
        "outputs": list(definition.outputs),
        "sections": [{**asdict(s), "items": list(s.items)} for s in definition.sections],
        "server": definition.server,
    }
