import pytest

from frontdoor import settings
from local.environment import HANDLER_DEFAULTS


def test_settings_read_and_convert_the_environment() -> None:
    config = settings.Settings.from_env(dict(HANDLER_DEFAULTS))
    assert config.retention_days == int(HANDLER_DEFAULTS[settings.RETENTION_DAYS])
    assert config.api_keys_path.startswith("/")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        (settings.RETENTION_DAYS, "forever"),
        (settings.DUPLICATE_RADIUS, "5"),
        (settings.API_KEYS_PATH, "no-slash"),
    ],
)
def test_a_bad_variable_fails_at_cold_start_naming_it(variable: str, value: str) -> None:
    with pytest.raises(ValueError, match=variable):
        settings.Settings.from_env({**HANDLER_DEFAULTS, variable: value})


def test_a_missing_variable_fails_naming_it() -> None:
    env = {k: v for k, v in HANDLER_DEFAULTS.items() if k != settings.CASES_TABLE}
    with pytest.raises(ValueError, match="cases_table|CASES_TABLE_NAME"):
        settings.Settings.from_env(env)
