"""Pyodide memory snapshots for the live panels: Python started and the panels run, at build time.

Most of a cold page's wait for a live panel is Pyodide starting CPython in WebAssembly and
importing the package. Pyodide can instead restore the interpreter's memory from a snapshot
(its ``_loadSnapshot`` option), which took the tutorial's pages from 4.6 s (builder) and 7 s
(simulator) to 2-2.5 s until live on a 2-core machine. ``snapshot.mjs`` makes one in Node
with the very files the site serves: the pinned Pyodide boots, the wheels are unpacked into it
and :func:`recall_outlook.widgets.browser.prepare` runs each panel's first update; the memory
is written gzipped to ``assets/live/`` (about 7 MB for the core panels, 8 MB with the
simulator's libraries). ``assets/live/panels.js`` fetches the one its page needs, unpacks the
same wheels again (files are not part of the memory) and falls back to a plain start if the
snapshot cannot be had or restored.

Snapshots are cached under ``~/.cache/recall-outlook/snapshots`` by a digest of everything
that goes into them (Pyodide's checksum, the script, the Python run, every wheel's bytes),
so a rebuild that changes none of those reuses them; the cache keeps the :data:`KEEP` most
recently used. Without Node the build warns (an error under ``--strict``) and pages start
Python from scratch.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from recall_outlook.widgets.browser import PANELS, definition

log = get_plugin_logger("live_panels")

SCRIPT: Final = Path(__file__).with_name("snapshot.mjs")
"""The Node script that boots Pyodide, runs the panels and writes the memory."""

MODULE: Final = "recall_outlook.widgets.browser"
"""The module a page imports in Pyodide, and the snapshot prepares."""

KEEP: Final = 4
"""How many snapshots the cache keeps (the most recently used): a build uses two."""


def snapshot_name(server: bool) -> str:
    """Return the file name of the snapshot for a page with (or without) a ``server`` panel."""
    return f"python-{'server' if server else 'core'}.snapshot"


def _keys(server: bool) -> list[str]:
    return [key for key in PANELS if server or not definition(key).server]


def node() -> str | None:
    """Return the ``node`` to make snapshots with, or ``None`` after warning that there is none."""
    found = shutil.which("node")
    if found is None:
        log.warning(
            "live panels: node is not installed, so no Pyodide memory snapshot is made and each "
            "page starts Python from scratch (several seconds slower); install nodejs"
        )
    return found


def _digest(identity: str, code: str, wheels: Sequence[Path]) -> str:
    digest = hashlib.sha256(identity.encode())
    digest.update(SCRIPT.read_bytes())
    digest.update(code.encode())
    for wheel in wheels:
        digest.update(wheel.name.encode() + b"\0" + wheel.read_bytes())
    return digest.hexdigest()


def make_snapshot(
    node_path: str, pyodide: Path, wheels: Sequence[Path], *, server: bool, identity: str,
    cache: Path, target: Path,
) -> None:  # fmt: skip
    """Write the snapshot for pages with (or without) a ``server`` panel to ``target``.

    Args:
        node_path: The ``node`` executable.
        pyodide: The folder of the site's Pyodide files.
        wheels: The wheels the page unpacks, in its order.
        server: Whether the page has a panel that needs the ``server`` extra's libraries.
        identity: What names this Pyodide (its version and checksum), for the cache key.
        cache: The folder of cached snapshots.
        target: Where the snapshot goes.

    Raises:
        PluginError: Node failed to make it (its last line of output says why).
    """
    code = f"import {MODULE} as panels\npanels.prepare({_keys(server)!r})\n"
    cached = cache / f"{_digest(identity, code, wheels)}.gz"
    if not cached.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as folder:
            made = Path(folder) / "snapshot.gz"
            done = subprocess.run(  # noqa: S603 - our script, the site's files
                [node_path, str(SCRIPT), str(pyodide), str(made), code, *map(str, wheels)],
                capture_output=True, text=True, timeout=600, check=False,
            )  # fmt: skip
            if done.returncode != 0 or not made.is_file():
                lines = [line for line in done.stderr.splitlines() if line.strip()]
                reason = next((line for line in reversed(lines) if "Error" in line), None)
                raise PluginError(
                    f"live panels: node could not make the Pyodide memory snapshot "
                    f"{target.name} ({(reason or 'no output')[:300]})"
                )
            made.replace(cached)
    cached.touch()
    shutil.copyfile(cached, target)
    for old in sorted(cache.glob("*.gz"), key=lambda path: path.stat().st_mtime)[:-KEEP]:
        old.unlink(missing_ok=True)
