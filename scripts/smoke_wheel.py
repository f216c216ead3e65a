"""Smoke-test an installed recall-outlook: run it with the Python of a fresh venv holding the wheel.

``nox -s package`` installs the built wheel alone (no extra, no dependency) into a new virtual
environment and runs this file with that environment's Python, from outside the repository:
the package imports from the venv, its public names load, the core works, and the
``recall-outlook`` command answers ``--version``, ``--help``, ``explain``, ``forward`` and
``url``, and turns a usage mistake into one line and exit status 2.

    /path/to/venv/bin/python scripts/smoke_wheel.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
TOKEN = "sample-calendar-auth-token"  # noqa: S105 - the documented sample value


def check(condition: bool, what: str) -> None:
    """Stop with ``what`` unless ``condition`` holds."""
    if not condition:
        sys.exit(f"smoke test failed: {what}")
    print(f"ok: {what}")


def command(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``recall-outlook`` script with ``args``."""
    script = Path(sys.executable).parent / "recall-outlook"
    env = {**os.environ, "RECALL_CALENDAR_AUTH_TOKEN": TOKEN}
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def main() -> None:
    """Run every check; exit non-zero at the first that fails."""
    import recall_outlook  # noqa: PLC0415 - imported here, after the script runs from outside src/

    where = Path(recall_outlook.__file__).resolve()
    check(Path(sys.prefix).resolve() in where.parents, f"recall_outlook imports from {where}")
    check((where.parent / "py.typed").is_file(), "the package carries py.typed")
    names = [getattr(recall_outlook, name) for name in recall_outlook.__all__]
    check(len(names) > 0, f"all {len(names)} public names load with no dependency installed")

    url = recall_outlook.build_authorize_url(
        client_id=CLIENT_ID,
        redirect_uri=recall_outlook.REGIONS["us-east-1"].ms_callback_url,
        calendar_auth_token=TOKEN,
        success_url="https://app.example.com/connected",
        error_url="https://app.example.com/failed",
    )
    check(url.startswith("https://login.microsoftonline.com/"), "build_authorize_url works")
    lint = recall_outlook.lint_authorize_url
    errors = [f.code for f in lint(url) if f.severity == recall_outlook.Severity.ERROR]
    check(errors == [], "the URL it builds lints clean")

    version = command("--version")
    check(
        version.returncode == 0 and "recall-outlook" in version.stdout, "recall-outlook --version"
    )
    check(command("--help").returncode == 0, "recall-outlook --help")
    explained = command("explain", "AADSTS50011")
    check(explained.returncode == 0 and "AADSTS50011" in explained.stdout, "explain AADSTS50011")
    forwarded = command(
        "forward", "https://app.example.com/cb?code=0.AXk&state=%7B%7D", "--region", "eu-central-1"
    )
    check(
        forwarded.returncode == 0 and "eu-central-1.recall.ai" in forwarded.stdout,
        "forward keeps the query and picks the region's callback",
    )
    built = command(
        "url", "--client-id", CLIENT_ID, "--recall-region", "us-east-1",
        "--success-url", "https://app.example.com/connected",
        "--error-url", "https://app.example.com/failed",
    )  # fmt: skip
    check(built.returncode == 0 and "login.microsoftonline.com" in built.stdout, "url")
    mistake = command("lint")
    check(
        mistake.returncode == 2
        and len(mistake.stderr.strip().splitlines()) == 1
        and "Traceback" not in mistake.stderr,
        "a usage mistake is one line and exit 2",
    )


if __name__ == "__main__":
    main()
