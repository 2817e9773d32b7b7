"""A contract with a roster and a paid premium, for the claims service over a real database."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from core.insurance.claims.service import ClaimNotice, ClaimsService
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import ContractRequest, EndorsementRequest
from core.insurance.shared.models import Contract, NewMember
from core.insurance.shared.registers import CONTRACT, next_number
from core.transactions import OwnUnits
from storage.db import Database
from tests.unit.insurance.support import j, nid, person

# 1404/08/01 noon in Tehran: after the whole first contract year, so no incident in it is "in the future".
LATER = datetime(2025, 10, 23, 8, 30, tzinfo=timezone.utc)
START = j(1403, 6, 1)
POLICYHOLDER = "مهدکودک گل‌های بهاری"


def services(database: Database, now: datetime = LATER) -> tuple[InsuranceService, ClaimsService]:
    return InsuranceService(OwnUnits(database.uow), lambda: now), ClaimsService(OwnUnits(database.uow), lambda: now)


def issue(insurance: InsuranceService, plan: str = "death_disability_medical", persons: int = 3,
          paid_on: date | None = j(1403, 5, 25), first: int = 1, birth: date | None = None) -> int:
    """A contract from 1403/06/01 for persons ``first``.. (children born 1398 unless ``birth``),
    issued when its premium was paid on ``paid_on`` (None: a contract issued unpaid before the desk
    kept the seed's order, as an older database may hold). Returns its number."""
    medical = 10_000_000 if plan == "death_disability_medical" else 0
    request = ContractRequest(POLICYHOLDER, plan, 100_000_000, 1_000_000, START,
                              [person(n, birth=birth) for n in range(first, first + persons)], medical,
                              discount_percent=0)
    if paid_on is None:
        return legacy_unpaid_contract(insurance, request)
    return insurance.issue_contract(request, paid_on=paid_on, cheque="۱۲۳۴۵۶", actor="operator").contract.number


def legacy_unpaid_contract(insurance: InsuranceService, request: ContractRequest) -> int:
    """A contract stored as the desk stored them before proposals: issued, numbered, unpaid."""
    quote = insurance.quote_contract(request)
    with insurance.units.write() as uow:
        holder = uow.policyholders.by_name(request.policyholder) or uow.policyholders.add(
            request.policyholder, request.policyholder_kind, insurance.clock())
        contract = uow.contracts.add(Contract(
            id=0, number=next_number(uow, CONTRACT), policyholder_id=holder.id, plan=request.plan,
            death_capital=request.death_capital, medical_capital=request.medical_capital, rate=request.rate,
            discount_percent=quote.discount_percent, start=quote.terms.start, end=quote.terms.end,
            office=quote.office, agency=None, premium=quote.premium, above_authority=False,
            payment_due=quote.terms.start + timedelta(days=30), status="active", renewal_of=None,
            created_at=insurance.clock()))
        uow.members.add_many(contract.id, [NewMember(p, q.premium, q.premium) for p, q in
                                           zip(request.persons, quote.premiums)], member_from=quote.terms.start)
        return contract.number


def add_persons(insurance: InsuranceService, contract: int, effective: date, persons: list, paid_on: date) -> None:
    """An additional endorsement, issued when its cheque was paid on ``paid_on``."""
    outcome = insurance.endorsements.add(EndorsementRequest(contract, "additional", effective, persons),
                                         actor="operator")
    insurance.pay(outcome.proposal.proposal.number, paid_on, "۷۷", actor="operator")


def notice(contract: int, n: int = 1, kind: str = "medical", day: date = j(1403, 8, 15), hour: time | None = None,
           description: str = "در حیاط مهد زمین خورد و دستش شکست.") -> ClaimNotice:
    return ClaimNotice(contract, nid(n), kind, day, description, hour)


def renewed(insurance: InsuranceService, contract: int, paid_on: date) -> int:
    """The contract's renewal (the next year, a new term), its proposal dated and paid on ``paid_on``."""
    proposal = insurance.renew(contract, actor="operator", proposed_on=paid_on).proposal
    return insurance.pay(proposal.number, paid_on, "۹۹", actor="operator").contract.number
