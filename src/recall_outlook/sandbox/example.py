"""An example app run as "your app": its own process, pointed at the sandbox by environment.

``recall-outlook sandbox --example flask`` (or ``fastapi``, or the path of your own app) starts
``python examples/flask_app.py`` with the environment variables of
[`recall_outlook.app_settings.APP_ENVIRONMENT`][] set to the local Microsoft and the local Recall.
The app does not know it is in a sandbox: only its base URLs differ from production. It serves
on ``127.0.0.1`` at the port of ``APP_BASE_URL``, as the examples' ``main()`` does.

Only scenarios that change the world (the app registration, the workspace, the user's choice)
make sense here: the ones that change how the app builds its URL are about the sandbox's own app.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import MappingProxyType
from typing import IO, Final

from ..errors import RecallOutlookError
from ..scopes import DEFAULT_SCOPES
from .config import World
from .scenarios import SCENARIOS, Scenario

__all__ = [
    "EXAMPLES",
    "ExampleProcess",
    "check_example_scenario",
    "example_environ",
    "example_scenarios",
    "find_example",
    "free_port",
]

EXAMPLES: Final = MappingProxyType({"flask": "flask_app.py", "fastapi": "fastapi_app.py"})
"""The examples by name: files in the repository's ``examples/`` folder."""

_START_SECONDS: Final = 30.0


def _runs_as_written(scenario: Scenario) -> bool:
    """Whether every step is a plain connect the example can play as it is written."""
    return not scenario.naive_forwarder and all(
        step.action == "connect"
        and step.prompt is None
        and tuple(step.scopes) == DEFAULT_SCOPES
        and step.state_redirect == "same"
        and step.token_age == 0
        and step.redirect in ("forwarder", "recall")
        for step in scenario.steps
    )


def example_scenarios() -> tuple[str, ...]:
    """The names of the scenarios an example app can be run in."""
    return tuple(name for name, scenario in SCENARIOS.items() if _runs_as_written(scenario))


def check_example_scenario(scenario: Scenario) -> None:
    """Refuse a scenario that changes how the app builds its URL.

    Raises:
        RecallOutlookError: The scenario is about the sandbox's own app; the message lists the
            scenarios an example can run in.
    """
    if not _runs_as_written(scenario):
        raise RecallOutlookError(
            f"scenario {scenario.name!r} changes how the app builds its URL, which an example "
            f"does right; with --example choose one of: {', '.join(example_scenarios())}"
        )


def find_example(name: str, *, cwd: Path | None = None) -> Path:
    """Return the app file of example ``name`` (``flask``, ``fastapi``) or of a path given.

    A name is looked up in ``examples/`` of the current directory, then of the clone this
    package is installed from.

    Raises:
        RecallOutlookError: Nothing is found; the message says where it looked.
    """
    if name not in EXAMPLES:
        path = Path(name)
        if path.is_file():
            return path.resolve()
        raise RecallOutlookError(
            f"--example {name!r} is neither {' nor '.join(EXAMPLES)} nor an existing file"
        )
    roots = [cwd or Path.cwd(), Path(__file__).resolve().parents[3]]
    for root in roots:
        candidate = root / "examples" / EXAMPLES[name]
        if candidate.is_file():
            return candidate
    raise RecallOutlookError(
        f"examples/{EXAMPLES[name]} not found: run from a clone of recall-outlook, or pass the "
        "path of the app file to --example"
    )


def example_environ(world: World, scenario: Scenario) -> dict[str, str]:
    """Return the environment that points an example at the sandbox's parties.

    Args:
        world: The sandbox's world (origins, app registration, workspace).
        scenario: The scenario; ``development`` makes Recall's callback the redirect URI.
    """
    origins = world.origins
    development = scenario.steps[0].redirect == "recall"
    return {
        "RECALL_API_KEY": world.workspace.api_key,
        "RECALL_REGION": "us-east-1",
        "RECALL_BASE_URL": origins.recall,
        "MICROSOFT_CLIENT_ID": world.app.client_id,
        "MICROSOFT_AUTHORITY": origins.microsoft,
        "MICROSOFT_REDIRECT_URI": origins.recall_callback if development else origins.forwarder,
        "APP_BASE_URL": origins.app,
        "APP_SESSION_SECRET": secrets.token_urlsafe(32),
    }


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class ExampleProcess:
    """``python APP_FILE`` with an environment, started and stopped.

    Args:
        path: The app file; its ``main()`` serves on 127.0.0.1 at ``APP_BASE_URL``'s port.
        environ: The variables to set on top of this process's environment.
        port: The port it will listen on.
        output: Where its output goes (default: this process's standard streams).
    """

    def __init__(
        self, path: Path, environ: dict[str, str], *, port: int, output: IO[bytes] | None = None
    ) -> None:
        self.path = path
        self.environ = environ
        self.port = port
        self.output = output
        self._process: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f"ExampleProcess(path={str(self.path)!r}, port={self.port})"

    def start(self) -> None:
        """Start the app and wait until it accepts connections.

        Raises:
            RecallOutlookError: It exited, or did not listen within 30 seconds.
        """
        stream = self.output if self.output is not None else None
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and a file path
            [sys.executable, str(self.path)],
            env={**os.environ, **self.environ, "PYTHONUNBUFFERED": "1"},
            stdout=stream,
            stderr=subprocess.STDOUT if stream is not None else None,
        )
        deadline = time.monotonic() + _START_SECONDS
        while True:
            status = self._process.poll()
            if status is not None:
                raise RecallOutlookError(
                    f"{self.path.name} exited with status {status} before serving (see its output)"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RecallOutlookError(
                        f"{self.path.name} did not listen on 127.0.0.1:{self.port} within "
                        f"{_START_SECONDS:.0f} s"
                    ) from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the app (SIGTERM, then SIGKILL after 10 seconds)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
