"""Refunds never above the charge, whatever order the endorsements were keyed in; swaps; the short-term
tariff per person; and the refund's settlement (K26, K34, K79, K94–98). Figures worked by hand.

Contract 300000 runs 1403/06/01 -> 1404/06/01: 366 days (it spans a leap Esfand). Rate 1,000,000, no
discount, paid 1403/06/05. Today is 1403/06/11 (NOW): dates after it are effective dates keyed ahead.
"""
from __future__ import annotations

import pytest

from core.insurance.contracts.endorsements import EndorsementRefused
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import ContractRequest, EndorsementRequest, InsuranceError
from tests.unit.insurance.support import j, nid, person

OPERATOR = "operator"


@pytest.fixture
def contract(service: InsuranceService) -> int:
    request = ContractRequest("مهدکودک گل‌ها", "death_disability", 100_000_000, 1_000_000, j(1403, 6, 1),
                              [person(n) for n in range(1, 5)], discount_percent=0)
    return service.issue_contract(request, paid_on=j(1403, 6, 5), cheque="1", actor=OPERATOR).contract.number


def endorse(service: InsuranceService, number: int, kind: str, day, **kwargs):  # noqa: ANN001, ANN003, ANN201
    return service.endorsements.add(EndorsementRequest(number, kind, day, **kwargs), actor=OPERATOR)


def test_an_endorsement_dated_before_one_issued_for_the_same_person_is_refused(service, contract):
    endorse(service, contract, "return", j(1403, 9, 1), national_ids=[nid(1)])
    # keyed later but dated earlier: the person would be refunded twice (91 days, then 61)
    with pytest.raises(EndorsementRefused) as refused:
        endorse(service, contract, "return", j(1403, 8, 1), national_ids=[nid(1)])
    assert refused.value.rule == "before_later_endorsement"
    assert refused.value.params["number"] == 1
    # another person on the same earlier date is fine
    assert endorse(service, contract, "return", j(1403, 8, 1), national_ids=[nid(2)]).endorsement.number == 2


def test_a_cancellation_dated_before_a_later_endorsement_is_refused(service, contract):
    endorse(service, contract, "return", j(1403, 9, 1), national_ids=[nid(1)])
    for kind in ("cancel_insurer", "cancel_policyholder"):
        with pytest.raises(EndorsementRefused) as refused:
            endorse(service, contract, kind, j(1403, 8, 1))
        assert refused.value.rule == "before_later_endorsement"
    # dated on or after it, the cancellation refunds the three still insured, and person 1 only once:
    # 1,000,000 x 275 / 366 = 751,366.12 -> 751,366 each (pro rata by the insurer)
    cancelled = endorse(service, contract, "cancel_insurer", j(1403, 9, 1))
    assert cancelled.endorsement.amount == -3 * 751_366
    view = service.contract(contract)
    refunded = -sum(e.amount for e in view.endorsements)
    assert refunded == 4 * 751_366 <= view.paid == 4_000_000


def test_no_refund_above_what_was_charged_for_the_person_in_any_order(service, contract):
    # added on 1403/10/01 (Dey, Bahman, Esfand 30 each + five 31-day months = 245 days left of 366):
    # charged 1,000,000 x 245 / 366 = 669,398.91 -> 669,399
    added = endorse(service, contract, "additional", j(1403, 10, 1), persons=[person(9)])
    service.pay(added.proposal.proposal.number, j(1403, 6, 11), "2", actor=OPERATOR)
    # removed the same day: everything charged comes back, and not a rial more
    returned = endorse(service, contract, "return", j(1403, 10, 1), national_ids=[nid(9)])
    assert returned.endorsement.amount == -669_399
    # an earlier return of them is refused (their endorsements are later); a cancellation before, too
    with pytest.raises(EndorsementRefused) as refused:
        endorse(service, contract, "return", j(1403, 9, 1), national_ids=[nid(9)])
    assert refused.value.rule == "before_later_endorsement"
    with pytest.raises(EndorsementRefused) as refused:
        endorse(service, contract, "cancel_policyholder", j(1403, 9, 1))
    assert refused.value.rule == "before_later_endorsement"


def test_a_swap_of_equal_numbers_at_equal_premiums_costs_nothing(service, contract):
    # K79: an increase equal to the decrease: no premium is taken. 1,000,000 x 275 / 366 = 751,366 each way
    swapped = endorse(service, contract, "swap", j(1403, 9, 1), persons=[person(20)], national_ids=[nid(1)])
    assert swapped.proposal is None and swapped.endorsement is not None
    assert swapped.endorsement.amount == 0
    assert [(x.national_id, x.amount) for x in swapped.quote.lines] == [(nid(20), 751_366), (nid(1), -751_366)]
    on = {m.person.national_id for m in service.members_on(contract, j(1403, 9, 1))}
    assert nid(20) in on and nid(1) not in on  # the newcomer is covered from the swap's date
    assert nid(1) in {m.person.national_id for m in service.members_on(contract, j(1403, 8, 30))}
    assert nid(20) not in {m.person.national_id for m in service.members_on(contract, j(1403, 8, 30))}


def test_a_swap_that_costs_more_waits_for_its_cheque(service, contract):
    # the newcomer has an extra risk: 1,200,000 a year: 1,200,000 x 275 / 366 = 901,639.34 -> 901,639;
    # the leaver's 751,366 back: 150,273 owed
    swapped = endorse(service, contract, "swap", j(1403, 9, 1), persons=[person(20, extra_risk=True)],
                      national_ids=[nid(1)])
    assert swapped.endorsement is None and swapped.proposal.proposal.amount == 150_273
    assert nid(1) in {m.person.national_id for m in service.members_on(contract, j(1403, 9, 1))}  # not yet
    paid = service.pay(swapped.proposal.proposal.number, j(1403, 6, 11), "9", actor=OPERATOR)
    assert (paid.endorsement.kind, paid.endorsement.amount) == ("swap", 150_273)
    on = {m.person.national_id for m in service.members_on(contract, j(1403, 9, 1))}
    assert nid(20) in on and nid(1) not in on


def test_a_swap_refuses_a_person_both_joining_and_leaving(service, contract):
    with pytest.raises(EndorsementRefused) as refused:
        endorse(service, contract, "swap", j(1403, 9, 1), persons=[person(1)], national_ids=[nid(1)])
    assert refused.value.rule in ("joins_and_leaves", "already_insured")


def test_the_policyholders_cancellation_earns_each_premium_from_that_persons_cover_start(service, contract):
    # person 9 added 1403/10/01, charged 669,399 (above); cancelled 1403/11/01: their own 30 days of cover
    # -> 20% of 1,000,000 earned = 200,000; 669,399 - 200,000 = 469,399 back.
    added = endorse(service, contract, "additional", j(1403, 10, 1), persons=[person(9)])
    service.pay(added.proposal.proposal.number, j(1403, 6, 11), "2", actor=OPERATOR)
    cancelled = endorse(service, contract, "cancel_policyholder", j(1403, 11, 1))
    lines = {x.national_id: x for x in cancelled.quote.lines}
    assert (lines[nid(9)].amount, lines[nid(9)].cover_days, lines[nid(9)].earned_percent) == (-469_399, 30, 20)
    # the first four: 1403/06/01 -> 1403/11/01 = 31 + 4 x 30 + 30 = 151 days -> 70% earned: 300,000 back each
    assert [lines[nid(n)].amount for n in range(1, 5)] == [-300_000] * 4
    assert cancelled.endorsement.amount == -(469_399 + 4 * 300_000)


def test_a_refund_is_owed_then_settled_once(service, contract):
    returned = endorse(service, contract, "return", j(1403, 9, 1), national_ids=[nid(1)])
    owed = service.refunds.listing()
    assert [(r.endorsement.number, r.amount, r.settlement) for r in owed] == [(1, 751_366, None)]
    assert service.contract(contract).refunds_owed == 751_366

    with pytest.raises(InsuranceError) as refused:
        service.refunds.settle(1, j(1403, 6, 12), "ح-۱", actor=OPERATOR)
    assert refused.value.rule == "settled_in_future"
    with pytest.raises(InsuranceError) as refused:
        service.refunds.settle(1, j(1403, 6, 10), "ح-۱", actor=OPERATOR)  # issued 1403/06/11 (today)
    assert refused.value.rule == "settled_before_endorsement"
    settled = service.refunds.settle(1, j(1403, 6, 11), "ح-۱", actor=OPERATOR)
    assert (settled.amount, settled.settlement.reference) == (751_366, "ح-۱")
    assert service.refunds.listing() == [] and service.contract(contract).balance == 0
    with pytest.raises(InsuranceError) as refused:
        service.refunds.settle(1, j(1403, 6, 11), "ح-۲", actor=OPERATOR)
    assert refused.value.rule == "refund_settled"
    assert returned.endorsement.issued_on == j(1403, 6, 11)
