"""MkDocs hook: rank an exact code above the longer codes it is a prefix of.

Material's search appends a wildcard to every term, so "AADSTS90094" also matches
"AADSTS900941", and Lunr ranks the rarer term first. After the search plugin has written its
index, every section headed by a catalog code that is a prefix of another code gets a boost, so
the exact code comes first. Entries are never renamed or removed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from mkdocs.config.defaults import MkDocsConfig

from recall_outlook.authorize.lint_codes import LINT_SPECS
from recall_outlook.forwarder.probes import FORWARDER_SPECS
from recall_outlook.register.app_codes import APP_SPECS
from recall_outlook.troubleshoot.catalog import ERROR_CATALOG

INDEX: Final = "search/search_index.json"
PREFIX_BOOST: Final = 4.0
"""How much a section headed by a code that prefixes another code is boosted."""

_HEAD: Final = re.compile(r"^[\w.-]+")
_TAG: Final = re.compile(r"<[^>]+>")


def catalog_codes() -> list[str]:
    """Every code the site lists: error catalog keys and finding codes, lower case."""
    codes = [entry.key for entry in ERROR_CATALOG]
    codes += [spec.code for spec in (*LINT_SPECS, *APP_SPECS, *FORWARDER_SPECS)]
    return sorted({code.lower() for code in codes})


def prefix_codes(codes: Iterable[str]) -> set[str]:
    """The codes that are a proper prefix of another code (``aadsts90094`` of ``...941``)."""
    ordered = sorted(codes)
    return {
        code
        for code in ordered
        if any(other != code and other.startswith(code) for other in ordered)
    }


def boost_entries(entries: list[dict[str, object]], boosted: set[str]) -> int:
    """Boost the entries whose title starts with one of ``boosted``; return how many."""
    count = 0
    for entry in entries:
        title = _TAG.sub("", str(entry.get("title", ""))).lower()
        head = _HEAD.match(title)
        if head and head.group().rstrip(".:") in boosted:
            entry["boost"] = PREFIX_BOOST
            count += 1
    return count


def on_post_build(*, config: MkDocsConfig) -> None:
    """Rewrite the search index with the boosts."""
    path = Path(config.site_dir) / INDEX
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    boost_entries(data["docs"], prefix_codes(catalog_codes()))
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
