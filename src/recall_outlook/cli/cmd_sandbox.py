"""``recall-outlook sandbox``: the whole connection flow on loopback, or run in process."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from ._common import CommandError, Subparsers, add_command, add_json_flag, print_json

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``sandbox`` command."""
    parser = add_command(
        subparsers,
        "sandbox",
        example="recall-outlook sandbox --scenario admin-consent --interactive",
        handler=handle,
    )
    parser.add_argument("--scenario", default="production", help="default: %(default)s")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument(
        "--run", action="store_true", help="run the scenario in process, print its trace, exit"
    )
    parser.add_argument(
        "--interactive",
        action="store_true",
        help="show Microsoft's sign-in and consent page (Accept / Cancel) instead of deciding "
        "as the scenario says",
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=0,
        metavar="PORT",
        help="serve Microsoft on PORT, Recall on PORT+1, your app on PORT+2 (default: free ports)",
    )
    parser.add_argument(
        "--example",
        metavar="APP",
        help="run an example app as your app: flask (examples/flask_app.py), fastapi "
        "(examples/fastapi_app.py), or the path of your own app file configured by the same "
        "environment variables (see examples/README.md)",
    )
    add_json_flag(parser)


def _stop_on_term(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def handle(args: argparse.Namespace) -> int:
    """List, run or serve."""
    try:
        from ..sandbox import SCENARIOS, get_scenario, run_scenario  # noqa: PLC0415 - server extra
        from ..sandbox.server import SandboxServer  # noqa: PLC0415 - server extra
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise CommandError(f"the sandbox needs the server extra ({error})") from None
    if args.list:
        if args.json:
            print_json([{"name": s.name, "description": s.description} for s in SCENARIOS.values()])
        else:
            width = max(len(name) for name in SCENARIOS)
            for scenario in SCENARIOS.values():
                print(f"{scenario.name:{width}}  {scenario.description}")
        return 0
    scenario = get_scenario(args.scenario)
    if args.example is not None and args.run:
        raise CommandError("--example serves the example on 127.0.0.1; leave out --run")
    if args.run:
        run = run_scenario(scenario, interactive=args.interactive)
        if args.json:
            print_json(run.as_dict())
        else:
            print(run.as_text())
        return 0 if run.passed else 1
    if not 0 <= args.port_base <= 65533:
        raise CommandError("--port-base must be between 0 and 65533")
    base = args.port_base
    ports = (base, base + 1, base + 2) if base else (0, 0, 0)
    server = SandboxServer(
        scenario,
        ports=ports,
        interactive=args.interactive,
        on_hop=lambda hop: print(hop.as_text(), flush=True),
        example=args.example,
    )
    origins = server.origins
    print(f"Scenario {scenario.name}: {scenario.description}")
    print(f"  Microsoft identity platform  {origins.microsoft}")
    print(f"  Recall (us-east-1 stand-in)  {origins.recall}")
    if server.example is None:
        print(f"  Your app and its forwarder   {origins.app}")
    else:
        print(f"  Your app, {server.example.path.name}  {origins.app}")
        accounts = ", ".join(account.email for account in server.sandbox.world.accounts)
        print(f"  Sign in to it as one of: {accounts}")
    mode = "interactive (consent page)" if args.interactive else "automatic (as the scenario says)"
    print(f"  Consent: {mode}")
    previous = signal.signal(signal.SIGTERM, _stop_on_term)
    try:
        server.start()
        print(f"Start: {server.start_url}")
        print("Press Ctrl-C to stop.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    print("Sandbox stopped.", file=sys.stderr, flush=True)
    return 0
