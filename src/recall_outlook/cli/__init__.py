"""The ``recall-outlook`` command line.

Each command lives in its own module with a ``register(subparsers)`` function; :data:`COMMANDS`
lists them in the order ``--help`` shows. :func:`main` is a plain function for in-process tests;
:func:`run` is the console entry point.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Final

from .. import __version__
from ..errors import RecallOutlookError
from ._common import CommandError, Handler

__all__ = ["COMMANDS", "build_parser", "main", "run"]

COMMANDS: Final = (
    "url",
    "lint",
    "explain",
    "forward",
    "admin_consent_url",
    "serve_forwarder",
    "sandbox",
    "check_forwarder",
    "register",
    "check_app",
)
"""Modules of :mod:`recall_outlook.cli` (``cmd_<name>``) that each add one command."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Report a usage error in one line and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {_unechoed(message)} (see --help)\n")


def _unechoed(message: str) -> str:
    """Keep argparse from echoing stray values: one of them may be a token or a secret."""
    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return message
    stray = message.removeprefix(prefix).split()
    flags = [word.partition("=")[0] for word in stray if word.startswith("-")]
    values = len(stray) - len(flags)
    shown = flags + ([f"{values} value(s), not shown"] if values else [])
    return prefix + ", ".join(shown)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command line, every command registered."""
    parser = _Parser(
        prog="recall-outlook",
        description="Build, check, simulate and forward Recall.ai's Outlook calendar connection.",
        epilog="Example: recall-outlook lint 'https://login.microsoftonline.com/common/...'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMANDS:
        import_module(f"{__name__}.cmd_{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Exit codes: 0 success, 1 the command found a problem (for example an error-severity lint
    finding), 2 bad usage or bad input, reported in one line without a traceback.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 2
    handler: Handler = args.handler
    try:
        return handler(args)
    except (CommandError, RecallOutlookError) as error:
        print(f"recall-outlook {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Console entry point: exit with :func:`main`'s code."""
    sys.exit(main())
