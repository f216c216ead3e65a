"""MkDocs hook: the tutorial's widget panels go live in the reader's browser, through Pyodide.

Each panel is defined once in Python (``recall_outlook.widgets.definition``); on a notebook
page its saved snapshot (rendered by the vendored widget renderer) is kept, marked "loading",
until ``assets/live/panels.js`` has started Pyodide in the tab, unpacked the package's wheel
into it and drawn the live panel from the same definition. Everything is served by the site:

- ``on_config`` takes Pyodide :data:`PYODIDE_VERSION` from the npm package, checked against
  :data:`PYODIDE_SHA256` (a tarball named by ``RECALL_OUTLOOK_PYODIDE_TGZ``, else the cached
  one, else ``npm pack``): a build machine that cannot get it fails with a one-line reason.
- ``on_post_build`` writes Pyodide's runtime files (with a notice of their licence) to
  ``assets/pyodide/``, and to ``assets/live/`` a wheel of ``recall_outlook`` built from
  ``src/`` plus pure-Python wheels of the ``server`` extra's libraries (the simulator's
  sandbox), made from the installed distributions without compiled speedups.
- ``on_page_content`` adds, after each panel's saved view, which panel it is and the values
  its snapshot was saved with (read from the notebook's widget state), and on pages with
  panels the config block, the stylesheet and the module script. The simulator's libraries are
  listed separately: only a page with the simulator loads them.
- and, through ``live_snapshot.py``, two Pyodide memory snapshots (Python started, the panels
  imported and run once): a page restores the one it needs instead of starting CPython, which
  takes a page from 4.6-7 s to 2-2.5 s until its panels are live on a quiet 2-core machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from base64 import urlsafe_b64encode
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, Final

from live_snapshot import MODULE, make_snapshot, node, snapshot_name  # beside this hook
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from recall_outlook.widgets.browser import PANELS, definition
from recall_outlook.widgets.definition import Definition, values_with_defaults

log = get_plugin_logger("live_panels")

PYODIDE_VERSION: Final = "314.0.7"
"""The pinned version of the npm package ``pyodide`` (Python 3.14 in WebAssembly)."""

PYODIDE_SHA256: Final = "66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0"
"""The SHA-256 of ``pyodide-<version>.tgz`` as the npm registry serves it."""

PYODIDE_FILES: Final = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
    "README.md",
)
"""The runtime files the site serves (no packages: the wheels come from this build)."""

SERVER_LIBRARIES: Final = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "idna",
    "certifi",
    "werkzeug",
    "markupsafe",
)
"""The distributions the simulator's sandbox imports (the ``server`` extra less uvicorn)."""

PYODIDE_DIR: Final = "assets/pyodide/"
LIVE_DIR: Final = "assets/live/"
_VIEW: Final = re.compile(
    r'<script type="application/vnd.jupyter.widget-view\+json">\s*(\{.*?\})\s*</script>', re.S
)
_WIDGET_STATE: Final = "application/vnd.jupyter.widget-state+json"
_COMPILED: Final = (".so", ".pyd", ".c", ".pyc", ".dylib")
_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
_state: dict[str, Any] = {}


# -- Pyodide, pinned --------------------------------------------------------------------------


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "recall-outlook"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pyodide_tarball() -> Path:
    """Return the checked ``pyodide-<version>.tgz``: given, cached, or fetched with npm.

    Raises:
        PluginError: It cannot be had, or its checksum is not :data:`PYODIDE_SHA256`.
    """
    given = os.environ.get("RECALL_OUTLOOK_PYODIDE_TGZ")
    cached = _cache_dir() / f"pyodide-{PYODIDE_VERSION}.tgz"
    path = Path(given) if given else cached
    if not path.is_file() and not given:
        npm = shutil.which("npm")
        if npm is None:
            raise PluginError(
                f"live panels need pyodide {PYODIDE_VERSION}: npm is not installed (install "
                "nodejs and npm, or set RECALL_OUTLOOK_PYODIDE_TGZ to the package's .tgz)"
            )
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(  # noqa: S603 - a fixed command, the pinned version
                [npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", folder],
                capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
            fetched = Path(folder) / f"pyodide-{PYODIDE_VERSION}.tgz"
            if done.returncode != 0 or not fetched.is_file():
                reason = (done.stderr.strip().splitlines() or ["no tarball"])[-1]
                raise PluginError(
                    f"live panels need pyodide {PYODIDE_VERSION} and `npm pack` could not fetch "
                    f"it ({reason}); set RECALL_OUTLOOK_PYODIDE_TGZ to a copy of the .tgz"
                )
            shutil.move(str(fetched), cached)
    if not path.is_file():
        raise PluginError(f"RECALL_OUTLOOK_PYODIDE_TGZ={given}: no such file")
    digest = _sha256(path)
    if digest != PYODIDE_SHA256:
        raise PluginError(
            f"{path}: SHA-256 {digest} is not the pinned pyodide {PYODIDE_VERSION} "
            f"({PYODIDE_SHA256}); delete it to fetch it again"
        )
    return path


def _write_pyodide(tarball: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for name in PYODIDE_FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise PluginError(f"{tarball} has no package/{name}")
            (target / name).write_bytes(member.read())
    (target / "NOTICE.txt").write_text(
        f"Pyodide {PYODIDE_VERSION}, from the npm package pyodide-{PYODIDE_VERSION}.tgz\n"
        f"(SHA-256 {PYODIDE_SHA256}), unmodified: only its runtime files are served.\n\n"
        "Pyodide is distributed under the Mozilla Public License 2.0 (MPL-2.0); its source is\n"
        "at https://github.com/pyodide/pyodide. python_stdlib.zip and the interpreter in\n"
        "pyodide.asm.wasm are CPython, under the Python Software Foundation License.\n",
        encoding="utf-8",
    )


# -- wheels -----------------------------------------------------------------------------------


def _record_line(name: str, data: bytes) -> str:
    digest = urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(path: Path, files: Mapping[str, bytes], dist_info: str) -> None:
    """Write a wheel (a zip with a RECORD), byte for byte the same for the same files."""
    record = [_record_line(name, data) for name, data in sorted(files.items())]
    record.append(f"{dist_info}/RECORD,,")
    entries = {**files, f"{dist_info}/RECORD": ("\n".join(record) + "\n").encode()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries.items()):
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def _project_version(repo: Path) -> str:
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if match is None:
        raise PluginError("pyproject.toml names no version")
    return match.group(1)


def _package_files(repo: Path) -> Iterator[tuple[str, bytes]]:
    source = repo / "src"
    for path in sorted((source / "recall_outlook").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".typed"} and "__pycache__" not in path.parts:
            yield path.relative_to(source).as_posix(), path.read_bytes()


def package_wheel(repo: Path, folder: Path) -> str:
    """Build ``recall_outlook``'s wheel from ``src/`` into ``folder``; return its file name."""
    version = _project_version(repo)
    info = f"recall_outlook-{version}.dist-info"
    files = dict(_package_files(repo))
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.3\nName: recall-outlook\nVersion: {version}\n".encode()
    )
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: docs/_hooks/live_panels.py\n"
    files[f"{info}/WHEEL"] += b"Root-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/licenses/LICENSE"] = (repo / "LICENSE").read_bytes()
    name = f"recall_outlook-{version}-py3-none-any.whl"
    write_wheel(folder / name, files, info)
    return name


def _installed(distribution: str) -> metadata.Distribution:
    try:
        return metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        raise PluginError(
            f"live panels need {distribution} installed to serve it to the simulator: "
            "pip install -e '.[docs]'"
        ) from None


def _wheel_name(distribution: str) -> str:
    dist = _installed(distribution)
    project = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    return f"{project}-{dist.version}-py3-none-any.whl"


def installed_wheel(distribution: str, folder: Path) -> str:
    """Pack an installed distribution's Python files (no compiled speedups) as a wheel."""
    dist = _installed(distribution)
    files: dict[str, bytes] = {}
    info = ""
    for entry in dist.files or ():
        posix = entry.as_posix()
        if posix.startswith("..") or posix.endswith(_COMPILED) or "__pycache__" in posix:
            continue
        if posix.split("/")[0].endswith(".dist-info"):
            info = posix.split("/")[0]
            if posix.endswith(("/RECORD", "/INSTALLER", "/direct_url.json", "/REQUESTED")):
                continue
        located = Path(str(dist.locate_file(entry)))
        if located.is_file():
            files[posix] = located.read_bytes()
    if not info:
        raise PluginError(f"{distribution}: its installed files name no .dist-info")
    name = _wheel_name(distribution)
    write_wheel(folder / name, files, info)
    return name


# -- pages ------------------------------------------------------------------------------------


def _models(notebook: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    state = notebook.get("metadata", {}).get("widgets", {}).get(_WIDGET_STATE, {})
    return {key: model.get("state", {}) for key, model in state.get("state", {}).items()}


def _descendants(models: Mapping[str, Mapping[str, Any]], key: str) -> Iterator[Mapping[str, Any]]:
    model = models.get(key, {})
    yield model
    for child in model.get("children", []):
        yield from _descendants(models, str(child).removeprefix("IPY_MODEL_"))


def _classes(model: Mapping[str, Any], prefix: str) -> list[str]:
    return [c[len(prefix) :] for c in model.get("_dom_classes", []) if c.startswith(prefix)]


def saved_panel(models: Mapping[str, Mapping[str, Any]], model_id: str) -> dict[str, Any] | None:
    """Return which panel a saved view shows and its saved values, or ``None`` (not a panel)."""
    keys = [k for k in _classes(models.get(model_id, {}), "ro-panel-") if k in PANELS]
    if not keys:
        return None
    panel: Definition = definition(keys[0])
    values: dict[str, str] = {}
    shown: dict[str, str] = {}
    for model in _descendants(models, model_id):
        for name in _classes(model, "ro-field-"):
            if "value" in model and isinstance(model["value"], str):
                values[name] = model["value"]
            elif isinstance(model.get("index"), int):
                values[name] = panel.field_named(name).options[model["index"]][1]
        for name in _classes(model, "ro-out-"):
            shown[name] = str(model.get("value", ""))
    # A panel saved after its button was pressed goes live pressed again (the simulator's run).
    event = "init"
    if any(f.kind == "button" for f in panel.fields):
        start = panel.update(values_with_defaults(panel, values), "init", None).view.html
        if any(text and not start.get(name) for name, text in shown.items()):
            event = next(f.name for f in panel.fields if f.kind == "button")
    return {"panel": panel.key, "values": values, "event": event, "server": panel.server}


def _block(data: Mapping[str, Any], **attributes: str) -> str:
    text = json.dumps(data, sort_keys=True).replace("</", "<\\/")
    extra = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return f'<script type="application/json"{extra}>{text}</script>'


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check that Pyodide can be had (before anything is built) and name the wheels."""
    _state["tarball"] = pyodide_tarball()
    repo = Path(config.config_file_path).resolve().parent
    _state["repo"] = repo
    _state["core"] = [f"recall_outlook-{_project_version(repo)}-py3-none-any.whl"]
    _state["server"] = [_wheel_name(name) for name in SERVER_LIBRARIES]
    _state["node"] = node()
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark each saved panel with its values; add the live layer to pages that have panels."""
    source = page.file.abs_src_path
    if not source or not source.endswith(".ipynb"):
        return html
    models = _models(json.loads(Path(source).read_text(encoding="utf-8")))
    found = 0
    server = False

    def mark(match: re.Match[str]) -> str:
        nonlocal found, server
        panel = saved_panel(models, str(json.loads(match.group(1)).get("model_id", "")))
        if panel is None:
            return match.group()
        found += 1
        server = server or panel["server"]
        return match.group() + _block(panel, **{"class": "ro-live-panel"})

    html = _VIEW.sub(mark, html)
    if not found:
        return html
    live = get_relative_url(LIVE_DIR, page.url).rstrip("/")
    config_block: dict[str, Any] = {
        "pyodide": get_relative_url(PYODIDE_DIR, page.url).rstrip("/") + "/",
        "core": [f"{live}/{name}" for name in _state["core"]],
        "server": [f"{live}/{name}" for name in _state["server"]],
        "module": MODULE,
    }
    if _state["node"]:
        config_block["memory_snapshot"] = f"{live}/{snapshot_name(server)}"
    return (
        html
        + f'<link rel="stylesheet" href="{live}/panels.css">'
        + _block(config_block, id="ro-live-config")
        + f'<script type="module" src="{live}/panels.js"></script>'
    )


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write Pyodide's files and the wheels into the built site."""
    site = Path(config.site_dir)
    _write_pyodide(_state["tarball"], site / PYODIDE_DIR)
    folder = site / LIVE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = [package_wheel(_state["repo"], folder)]
    written += [installed_wheel(name, folder) for name in SERVER_LIBRARIES]
    expected = _state["core"] + _state["server"]
    if written != expected:
        raise PluginError(f"wheels written {written} are not the ones the pages name {expected}")
    if _state["node"]:
        for server in (False, True):
            wheels = _state["core"] + (_state["server"] if server else [])
            make_snapshot(
                _state["node"], site / PYODIDE_DIR, [folder / name for name in wheels],
                server=server, identity=f"pyodide {PYODIDE_VERSION} {PYODIDE_SHA256}",
                cache=_cache_dir() / "snapshots", target=folder / snapshot_name(server),
            )  # fmt: skip
