"""Eligibility from the contract's answer (core/insurance/contracts/coverage.py): the cover, the
person's roster rows and the premium that covers them, handed to the pure check (eligibility.py).
The payments count by the receipt's date (K144), never the day they were keyed in.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from core.insurance.claims.eligibility import Eligibility, Membership, PremiumPayment, check_eligibility
from core.insurance.contracts.coverage import CoverAnswer


def eligibility(answer: CoverAnswer, kind: str, day: dt.date, hour: dt.time | None) -> Eligibility:
    contract = answer.contract
    return check_eligibility(
        cover_start=answer.cover_start, cover_end=answer.cover_end, incident_date=day, incident_time=hour,
        memberships=[Membership(m.member_from, m.member_to) for m in answer.memberships],
        payments=[PremiumPayment(p.paid_on, p.amount) for p in answer.payments],
        payment_deadline=answer.deadline, premium_due=answer.due, plan=contract.plan, claim_kind=kind,
        death_disability_capital=contract.death_capital, medical_capital=contract.medical_capital)


def checks_json(result: Eligibility) -> list[dict[str, Any]]:
    return [{"name": c.name, "passed": c.passed, "reason": c.reason} for c in result.checks]
