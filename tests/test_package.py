"""The package as a whole: a stdlib-only core laid out by step, lazy, with a documented API."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import recall_outlook

PACKAGE = Path(recall_outlook.__file__).parent
BASICS = frozenset(
    {"regions", "scopes", "masking", "errors", "findings", "redirect_uri", "redirect_uri_codes"}
)
# The steps of the user's journey, in order: a step may import the basics, itself and earlier
# steps (troubleshoot reads the others' catalogs), never a later step or sandbox, widgets, cli.
STEPS = ("register", "authorize", "forwarder", "troubleshoot")
CORE = [
    *(f"recall_outlook.{name}" for name in sorted(BASICS)),
    *(
        f"recall_outlook.{step}.{path.stem}"
        for step in STEPS
        for path in sorted((PACKAGE / step).glob("*.py"))
        if path.stem != "__init__"
    ),
]


def _loaded_after(code: str) -> list[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = (
        f"import sys\nbefore = set(sys.modules)\n{code}\nprint(*sorted(set(sys.modules) - before))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_the_core_imports_only_the_standard_library() -> None:
    code = f"import importlib; [importlib.import_module(m) for m in {CORE!r}]"
    loaded = _loaded_after(code)
    assert "recall_outlook.authorize.lint" in loaded  # the check does load the core
    third_party = {name.split(".")[0] for name in loaded} - set(sys.stdlib_module_names)
    assert third_party == {"recall_outlook"}


def test_every_public_name_loads_without_a_third_party_module() -> None:
    code = "import recall_outlook as r; [getattr(r, name) for name in r.__all__]"
    third_party = {name.split(".")[0] for name in _loaded_after(code)}
    assert third_party - set(sys.stdlib_module_names) == {"recall_outlook"}


def test_importing_the_package_loads_no_submodule() -> None:
    loaded = _loaded_after("import recall_outlook")
    assert [name for name in loaded if name.startswith("recall_outlook")] == ["recall_outlook"]


def test_a_name_loads_only_its_own_module_and_what_that_needs() -> None:
    loaded = set(_loaded_after("from recall_outlook import forward_url"))
    assert "recall_outlook.forwarder.forward" in loaded
    assert not {"recall_outlook.authorize.lint", "recall_outlook.troubleshoot.explain"} & loaded


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_command_module(argv: list[str]) -> None:
    code = (
        "import contextlib, io\nfrom recall_outlook.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main({argv!r})"
    )
    ours = {name for name in _loaded_after(code) if name.startswith("recall_outlook")}
    assert "recall_outlook.cli" in ours
    assert ours <= {
        "recall_outlook",
        "recall_outlook.cli",
        "recall_outlook.cli._commands",
        "recall_outlook.cli._common",
        "recall_outlook.errors",
    }


def test_the_whole_public_api_is_still_there() -> None:
    for name in recall_outlook.__all__:
        assert getattr(recall_outlook, name) is not None
    assert set(dir(recall_outlook)) >= set(recall_outlook.__all__)
    with pytest.raises(AttributeError):
        recall_outlook.no_such_name  # noqa: B018


def _imports_of(path: Path) -> set[str]:
    """The package-relative modules ``path`` imports (``authorize.lint``, ``errors``, ...)."""
    package = path.relative_to(PACKAGE).parent.parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.add(target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("recall_outlook."):
            found.add(str(node.module).removeprefix("recall_outlook."))
    return found


def _layer(module: str) -> str:
    head = module.split(".", maxsplit=1)[0]
    return "basics" if head in BASICS else head


@pytest.mark.parametrize("step", ["basics", *STEPS])
def test_dependencies_point_one_way(step: str) -> None:
    paths = (
        [PACKAGE / f"{name}.py" for name in sorted(BASICS)]
        if step == "basics"
        else sorted((PACKAGE / step).glob("*.py"))
    )
    wrong = []
    for path in paths:
        for module in _imports_of(path):
            layer = _layer(module)
            earlier = STEPS[: STEPS.index(step) + 1] if step in STEPS else ()
            if layer != "basics" and layer not in earlier:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("step", STEPS)
def test_a_step_package_imports_nothing_by_itself(step: str) -> None:
    assert _imports_of(PACKAGE / step / "__init__.py") == set()


def test_every_public_name_is_documented() -> None:
    undocumented = []
    for name in recall_outlook.__all__:
        value = getattr(recall_outlook, name)
        # A type alias such as Callable[[str], Reply] has an origin; Python 3.10 calls it a class.
        alias = typing.get_origin(value) is not None
        is_code = (inspect.isclass(value) and not alias) or inspect.isfunction(value)
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
