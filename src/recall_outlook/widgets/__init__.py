"""Jupyter panels that wire inputs to recall-outlook's functions (the ``notebook`` extra).

Each panel is a plain object holding an ``ipywidgets.VBox`` (``widget``);
ending a cell with the panel displays it. Inputs are public ``ipywidgets`` controls whose
``.value`` can be set from Python, results are read-only properties, so tests and notebooks
drive the panels without a browser.

- [`AuthorizeUrlBuilder`][]: fields in; the URL (token masked), its parameters, lint findings.
- [`RegistrationHelper`][]: the app registration's fields; the az command and Graph body;
  a pasted manifest checked.
- [`Simulator`][]: run a sandbox scenario (or forward a pasted callback URL); see each hop
  drawn as a sequence diagram, the outcome, and on failure the explanation and the fix.
- [`Troubleshooter`][]: paste an authorize URL, an error URL or an AADSTS code; the diagnosis.
"""

from __future__ import annotations

from .builder import AuthorizeUrlBuilder
from .registration import RegistrationHelper
from .simulator import Simulator
from .troubleshooter import Troubleshooter

__all__ = ["AuthorizeUrlBuilder", "RegistrationHelper", "Simulator", "Troubleshooter"]
