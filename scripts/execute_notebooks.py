"""Re-execute the tutorial notebooks in place, storing outputs and widget state.

Every notebook in ``notebooks/`` (or only those named on the command line) runs top to bottom in
a fresh kernel of the current Python, with ``notebooks/`` as the working directory, as nbval and
JupyterLab run them. Outputs are written back with the widget state saved
(``store_widget_state=True``), so the docs can render the panels; a cell that raises stops the
script with the error. Run it after changing a notebook or anything its outputs show, then
``pytest notebooks tests/test_notebooks.py`` to check the result:

    python scripts/execute_notebooks.py            # every notebook
    python scripts/execute_notebooks.py notebooks/02_build_the_authorize_url.ipynb
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 120
"""Seconds one cell may take; every notebook runs offline in a few seconds."""


def execute(path: Path) -> None:
    """Run ``path`` in a fresh kernel and write its outputs and widget state back."""
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    client.execute()
    nbformat.validate(notebook)
    nbformat.write(notebook, path)  # type: ignore[no-untyped-call]


def main(argv: Sequence[str] | None = None) -> int:
    """Execute the notebooks named in ``argv`` (default: all of ``notebooks/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    paths = [path.resolve() for path in args.paths] or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    for path in paths:
        print(f"executing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
