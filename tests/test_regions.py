from __future__ import annotations

import pytest

from recall_outlook import REGIONS, Region, RegionError, get_region, region_for_host


def test_every_documented_region_and_its_callback() -> None:
    expected = {
        "us-east-1": "https://us-east-1.recall.ai/api/v1/calendar/ms_oauth_callback/",
        "us-west-2": "https://us-west-2.recall.ai/api/v1/calendar/ms_oauth_callback/",
        "eu-central-1": "https://eu-central-1.recall.ai/api/v1/calendar/ms_oauth_callback/",
        "ap-northeast-1": "https://ap-northeast-1.recall.ai/api/v1/calendar/ms_oauth_callback/",
        "api.recall.ai": "https://api.recall.ai/api/v1/calendar/ms_oauth_callback/",
    }
    assert {name: region.ms_callback_url for name, region in REGIONS.items()} == expected


def test_legacy_alias_points_to_us_east_1() -> None:
    assert get_region("api.recall.ai").legacy_alias_of == "us-east-1"


def test_google_callback_is_told_apart() -> None:
    assert get_region("eu-central-1").google_callback_url == (
        "https://eu-central-1.recall.ai/api/v1/calendar/google_oauth_callback/"
    )


def test_lookup_ignores_case_and_space() -> None:
    assert get_region("  EU-Central-1 ").name == "eu-central-1"


def test_region_object_passes_through() -> None:
    local = Region("sandbox", "http://127.0.0.1:9", "local")
    assert get_region(local) is local


@pytest.mark.parametrize("name", ["us-east-2", "", "eu", "recall.ai"])
def test_unknown_region_lists_the_valid_ones(name: str) -> None:
    with pytest.raises(RegionError) as caught:
        get_region(name)
    for valid in REGIONS:
        assert valid in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_region_for_host() -> None:
    assert region_for_host("US-WEST-2.recall.ai") is REGIONS["us-west-2"]
    assert region_for_host("us-west-3.recall.ai") is None


@pytest.mark.parametrize("region", list(REGIONS.values()), ids=list(REGIONS))
def test_region_for_host_finds_every_region_however_written(region: Region) -> None:
    for written in (region.host, region.host.upper(), f" {region.host}. ", f"{region.host}."):
        assert region_for_host(written) is region
    assert region_for_host("www." + region.host) is None
    assert region_for_host(region.host + ".example") is None
