"""The ``recall-outlook`` command line.

Each command lives in its own module (``cmd_<name>``, dashes as underscores) with a
``register(subparsers)`` function; ``COMMANDS`` lists them with
their summaries in the order ``--help`` shows. Only the module of the command being run is
imported, so ``--version`` and ``--help`` start fast. [`main`][] is a plain function for
in-process tests; [`run`][] is the console entry point.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Final

from .. import __version__
from ..errors import RecallOutlookError
from ._commands import COMMANDS
from ._common import CommandError, Handler

__all__ = ["COMMANDS", "build_parser", "main", "run"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Report a usage error in one line and exit with status 2."""
        shown = _unechoed(message, _option_strings(self))
        self.exit(2, f"{self.prog}: error: {shown} (see --help)\n")


_FLAG_NAME: Final = re.compile(r"--?[a-z][a-z-]{0,30}")
_IGNORED_VALUE: Final = re.compile(r"ignored explicit argument .*", re.DOTALL)


def _option_strings(parser: argparse.ArgumentParser) -> frozenset[str]:
    """Every option string of ``parser`` and of the commands under it."""
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _option_strings(sub)
    return frozenset(found)


def _shown_flag(word: str, known: frozenset[str]) -> str:
    """A stray flag as it may be shown: never a value glued to it (``--tokenSECRET``)."""
    name = word.partition("=")[0]
    if name in known:
        return name
    glued = [option for option in known if name.startswith(option)]
    if glued:
        return max(glued, key=len) + "…"  # the rest was a value glued to a real option
    if (
        name.startswith("--")
        and _FLAG_NAME.fullmatch(name)
        and not any(option.startswith(name[:4]) and len(name) > len(option) for option in known)
    ):
        return name  # looks like a mistyped option name, not a value
    return name[:2] + "…"


def _unechoed(message: str, known: frozenset[str] = frozenset()) -> str:
    """Keep argparse from echoing stray values: one of them may be a token or a secret."""
    # "-h00000": argparse quotes the value glued to a flag that takes none.
    message = _IGNORED_VALUE.sub("takes no value (what was glued to it is not shown)", message)
    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return message
    stray = message.removeprefix(prefix).split()
    flags = [_shown_flag(word, known) for word in stray if word.startswith("-")]
    values = len(stray) - len(flags)
    shown = flags + ([f"{values} value(s), not shown"] if values else [])
    return prefix + ", ".join(shown)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser of the whole command line.

    Args:
        command: Register this command's options only, and list the others by name and summary
            (what the top-level ``--help`` shows) without importing their modules. ``None``
            registers every command in full.
    """
    parser = _Parser(
        prog="recall-outlook",
        description="Build, check, simulate and forward Recall.ai's Outlook calendar connection.",
        epilog="Example: recall-outlook lint 'https://login.microsoftonline.com/common/...'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name, summary in COMMANDS.items():
        if command is None or name == command:
            import_module(f"{__name__}.cmd_{name.replace('-', '_')}").register(subparsers)
        else:
            subparsers.add_parser(name, help=summary, description=summary)
    return parser


def _command_in(argv: Sequence[str]) -> str:
    """The command ``argv`` names (its first word that is not an option), or ``""``."""
    return next((word for word in argv if not word.startswith("-")), "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Exit codes: 0 success, 1 the command found a problem (for example an error-severity lint
    finding), 2 bad usage or bad input, reported in one line without a traceback.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(words))
    try:
        args = parser.parse_args(words)
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


_SIGPIPE_EXIT: Final = 128 + getattr(signal, "SIGPIPE", 13)
"""The status a shell reports for a command its pipe reader closed on (141)."""


def run() -> None:
    """Console entry point: exit with [`main`][]'s code.

    When the reader of standard output goes away (``recall-outlook ... | head``), stop quietly
    with status 141, as a command killed by SIGPIPE does, instead of printing a traceback.
    SIGPIPE itself stays ignored, as Python sets it, so the servers this command runs are not
    killed by a client that hangs up.
    """
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's last flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(_SIGPIPE_EXIT)
    sys.exit(code)
