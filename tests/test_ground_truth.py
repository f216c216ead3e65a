"""The linter and explain judged against what real users paste (issue 11).

tests/data/ground_truth/ holds authorize URLs and error texts collected from public GitHub issues,
repositories and documentation, each with its source link and the verdict Microsoft's and
Recall's documentation call for (the ``why`` of each item argues it). The files say how each
item was obtained; secrets in them are fakes of the real shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from recall_outlook.authorize.lint import lint_authorize_url
from recall_outlook.authorize.parse import parse_authorize_url
from recall_outlook.cli import main
from recall_outlook.findings import Severity
from recall_outlook.troubleshoot.explain import explain

DATA = Path(__file__).parent / "data" / "ground_truth"
URLS = json.loads((DATA / "authorize_urls.json").read_text(encoding="utf-8"))
ERRORS = json.loads((DATA / "error_texts.json").read_text(encoding="utf-8"))
_CITED = re.compile(r"\[([A-Z][A-Z0-9.-]*[A-Z0-9])")


def _items(corpus: dict[str, Any]) -> list[Any]:
    return [pytest.param(item, id=item["id"]) for item in corpus["items"]]


@pytest.mark.parametrize("corpus", [URLS, ERRORS], ids=["urls", "errors"])
def test_the_corpus_is_real_sourced_and_argued(corpus: dict[str, Any]) -> None:
    items = corpus["items"]
    assert len(items) >= 30
    assert len({item["id"] for item in items}) == len(items)
    assert len({item["input"] for item in items}) == len(items)
    for item in items:
        assert item["source"].startswith("https://"), item["id"]
        assert item["why"].strip(), item["id"]
        for key in _CITED.findall(item["why"]):
            assert key in corpus["references"], (item["id"], key)
    real = [item for item in items if item.get("kind", "url") == "url"]
    assert len(real) >= len(items) // 2, "most items are verbatim, not reconstructed"


@pytest.mark.parametrize("item", _items(URLS))
def test_lint_verdict_on_a_real_url(item: dict[str, Any]) -> None:
    expect = item["expect"]
    findings = lint_authorize_url(item["input"])
    codes = {finding.code for finding in findings}
    errors = {finding.code for finding in findings if finding.severity is Severity.ERROR}
    assert errors == set(expect["errors"])
    assert set(expect.get("also", [])) <= codes
    assert not set(expect.get("never", [])) & codes
    shown = json.dumps(
        {
            "findings": [finding.as_dict() for finding in findings],
            "request": parse_authorize_url(item["input"]).as_dict(),
        },
        ensure_ascii=False,
    )
    for secret in expect.get("secrets", []):
        assert secret not in shown


@pytest.mark.parametrize("item", _items(ERRORS))
def test_explain_reads_a_real_error_text(item: dict[str, Any]) -> None:
    expect = item["expect"]
    explanation = explain(item["input"])
    assert list(explanation.codes) == expect["codes"]
    assert explanation.known
    assert explanation.entries[0].key == expect["codes"][0]
    if "error" in expect:
        assert explanation.error == expect["error"]
    if "where" in expect:
        assert explanation.where == expect["where"]
    first = explanation.entries[0]
    said = f"{first.title} {first.cause} {first.fix}".lower()
    for words in expect.get("says", []):
        assert words.lower() in said
    for words in expect.get("not_says", []):
        assert words.lower() not in said
    for kept in expect.get("echo_keeps", []):
        assert kept in explanation.as_dict()["query"]


def test_the_lint_command_never_echoes_a_corpus_secret(capsys: pytest.CaptureFixture[str]) -> None:
    for item in URLS["items"]:
        if not item["expect"].get("secrets"):
            continue
        for args in (["lint", item["input"]], ["lint", "--json", item["input"]]):
            assert main(args) == 1
            out, err = capsys.readouterr()
            for secret in item["expect"]["secrets"]:
                assert secret not in out + err
