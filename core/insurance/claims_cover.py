"""Eligibility from the records: the cover, the person's roster rows and the premium that covers them.

The claims service hands the pure check (claims_eligibility) what the contract, the roster, the
endorsements and the receipts say: the cover runs from the contract's start to the day before its
end, or before a cancellation took effect; the premium that covers a person is the contract's, or,
for someone an additional endorsement added, everything charged up to and with it, by the later of
the two deadlines; the payments are the receipts by the date on them (K144), never the day they
were keyed in.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.insurance.claims_eligibility import Eligibility, Membership, PremiumPayment, check_eligibility
from core.insurance.models import Contract, Member
from core.ports import UnitOfWork


@dataclass(frozen=True)
class PremiumTerms:
    due: int
    deadline: dt.date
    payments: list[PremiumPayment]


def cover_end(contract: Contract) -> dt.date:
    """The last day of cover: the day before the end (a renewal starts on the end date), or
    before the day a cancellation took effect."""
    end = min(contract.end, contract.cancelled_on) if contract.cancelled_on else contract.end
    return end - dt.timedelta(days=1)


def memberships(u: UnitOfWork, contract: Contract, national_id: str) -> list[Member]:
    """The person's rows on the contract's roster, every stretch they were on it."""
    return [m for m in u.members.for_contract(contract.id) if m.person.national_id == national_id]


def premium_terms(u: UnitOfWork, contract: Contract, members: Sequence[Member], day: dt.date,
                  payment_deadline_days: int) -> PremiumTerms:
    """What must have been paid, by when, for this person to be covered on ``day``: the
    contract's premium, or, for someone an additional endorsement added, everything charged
    up to and with that endorsement (the payments are the contract's cheques, in date order)."""
    covering = [m for m in members if m.insured_on(day)] or list(members)
    endorsement = None
    if covering and covering[-1].added_by is not None:
        endorsement = next((e for e in u.endorsements.for_contract(contract.id)
                            if e.id == covering[-1].added_by), None)
    due, deadline = contract.premium, contract.payment_due
    if endorsement is not None:
        due += sum(e.amount for e in u.endorsements.for_contract(contract.id) if e.number <= endorsement.number)
        deadline = max(deadline, endorsement.effective + dt.timedelta(days=payment_deadline_days))
    # The receipt's date (the cheque received), never the day it was keyed in (K144); nothing due
    # (every person exempt) needs nothing paid first.
    payments = [PremiumPayment(p.paid_on, p.amount) for p in u.payments.for_contract(contract.id)]
    return PremiumTerms(max(0, due), deadline, payments)


def eligibility(u: UnitOfWork, contract: Contract, national_id: str, kind: str, day: dt.date,
                hour: dt.time | None, payment_deadline_days: int) -> Eligibility:
    members = memberships(u, contract, national_id)
    terms = premium_terms(u, contract, members, day, payment_deadline_days)
    return check_eligibility(
        cover_start=contract.start, cover_end=cover_end(contract), incident_date=day, incident_time=hour,
        memberships=[Membership(m.member_from, m.member_to) for m in members], payments=terms.payments,
        payment_deadline=terms.deadline, premium_due=terms.due, plan=contract.plan, claim_kind=kind,
        death_disability_capital=contract.death_capital, medical_capital=contract.medical_capital)


def checks_json(result: Eligibility) -> list[dict[str, Any]]:
    return [{"name": c.name, "passed": c.passed, "reason": c.reason} for c in result.checks]
