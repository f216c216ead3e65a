"""The package as a whole: a stdlib-only core and a documented public API."""

from __future__ import annotations

import inspect
import subprocess
import sys

import recall_outlook


def test_the_core_imports_only_the_standard_library() -> None:
    script = (
        "import sys; before = set(sys.modules); import recall_outlook; "
        "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "print('\\n'.join(sorted(new - set(sys.stdlib_module_names) - {'recall_outlook'})))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == []


def test_every_public_name_is_documented() -> None:
    undocumented = []
    for name in recall_outlook.__all__:
        value = getattr(recall_outlook, name)
        is_code = inspect.isclass(value) or inspect.isfunction(value)
        if is_code and not inspect.getdoc(value):
            undocumented.append(name)
    assert undocumented == []


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "recall_outlook", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert recall_outlook.__version__ in done.stdout
