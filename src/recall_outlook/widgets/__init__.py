"""Panels that wire inputs to recall-outlook's functions, in JupyterLab and on the docs site.

Each panel is defined once (`definition`, `panels`): fields, defaults,
and an
update function from the fields' values to HTML rendered by `_render`. JupyterLab hosts
the definitions as ipywidgets (`host`, the ``notebook`` extra); the documentation site
hosts the same definitions in the reader's browser through Pyodide (`browser`). Inputs
are public ``ipywidgets`` controls whose ``.value`` can be set from Python and results are
read-only properties, so tests and notebooks drive the panels without a browser.

- [`AuthorizeUrlBuilder`][]: fields in; the URL (token masked), its parameters, lint findings.
- [`RegistrationHelper`][]: the app registration's fields; the az command and Graph body;
  a pasted manifest checked.
- [`Simulator`][]: run a sandbox scenario (or forward a pasted callback URL); see each hop
  drawn as a sequence diagram, the outcome, and on failure the explanation and the fix.
- [`Troubleshooter`][]: paste an authorize URL, an error URL or an AADSTS code; the diagnosis.

The classes load on first use (PEP 562), so `browser` imports without ipywidgets.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .builder import AuthorizeUrlBuilder
    from .registration import RegistrationHelper
    from .simulator import Simulator
    from .troubleshooter import Troubleshooter

__all__ = ["AuthorizeUrlBuilder", "RegistrationHelper", "Simulator", "Troubleshooter"]

_MODULES = {
    "AuthorizeUrlBuilder": "builder",
    "RegistrationHelper": "registration",
    "Simulator": "simulator",
    "Troubleshooter": "troubleshooter",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - any of the panel classes
    if name in _MODULES:
        return getattr(import_module(f".{_MODULES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
