"""One capital for death and disability (seed K171–174, issue 22): whatever the order of the
payouts, a person is paid at most the death-and-disability capital within one contract term."""
from __future__ import annotations

import threading
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.insurance.claims.capital import CapitalUsed, capital_used
from core.insurance.claims.disability_table import default_table
from core.insurance.claims.payout import death_payout, disability_payout
from core.insurance.claims.service import ClaimRefused, ClaimsService, DoctorAnalysis
from storage.db import Database
from tests.unit.insurance.claims_support import issue, notice, renewed, services
from tests.unit.insurance.support import j

CAPITAL = 100_000_000


# ---- the rule, pure ------------------------------------------------------------------------------


def test_disability_paid_first_is_taken_off_the_death_benefit():
    # capital 100,000,000; disability 30% paid = 30,000,000; death then pays 70,000,000 (35,000,000 a parent)
    disability = disability_payout(CAPITAL, assessed_percent=30)
    death = death_payout(CAPITAL, minor=True, **_spent(capital_used([("disability", disability.payable)])))
    assert (disability.payable, death.payable) == (30_000_000, 70_000_000)
    assert death.breakdown == (("death_capital", 100_000_000), ("death_disability_already_paid", -30_000_000))
    assert death.shares == (("father", 35_000_000), ("mother", 35_000_000))


def test_a_death_paid_first_leaves_nothing_for_a_disability():
    # capital 100,000,000; death paid 100,000,000; a disability of 30% (30,000,000) afterwards pays 0
    death = death_payout(CAPITAL, minor=True)
    disability = disability_payout(CAPITAL, assessed_percent=30, **_spent(capital_used([("death", death.payable)])))
    assert disability.payable == 0
    assert disability.breakdown == (("disability_assessed", 30_000_000), ("disability_death_already_paid", -30_000_000))


def test_a_death_whose_responsible_share_was_kept_back_still_spent_the_capital():
    # capital 100,000,000; the father responsible: the mother is paid 50,000,000 and the father's half is kept
    # back, not left over: a later disability of 10% (10,000,000) pays 0, a second death 0
    death = death_payout(CAPITAL, minor=True, responsible=["father"])
    used = capital_used([("death", death.payable)])
    assert death.payable == 50_000_000 and used.left(CAPITAL) == 0
    assert disability_payout(CAPITAL, assessed_percent=10, **_spent(used)).payable == 0
    again = death_payout(CAPITAL, minor=True, **_spent(used))
    assert again.payable == 0 and again.breakdown[-1] == ("death_already_paid", -100_000_000)


def test_two_disabilities_and_a_death_share_the_one_capital():
    # capital 100,000,000: disability 60% = 60,000,000; a second of 50% = 50,000,000 but 40,000,000 is left;
    # the death then finds 0 left: 60,000,000 + 40,000,000 + 0 = 100,000,000
    first = disability_payout(CAPITAL, assessed_percent=60)
    second = disability_payout(CAPITAL, assessed_percent=50, disability_already_paid=first.payable)
    death = death_payout(CAPITAL, minor=True, **_spent(capital_used([("disability", first.payable),
                                                                      ("disability", second.payable)])))
    assert (first.payable, second.payable, death.payable) == (60_000_000, 40_000_000, 0)


def test_medical_expenses_have_their_own_capital_and_do_not_count():
    assert capital_used([("medical", 9_000_000), ("disability", 1_000_000)]) == CapitalUsed(1_000_000, False)


def _spent(used: CapitalUsed) -> dict[str, object]:
    return {"disability_already_paid": used.disability, "death_already_paid": used.death}


money = st.integers(min_value=0, max_value=10**12)
disability_event = st.builds(lambda items, percent, teeth: ("disability", items, percent, teeth),
                             st.lists(st.sampled_from(sorted(default_table().items)), max_size=4),
                             st.fractions(min_value=0, max_value=120, max_denominator=100),
                             st.integers(min_value=0, max_value=32))
death_event = st.builds(lambda minor, responsible: ("death", minor, responsible),
                        st.booleans(), st.lists(st.sampled_from(["father", "mother", "a", "b"]), unique=True))


@given(money, st.lists(st.one_of(disability_event, death_event), max_size=8))
def test_any_sequence_of_death_and_disability_payouts_stays_within_the_capital(capital, events):
    paid: list[tuple[str, int]] = []
    for event in events:
        spent = _spent(capital_used(paid))
        if event[0] == "disability":
            _, items, percent, teeth = event
            payout = disability_payout(capital, items=items, assessed_percent=percent, teeth=teeth, **spent)
        else:
            _, minor, responsible = event
            heirs = () if minor else (("a", Fraction(1, 3)), ("b", Fraction(2, 3)))
            responsible = [r for r in responsible if r in (("father", "mother") if minor else ("a", "b"))]
            payout = death_payout(capital, minor=minor, heirs=heirs, responsible=responsible, **spent)
        assert payout.payable >= 0 and sum(amount for _, amount in payout.breakdown) == payout.payable
        paid.append((event[0], payout.payable))
        assert sum(amount for _, amount in paid) <= capital
    # once a death was paid, nothing more is
    deaths = [i for i, (kind, _) in enumerate(paid) if kind == "death"]
    assert all(amount == 0 for _, amount in paid[deaths[0] + 1:]) if deaths else True


# ---- over the records, both databases --------------------------------------------------------------


def assessed(claims: ClaimsService, contract: int, kind: str, day: date, analysis: DoctorAnalysis) -> int:
    view = claims.file(notice(contract, kind=kind, day=day), actor="operator")
    claims.record_analysis(view.number, analysis, actor="operator")
    claims.assess(view.number, actor="operator")
    return view.number


def test_a_disability_after_a_paid_death_is_assessed_at_nothing_and_never_ordered(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)  # death and disability capital 100,000,000; a child born 1398: a minor
    death = assessed(claims, contract, "death", j(1403, 7, 1), DoctorAnalysis())
    assert claims.order_payment(death, require_documents=False, actor="operator").amount == 100_000_000

    # the disability of the same person, filed afterwards for an earlier fall: 40% = 40,000,000, but the
    # death took the whole capital: 0 left
    later = assessed(claims, contract, "disability", j(1403, 6, 20), DoctorAnalysis(disability_percent="40"))
    view = claims.claim(later)
    assert view.claim.payable == 0
    assert view.claim.assessment["breakdown"] == [{"rule": "disability_assessed", "amount": 40_000_000},
                                                  {"rule": "disability_death_already_paid", "amount": -40_000_000}]
    with pytest.raises(ClaimRefused) as refused:
        claims.order_payment(later, require_documents=False, actor="operator")
    assert refused.value.rule == "nothing_payable"


def test_two_disabilities_then_a_death_pay_the_capital_once_in_all(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)
    # 60% = 60,000,000; then 50% = 50,000,000 of which 40,000,000 is left; then the death: 0 left
    first = assessed(claims, contract, "disability", j(1403, 7, 1), DoctorAnalysis(disability_percent="60"))
    claims.order_payment(first, require_documents=False, actor="operator")
    second = assessed(claims, contract, "disability", j(1403, 8, 1), DoctorAnalysis(disability_percent="50"))
    assert claims.order_payment(second, require_documents=False, actor="operator").amount == 40_000_000
    death = assessed(claims, contract, "death", j(1403, 9, 1), DoctorAnalysis())
    assert claims.claim(death).claim.payable == 0
    with database.uow() as uow:
        assert sum(o.amount for o in uow.payment_orders.list()) == 100_000_000


def test_a_renewal_is_a_new_term_with_a_whole_capital(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)  # 1403/06/01 to 1404/06/01
    disability_in_old_term = assessed(claims, contract, "disability", j(1403, 7, 1), DoctorAnalysis(disability_percent="70"))
    # 70,000,000 of the first term's capital
    claims.order_payment(disability_in_old_term, require_documents=False, actor="operator")
    renewal = renewed(insurance, contract, paid_on=j(1404, 5, 25))  # 1404/06/01 to 1405/06/01

    # the renewed contract's capital is whole: 50% = 50,000,000, nothing of the old term's 70,000,000 counted
    again = assessed(claims, renewal, "disability", j(1404, 7, 1), DoctorAnalysis(disability_percent="50"))
    assert claims.claim(again).claim.payable == 50_000_000


def test_two_experts_ordering_a_disability_and_a_death_of_one_person_at_once_stay_within_the_capital(
        database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)
    # both assessed before either is ordered: the disability at 60,000,000, the death at the whole 100,000,000
    disability = assessed(claims, contract, "disability", j(1403, 7, 1), DoctorAnalysis(disability_percent="60"))
    death = assessed(claims, contract, "death", j(1403, 9, 1), DoctorAnalysis())

    outcome: dict[str, object] = {}

    def second_expert() -> None:
        try:
            outcome["death"] = claims.order_payment(death, actor="second", require_documents=False)
        except ClaimRefused as refused:
            outcome["death"] = refused

    with database.uow() as uow:  # the first expert's order, not committed yet
        claims.within(uow).order_payment(disability, actor="first", require_documents=False)
        other = threading.Thread(target=second_expert)
        other.start()
        other.join(timeout=1.0)
        # the second order waits for the first (PostgreSQL: the person's claims locked; SQLite: the write lock)
        assert other.is_alive(), outcome
        uow.commit()
    other.join(timeout=30)

    # then it finds the capital 60,000,000 lighter: 40,000,000, not the 100,000,000 assessed, is refused as stale
    refused = outcome["death"]
    assert isinstance(refused, ClaimRefused) and refused.rule == "assessment_stale"
    assert refused.params == {"assessed": 100_000_000, "now": 40_000_000}
    with database.uow() as uow:
        assert [o.amount for o in uow.payment_orders.list()] == [60_000_000]
