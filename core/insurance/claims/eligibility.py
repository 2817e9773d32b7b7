"""Is a claim payable? The four checks of the seed's policy inquiry («استعلام»), over plain inputs.

1. the incident falls inside the cover period (start and expiry);
2. the injured person is insured by the contract on the incident date;
3. the premium was paid before the incident, and within the payment deadline;
4. the contract covers the claim type, with a commitment (capital) for it.

Every check is run and reported, passed or not, so the claims expert sees them
all; a failed check carries one reason code. Dates are calendar days in Tehran
(an aware datetime is converted; a naive one is taken as Tehran time); a cover
period or a deadline includes its last day.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.insurance.claims.kinds import CLAIM_KINDS, MEDICAL, PLAN_KINDS
from core.insurance.claims.money import ClaimInputError, rials
from core.insurance.contracts.coverage import CoverAnswer
from core.jalali import TEHRAN

# Check names and the reason each gives when it fails.
CHECK_COVER_PERIOD, CHECK_INSURED, CHECK_PREMIUM, CHECK_COVERED = "cover_period", "insured", "premium", "covered"
OUTSIDE_COVER, NOT_INSURED = "outside_cover", "not_insured"
PREMIUM_UNPAID, PREMIUM_LATE, NOT_COVERED = "premium_unpaid", "premium_late", "not_covered"


@dataclass(frozen=True)
class Membership:
    """One stretch of time the person was on the contract's roster: from the day
    they were added (issuance or an additional endorsement) up to, not including,
    the day a return endorsement removed them (None: still on it)."""

    added_on: dt.date
    removed_on: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.added_on <= day and (self.removed_on is None or day < self.removed_on)


@dataclass(frozen=True)
class PremiumPayment:
    """A payment towards the premium that covers this person (the contract's, or the
    additional endorsement's that added them). ``paid_at`` is a date, or a datetime
    when the hour is known; ``amount`` may be left out when ``premium_due`` is."""

    paid_at: dt.date | dt.datetime
    amount: int | None = None


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    reason: str | None = None  # the failure's code; None when passed


@dataclass(frozen=True)
class Eligibility:
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(check.reason for check in self.checks if check.reason)


def check_eligibility(
    *,
    cover_start: dt.date,
    cover_end: dt.date,
    incident_date: dt.date,
    incident_time: dt.time | None = None,
    memberships: Sequence[Membership],
    payments: Sequence[PremiumPayment],
    payment_deadline: dt.date | None,
    premium_due: int | None = None,
    plan: str,
    claim_kind: str,
    death_disability_capital: int,
    medical_capital: int = 0,
) -> Eligibility:
    if plan not in PLAN_KINDS:
        raise ClaimInputError(problem="unknown_plan", plan=plan)
    if claim_kind not in CLAIM_KINDS:
        raise ClaimInputError(problem="unknown_claim_kind", kind=claim_kind)
    if cover_end < cover_start:
        raise ClaimInputError(problem="cover_ends_before_it_starts")
    incident = (incident_date, incident_time)
    capital = _capital_for(claim_kind, death_disability_capital, medical_capital)
    return Eligibility(
        (
            _check(CHECK_COVER_PERIOD, cover_start <= incident_date <= cover_end, OUTSIDE_COVER),
            _check(CHECK_INSURED, any(m.covers(incident_date) for m in memberships), NOT_INSURED),
            _premium_check(incident, payments, payment_deadline, premium_due),
            _check(CHECK_COVERED, claim_kind in PLAN_KINDS[plan] and capital > 0, NOT_COVERED),
        )
    )


def _check(name: str, passed: bool, reason: str) -> Check:
    return Check(name, passed, None if passed else reason)


def _capital_for(kind: str, death_disability_capital: int, medical_capital: int) -> int:
    if kind == MEDICAL:
        return rials(medical_capital, "medical_capital")
    return rials(death_disability_capital, "death_disability_capital")


def _premium_check(
    incident: tuple[dt.date, dt.time | None],
    payments: Sequence[PremiumPayment],
    deadline: dt.date | None,
    premium_due: int | None,
) -> Check:
    # The seed: «حق بیمه حتماً قبل از حادثه پرداخت شده باشد و در ضرب الاجل تعیین شده».
    if premium_due is not None and rials(premium_due, "premium_due") == 0:
        return Check(CHECK_PREMIUM, True)  # nothing was charged (every person exempt): nothing to pay first
    before = sorted((p for p in payments if _surely_before(p.paid_at, incident)), key=lambda p: _day(p.paid_at))
    settled_on = _settled_on(before, premium_due)
    if settled_on is None:
        return Check(CHECK_PREMIUM, False, PREMIUM_UNPAID)
    if deadline is not None and settled_on > deadline:
        return Check(CHECK_PREMIUM, False, PREMIUM_LATE)
    return Check(CHECK_PREMIUM, True)


def _settled_on(payments: Sequence[PremiumPayment], premium_due: int | None) -> dt.date | None:
    """The day the premium was paid in full by these payments (in date order), or None."""
    if premium_due is None:
        return _day(payments[0].paid_at) if payments else None
    due = rials(premium_due, "premium_due")
    paid = 0
    for payment in payments:
        if payment.amount is None:
            raise ClaimInputError(problem="payment_amount_required")
        paid += rials(payment.amount, "payment")
        if paid >= due:
            return _day(payment.paid_at)
    return None


def _surely_before(paid_at: dt.date | dt.datetime, incident: tuple[dt.date, dt.time | None]) -> bool:
    """Whether a payment was certainly made before the incident. On the same day it is
    only when both hours are known and the payment's is earlier: «حتماً قبل از حادثه».
    ``paid_at`` is the receipt's date (when the cheque was received), never when it was keyed in."""
    incident_date, incident_time = incident
    paid_day = _day(paid_at)
    if paid_day != incident_date:
        return paid_day < incident_date
    if isinstance(paid_at, dt.datetime) and incident_time is not None:
        return _local(paid_at).time() < incident_time
    return False


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC-aware) time as Tehran wall-clock time; a naive one is taken as Tehran's already."""
    return moment.astimezone(TEHRAN).replace(tzinfo=None) if moment.tzinfo else moment


def _day(value: dt.date | dt.datetime) -> dt.date:
    return _local(value).date() if isinstance(value, dt.datetime) else value


def eligibility_of(answer: CoverAnswer, kind: str, day: dt.date, hour: dt.time | None) -> Eligibility:
    """The check on what the contract answered (core/insurance/contracts/coverage.py); the payments
    count by the receipt's date (K144), never the day they were keyed in."""
    contract = answer.contract
    return check_eligibility(
        cover_start=answer.cover_start, cover_end=answer.cover_end, incident_date=day, incident_time=hour,
        memberships=[Membership(m.member_from, m.member_to) for m in answer.memberships],
        payments=[PremiumPayment(p.paid_on, p.amount) for p in answer.payments],
        payment_deadline=answer.deadline, premium_due=answer.due, plan=contract.plan, claim_kind=kind,
        death_disability_capital=contract.death_capital, medical_capital=contract.medical_capital)


def checks_json(result: Eligibility) -> list[dict[str, Any]]:
    return [{"name": c.name, "passed": c.passed, "reason": c.reason} for c in result.checks]
