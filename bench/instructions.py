"""Count the instructions the linter and its parse floor execute per URL: a figure without noise.

Usage, from the repository root, with Debian's ``valgrind`` on the PATH::

    python bench/instructions.py            # the good URL and the five corpus URLs farthest
    python bench/instructions.py --all      # every corpus URL

Both count every corpus URL (to rank them), in about 8 minutes on two cores.

On a shared virtual machine the time per call drifts by a fifth from one second to the next,
so ``bench/run.py``'s lint ratios move by about that much between runs. The number of
instructions the CPU executes for one call does not: valgrind's cachegrind counts them. Each
subject runs in a fresh interpreter under ``valgrind --tool=cachegrind``, once with ``--calls``
calls and once with none; the difference, divided by the calls, is the count per call. Ratios
are against the parse floor of ``bench/run.py`` (``urlsplit`` + ``parse_qsl`` + ``json.loads``)
on the same URL.

An instruction count is not a time: the floor spends its instructions in C loops, which run
more of them per cycle than the interpreter's dispatch does, so the linter's ratio in time is
higher than its ratio in instructions (about 1.3 to 1.6 times on the machine of
``bench/RESULTS.md``). The count shows where work was removed; the time is what users get.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from run import corpus_urls, good_url  # noqa: E402 - after the path to this checkout

GOOD = "a good URL (as built by bench/run.py)"

_CHILD = """
import sys
sys.path[:0] = [{src!r}, {bench!r}]
from run import parse_floor
from recall_outlook import lint_authorize_url
url = {url!r}
call = (lambda: lint_authorize_url(url, now=0.0)) if {lint!r} else (lambda: parse_floor(url))
for _ in range(50):
    call()
for _ in range({calls}):
    call()
"""


def instructions(url: str, *, lint: bool, calls: int) -> int:
    """Instructions a fresh interpreter executes to warm up and then make ``calls`` calls."""
    code = _CHILD.format(
        src=str(ROOT / "src"), bench=str(ROOT / "bench"), url=url, lint=lint, calls=calls
    )
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found[1].replace(",", ""))


def per_call(url: str, *, lint: bool, calls: int) -> float:
    """Instructions per call: the run with ``calls`` calls less the run without."""
    return (
        instructions(url, lint=lint, calls=calls) - instructions(url, lint=lint, calls=0)
    ) / calls


def main(argv: list[str] | None = None) -> int:
    """Print a markdown table of instructions per call, the linter's against its floor's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every corpus URL, not the worst 5")
    parser.add_argument("--calls", type=int, default=300, help="calls counted per subject")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    cases = {GOOD: good_url()} | corpus_urls()
    jobs = [(name, lint) for name in cases for lint in (True, False)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = dict(
            zip(
                jobs,
                pool.map(lambda job: per_call(cases[job[0]], lint=job[1], calls=args.calls), jobs),
                strict=True,
            )
        )
    ratio = {name: counts[name, True] / counts[name, False] for name in cases}
    corpus = sorted((name for name in cases if name != GOOD), key=ratio.__getitem__, reverse=True)
    shown = [GOOD, *(corpus if args.all else corpus[:5])]
    print("| URL | lint, instructions/call | floor, instructions/call | ratio |")
    print("|---|---:|---:|---:|")
    for name in shown:
        label = name if name == GOOD else f"corpus `{name}`"
        print(
            f"| {label} | {counts[name, True]:,.0f} | {counts[name, False]:,.0f} "
            f"| {ratio[name]:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
