"""Run one fuzz target under atheris (libFuzzer) for a number of runs or a time budget.

Usage (from the repository root, in the dev environment plus ``pip install atheris``)::

    python fuzz/run.py --target parse --runs 1000000
    python fuzz/run.py --target lint --seconds 600
    python fuzz/run.py --target forward --runs 1000000 -- -jobs=1  # libFuzzer flags after --

A crash writes the input to ``fuzz/crashes/<target>-crash-<hash>`` and exits non-zero; replay
one with ``python fuzz/run.py --target parse --replay fuzz/crashes/<file>``.
``tests/test_fuzz_regressions.py`` replays every file in ``fuzz/crashes`` through its target.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--target", required=True, choices=["parse", "lint", "explain", "forward", "manifest"]
    )
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--runs", type=int, default=1_000_000, help="executions (default 1000000)")
    budget.add_argument("--seconds", type=int, help="a time budget instead of a run count")
    parser.add_argument("--corpus", type=Path, help="corpus directory (default: a fresh temp dir)")
    parser.add_argument("--replay", type=Path, help="run one saved input and exit")
    parser.add_argument("libfuzzer", nargs="*", help="extra libFuzzer flags, after --")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Fuzz (or replay) one target; atheris exits the process when fuzzing ends."""
    args = _parser().parse_args(argv)
    import atheris  # type: ignore[import-untyped]  # noqa: PLC0415 - optional, fuzzing only

    with atheris.instrument_imports(include=["recall_outlook"]):
        import recall_outlook  # noqa: F401, PLC0415 - instrument the whole package
        from fuzz.seeds import seeds  # noqa: PLC0415
        from fuzz.targets import TARGETS  # noqa: PLC0415

    target = TARGETS[args.target]
    if args.replay:
        target(args.replay.read_bytes())
        print(f"{args.replay}: no crash")
        return 0
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix=f"fuzz-{args.target}-"))
    corpus.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(seeds(args.target)):
        (corpus / f"seed-{number}").write_bytes(seed)
    crashes = ROOT / "fuzz" / "crashes"
    crashes.mkdir(exist_ok=True)
    flags = [f"-artifact_prefix={crashes}/{args.target}-", "-print_final_stats=1"]
    flags.append(f"-max_total_time={args.seconds}" if args.seconds else f"-runs={args.runs}")
    flags += ["-max_len=20000", "-rss_limit_mb=4096", "-timeout=20", *args.libfuzzer]
    atheris.Setup([sys.argv[0], *flags, str(corpus)], target)
    atheris.Fuzz()
    return 0  # pragma: no cover - atheris.Fuzz exits the process


if __name__ == "__main__":
    sys.exit(main())
