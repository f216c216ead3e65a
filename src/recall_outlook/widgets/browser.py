"""The panels for a host outside Python: definitions and updates as JSON (no ipywidgets).

The documentation site runs this module in the reader's browser tab under Pyodide; its
``assets/live/panels.js`` draws a panel from [`definition_json`][] and shows what
[`update_json`][] returns after every change. Each panel's module is imported when first
asked for, so a page without the simulator never imports the sandbox (nor the ``server``
extra's libraries it needs).
"""

from __future__ import annotations

import json
from importlib import import_module
from typing import Final

from .definition import Definition, definition_dict, values_with_defaults

__all__ = ["PANELS", "definition", "definition_json", "update_json"]

PANELS: Final = {
    "builder": "builder",
    "registration": "registration",
    "simulator": "simulator",
    "troubleshooter": "troubleshooter",
}
"""Each panel's key and the module of [`recall_outlook.widgets.panels`][] defining it."""


def definition(key: str) -> Definition:
    """Return the definition of the panel ``key`` (one of [`PANELS`][])."""
    if key not in PANELS:
        raise KeyError(f"no panel {key!r}; choose one of: {', '.join(PANELS)}")
    found: Definition = import_module(f"{__package__}.panels.{PANELS[key]}").DEFINITION
    return found


def definition_json(key: str) -> str:
    """Return what a host needs to draw the panel ``key``, as JSON."""
    return json.dumps(definition_dict(definition(key)))


def update_json(key: str, values: str, event: str) -> str:
    """Run the panel's update and return its view as JSON.

    Args:
        key: The panel (one of [`PANELS`][]).
        values: The fields' values as a JSON object (missing fields take their defaults).
        event: The field that changed, ``"run"`` for a button, ``"init"`` at first.
    """
    panel = definition(key)
    given = json.loads(values)
    result = panel.update(values_with_defaults(panel, given), event, None)
    return json.dumps(result.view.as_dict())
