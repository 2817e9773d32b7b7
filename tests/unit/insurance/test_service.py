"""The insurer's operations over a real database: issue, pay, endorse, cancel, renew, report."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.insurance.contracts import ContractRefused
from core.insurance.endorsements import EndorsementRefused
from core.insurance.service import ContractRequest, EndorsementRequest, InsuranceError, InsuranceService
from core.insurance.settings import InsuranceSettings
from storage.db import Database, open_database
from tests.databases import database_url
from tests.unit.insurance.support import NOW, j, nid, person


def request(persons=None, **changes) -> ContractRequest:
    values = dict(policyholder="مهدکودک گل‌های بهاری", plan="death_disability_medical", death_capital=100_000_000,
                  medical_capital=10_000_000, rate=1_000_000, start=j(1403, 6, 1),
                  persons=persons if persons is not None else [person(n) for n in range(1, 13)])
    values.update(changes)
    return ContractRequest(**values)


def test_issue_numbers_from_300000_with_a_one_year_term_and_the_group_discount(service: InsuranceService):
    first = service.issue_contract(request())
    second = service.issue_contract(request(persons=[person(1)]))

    assert (first.contract.number, second.contract.number) == (300_000, 300_001)
    c = first.contract
    assert (c.start, c.end, c.days) == (j(1403, 6, 1), j(1404, 6, 1), 366)
    assert first.quote.discount_percent == 5  # 12 persons: the 10-49 row
    assert c.premium == 12 * 950_000
    assert c.payment_due == j(1403, 6, 1) + timedelta(days=30)
    view = service.contract(300_000)
    assert len(view.members) == 12 and view.balance == 11_400_000


def test_a_refused_contract_stores_nothing(service: InsuranceService):
    with pytest.raises(ContractRefused) as refused:
        service.issue_contract(request(medical_capital=20_000_000))
    assert refused.value.rule == "medical_above_share"
    assert service.contracts() == []


def test_above_the_offices_authority_is_flagged_not_refused(database: Database):
    settings = InsuranceSettings(authority_limit_rials=50_000_000, office_authority_limits={"شعبه بزرگ": 500_000_000})
    svc = InsuranceService(database.uow, lambda: NOW, settings)

    assert svc.issue_contract(request()).contract.above_authority
    assert not svc.issue_contract(request(office="شعبه بزرگ")).contract.above_authority


def test_payment_gives_a_receipt_number_and_settles_the_balance(service: InsuranceService):
    service.issue_contract(request())
    receipt = service.record_payment(300_000, j(1403, 6, 5), "چک-۱۲۳")

    assert (receipt.payment.receipt_number, receipt.payment.amount, receipt.payment.paid_on) == (1, 11_400_000,
                                                                                                   j(1403, 6, 5))
    assert service.contract(300_000).balance == 0
    with pytest.raises(InsuranceError) as refused:
        service.record_payment(300_000, j(1403, 6, 5), "124")
    assert refused.value.rule == "nothing_due"


def test_endorsements_change_the_roster_on_their_dates(service: InsuranceService):
    service.issue_contract(request())
    service.record_payment(300_000, j(1403, 6, 5), "1")
    newcomer = person(100, extra_risk=True)

    added = service.add_endorsement(EndorsementRequest(300_000, "additional", j(1403, 7, 1), persons=[newcomer]))
    # 1,200,000 less 5% = 1,140,000 a year; x 335 / 366 = 1,043,442.6 -> 1,043,443
    assert (added.endorsement.number, added.endorsement.amount) == (1, 1_043_443)
    returned = service.add_endorsement(EndorsementRequest(300_000, "return", j(1403, 9, 1), national_ids=[nid(1)]))
    # 91 days of cover (Shahrivar 31, Mehr 30, Aban 30), 275 left: 950,000 x 275 / 366 = 713,797.81 -> 713,798
    assert (returned.endorsement.number, returned.endorsement.amount) == (2, -713_798)

    on = {d: {m.person.national_id for m in service.members_on(300_000, d)} for d in
          (j(1403, 6, 30), j(1403, 7, 1), j(1403, 8, 30), j(1403, 9, 1))}
    assert nid(100) not in on[j(1403, 6, 30)] and nid(100) in on[j(1403, 7, 1)]
    assert nid(1) in on[j(1403, 8, 30)] and nid(1) not in on[j(1403, 9, 1)]
    assert service.contract(300_000).balance == 1_043_443 - 713_798

    with pytest.raises(EndorsementRefused) as refused:
        service.add_endorsement(EndorsementRequest(300_000, "return", j(1403, 9, 2), national_ids=[nid(1)]))
    assert refused.value.rule == "not_insured"
    with pytest.raises(EndorsementRefused) as refused:
        service.add_endorsement(EndorsementRequest(300_000, "additional", j(1403, 9, 2), persons=[person(2)]))
    assert refused.value.rule == "already_insured"


def test_a_correction_has_no_financial_effect(service: InsuranceService):
    service.issue_contract(request())
    fixed = person(3, first="مینا", last="کریمی")
    issued = service.add_endorsement(EndorsementRequest(300_000, "no_financial", j(1403, 7, 1), persons=[fixed]))

    assert issued.endorsement.amount == 0
    member = next(m for m in service.contract(300_000).members if m.person.national_id == nid(3))
    assert member.person.full_name == "مینا کریمی"


def test_cancellation_ends_the_roster_and_refuses_later_endorsements(service: InsuranceService):
    service.issue_contract(request())
    issued = service.add_endorsement(EndorsementRequest(300_000, "cancel_policyholder", j(1403, 8, 1)))

    # 61 days of cover -> 40% earned of 11,400,000 = 4,560,000; 6,840,000 back
    assert issued.endorsement.amount == -6_840_000 and issued.quote.short_term_percent == 40
    assert issued.contract.status == "cancelled"
    assert service.members_on(300_000, j(1403, 8, 1)) == []
    with pytest.raises(EndorsementRefused):
        service.add_endorsement(EndorsementRequest(300_000, "additional", j(1403, 8, 2), persons=[person(99)]))


def test_cancellation_by_the_insurer_is_pro_rata(service: InsuranceService):
    service.issue_contract(request())
    issued = service.add_endorsement(EndorsementRequest(300_000, "cancel_insurer", j(1403, 8, 1)))
    # 950,000 x 305 / 366 = 791,666.67 -> 791,667 each, for 12
    assert issued.endorsement.amount == -12 * 791_667


def test_renewals_due_and_the_renewal_in_the_contract_register(service: InsuranceService):
    service.issue_contract(request(start=j(1402, 7, 1)))  # ends 1403/07/01
    service.issue_contract(request(start=j(1403, 1, 1)))  # ends 1404/01/01: not due yet
    today = j(1403, 6, 11)

    due = service.renewals_due(today)
    assert [(d.contract.number, d.days_left, d.persons, d.new_premium) for d in due] == [(300_000, 21, 12, 11_400_000)]  # Shahrivar has 31 days
    assert service.renewals_due(today, days=10) == []

    renewed = service.renew(300_000, rate=1_100_000)
    assert renewed.contract.number == 300_002 and renewed.contract.renewal_of is not None
    assert (renewed.contract.start, renewed.contract.end) == (j(1403, 7, 1), j(1404, 7, 1))
    assert renewed.contract.premium == 12 * 1_045_000  # 1,100,000 less 5%
    assert service.renewals_due(today) == []


def test_the_renewal_reminder_goes_out_once_even_across_a_restart(tmp_path):
    url = database_url(tmp_path / "bimeh.db")
    sent: list[int] = []

    def run_daily_job(day_offset: int) -> list[int]:
        db = open_database(url)  # a fresh process: nothing remembered but the database
        try:
            svc = InsuranceService(db.uow, lambda: NOW + timedelta(days=day_offset))
            if not svc.contracts():
                svc.issue_contract(request(start=j(1402, 7, 1)))
            return [d.contract.number for d in svc.send_renewal_reminders(lambda uow, due: sent.append(due.contract.number))]
        finally:
            db.dispose()

    assert run_daily_job(0) == [300_000]
    assert run_daily_job(0) == []
    assert run_daily_job(1) == []
    assert sent == [300_000]


def test_the_monthly_report_lists_the_months_contracts_and_endorsements(service: InsuranceService, database):
    service.issue_contract(request(agency="نمایندگی ۱۲"))
    service.add_endorsement(EndorsementRequest(300_000, "additional", j(1403, 7, 1), persons=[person(50)]))
    later = InsuranceService(database.uow, lambda: datetime(2024, 10, 1, tzinfo=timezone.utc))  # 1403/07/10
    later.issue_contract(request())

    report = service.monthly_report(1403, 6)
    assert [(x.number, x.amount) for x in report.contracts.lines] == [(300_000, 11_400_000)]
    assert [(x.kind, x.contract_number) for x in report.endorsements.lines] == [("additional", 300_000)]
    assert [x.number for x in service.monthly_report(1403, 7).contracts.lines] == [300_001]
