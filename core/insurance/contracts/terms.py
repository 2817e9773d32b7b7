"""Contract terms: the capital rules, the term, and the office's authority.

The commitment per person is the death-and-disability capital plus the medical
capital: what the insurer owes at most for one insured person.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.errors import RuleRefused
from core.insurance.contracts.premium import MAX_GROUP_DISCOUNT
from core.insurance.shared.models import DEATH_DISABILITY_MEDICAL, PLANS
from core.jalali import one_year_after
from core.values import Day, Money

MINIMUM_COMMITMENT = 10_000_000  # rials (حداقل تعهدات, K33)
MEDICAL_SHARE_PERCENT = 10  # medical capital at most 10% of death-and-disability (K17)
# The largest amount a 64-bit column holds: a figure above it is refused, never stored or summed over
MAX_RIALS = 2**63 - 1


class ContractRefused(RuleRefused):
    """Terms the rules do not allow; `rule` names the rule (for messages and exit codes)."""


@dataclass(frozen=True)
class ContractTerms:
    plan: str
    death_capital: int
    medical_capital: int
    rate: int
    start: date
    end: date
    medical_rate: int = 0  # the part of the rate for the medical cover

    @property
    def commitment(self) -> int:
        return self.death_capital + self.medical_capital

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def check_amount(value: int, what: str) -> None:
    """Refuse a figure no 64-bit column can hold (what: a rule-message parameter naming it)."""
    if value > MAX_RIALS:
        raise ContractRefused("amount_too_large", what=what, maximum=MAX_RIALS)


def check_terms(terms: ContractTerms) -> None:
    """Raise ContractRefused naming the first rule the terms break."""
    if terms.plan not in PLANS:
        raise ContractRefused("unknown_plan", plan=terms.plan)
    for value, what in ((terms.rate, "rate"), (terms.death_capital, "death_capital"),
                        (terms.medical_capital, "medical_capital"), (terms.medical_rate, "medical_rate"),
                        (terms.commitment, "commitment")):
        check_amount(value, what)
    if terms.rate <= 0:
        raise ContractRefused("rate_not_positive")
    if terms.death_capital <= 0 or terms.medical_capital < 0:
        raise ContractRefused("capital_not_positive")
    if terms.medical_rate < 0 or terms.medical_rate > terms.rate:
        raise ContractRefused("medical_rate_above_rate")
    if terms.medical_rate and terms.plan != DEATH_DISABILITY_MEDICAL:
        raise ContractRefused("medical_not_in_plan")
    if terms.plan == DEATH_DISABILITY_MEDICAL:
        if terms.medical_capital == 0:
            raise ContractRefused("medical_capital_required")
        if terms.medical_capital * 100 > terms.death_capital * MEDICAL_SHARE_PERCENT:
            raise ContractRefused("medical_above_share", limit=Money(terms.death_capital * MEDICAL_SHARE_PERCENT // 100))
    elif terms.medical_capital:
        raise ContractRefused("medical_not_in_plan")
    if terms.commitment < MINIMUM_COMMITMENT:
        raise ContractRefused("below_minimum_commitment", minimum=Money(MINIMUM_COMMITMENT))
    if terms.end <= terms.start:
        raise ContractRefused("end_not_after_start")
    if terms.end > one_year_after(terms.start):
        # a contract runs at most one year; the renewal makes the next (K105, K116)
        raise ContractRefused("longer_than_a_year", latest=Day(one_year_after(terms.start)))


def check_discount(percent: int) -> None:
    if not 0 <= percent <= MAX_GROUP_DISCOUNT:
        raise ContractRefused("discount_out_of_range", maximum=MAX_GROUP_DISCOUNT)


def above_authority(terms: ContractTerms, limit: int) -> bool:
    """A commitment above the office's limit needs the level above (issuance_manager)."""
    return terms.commitment > limit
