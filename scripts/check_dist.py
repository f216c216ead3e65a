"""Check what the built sdist and wheel in a folder carry, beyond twine and check-wheel-contents.

The wheel holds the ``recall_outlook`` package (with its ``py.typed`` marker), the licence in
its ``.dist-info/licenses`` and its metadata, and nothing else: no tests, notebooks, docs or
caches. Every module of ``src/recall_outlook`` is in it, and the sdist has the sources the wheel
is built from plus the licence and README. Exit 1 with one line per problem.

    python scripts/check_dist.py dist/
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "recall_outlook"


def wheel_problems(wheel: Path) -> list[str]:
    """What is wrong with the wheel's file list."""
    names = zipfile.ZipFile(wheel).namelist()
    dist_info = wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"
    problems = [
        f"{wheel.name}: {name} is neither the package nor its metadata"
        for name in names
        if not (name.startswith(f"{PACKAGE}/") or name.startswith(f"{dist_info}/"))
    ]
    problems += [
        f"{wheel.name}: {name} is a cache or build leftover"
        for name in names
        if "__pycache__" in name or name.endswith((".pyc", ".pyo", ".orig", ".rej", "~"))
    ]
    expected = {
        f"{PACKAGE}/py.typed",
        f"{dist_info}/licenses/LICENSE",
        f"{dist_info}/METADATA",
        f"{dist_info}/entry_points.txt",
        *(
            path.relative_to(ROOT / "src").as_posix()
            for path in (ROOT / "src" / PACKAGE).rglob("*.py")
        ),
    }
    problems += [f"{wheel.name}: {name} is missing" for name in sorted(expected - set(names))]
    licence = zipfile.ZipFile(wheel).read(f"{dist_info}/licenses/LICENSE")
    if licence != (ROOT / "LICENSE").read_bytes():
        problems.append(f"{wheel.name}: the licence is not LICENSE")
    return problems


def sdist_problems(sdist: Path) -> list[str]:
    """What is missing from the sdist."""
    with tarfile.open(sdist) as archive:
        names = {name.partition("/")[2] for name in archive.getnames()}
    expected = {"pyproject.toml", "README.md", "LICENSE", f"src/{PACKAGE}/py.typed"}
    return [f"{sdist.name}: {name} is missing" for name in sorted(expected - names)]


def main(argv: list[str]) -> int:
    """Check the one wheel and the one sdist in the folder given; return the exit status."""
    if len(argv) != 1:
        print("usage: python scripts/check_dist.py DIST_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    wheels = sorted(folder.glob(f"{PACKAGE}-*.whl"))
    sdists = sorted(folder.glob(f"{PACKAGE.replace('_', '-')}-*.tar.gz")) + sorted(
        folder.glob(f"{PACKAGE}-*.tar.gz")
    )
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"expected one wheel and one sdist in {folder}", file=sys.stderr)
        return 2
    problems = wheel_problems(wheels[0]) + sdist_problems(sdists[0])
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{wheels[0].name} and {sdists[0].name}: contents as expected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
