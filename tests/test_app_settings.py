"""An app's settings from the environment: every problem named once, secrets never shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recall_outlook import APP_ENVIRONMENT, SettingsError, load_settings
from recall_outlook.regions import REGIONS

CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
API_KEY = "SETTINGS-APIKEY-0c9d8e7f6a5b4c3d"
SESSION_SECRET = "SETTINGS-SESSION-SECRET-9f8e7d6c5b4a3210"
GOOD = {
    "RECALL_API_KEY": API_KEY,
    "MICROSOFT_CLIENT_ID": CLIENT_ID,
    "APP_BASE_URL": "https://app.example.com",
    "APP_SESSION_SECRET": SESSION_SECRET,
}


def problems(environ: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        load_settings(environ)
    assert str(raised.value) == "\n".join(raised.value.problems)
    return list(raised.value.problems)


def test_the_four_required_variables_and_the_defaults() -> None:
    settings = load_settings(GOOD)
    assert settings.recall_region == REGIONS["us-east-1"]
    assert settings.microsoft_redirect_uri == "https://app.example.com/api/ms_oauth_callback"
    assert settings.forwarder_path == "/api/ms_oauth_callback"
    assert settings.microsoft_authority == "https://login.microsoftonline.com"
    assert settings.secure_cookies
    assert settings.url("/calendar/error") == "https://app.example.com/calendar/error"
    required = [var.name for var in APP_ENVIRONMENT if var.required]
    assert sorted(required) == sorted(GOOD)


def test_nothing_set_names_each_required_variable_once() -> None:
    found = problems({})
    assert [line.split()[0] for line in found] == [
        "RECALL_API_KEY",
        "MICROSOFT_CLIENT_ID",
        "APP_BASE_URL",
        "APP_SESSION_SECRET",
    ]
    assert all(" is not set: " in line for line in found)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"RECALL_REGION": "eu-west-9"}, "RECALL_REGION 'eu-west-9' is not a Recall region"),
        ({"MICROSOFT_CLIENT_ID": "Acme Calendar"}, "MICROSOFT_CLIENT_ID 'Acme Calendar' is not"),
        ({"APP_BASE_URL": "http://app.example.com"}, "APP_BASE_URL 'http://app.example.com' must"),
        ({"APP_BASE_URL": "https://app.example.com/app"}, "must be an origin only"),
        ({"APP_SESSION_SECRET": "short"}, "APP_SESSION_SECRET is 5 characters long"),
        ({"RECALL_API_KEY": "two words"}, "RECALL_API_KEY holds spaces"),
        ({"MICROSOFT_REDIRECT_URI": "https://other.example/cb"}, "must be on APP_BASE_URL"),
        ({"MICROSOFT_REDIRECT_URI": "https://app.example.com/cb#x"}, "MICROSOFT_REDIRECT_URI: "),
        ({"RECALL_BASE_URL": "http://recall.example"}, "RECALL_BASE_URL"),
        ({"MICROSOFT_AUTHORITY": "login.microsoftonline.com"}, "MICROSOFT_AUTHORITY"),
    ],
)
def test_each_mistake_is_one_line_naming_its_variable(changes: dict[str, str], says: str) -> None:
    found = problems({**GOOD, **changes})
    assert len(found) == 1
    assert says in found[0]


def test_development_redirects_straight_to_recalls_callback() -> None:
    callback = REGIONS["eu-central-1"].ms_callback_url
    settings = load_settings(
        {**GOOD, "RECALL_REGION": "EU-Central-1", "MICROSOFT_REDIRECT_URI": callback}
    )
    assert settings.forwarder_path is None
    assert settings.recall_region.name == "eu-central-1"
    wrong_region = REGIONS["us-west-2"].ms_callback_url
    assert "Recall's callback" in problems({**GOOD, "MICROSOFT_REDIRECT_URI": wrong_region})[0]


def test_local_stand_ins_replace_the_origins_for_testing() -> None:
    settings = load_settings(
        {
            **GOOD,
            "APP_BASE_URL": "http://127.0.0.1:8002/",
            "RECALL_BASE_URL": "http://127.0.0.1:8001",
            "MICROSOFT_AUTHORITY": "http://127.0.0.1:8000",
        }
    )
    assert settings.app_base_url == "http://127.0.0.1:8002"
    assert settings.recall_region.ms_callback_url == (
        "http://127.0.0.1:8001/api/v1/calendar/ms_oauth_callback/"
    )
    assert settings.microsoft_authority == "http://127.0.0.1:8000"
    assert not settings.secure_cookies


SECRET = st.builds(
    "XK{}QZ".format, st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=8)
)


@given(api_key=SECRET, session_secret=SECRET, region=st.text(max_size=12))
def test_secrets_never_appear_in_a_problem_or_a_repr(
    api_key: str, session_secret: str, region: str
) -> None:
    environ = {
        **GOOD,
        "RECALL_API_KEY": api_key,
        "APP_SESSION_SECRET": session_secret,
        "RECALL_REGION": region,
    }
    try:
        shown = repr(load_settings(environ))
    except SettingsError as error:
        shown = str(error)
    assert api_key.strip() not in shown
    assert session_secret.strip() not in shown


def test_the_repr_masks_the_key_and_the_session_secret() -> None:
    shown = repr(load_settings(GOOD))
    assert API_KEY[3:] not in shown
    assert SESSION_SECRET[3:] not in shown
    assert "app.example.com" in shown
