"""Nox sessions: the whole suite, the checked package, the wheel on every Python we claim.

``nox`` runs the default sessions in this order (``.ci/run`` and the tests workflow run them):

- ``lint``: ruff, ruff format, mypy (strict) and actionlint on ``.github/workflows``.
- ``package``: builds the sdist and the wheel into ``dist/``, checks them (validate-pyproject,
  twine check, check-wheel-contents, ``scripts/check_dist.py``) and smoke-tests the wheel alone
  in a fresh virtual environment: the command line and ``import recall_outlook``.
- ``wheel-3.10``, ``wheel-3.12``, ``wheel-3.13``: the built wheel with its dev extra, and every
  test that needs no browser (notebooks, docs build, nginx and load tests included).
- ``parsers``: the hostile-request, serve-forwarder and recipe tests again with httptools and
  uvloop installed (as ``uvicorn[standard]`` installs them): the limits must not change.
- ``tests``: the README's test command, ``bash scripts/test``, on Python 3.11: every test,
  browser tests included, from an editable install.

Every install takes its versions from the lock, ``requirements/py3.X.txt`` for the session's
Python. ``nox -s lock`` refreshes the lock after a dependency changes in ``pyproject.toml``
(keeping every other pin); ``nox -s lock -- --upgrade`` moves every pin to the newest release.
``nox -s docs`` builds the documentation site into ``site/``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
LOCK = ROOT / "requirements"
DIST = ROOT / "dist"
SUITE_PYTHON = "3.11"
"""The Python of the whole suite, browser tests included (the README's test command)."""
WHEEL_PYTHONS = ["3.10", "3.12", "3.13"]
"""The other Pythons ``requires-python`` claims: the built wheel, every test without a browser."""
LOCKED_PYTHONS = sorted({SUITE_PYTHON, *WHEEL_PYTHONS})

nox.options.sessions = ["lint", "package", "wheel", "parsers", "tests"]
nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "no"
nox.options.download_python = "never"  # the Pythons come from the machine (see CONTRIBUTING)
# uv installs the locked environments several times faster than pip on a small machine; the
# tests session alone uses virtualenv and pip, as the README's test command does.
FAST = "uv"


def lock_file(python: str) -> Path:
    """The lock (a pip constraints file) for one Python, such as ``requirements/py3.12.txt``."""
    path = LOCK / f"py{python}.txt"
    if not path.is_file():
        sys.exit(f"no lock for Python {python}: {path} (run: nox -s lock)")
    return path


def session_python(session: nox.Session) -> str:
    """The ``major.minor`` version of the session's own interpreter."""
    out = session.run(
        "python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])", silent=True
    )
    return str(out).strip()


def the_wheel() -> Path:
    """The one wheel ``package`` built into ``dist/``."""
    wheels = sorted(DIST.glob("recall_outlook-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one wheel in {DIST}, found {len(wheels)}: run nox -s package")
    return wheels[0]


@nox.session(python=SUITE_PYTHON, venv_backend=FAST)
def lint(session: nox.Session) -> None:
    """Ruff, ruff format, mypy --strict, and actionlint on the GitHub workflows."""
    lock = lock_file(SUITE_PYTHON)
    session.install("-c", str(lock), "-e", ".[dev]", "--group", "ci")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    workflows = sorted(str(path) for path in (ROOT / ".github/workflows").glob("*.yml"))
    session.run("actionlint", "-color=false", *workflows)


@nox.session(python=SUITE_PYTHON, venv_backend=FAST)
def package(session: nox.Session) -> None:
    """Build the sdist and the wheel, check both, and smoke-test the wheel in a fresh venv."""
    lock = lock_file(SUITE_PYTHON)
    session.install("-c", str(lock), "--group", "ci")
    session.run("validate-pyproject", "pyproject.toml")
    shutil.rmtree(DIST, ignore_errors=True)
    # The wheel is built from the sdist, so the sdist is proven complete on the way; the build
    # backend comes from the lock too (uv installs it into the isolated build environment).
    build = ["python", "-m", "build", "--installer", "uv", "--outdir", str(DIST)]
    session.run(*build, env={"UV_CONSTRAINT": str(lock)})
    session.run("twine", "check", "--strict", *(str(p) for p in sorted(DIST.iterdir())))
    session.run("check-wheel-contents", str(the_wheel()))
    session.run("python", "scripts/check_dist.py", str(DIST))
    with tempfile.TemporaryDirectory(prefix="recall-outlook-smoke-") as scratch:
        venv = Path(scratch) / "venv"
        session.run("python", "-m", "venv", str(venv))
        python = str(venv / "bin" / "python")
        # The core has no dependency: the bare wheel must install and work on its own.
        session.run(
            python, "-m", "pip", "install", "-q", "--no-deps", str(the_wheel()), external=True
        )
        with session.chdir(scratch):  # away from src/, so only the venv has the package
            session.run(python, str(ROOT / "scripts/smoke_wheel.py"), external=True)


@nox.session(python=WHEEL_PYTHONS, requires=["package"], venv_backend=FAST)
def wheel(session: nox.Session) -> None:
    """The built wheel with its dev extra: every test that needs no browser."""
    lock = lock_file(session_python(session))
    session.install("-c", str(lock), f"{the_wheel()}[dev]")
    # The tests must exercise the installed wheel, never the source tree.
    env = {"PYTHONPATH": None}
    session.run(
        "python",
        "-c",
        "import pathlib, recall_outlook as r; p = pathlib.Path(r.__file__);"
        " assert 'site-packages' in p.parts, p; print('testing', p.parent)",
        env=env,
    )
    pytest = ["python", "-m", "pytest", "-m", "not browser", "-p", "no:cacheprovider"]
    session.run(*pytest, *session.posargs, env=env)


@nox.session(python=SUITE_PYTHON, venv_backend=FAST)
def parsers(session: nox.Session) -> None:
    """The forwarders' limits with httptools and uvloop installed, as ``uvicorn[standard]`` does.

    serve-forwarder and the uvicorn recipe pin h11, so the hostile-request, serve-forwarder and
    recipe tests must pass unchanged when uvicorn could pick httptools.
    """
    session.install("-c", str(lock_file(SUITE_PYTHON)), "-e", ".[dev]", "--group", "parsers")
    session.run("python", "-c", "import httptools, uvloop")
    tests = ["tests/test_hostile.py", "tests/test_serve.py", "tests/test_recipes.py"]
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", "-q", *tests)


@nox.session(python=SUITE_PYTHON)
def tests(session: nox.Session) -> None:
    """The README's test command, verbatim: every test, browser tests included."""
    session.run("bash", "scripts/test", *session.posargs, external=True)


@nox.session(python=SUITE_PYTHON, default=False, venv_backend=FAST)
def docs(session: nox.Session) -> None:
    """Build the documentation site into ``site/`` (what the Pages workflow publishes)."""
    session.install("-c", str(lock_file(SUITE_PYTHON)), "-e", ".[docs]")
    session.run(
        "mkdocs", "build", "--strict", "--site-dir", "site", env={"NO_MKDOCS_2_WARNING": "1"}
    )


@nox.session(python=SUITE_PYTHON, default=False, venv_backend=FAST)
def lock(session: nox.Session) -> None:
    """Write ``requirements/py3.X.txt``: every extra and the ci group, resolved for each Python.

    Pins already in a lock are kept unless ``-- --upgrade`` (or ``-- --upgrade-package NAME``)
    is given, so adding a dependency moves nothing else. Resolved for Linux on x86-64, where CI
    runs; uv resolves for each Python without needing its interpreter.
    """
    current = LOCK / f"py{SUITE_PYTHON}.txt"
    session.install(*(["-c", str(current)] if current.is_file() else []), "uv")
    LOCK.mkdir(exist_ok=True)
    for python in LOCKED_PYTHONS:
        session.run(
            "uv", "pip", "compile", "pyproject.toml", "--all-extras",
            "--group", "ci", "--group", "parsers",
            "--python-version", python, "--python-platform", "x86_64-unknown-linux-gnu",
            "--custom-compile-command", "nox -s lock", "--quiet",
            "--output-file", str(LOCK / f"py{python}.txt"), *session.posargs,
        )  # fmt: skip
