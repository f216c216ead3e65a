"""What the command modules share: handler type, usage errors, secrets from the environment."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ._commands import COMMANDS

if TYPE_CHECKING:
    from ..findings import Finding

__all__ = [
    "CommandError",
    "Handler",
    "Subparsers",
    "add_command",
    "add_json_flag",
    "port_number",
    "positive_count",
    "positive_seconds",
    "print_json",
    "read_text",
    "render_findings",
    "secret_argument",
]

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A command's handler: takes the parsed arguments, returns the exit code."""

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The object ``register`` functions add their command to."""


class CommandError(Exception):
    """Bad input to a command, reported in one line with exit code 2."""


def add_command(
    subparsers: Subparsers, name: str, *, example: str, handler: Handler
) -> argparse.ArgumentParser:
    """Add one command with its summary (from [`COMMANDS`][]), an example and its handler."""
    summary = COMMANDS[name]
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"Example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def secret_argument(value: str | None, env: str, what: str) -> str:
    """Return a secret given on the command line or, failing that, in the variable ``env``.

    Raises:
        CommandError: Neither gives a value.
    """
    found = value if value is not None else os.environ.get(env)
    if not found:
        raise CommandError(f"{what} is required: pass it or set {env}")
    return found


_UNSAFE_IN_JSON: Final = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def print_json(data: Any) -> None:  # noqa: ANN401 - any JSON-ready value
    r"""Print ``data`` as indented JSON with a final newline.

    Text stays readable (not ASCII-escaped), except what a terminal could act on or an encoder
    refuses: DEL and C1 controls and lone surrogates are written as ``\uXXXX`` escapes, which
    is the same JSON.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda found: f"\\u{ord(found[0]):04x}", text) + "\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """Add ``--json``: machine-readable output with stable keys."""
    parser.add_argument("--json", action="store_true", help="print JSON with stable keys")


def read_text(value: str) -> str:
    """Return ``value``, or standard input when ``value`` is ``-``.

    Raises:
        CommandError: The text is empty.
    """
    text = sys.stdin.read() if value == "-" else value
    if not text.strip():
        raise CommandError("nothing to read: the input is empty")
    return text


def render_findings(findings: Iterable[Finding]) -> str:
    """Return findings as a readable list, worst first, each with its fix."""
    lines = []
    for finding in findings:
        lines.append(f"{finding.severity.value.upper():7} {finding.code}: {finding.message}")
        lines.append(f"        fix: {finding.fix}")
    return "\n".join(lines) if lines else "no findings"


def port_number(text: str) -> int:
    """Parse a TCP port (0 to 65535; 0 picks a free one) for ``type=`` of an argument."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def positive_seconds(text: str) -> float:
    """Parse a timeout in seconds (finite, above zero) for ``type=`` of an argument."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a positive number of seconds")
    return seconds


def positive_count(text: str) -> int:
    """Parse a count of at least one for ``type=`` of an argument."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} is not a positive number")
    return count
