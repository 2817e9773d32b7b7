"""The insurer's operations over a real database, in the seed's order: the quote (proposal), the
cheque and its receipt, then the contract or endorsement with its number; refunds; renewals; reports.

Today is 1403/06/11 (NOW). Figures are worked by hand in the comments.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.insurance.contracts.endorsements import EndorsementRefused
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import ContractRequest, EndorsementRequest, InsuranceError
from core.insurance.contracts.terms import ContractRefused
from core.insurance.shared.settings import InsuranceSettings
from core.transactions import OwnUnits
from storage.db import Database, open_database
from tests.databases import database_url
from tests.unit.insurance.support import NOW, j, nid, person

OPERATOR = "operator"


def request(persons=None, **changes) -> ContractRequest:
    values = dict(policyholder="مهدکودک گل‌های بهاری", plan="death_disability_medical", death_capital=100_000_000,
                  medical_capital=10_000_000, rate=1_000_000, start=j(1403, 6, 1), discount_percent=5,
                  persons=persons if persons is not None else [person(n) for n in range(1, 13)])
    values.update(changes)
    return ContractRequest(**values)


def issue(service: InsuranceService, req: ContractRequest | None = None, paid_on=j(1403, 6, 5)) -> int:
    return service.issue_contract(req or request(), paid_on=paid_on, cheque="1", actor=OPERATOR).contract.number


def endorse(service: InsuranceService, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    return service.endorsements.add(EndorsementRequest(*args, **kwargs), actor=OPERATOR)


def test_the_quote_comes_first_and_takes_no_register_number(service: InsuranceService):
    proposed = service.proposals.propose_contract(request(), actor=OPERATOR)

    # 12 persons x 1,000,000 less the 5% agreed = 950,000 each: 11,400,000
    assert (proposed.proposal.number, proposed.proposal.status, proposed.proposal.amount) == (1, "proposed", 11_400_000)
    assert proposed.proposal.proposed_on == j(1403, 6, 11)  # today
    assert service.contracts() == []  # nothing unpaid is in the contract register
    assert service.monthly_report(1403, 6).contracts.lines == []


def test_the_cheque_gives_the_receipt_then_the_contract_its_number(service: InsuranceService):
    first = service.proposals.propose_contract(request(proposed_on=j(1403, 6, 1)), actor=OPERATOR)
    second = service.proposals.propose_contract(request(persons=[person(1)], proposed_on=j(1403, 6, 1)),
                                                actor=OPERATOR)
    # paid in the other order: the register follows the cheques, not the quotes
    paid_second = service.pay(second.proposal.number, j(1403, 6, 3), "چک-۱۲۴", actor=OPERATOR)
    paid_first = service.pay(first.proposal.number, j(1403, 6, 5), "چک-۱۲۳", actor=OPERATOR)

    assert (paid_second.contract.number, paid_second.payment.receipt_number) == (300_000, 1)
    assert (paid_first.contract.number, paid_first.payment.receipt_number) == (300_001, 2)
    c = paid_first.contract
    assert (c.start, c.end, c.days, c.issued_on) == (j(1403, 6, 1), j(1404, 6, 1), 366, j(1403, 6, 5))
    assert (c.premium, c.discount_percent) == (11_400_000, 5)
    assert c.payment_due == j(1403, 6, 1) + timedelta(days=30)
    view = service.contract(300_001)
    assert len(view.members) == 12 and view.balance == 0 and view.paid == 11_400_000
    with pytest.raises(InsuranceError) as refused:
        service.pay(first.proposal.number, j(1403, 6, 5), "125", actor=OPERATOR)
    assert refused.value.rule == "proposal_issued"  # never paid, nor numbered, twice


@pytest.mark.parametrize(("paid_on", "amount", "rule"), [
    (j(1403, 5, 31), None, "paid_before_proposal"),  # the quote is of 1403/06/01
    (j(1403, 6, 12), None, "paid_in_future"),  # today is 1403/06/11
    (j(1403, 6, 5), 11_399_999, "amount_not_due"),  # the cheque is for the quote's amount
    (j(1299, 12, 29), None, "date_too_old"),  # no date before 1300/01/01
])
def test_a_receipts_date_and_amount_are_checked(service: InsuranceService, paid_on, amount, rule):
    proposed = service.proposals.propose_contract(request(proposed_on=j(1403, 6, 1)), actor=OPERATOR)
    with pytest.raises(InsuranceError) as refused:
        service.pay(proposed.proposal.number, paid_on, "1", actor=OPERATOR, amount=amount)
    assert refused.value.rule == rule
    assert service.contracts() == []


def test_a_proposals_date_is_never_in_the_future_nor_before_1300(service: InsuranceService):
    with pytest.raises(InsuranceError) as refused:
        service.proposals.propose_contract(request(proposed_on=j(1403, 6, 12)), actor=OPERATOR)
    assert refused.value.rule == "proposed_in_future"
    with pytest.raises(InsuranceError) as refused:
        service.proposals.propose_contract(request(proposed_on=j(1299, 12, 29)), actor=OPERATOR)
    assert refused.value.rule == "date_too_old"


def test_a_roster_all_exempt_costs_nothing_and_is_issued_at_once(service: InsuranceService):
    proposed = service.proposals.propose_contract(
        request(persons=[person(1, exemption="martyr_child"), person(2, exemption="relief_student")]), actor=OPERATOR)
    assert proposed.issued is not None and proposed.proposal.status == "issued"
    assert (proposed.issued.contract.number, proposed.issued.contract.premium, proposed.issued.payment) == (300_000,
                                                                                                            0, None)


def test_a_withdrawn_proposal_can_no_longer_be_paid(service: InsuranceService):
    proposed = service.proposals.propose_contract(request(), actor=OPERATOR)
    service.proposals.withdraw(proposed.proposal.number, actor=OPERATOR)
    with pytest.raises(InsuranceError) as refused:
        service.pay(proposed.proposal.number, j(1403, 6, 11), "1", actor=OPERATOR)
    assert refused.value.rule == "proposal_withdrawn"


def test_a_refused_contract_stores_nothing(service: InsuranceService):
    with pytest.raises(ContractRefused) as refused:
        service.proposals.propose_contract(request(medical_capital=20_000_000), actor=OPERATOR)
    assert refused.value.rule == "medical_above_share"
    assert service.proposals.listing() == [] and service.contracts() == []


def test_a_contract_runs_at_most_a_year_and_a_shorter_one_pays_its_share(service: InsuranceService):
    with pytest.raises(ContractRefused) as refused:
        service.proposals.propose_contract(request(end=j(1404, 6, 2)), actor=OPERATOR)
    assert refused.value.rule == "longer_than_a_year"
    # 1403/06/01 -> 1403/12/01: Shahrivar 31 + Mehr to Bahman 5 x 30 = 181 days of the year's 366
    short = service.quote_contract(request(end=j(1403, 12, 1), persons=[person(1)]))
    assert short.days == 181
    # 950,000 a year x 181 / 366 = 469,808.74 -> 469,809
    assert (short.annual_premium, short.premium) == (950_000, 469_809)


def test_above_the_offices_authority_is_flagged_not_refused(database: Database):
    settings = InsuranceSettings(authority_limit_rials=50_000_000, office_authority_limits={"شعبه بزرگ": 500_000_000})
    svc = InsuranceService(OwnUnits(database.uow), lambda: NOW, settings)

    assert svc.quote_contract(request()).above_authority
    assert not svc.quote_contract(request(office="شعبه بزرگ")).above_authority


def test_an_additional_endorsement_is_quoted_then_issued_by_its_cheque(service: InsuranceService):
    issue(service)
    newcomer = person(100, extra_risk=True)

    outcome = endorse(service, 300_000, "additional", j(1403, 7, 1), persons=[newcomer])
    # 1,200,000 less 5% = 1,140,000 a year; x 335 / 366 = 1,043,442.6 -> 1,043,443
    assert outcome.endorsement is None and outcome.proposal.proposal.amount == 1_043_443
    assert nid(100) not in {m.person.national_id for m in service.members_on(300_000, j(1403, 7, 1))}
    assert service.contract(300_000).endorsements == []  # nothing unpaid in the endorsement register

    paid = service.pay(outcome.proposal.proposal.number, j(1403, 6, 11), "2", actor=OPERATOR)
    assert (paid.endorsement.number, paid.endorsement.amount, paid.payment.receipt_number) == (1, 1_043_443, 2)
    assert paid.receipt.subject == "additional" and paid.receipt.endorsement_number == 1
    on = {d: {m.person.national_id for m in service.members_on(300_000, d)} for d in (j(1403, 6, 30), j(1403, 7, 1))}
    assert nid(100) not in on[j(1403, 6, 30)] and nid(100) in on[j(1403, 7, 1)]
    assert service.contract(300_000).balance == 0


def test_a_return_is_issued_at_once_with_the_refund_owed(service: InsuranceService):
    issue(service)
    returned = endorse(service, 300_000, "return", j(1403, 9, 1), national_ids=[nid(1)])
    # 91 days of cover (Shahrivar 31, Mehr 30, Aban 30), 275 left: 950,000 x 275 / 366 = 713,797.81 -> 713,798
    assert (returned.endorsement.number, returned.endorsement.amount) == (1, -713_798)
    view = service.contract(300_000)
    assert (view.balance, view.refunds_owed) == (-713_798, 713_798)
    on = {d: {m.person.national_id for m in service.members_on(300_000, d)} for d in (j(1403, 8, 30), j(1403, 9, 1))}
    assert nid(1) in on[j(1403, 8, 30)] and nid(1) not in on[j(1403, 9, 1)]

    with pytest.raises(EndorsementRefused) as refused:
        endorse(service, 300_000, "return", j(1403, 9, 2), national_ids=[nid(1)])
    assert refused.value.rule == "not_insured"
    with pytest.raises(EndorsementRefused) as refused:
        endorse(service, 300_000, "additional", j(1403, 9, 2), persons=[person(2)])
    assert refused.value.rule == "already_insured"


def test_a_correction_has_no_financial_effect(service: InsuranceService):
    issue(service)
    fixed = person(3, first="مینا", last="کریمی")
    issued = endorse(service, 300_000, "no_financial", j(1403, 7, 1), persons=[fixed])

    assert issued.endorsement.amount == 0
    member = next(m for m in service.contract(300_000).members if m.person.national_id == nid(3))
    assert member.person.full_name == "مینا کریمی"
    with pytest.raises(EndorsementRefused) as refused:  # an extra risk costs 20% more: not without effect
        endorse(service, 300_000, "no_financial", j(1403, 7, 1), persons=[person(3, extra_risk=True)])
    assert refused.value.rule == "correction_changes_premium"


def test_cancellation_ends_the_roster_and_refuses_later_endorsements(service: InsuranceService):
    issue(service)
    issued = endorse(service, 300_000, "cancel_policyholder", j(1403, 8, 1))

    # 61 days of cover -> 40% earned of 950,000 = 380,000 each; 570,000 back each, 6,840,000 for 12
    assert issued.endorsement.amount == -6_840_000 and issued.quote.short_term_percent == 40
    assert issued.contract.status == "cancelled"
    assert service.members_on(300_000, j(1403, 8, 1)) == []
    with pytest.raises(EndorsementRefused):
        endorse(service, 300_000, "additional", j(1403, 8, 2), persons=[person(99)])


def test_cancellation_by_the_insurer_is_pro_rata(service: InsuranceService):
    issue(service)
    issued = endorse(service, 300_000, "cancel_insurer", j(1403, 8, 1))
    # 950,000 x 305 / 366 = 791,666.67 -> 791,667 each, for 12
    assert issued.endorsement.amount == -12 * 791_667


def test_renewals_due_and_the_renewal_in_the_contract_register(service: InsuranceService):
    issue(service, request(start=j(1402, 7, 1)), paid_on=j(1402, 7, 1))  # ends 1403/07/01
    issue(service, request(start=j(1403, 1, 1)), paid_on=j(1403, 1, 1))  # ends 1404/01/01: not due yet
    today = j(1403, 6, 11)

    due = service.renewals_due(today)
    # 1402/07/01 -> 1403/07/01: 21 days left from 1403/06/11 (Shahrivar has 31 days)
    assert [(d.contract.number, d.days_left, d.persons, d.new_premium) for d in due] == [(300_000, 21, 12, 11_400_000)]
    assert service.renewals_due(today, days=10) == []

    proposed = service.renew(300_000, rate=1_100_000, actor=OPERATOR)
    assert proposed.proposal.kind == "renewal" and proposed.proposal.amount == 12 * 1_045_000  # less 5%
    renewed = service.pay(proposed.proposal.number, j(1403, 6, 11), "3", actor=OPERATOR)
    assert renewed.contract.number == 300_002 and renewed.contract.renewal_of is not None
    assert (renewed.contract.start, renewed.contract.end) == (j(1403, 7, 1), j(1404, 7, 1))
    assert renewed.receipt.subject == "renewal"
    assert service.renewals_due(today) == []
    with pytest.raises(InsuranceError) as refused:
        service.renew(300_000, actor=OPERATOR)
    assert refused.value.rule == "already_renewed"


def test_the_renewal_letter_goes_out_once_even_across_a_restart(tmp_path):
    url = database_url(tmp_path / "bimeh.db")
    sent: list[tuple[int, int | None]] = []

    def run_daily_job(day_offset: int) -> list[int]:
        db = open_database(url)  # a fresh process: nothing remembered but the database
        try:
            svc = InsuranceService(OwnUnits(db.uow), lambda: NOW + timedelta(days=day_offset))
            if not svc.contracts():
                issue(svc, request(start=j(1402, 7, 1)), paid_on=j(1402, 7, 1))
            return [d.contract.number for d in svc.send_renewal_reminders(
                lambda uow, due, proposal: sent.append((due.contract.number, proposal and proposal.amount)))]
        finally:
            db.dispose()

    assert run_daily_job(0) == [300_000]
    assert run_daily_job(0) == []
    assert run_daily_job(1) == []
    # the letter is the renewal's proposal: 12 x 950,000
    assert sent == [(300_000, 11_400_000)]


def test_the_monthly_report_lists_only_what_was_issued(service: InsuranceService, database):
    issue(service, request(agency="نمایندگی ۱۲"))
    paid = endorse(service, 300_000, "additional", j(1403, 7, 1), persons=[person(50)])
    service.pay(paid.proposal.proposal.number, j(1403, 6, 11), "2", actor=OPERATOR)
    endorse(service, 300_000, "additional", j(1403, 7, 1), persons=[person(51)])  # quoted, not paid
    service.proposals.propose_contract(request(), actor=OPERATOR)  # quoted, not paid
    later = InsuranceService(OwnUnits(database.uow), lambda: datetime(2024, 10, 1, tzinfo=timezone.utc))  # 1403/07/10
    issue(later, paid_on=j(1403, 7, 10))

    report = service.monthly_report(1403, 6)
    assert [(x.number, x.amount) for x in report.contracts.lines] == [(300_000, 11_400_000)]
    assert [(x.kind, x.contract_number) for x in report.endorsements.lines] == [("additional", 300_000)]
    assert [x.number for x in service.monthly_report(1403, 7).contracts.lines] == [300_001]


def test_a_contract_keyed_in_after_the_fact_is_in_the_month_of_its_receipt(service: InsuranceService):
    # today is 1403/06/11; the office enters a contract whose cheque came on 1403/05/20
    issue(service, request(start=j(1403, 5, 20)), paid_on=j(1403, 5, 20))
    assert [x.number for x in service.monthly_report(1403, 5).contracts.lines] == [300_000]
    assert service.monthly_report(1403, 6).contracts.lines == []
