"""Endorsement and cancellation amounts, worked by hand, and their properties.

Contract A runs 1402/01/01 -> 1403/01/01: 365 days (1402 is a common year).
Contract B runs 1403/06/01 -> 1404/06/01: 366 days (it spans Esfand 1403, a leap
Esfand of 30 days). Effective 1402/07/01 on A: 186 days of cover (six 31-day
months), 179 remaining.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.insurance.contracts.endorsements import (
    DEFAULT_SHORT_TERM_TARIFF,
    EndorsementLine,
    EndorsementRefused,
    additional_lines,
    check_effective,
    cover_days,
    policyholder_cancellation_lines,
    refund_lines,
    remaining_days,
    short_term_percent,
)
from core.insurance.contracts.terms import ContractRefused, ContractTerms, check_terms
from core.insurance.shared.models import Member
from core.jalali import one_year_after
from tests.unit.insurance.support import contract, j, member, person

A = contract(j(1402, 1, 1), j(1403, 1, 1))
B = contract(j(1403, 6, 1), j(1404, 6, 1))


def test_contract_days_common_year_and_leap_esfand():
    assert A.days == 365
    assert B.days == 366
    assert one_year_after(j(1402, 1, 1)) == j(1403, 1, 1)
    assert one_year_after(j(1403, 12, 30)) == j(1404, 12, 29)  # no Esfand 30 in 1404


def test_days_of_cover_and_remaining():
    assert (cover_days(A, j(1402, 7, 1)), remaining_days(A, j(1402, 7, 1))) == (186, 179)
    assert (cover_days(B, j(1403, 7, 1)), remaining_days(B, j(1403, 7, 1))) == (31, 335)


@pytest.mark.parametrize(("case", "terms_contract", "effective", "annual", "amount"), [
    # 1,000,000 x 179 / 365 = 490,410.96 -> 490,411
    ("additional, 365-day contract", A, j(1402, 7, 1), 1_000_000, 490_411),
    # 1,000,000 x 335 / 366 = 915,300.55 -> 915,301
    ("additional, 366-day contract", B, j(1403, 7, 1), 1_000_000, 915_301),
    ("additional on the first day: the whole premium", A, j(1402, 1, 1), 1_000_000, 1_000_000),
    # 1,200,000 x 179 / 365 = 588,493.15 -> 588,493
    ("additional, extra-risk premium", A, j(1402, 7, 1), 1_200_000, 588_493),
    # 1,000,000 x 1 / 366 = 2,732.24 -> 2,732
    ("additional the day before the end", B, j(1404, 5, 31), 1_000_000, 2_732),
])
def test_additional_premium_for_the_remaining_days(case, terms_contract, effective, annual, amount):
    assert additional_lines(terms_contract, effective, [("x", annual)]) == [EndorsementLine("x", amount)], case


@pytest.mark.parametrize(("case", "terms_contract", "effective", "members", "refund"), [
    ("return, 365-day contract", A, j(1402, 7, 1), [member(1, 1_000_000)], -490_411),
    ("return, 366-day contract", B, j(1403, 7, 1), [member(1, 1_000_000)], -915_301),
    # cancellation by the insurer is the same pro rata by days over everyone: 490,411 + 588,493
    ("cancel by the insurer, two persons", A, j(1402, 7, 1), [member(1, 1_000_000), member(2, 1_200_000)], -1_078_904),
    ("exempt person: nothing to return", A, j(1402, 7, 1), [member(1, 0)], 0),
    # a person added later was charged 490,411 only; the refund never exceeds that
    ("refund capped by what was charged", A, j(1402, 7, 1), [member(1, 1_000_000, charged=400_000)], -400_000),
])
def test_refunds_by_days(case, terms_contract, effective, members, refund):
    assert sum(x.amount for x in refund_lines(terms_contract, effective, members)) == refund, case


@pytest.mark.parametrize(("days", "percent"), [
    (0, 5), (5, 5), (6, 10), (15, 10), (16, 20), (30, 20), (31, 30), (60, 30), (61, 40), (90, 40), (91, 50),
    (120, 50), (121, 60), (150, 60), (151, 70), (180, 70), (181, 85), (270, 85), (271, 100), (365, 100),
])
def test_short_term_tariff_default_table(days, percent):
    assert short_term_percent(days) == percent


@pytest.mark.parametrize(("case", "effective", "percent", "refund"), [
    # 186 days of cover -> 85% earned of 2,200,000 = 1,870,000; charged 2,200,000 -> 330,000 back
    ("after 186 days", j(1402, 7, 1), 85, -330_000),
    # 31 days -> 30% earned = 660,000 -> 1,540,000 back (pro rata would give 2,013,973: 334 / 365)
    ("after 31 days", j(1402, 2, 1), 30, -1_540_000),
    ("on the first day", j(1402, 1, 1), 5, -2_090_000),
    ("after 306 days: all earned", j(1402, 11, 1), 100, 0),
])
def test_cancellation_by_the_policyholder_uses_the_short_term_tariff(case, effective, percent, refund):
    members = [member(1, 1_000_000), member(2, 1_200_000)]
    lines = policyholder_cancellation_lines(A, effective, members)
    assert (sum(x.amount for x in lines), {x.earned_percent for x in lines}) == (refund, {percent}), case


def cancellation_refund(contract, effective, members):  # noqa: ANN001, ANN201
    return sum(x.amount for x in policyholder_cancellation_lines(contract, effective, members))


def test_a_person_added_mid_year_earns_from_their_own_cover_start():
    # Added on 1402/07/01 (179 of 365 days left): charged 1,000,000 x 179 / 365 = 490,411.
    # Cancelled on 1402/08/01: 30 days of their own cover -> 20% earned = 200,000 of the annual premium;
    # 490,411 - 200,000 = 290,411 back. Counting from the contract's start (216 days, 85% = 850,000
    # earned) would keep everything they paid, and charge them for days before they were insured.
    joined = member(1, 1_000_000, charged=490_411, member_from=j(1402, 7, 1))
    [line] = policyholder_cancellation_lines(A, j(1402, 8, 1), [joined])
    assert (line.amount, line.cover_days, line.earned_percent) == (-290_411, 30, 20)
    # someone on the roster from the start, cancelled the same day: 216 days -> 85%: 150,000 back
    assert cancellation_refund(A, j(1402, 8, 1), [member(2, 1_000_000)]) == -150_000


def test_a_refund_never_exceeds_what_is_left_of_the_charge():
    # charged 1,000,000, 800,000 of it refunded already: at most 200,000 more, whatever the days say
    m = member(1, 1_000_000)
    assert refund_lines(A, j(1402, 1, 2), [m], refunded={m.id: 800_000})[0].amount == -200_000
    assert policyholder_cancellation_lines(A, j(1402, 1, 2), [m], refunded={m.id: 800_000})[0].amount == -200_000


def test_a_configured_tariff_replaces_the_default():
    assert short_term_percent(10, [(10, 50)]) == 50
    assert short_term_percent(11, [(10, 50)]) == 100


def test_effective_date_outside_the_contract_is_refused():
    with pytest.raises(EndorsementRefused) as refused:
        check_effective(A, j(1403, 1, 2))
    assert refused.value.rule == "effective_outside_contract"


@pytest.mark.parametrize(("plan", "death", "medical", "rule"), [
    ("death_disability_medical", 100_000_000, 10_000_001, "medical_above_share"),
    ("death_disability_medical", 100_000_000, 0, "medical_capital_required"),
    ("death_disability", 100_000_000, 5_000_000, "medical_not_in_plan"),
    ("death_disability", 9_999_999, 0, "below_minimum_commitment"),
    ("life", 100_000_000, 0, "unknown_plan"),
])
def test_capital_rules_refuse_with_the_rule_named(plan, death, medical, rule):
    with pytest.raises(ContractRefused) as refused:
        check_terms(ContractTerms(plan, death, medical, 1_000_000, j(1403, 1, 1), j(1404, 1, 1)))
    assert refused.value.rule == rule


def test_capital_rules_accept_the_limits_themselves():
    check_terms(ContractTerms("death_disability_medical", 100_000_000, 10_000_000, 1, j(1403, 1, 1), j(1404, 1, 1)))
    check_terms(ContractTerms("death_disability", 10_000_000, 0, 1, j(1403, 1, 1), j(1404, 1, 1)))


# ---- properties ---------------------------------------------------------------------

contracts = st.sampled_from([A, B])
premiums = st.lists(st.integers(min_value=0, max_value=50_000_000), min_size=1, max_size=8)


@given(contracts, premiums, st.data())
def test_refund_never_exceeds_what_was_paid(terms_contract, annuals, data):
    days = terms_contract.days
    joined = data.draw(st.integers(0, days - 1))
    left = data.draw(st.integers(joined, days))
    start = terms_contract.start
    from datetime import timedelta

    charged = additional_lines(terms_contract, start + timedelta(joined), [(str(i), a) for i, a in enumerate(annuals)])
    members = [member(i, a, charged=line.amount) for i, (a, line) in enumerate(zip(annuals, charged))]
    paid = sum(x.amount for x in charged)
    effective = start + timedelta(left)
    for refund in (sum(x.amount for x in refund_lines(terms_contract, effective, members)),
                   cancellation_refund(terms_contract, effective, members)):
        assert refund <= 0
        assert -refund <= paid


@given(contracts, premiums, st.data())
def test_adding_then_removing_the_same_persons_the_same_day_nets_to_zero(terms_contract, annuals, data):
    from datetime import timedelta

    effective = terms_contract.start + timedelta(data.draw(st.integers(0, terms_contract.days - 1)))
    added = additional_lines(terms_contract, effective, [(str(i), a) for i, a in enumerate(annuals)])
    members = [Member(i, 1, person(i + 1), a, line.amount, [], effective)
               for i, (a, line) in enumerate(zip(annuals, added))]
    removed = refund_lines(terms_contract, effective, members)
    assert sum(x.amount for x in added) + sum(x.amount for x in removed) == 0


@given(st.integers(0, 400), st.integers(0, 400))
def test_the_short_term_share_never_decreases_as_days_grow(a, b):
    low, high = sorted((a, b))
    assert short_term_percent(low, DEFAULT_SHORT_TERM_TARIFF) <= short_term_percent(high, DEFAULT_SHORT_TERM_TARIFF)
