"""The publisher verification checklist: data the docs and notebooks render, held to the tools."""

from __future__ import annotations

import re

from recall_outlook.authorize.lint_codes import LINT_CATALOG
from recall_outlook.cli import build_parser
from recall_outlook.register.app_codes import APP_CATALOG
from recall_outlook.register.publisher import PUBLISHER_STEPS, checkable_steps


def commands() -> set[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if a.dest == "command"]
    return set(actions[0].choices or {})


def test_keys_are_unique_and_every_step_is_documented() -> None:
    assert len({step.key for step in PUBLISHER_STEPS}) == len(PUBLISHER_STEPS)
    for step in PUBLISHER_STEPS:
        assert step.title
        assert step.detail.endswith(".")
        assert re.match(r"https://(learn\.microsoft\.com|docs\.recall\.ai)/", step.doc_url)


def test_checked_by_names_real_commands_and_codes() -> None:
    known = commands()
    for step in checkable_steps():
        assert step.checked_by is not None
        match = re.fullmatch(r"recall-outlook ([a-z-]+)(?: \(([a-z-]+)\))?", step.checked_by)
        assert match, step.checked_by
        assert match[1] in known
        if match[2]:
            assert match[2] in APP_CATALOG or match[2] in LINT_CATALOG


def test_some_steps_only_a_person_can_check() -> None:
    manual = [step for step in PUBLISHER_STEPS if step.checked_by is None]
    assert {"partner-center-account", "domain-matches-partner-center"} <= {s.key for s in manual}
    assert len(checkable_steps()) + len(manual) == len(PUBLISHER_STEPS)


def test_the_checklist_covers_microsofts_requirements() -> None:
    text = " ".join(f"{step.title} {step.detail}" for step in PUBLISHER_STEPS)
    for needle in [
        "Partner Center",
        "Partner ID",
        "work account",
        "onmicrosoft.com",
        "/.well-known/microsoft-identity-association.json",
        "multifactor",
        "MPN Admin",
        "Accounts Admin",
    ]:
        assert needle in text
