"""Premium per person, worked by hand (docs/insurance.md, "Premium").

Rate 1,000,000 rials unless said; start 1403/06/01. Surcharges add (+10% a full
year above 75, +20% extra risk), each rounded half up; a person with a primary
insurer gets the configured percent off the medical part of the rate; then the
group discount the expert agreed on what is left, rounded half up; exempt persons pay 0.
"""
from __future__ import annotations

import pytest

from core.insurance.contracts.premium import PremiumTerms, full_years, group_discount, person_premium
from core.insurance.shared.national_id import (
    check_digit,
    is_valid_national_id,
    national_id_problem,
    normalize_national_id,
)
from tests.unit.insurance.support import j, person

START = j(1403, 6, 1)


@pytest.mark.parametrize(
    ("case", "birth", "extra_risk", "exemption", "discount", "rate", "premium", "rules"),
    [
        ("plain child", j(1398, 5, 12), False, None, 0, 1_000_000, 1_000_000, []),
        ("exactly 75 on the start date", j(1328, 6, 1), False, None, 0, 1_000_000, 1_000_000, []),
        ("75, turns 76 the next day", j(1327, 6, 2), False, None, 0, 1_000_000, 1_000_000, []),
        ("76 full years", j(1327, 6, 1), False, None, 0, 1_000_000, 1_100_000, [("age_surcharge", 10, 100_000)]),
        ("78 full years", j(1325, 6, 1), False, None, 0, 1_000_000, 1_300_000, [("age_surcharge", 30, 300_000)]),
        ("extra risk", j(1360, 1, 1), True, None, 0, 1_000_000, 1_200_000, [("extra_risk", 20, 200_000)]),
        # add, not compound: 1,000,000 + 300,000 + 200,000 (compounding would give 1,560,000)
        ("78 and extra risk", j(1325, 6, 1), True, None, 0, 1_000_000, 1_500_000,
         [("age_surcharge", 30, 300_000), ("extra_risk", 20, 200_000)]),
        ("group discount 10%", j(1398, 1, 1), False, None, 10, 1_000_000, 900_000, [("group_discount", 10, -100_000)]),
        # discount on the surcharged premium: 1,300,000 - 25% (325,000) = 975,000
        ("76, extra risk, 25% discount", j(1327, 6, 1), True, None, 25, 1_000_000, 975_000,
         [("age_surcharge", 10, 100_000), ("extra_risk", 20, 200_000), ("group_discount", 25, -325_000)]),
        ("exempt, even with extra risk and age", j(1320, 1, 1), True, "martyr_child", 10, 1_000_000, 0,
         [("exempt", 100, -1_000_000)]),
        ("veteran exempt", j(1340, 1, 1), False, "veteran", 0, 1_000_000, 0, [("exempt", 100, -1_000_000)]),
        # rounding: 20% of 15 = 3 -> 18; 25% of 18 = 4.5 -> 5 (half up) -> 13
        ("rounding half up on the discount", j(1398, 1, 1), True, None, 25, 15, 13,
         [("extra_risk", 20, 3), ("group_discount", 25, -5)]),
        # 10% of 15 = 1.5 -> 2 (half up) -> 17
        ("rounding half up on a surcharge", j(1327, 6, 1), False, None, 0, 15, 17, [("age_surcharge", 10, 2)]),
    ],
)
def test_worked_premiums(case, birth, extra_risk, exemption, discount, rate, premium, rules):
    result = person_premium(person(1, birth, exemption=exemption, extra_risk=extra_risk),
                            PremiumTerms(rate, START, discount))

    assert result.premium == premium, case
    assert [(r.code, r.percent, r.amount) for r in result.rules] == rules, case
    assert rate + sum(r.amount for r in result.rules) == result.premium  # the breakdown adds up


@pytest.mark.parametrize("size", [1, 9, 10, 50, 100, 500, 10_000])
def test_no_head_count_table_by_default_the_seed_gives_none(size):
    # K35: "up to 25% per the accident tariff" and no table: the discount is what the expert agrees
    assert group_discount(size) == 0


@pytest.mark.parametrize(("size", "percent"), [(1, 0), (9, 0), (10, 5), (49, 5), (50, 10), (500, 25)])
def test_an_office_may_keep_its_own_head_count_table(size, percent):
    table = [(1, 0), (10, 5), (50, 10), (500, 25)]
    assert group_discount(size, table) == percent


@pytest.mark.parametrize(
    ("case", "primary", "extra_risk", "discount", "premium", "rules"),
    [
        # medical part 200,000 of the 1,000,000 rate; 30% off it for a primary insurer: -60,000 -> 940,000
        ("primary insurer", True, False, 0, 940_000, [("primary_insurer", 30, -60_000)]),
        ("no primary insurer", False, False, 0, 1_000_000, []),
        # 1,000,000 + 200,000 extra risk - 60,000 = 1,140,000; 10% discount on that = 114,000 -> 1,026,000
        ("primary insurer, extra risk, 10% discount", True, True, 10, 1_026_000,
         [("extra_risk", 20, 200_000), ("primary_insurer", 30, -60_000), ("group_discount", 10, -114_000)]),
    ],
)
def test_primary_insurer_discount_on_the_medical_part(case, primary, extra_risk, discount, premium, rules):
    insured = person(1, j(1398, 1, 1), extra_risk=extra_risk)
    insured = type(insured)(**{**insured.__dict__, "primary_insurer": primary})
    result = person_premium(insured, PremiumTerms(1_000_000, START, discount, medical_rate=200_000,
                                                  primary_insurer_percent=30))
    assert (result.premium, [(r.code, r.percent, r.amount) for r in result.rules]) == (premium, rules), case
    assert 1_000_000 + sum(r.amount for r in result.rules) == result.premium


def test_a_configured_discount_above_25_percent_is_capped():
    assert group_discount(40, [(1, 0), (20, 30)]) == 25


def test_age_in_full_jalali_years():
    assert full_years(j(1328, 6, 1), j(1403, 6, 1)) == 75
    assert full_years(j(1328, 6, 2), j(1403, 6, 1)) == 74


@pytest.mark.parametrize(("text", "problem"), [
    ("0012345679", None), ("1234567891", None), ("۰۰۱۲۳۴۵۶۷۹", None),
    ("0012345678", "national_id_check_digit"), ("1111111111", "national_id_check_digit"),
    ("12345", "national_id_format"), ("12345678901", "national_id_format"), ("abcdefghij", "national_id_format"),
])
def test_national_id_check_digit(text, problem):
    assert national_id_problem(normalize_national_id(text)) == problem


def test_check_digit_rule_below_two_is_the_remainder():
    # 000000001: 1*2 = 2 -> remainder 2 -> 11 - 2 = 9;  100000000: 1*10 = 10 -> 11 - 10 = 1
    assert check_digit("000000001") == 9 and check_digit("100000000") == 1
    assert is_valid_national_id("0000000019") and not is_valid_national_id("0000000018")
    assert normalize_national_id("12345679") == "0012345679"  # a spreadsheet dropped the zeros
