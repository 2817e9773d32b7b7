"""Medical expenses by the seed's money rules (issue 22): the primary insurer's payment taken off and
the two together never above the bills (K15, K168), the medical capital per person per contract term,
a kidney purchase and lithotripsy at the year's configured amounts beyond that capital (K16)."""
from __future__ import annotations

import tomllib

import pytest
from pydantic import ValidationError as PydanticError

from bot.config import InsuranceConfig
from core.insurance.claims.medical import BillLine, ExtraAmounts, medical_payout
from core.insurance.claims.money import ClaimInputError
from core.insurance.claims.service import ClaimsService, DoctorAnalysis
from core.insurance.shared.settings import InsuranceSettings
from core.transactions import OwnUnits
from storage.db import Database
from tests.unit.insurance.claims_support import LATER, issue, notice, renewed, services
from tests.unit.insurance.support import j

YEAR_1403 = ExtraAmounts(1403, {"kidney_purchase": 400_000_000, "lithotripsy": 50_000_000})


# ---- the rules, pure -----------------------------------------------------------------------------


def test_a_kidney_purchase_is_paid_at_the_years_amount_beyond_the_medical_capital():
    # medical capital 10,000,000: surgery 12,000,000 → 10,000,000 (capital), the kidney's 500,000,000 line
    # → the year's 400,000,000, beyond the capital: 410,000,000 in all
    payout = medical_payout([BillLine("جراحی", 12_000_000), BillLine("خرید کلیه", 500_000_000)],
                            medical_capital=10_000_000, extras=YEAR_1403, kidney_approval="۱۲۳/۴۵")
    assert payout.payable == 410_000_000
    assert payout.breakdown == (("medical_billed", 12_000_000), ("medical_kidney_purchase", 400_000_000),
                                ("medical_capital_cap", -2_000_000))
    assert payout.beyond_capital == (("kidney_purchase", 400_000_000),)


def test_the_kidney_amount_is_for_the_whole_term_and_lithotripsy_never_above_its_line():
    # 400,000,000 for the term, 300,000,000 paid before: 100,000,000 left of a 150,000,000 line;
    # lithotripsy's line of 30,000,000 is below the year's 50,000,000: 30,000,000
    payout = medical_payout([BillLine("kidney", 150_000_000), BillLine("سنگ‌شکن", 30_000_000)],
                            medical_capital=10_000_000, extras=YEAR_1403, kidney_already_paid=300_000_000,
                            kidney_approval="۱۲۳/۴۵")
    assert payout.payable == 130_000_000
    assert dict(payout.beyond_capital) == {"kidney_purchase": 100_000_000, "lithotripsy": 30_000_000}


def test_a_kidney_purchase_needs_the_welfare_departments_approval_and_the_years_amount():
    bill = [BillLine("خرید کلیه", 500_000_000)]
    with pytest.raises(ClaimInputError) as refused:
        medical_payout(bill, medical_capital=10_000_000, extras=YEAR_1403)
    assert refused.value.params["problem"] == "kidney_needs_welfare_approval"
    with pytest.raises(ClaimInputError) as refused:
        medical_payout([BillLine("سنگ شکن", 1)], medical_capital=10_000_000, extras=ExtraAmounts(1404))
    assert refused.value.params == {"problem": "lithotripsy_amount_not_set", "year": 1404}


def test_a_primary_insurer_that_paid_more_than_the_regular_costs_leaves_less_for_the_extras():
    # treatment 4,000,000 and lithotripsy 30,000,000 (within the year's 50,000,000); the primary insurer paid
    # 10,000,000: nothing of the treatment, 30,000,000 − 6,000,000 of the lithotripsy = 24,000,000.
    # Received in all 10,000,000 + 24,000,000 = 34,000,000 = the bill (K168: never above it)
    payout = medical_payout([BillLine("درمان", 4_000_000), BillLine("lithotripsy", 30_000_000)],
                            medical_capital=10_000_000, primary_insurer_paid=10_000_000, extras=YEAR_1403)
    assert payout.payable == 24_000_000 and payout.beyond_capital == (("lithotripsy", 24_000_000),)
    assert payout.breakdown == (("medical_billed", 4_000_000), ("medical_lithotripsy", 30_000_000),
                                ("medical_primary_insurer", -10_000_000))


# ---- over the records, both databases --------------------------------------------------------------


def medical(claims: ClaimsService, contract: int, day, *lines: BillLine, primary: int = 0,  # noqa: ANN001
            approval: str = "") -> int:
    view = claims.file(notice(contract, day=day), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(bill=lines, primary_insurer_paid=primary,
                                                       kidney_approval=approval), actor="operator")
    claims.assess(view.number, actor="operator")
    claims.order_payment(view.number, require_documents=False, actor="operator")
    return claims.claim(view.number).order.amount


def test_several_bills_with_a_primary_insurer_never_pay_more_than_the_bills_nor_the_capital(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)  # medical capital 10,000,000 a person
    # 1: bill 6,000,000, the primary insurer paid 2,000,000 → 4,000,000 (6,000,000 received in all)
    # 2: bill 9,000,000, primary 1,000,000 → the difference 8,000,000, but 6,000,000 is left → 6,000,000
    # 3: bill 3,000,000 → nothing left of the capital: refused, nothing payable
    assert medical(claims, contract, j(1403, 7, 1), BillLine("surgery", 6_000_000), primary=2_000_000) == 4_000_000
    assert medical(claims, contract, j(1403, 8, 1), BillLine("surgery", 9_000_000), primary=1_000_000) == 6_000_000
    third = claims.file(notice(contract, day=j(1403, 9, 1)), actor="operator")
    claims.record_analysis(third.number, DoctorAnalysis(bill=[BillLine("surgery", 3_000_000)]), actor="operator")
    assert claims.assess(third.number, actor="operator").claim.payable == 0


def test_the_kidney_purchase_counts_against_its_years_amount_not_the_medical_capital(database: Database):
    insurance, _ = services(database)
    claims = ClaimsService(OwnUnits(database.uow), lambda: LATER,
                           InsuranceSettings(kidney_purchase_rials={1403: 400_000_000}))
    contract = issue(insurance)  # starts 1403/06/01: the year 1403's amounts
    # 1: surgery 5,000,000 + kidney 300,000,000 → 305,000,000 (the capital bore 5,000,000)
    # 2: surgery 6,000,000 + kidney 300,000,000 → 5,000,000 left of the capital + 100,000,000 left of the
    #    year's 400,000,000 for the term = 105,000,000
    assert medical(claims, contract, j(1403, 7, 1), BillLine("جراحی", 5_000_000), BillLine("خرید کلیه", 300_000_000),
                   approval="نامه ۱۲/۳۴") == 305_000_000
    assert medical(claims, contract, j(1403, 8, 1), BillLine("جراحی", 6_000_000), BillLine("خرید کلیه", 300_000_000),
                   approval="نامه ۱۲/۹۹") == 105_000_000

    # a contract of another year, with no amount set for it: told which year is missing
    other = ClaimsService(OwnUnits(database.uow), lambda: LATER, InsuranceSettings(kidney_purchase_rials={1404: 1}))
    view = other.file(notice(contract, n=2, day=j(1403, 7, 1)), actor="operator")
    with pytest.raises(ClaimInputError) as refused:
        other.record_analysis(view.number, DoctorAnalysis(bill=[BillLine("خرید کلیه", 1_000)], kidney_approval="۱"),
                              actor="operator")
    assert refused.value.params == {"problem": "kidney_purchase_amount_not_set", "year": 1403}


def test_a_renewal_brings_a_whole_medical_capital(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)
    assert medical(claims, contract, j(1403, 7, 1), BillLine("surgery", 10_000_000)) == 10_000_000  # all of it
    renewal = renewed(insurance, contract, paid_on=j(1404, 5, 25))
    # the renewed term's 10,000,000 is whole again: a bill of 7,000,000 is paid in full
    assert medical(claims, renewal, j(1404, 7, 1), BillLine("surgery", 7_000_000)) == 7_000_000


def test_the_years_amounts_come_from_the_config_file_and_nonsense_is_refused():
    section = tomllib.loads('kidney_purchase_rials = { 1403 = 400000000, 1404 = 500000000 }\n'
                            'lithotripsy_rials = { 1404 = 50000000 }\n')
    settings = InsuranceConfig.model_validate(section).settings()
    assert settings.kidney_purchase_rials == {1403: 400_000_000, 1404: 500_000_000}
    assert settings.lithotripsy_rials == {1404: 50_000_000}
    for bad in ({"kidney_purchase_rials": {"1299": 1}}, {"lithotripsy_rials": {"1404": -1}},
                {"lithotripsy_rials": {"1404": 2**63}}, {"kidney_purchase_rials": {"سال": 1}}):
        with pytest.raises(PydanticError):
            InsuranceConfig.model_validate(bad)
