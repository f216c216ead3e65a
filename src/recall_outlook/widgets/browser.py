"""The panels for a host outside Python: definitions and updates as JSON (no ipywidgets).

The documentation site runs this module in the reader's browser tab under Pyodide; its
``assets/live/panels.js`` draws a panel from [`definition_json`][] and shows what
[`update_json`][] returns after every change. Each panel's module is imported when first
asked for, so a page without the simulator never imports the sandbox (nor the ``server``
extra's libraries it needs).

The site's build runs [`prepare`][] before taking a memory snapshot of the interpreter, so
that a page restoring it has every panel imported and run once; the page calls
[`restored`][] after restoring it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from importlib import import_module
from typing import Final

from .definition import Definition, definition_dict, values_with_defaults

__all__ = ["PANELS", "definition", "definition_json", "prepare", "restored", "update_json"]

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


def prepare(keys: Iterable[str]) -> None:
    """Import each panel in ``keys`` and run its first update, with its defaults.

    Run before a memory snapshot of the interpreter is taken, so that what a page's first
    update needs (modules, compiled patterns, caches) is already in the snapshot. No button
    is pressed: a scenario's run would grow the interpreter's memory past the size Pyodide
    restores a snapshot into.
    """
    for key in keys:
        definition_json(key)
        update_json(key, "{}", "init")


def restored(site_packages: str) -> None:
    """Make a restored memory snapshot this tab's own, once its wheels are unpacked again.

    The snapshot froze the state of the ``random`` module's generator (nothing here draws a
    secret from it; tokens come from ``secrets``), so it is seeded afresh; the import system
    forgets what it had listed of ``site_packages``, whose files are new.
    """
    generator = sys.modules.get("random")
    if generator is not None:
        generator.seed()
    sys.path_importer_cache.pop(site_packages, None)
