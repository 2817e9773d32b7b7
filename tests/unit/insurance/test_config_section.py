"""The [insurance] section: tables from the file reach the service; a falling tariff is refused."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import AppConfig, InsuranceConfig


def test_configured_tables_and_limits_reach_the_settings():
    settings = InsuranceConfig.model_validate({
        "contract_number_start": 500000,
        "office_authority_limits": {"شعبه مرکزی": 20_000_000_000},
        "group_discounts": [{"min_persons": 1, "percent": 0}, {"min_persons": 20, "percent": 10}],
        "short_term_tariff": [{"up_to_days": 10, "percent": 50}],
        "renewal_notice_days": 45,
    }).settings()
    assert settings.contract_number_start == 500000
    assert settings.authority_limit("شعبه مرکزی") == 20_000_000_000
    assert settings.authority_limit("other") == 5_000_000_000
    assert settings.group_discounts == ((1, 0), (20, 10))
    assert settings.short_term_tariff == ((10, 50),)
    assert settings.renewal_notice_days == 45


@pytest.mark.parametrize("section", [
    {"short_term_tariff": [{"up_to_days": 10, "percent": 50}, {"up_to_days": 20, "percent": 40}]},
    {"group_discounts": [{"min_persons": 1, "percent": 30}]},
    {"unknown_key": 1},
])
def test_bad_insurance_settings_are_refused(section):
    with pytest.raises(ValidationError):
        AppConfig.model_validate({"forms": {"org_units": ["x"]}, "insurance": section})
