"""The committed notebooks: executed, renderable, free of secrets, and guarded by nbval.

nbval itself runs every notebook and compares its stored outputs (``--nbval`` in pyproject's
``addopts``, ``notebooks`` in ``testpaths``). These tests check what nbval does not:

- every notebook is committed executed, without errors, with the widget state saved for every
  panel it displays (the docs render the panels from that state);
- no output holds text that changes from run to run (ports, memory addresses, timestamps), which
  is why no nbval sanitize file is needed;
- no real secret lands in a committed output or in the saved widget state (see below);
- nbval really compares: a copy with one stored output changed fails under ``pytest --nbval``.

What counts as a real secret. The notebooks use documented sample values only
(:data:`SAMPLE_SECRETS`). Anything else in a secret's place is treated as real:

- the value of a secret query parameter (:data:`recall_outlook.SECRET_PARAMS`: ``code``,
  ``client_secret``, ``token``...), of ``recall_calendar_auth_token`` in a JSON or Python
  ``state``, of an ``Authorization: Token`` or ``X-RecallCalendarAuthToken`` header, or of a
  ``Password`` widget, unless it is masked (holds ``***``), too short to be a credential, or one
  of :data:`SAMPLE_SECRETS`;
- anywhere, whatever its place: the shape of an Entra client secret (40 characters of
  ``[A-Za-z0-9_.~-]`` with a ``~``), a JWT (``eyJ...eyJ...``), or a 40-hex-digit Recall API key.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from recall_outlook import SECRET_PARAMS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SAMPLE_SECRETS = frozenset(
    {
        "sample-calendar-auth-token",  # the builder's default, widgets.builder
        "sample-client-secret",
        "0.AXk-sample-code",  # a sample authorization code
        "0.AXk-sample-code&state=%7B%22a%22%3A%22b%2Bc%22%7D&session_state=s+1",
    }
)
"""The documented sample values a notebook may show unmasked."""

_MIN_SECRET = 8
"""Fewer letters and digits than this is a placeholder (``...``), not a credential."""

_PARAM = re.compile(
    r"(?<![\w.-])(" + "|".join(sorted(SECRET_PARAMS)) + r")=([^&\s\"'<>#]*)", re.IGNORECASE
)
_STATE_TOKEN = re.compile(r"recall_calendar_auth_token['\"]?\s*[:=]\s*['\"]([^'\"]*)['\"]")
_HEADER = re.compile(r"(?:Authorization:\s*Token|X-RecallCalendarAuthToken:)\s*([^\s\"'<>]+)")
_REAL_LOOKING = {
    "an Entra client secret": re.compile(r"(?<![\w.~-])(?=[\w.~-]*~)[\w.~-]{40}(?![\w.~-])"),
    "a JWT": re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*"),
    "a Recall API key": re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{40}(?![0-9a-fA-F])"),
}
_UNSTABLE = {
    "a loopback port": re.compile(r"(?:127\.0\.0\.1|localhost):\d{2,5}"),
    "a memory address": re.compile(r" at 0x[0-9a-f]{6,}"),
    "a timestamp": re.compile(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d"),
}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def strings(value: object) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def readings(text: str) -> set[str]:
    """The text as stored, HTML-unescaped, and percent-decoded once and twice."""
    unescaped = html.unescape(text)
    once = unquote(unescaped)
    return {text, unescaped, once, unquote(once)}


def committed_text(notebook: dict[str, Any]) -> Iterator[str]:
    """Every string of every output, then of the notebook's metadata (widget state included)."""
    for cell in notebook["cells"]:
        yield from strings(cell.get("outputs", []))
    yield from strings(notebook.get("metadata", {}))


def password_values(notebook: dict[str, Any]) -> Iterator[str]:
    state = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {})
    for model in state.get("state", {}).values():
        if model.get("model_name") == "PasswordModel":
            yield str(model.get("state", {}).get("value", ""))


def is_allowed(value: str) -> bool:
    value = value.strip()
    return (
        "***" in value
        or value in SAMPLE_SECRETS
        or sum(character.isalnum() for character in value) < _MIN_SECRET
    )


def secret_problems(notebook: dict[str, Any]) -> list[str]:
    """Describe every real-looking secret in the notebook's outputs and metadata."""
    problems = []
    for text in committed_text(notebook):
        for reading in readings(text):
            found = [m.group(2) for m in _PARAM.finditer(reading)]
            found += _STATE_TOKEN.findall(reading) + _HEADER.findall(reading)
            problems += [f"unmasked secret {value!r}" for value in found if not is_allowed(value)]
            for what, pattern in _REAL_LOOKING.items():
                problems += [f"{what}: {match!r}" for match in pattern.findall(reading)]
    problems += [
        f"password widget holds {value!r}"
        for value in password_values(notebook)
        if not is_allowed(value)
    ]
    return sorted(set(problems))


def test_the_five_notebooks_are_there() -> None:
    names = [path.name[:3] for path in NOTEBOOKS]
    assert names == ["01_", "02_", "03_", "04_", "05_"], NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_committed_executed_in_order_without_errors(path: Path) -> None:
    code = [cell for cell in load(path)["cells"] if cell["cell_type"] == "code"]
    counts = [cell["execution_count"] for cell in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: run scripts/execute_notebooks.py"
    for cell in code:
        errors = [out for out in cell["outputs"] if out["output_type"] == "error"]
        streams = [out for out in cell["outputs"] if out.get("name") == "stderr"]
        assert not errors, f"{path.name}: {errors}"
        assert not streams, f"{path.name}: stderr output {streams}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_displayed_panel_has_its_widget_state_saved(path: Path) -> None:
    notebook = load(path)
    views = [
        out["data"][WIDGET_VIEW]["model_id"]
        for cell in notebook["cells"]
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    ]
    state = notebook["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    missing = [model_id for model_id in views if model_id not in state]
    assert not missing, f"{path.name}: views without saved state; run scripts/execute_notebooks.py"


def test_the_panels_are_displayed() -> None:
    # Where the widget cannot be drawn (a notebook not yet run), its plain text names the panel.
    shown = {
        path.name[:2]: {
            "".join(out["data"]["text/plain"]).removeprefix("[").partition(":")[0]
            for cell in load(path)["cells"]
            for out in cell.get("outputs", [])
            if WIDGET_VIEW in out.get("data", {})
        }
        for path in NOTEBOOKS
    }
    assert shown["01"] == {"App registration helper"}
    assert shown["02"] == {"Authorize URL builder"}
    assert shown["03"] == {"Callback forwarding simulator"}
    assert shown["05"] == {"Troubleshooter"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_outputs_hold_nothing_that_changes_between_runs(path: Path) -> None:
    notebook = load(path)
    found = [
        f"{what}: {match!r}"
        for cell in notebook["cells"]
        for text in strings(cell.get("outputs", []))
        for what, pattern in _UNSTABLE.items()
        for match in pattern.findall(text)
    ]
    assert not found, f"{path.name}: {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_no_real_secret_in_outputs_or_widget_state(path: Path) -> None:
    problems = secret_problems(load(path))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_scan_sees_the_samples_it_allows() -> None:
    notebook = load(NOTEBOOK_DIR / "02_build_the_authorize_url.ipynb")
    assert list(password_values(notebook)) == ["sample-calendar-auth-token"]
    text = "\n".join(committed_text(notebook))
    assert "sample-calendar-auth-token" in text  # the Open link's href and the password field
    assert "sam…***" in text


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("https://app.example.com/cb?code=0.AXkAv7Qm3oRealLookingCode&state=x", "unmasked"),
        ("https://app.example.com/cb?code=0.AXk…***&state=x", None),
        ('{"recall_calendar_auth_token":"eyJhbGciOiJIUzI1NiJ9"}', "unmasked"),
        ("state=%7B%22recall_calendar_auth_token%22%3A%22tok-9f8e7d6c5b%22%7D", "unmasked"),
        ("&lt;a href=&quot;https://x/?client_secret=Abc8Q~defghijklmnopqrs&quot;", "unmasked"),
        ("Authorization: Token 0123456789abcdef0123456789abcdef01234567", "unmasked"),
        ("client secret Abc8Q~abcdefghijklmnopqrstuvwxyz01234567", "Entra"),
        ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl", "JWT"),
        ("key 0123456789abcdef0123456789abcdef01234567 here", "Recall API key"),
        ("https://app.example.com/cb?code=...&state=...", None),
        ("token=sample-calendar-auth-token", None),
        ("6731de76-14a6-49ae-97bc-6eba6914391e", None),
    ],
)
def test_the_scan_catches_real_looking_secrets(output: str, expected: str | None) -> None:
    notebook = {"cells": [{"outputs": [{"output_type": "stream", "text": output}]}]}
    problems = secret_problems(notebook)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


def test_the_scan_reads_password_widgets() -> None:
    model = {"model_name": "PasswordModel", "state": {"value": "my-real-token-123456"}}
    notebook = {"cells": [], "metadata": {"widgets": {WIDGET_STATE: {"state": {"m": model}}}}}
    assert secret_problems(notebook) == ["password widget holds 'my-real-token-123456'"]


def _nbval(notebook: Path) -> subprocess.CompletedProcess[str]:
    """Run ``pytest --nbval`` on one notebook, in its own directory, with no project config."""
    (notebook.parent / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p",
         "no:cacheprovider", "-q", notebook.name],
        cwd=notebook.parent, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip


@pytest.mark.timeout(600)
def test_nbval_fails_when_a_stored_output_changes(tmp_path: Path) -> None:
    source = NOTEBOOK_DIR / "05_troubleshoot.ipynb"
    unchanged, changed = tmp_path / "unchanged", tmp_path / "changed"
    for directory in (unchanged, changed):
        directory.mkdir()
        shutil.copy(source, directory / source.name)
    notebook = load(source)
    stream = next(
        out for cell in notebook["cells"] for out in cell.get("outputs", [])
        if out["output_type"] == "stream"
    )  # fmt: skip
    text = "".join(stream["text"])
    stream["text"] = text.replace("admin-consent", "admin-consent (deliberately changed)", 1)
    assert stream["text"] != text
    (changed / source.name).write_text(json.dumps(notebook, indent=1), encoding="utf-8")

    passed = _nbval(unchanged / source.name)
    assert passed.returncode == 0, f"the unchanged copy should pass:\n{passed.stdout}"
    failed = _nbval(changed / source.name)
    assert failed.returncode == 1, f"the changed copy should fail:\n{failed.stdout}"
    assert "deliberately changed" in failed.stdout
    assert "1 failed" in failed.stdout
