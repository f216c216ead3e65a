"""Seed inputs for each target: realistic samples the fuzzer mutates from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from recall_outlook.authorize.build import build_authorize_url

__all__ = ["seeds"]

_CALLBACK: Final = "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/"
_MANIFESTS: Final = Path(__file__).resolve().parent.parent / "tests" / "data" / "manifests"
_GROUND_TRUTH: Final = _MANIFESTS.parent / "ground_truth"


def _real(name: str) -> list[str]:
    """The inputs of a ground-truth corpus: what real users pasted (tests/data/ground_truth)."""
    path = _GROUND_TRUTH / name
    if not path.is_file():
        return []
    return [str(item["input"]) for item in json.loads(path.read_text("utf-8"))["items"]]


def _url() -> str:
    return build_authorize_url(
        client_id="6731de76-14a6-49ae-97bc-6eba6914391e",
        redirect_uri=_CALLBACK,
        calendar_auth_token="sample-calendar-auth-token",  # noqa: S106 - a sample
        success_url="https://app.example.com/connected?x=1",
        error_url="https://app.example.com/failed",
    )


def _text(value: str) -> bytes:
    return b"\x00" + value.encode("utf-8")


def seeds(target: str) -> list[bytes]:
    """Return the seed inputs for ``target`` (already in each target's byte layout)."""
    url = _url()
    demo = url.replace("&prompt=", "&x=") + '&prompt=consent&state={"a":"b&c"}'
    callback = (
        "https://app.example.com/cb?error=access_denied&error_description=AADSTS65004%3A+User"
        "+declined+to+consent.+Trace+ID%3A+1&state=%7B%7D"
    )
    if target in {"parse", "lint"}:
        real = [_text(text) for text in _real("authorize_urls.json")]
        return [_text(url), _text(demo), _text(url.replace("&", "&\n  ")), _text(""), *real]
    if target == "explain":
        texts = [
            "AADSTS50011",
            callback,
            '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid secret"}',
            "refresh_token missing from oAuth response",
            *_real("error_texts.json"),
        ]
        return [_text(text) for text in texts]
    if target == "forward":
        queries = [b"code=0.AXk&state=%7B%22a%22%3A1%7D&session_state=x", b"a=%zz&b=%&c+d=+", b""]
        return [bytes([0, 255, 0]) + query for query in queries]
    if target == "manifest":
        found = sorted(_MANIFESTS.glob("*.json")) if _MANIFESTS.is_dir() else []
        samples = [_text(path.read_text()) for path in found[:8]]
        return samples or [_text(json.dumps({"displayName": "x", "web": {"redirectUris": []}}))]
    raise KeyError(target)
