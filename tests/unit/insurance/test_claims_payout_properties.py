"""What must hold for any bill, any capital, any heirs: the caps are never crossed and the shares add up."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from core.insurance.claims.bill_items import (
    AMBULANCE,
    BEYOND_CAPITAL_ITEMS,
    BILL_ITEMS,
    KIDNEY_PURCHASE,
    LITHOTRIPSY,
    NON_PAYABLE_ITEMS,
)
from core.insurance.claims.disability_table import default_table
from core.insurance.claims.medical import BillLine, ExtraAmounts, medical_payout
from core.insurance.claims.money import split_by_shares
from core.insurance.claims.payout import death_payout, disability_payout

money = st.integers(min_value=0, max_value=10**11)
REGULAR_ITEMS = [item for item in BILL_ITEMS if item not in BEYOND_CAPITAL_ITEMS]
regular_lines = st.lists(st.builds(BillLine, st.sampled_from(REGULAR_ITEMS), money, st.none() | money), max_size=12)
bill_lines = st.lists(st.builds(BillLine, st.sampled_from(BILL_ITEMS), money, st.none() | money), max_size=12)
year_amounts = st.fixed_dictionaries({KIDNEY_PURCHASE: money, LITHOTRIPSY: money})


@given(bill_lines, money, money, money, year_amounts, money)
def test_medical_payout_stays_within_the_capital_the_years_amounts_and_the_cost(lines, capital, primary, already,
                                                                                 amounts, kidney_before):
    payout = medical_payout(lines, medical_capital=capital, primary_insurer_paid=primary,
                            medical_already_paid=already, extras=ExtraAmounts(1404, amounts),
                            kidney_already_paid=kidney_before, kidney_approval="۱۲۳/۴۵")
    beyond = dict(payout.beyond_capital)
    payable_cost = sum(line.billed for line in lines if line.item not in NON_PAYABLE_ITEMS)

    # what the medical capital bears stays within what is left of it ...
    assert 0 <= payout.payable - sum(beyond.values()) <= max(0, capital - already)
    # ... the kidney purchase within the year's amount less what the term paid, lithotripsy within its amount,
    # neither above its own lines of the bill
    for item, limit in ((KIDNEY_PURCHASE, max(0, amounts[KIDNEY_PURCHASE] - kidney_before)),
                        (LITHOTRIPSY, amounts[LITHOTRIPSY])):
        assert 0 <= beyond.get(item, 0) <= min(limit, sum(line.billed for line in lines if line.item == item))
    # The primary insurer's payment and ours never sum above the cost (less what is not payable), K168;
    # a primary insurer that already paid more leaves us nothing to pay.
    assert payout.payable + primary <= max(payable_cost, primary)
    assert sum(amount for _, amount in payout.breakdown) == payout.payable


@given(regular_lines, money)
def test_the_ambulance_never_brings_in_more_than_a_fifth_of_the_treatment(lines, capital):
    with_ambulance = medical_payout(lines, medical_capital=capital)
    without = medical_payout([line for line in lines if line.item != AMBULANCE], medical_capital=capital)
    assert 0 <= with_ambulance.payable - without.payable <= without.payable / 5


@given(
    money,
    st.lists(st.sampled_from(sorted(default_table().items)), max_size=6),
    st.integers(min_value=0, max_value=32),
    st.fractions(min_value=0, max_value=150, max_denominator=100),
    money,
)
def test_disability_payout_never_exceeds_the_capital_left(capital, items, teeth, assessed, already):
    payout = disability_payout(
        capital, items=items, teeth=teeth, assessed_percent=assessed, disability_already_paid=already
    )
    assert 0 <= payout.payable <= max(0, capital - already)
    assert sum(amount for _, amount in payout.breakdown) == payout.payable


@st.composite
def heirs(draw):
    """Shares that sum to exactly one, as an inheritance certificate gives them."""
    weights = draw(st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=8))
    total = sum(weights)
    return [(f"heir_{i}", Fraction(w, total)) for i, w in enumerate(weights)]


@given(money, heirs(), st.data(), money)
def test_death_shares_sum_to_the_payable_within_the_capital(capital, certificate, data, already):
    names = [name for name, _ in certificate]
    responsible = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    payout = death_payout(
        capital, minor=False, heirs=certificate, responsible=responsible, disability_already_paid=already
    )
    assert sum(amount for _, amount in payout.shares) == payout.payable
    assert sum(amount for _, amount in payout.breakdown) == payout.payable
    assert 0 <= payout.payable <= max(0, capital - already)
    assert not {name for name, _ in payout.shares} & set(responsible)


@given(money, money)
def test_a_minors_parents_get_halves_a_rial_apart_at_most(capital, already):
    payout = death_payout(capital, minor=True, disability_already_paid=already)
    (_, father), (_, mother) = payout.shares
    assert father + mother == payout.payable == max(0, capital - already)
    assert 0 <= father - mother <= 1


@given(money, heirs())
def test_each_share_is_within_a_rial_of_its_exact_figure(total, certificate):
    parts = split_by_shares(total, certificate)
    assert sum(part for _, part in parts) == total
    for (_, part), (_, share) in zip(parts, certificate):
        assert abs(part - total * share) < 1
