"""MkDocs hook: publish the repository files that README.md and CHANGELOG.md link to.

``docs/index.md`` and ``docs/changelog.md`` include the repository's README.md and CHANGELOG.md
as they are (pymdownx.snippets). Both pages sit at the top of ``docs/`` as the files do at the
top of the repository, so a link relative to the repository is relative to the page as well.
Links to Markdown files and notebooks resolve to pages; other files they link to, such as
``LICENSE``, are published here at the same path so that those links work too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT_FILES: Final = ("README.md", "CHANGELOG.md")
"""The repository files the top-level pages include."""

_LINK: Final = re.compile(r"\]\(<?([^)\s#>]+)>?(?:#[^)\s]*)?\)")
_PAGES: Final = (".md", ".ipynb")


def linked_files(root: Path) -> list[str]:
    """Return the repository files (not pages) that the root files link to, relative paths."""
    targets: list[str] = []
    for name in ROOT_FILES:
        for target in _LINK.findall((root / name).read_text(encoding="utf-8")):
            if ":" in target or target.startswith("/") or target.endswith(_PAGES):
                continue
            path = (root / target).resolve()
            if path.is_file() and path.is_relative_to(root) and target not in targets:
                targets.append(target)
    return targets


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Publish each linked repository file at its own path, unless the docs already have it."""
    root = Path(config.config_file_path).resolve().parent
    for target in linked_files(root):
        if files.get_file_from_path(target) is None:
            files.append(File.generated(config, target, abs_src_path=str(root / target)))
    return files
