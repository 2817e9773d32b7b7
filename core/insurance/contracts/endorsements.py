"""What an endorsement costs or returns (docs/insurance.md has the worked rules).

Days of cover = effective date - start date; remaining days = end date - effective date.
Premiums are prorated by the days of a whole year from the contract's start (`year_days`:
365, or 366 across a leap Esfand), so a contract shorter than a year is charged its share.
Amounts are worked out per person and rounded half up to the rial per person, so adding and
then removing the same persons on the same day nets to exactly zero. A refund is never more
than what is left of what was charged for that person.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.errors import RuleRefused
from core.insurance.shared.models import Contract, Member
from core.insurance.shared.money import percent_of, prorate

# The short-term tariff ("page 9 of the accident tariff", K26) is not in the seed: this table is the
# office's own, kept in config ([insurance] short_term_tariff).
# (up to this many days of cover, earned percent of the annual premium); more days: 100%
DEFAULT_SHORT_TERM_TARIFF: tuple[tuple[int, int], ...] = (
    (5, 5), (15, 10), (30, 20), (60, 30), (90, 40), (120, 50), (150, 60), (180, 70), (270, 85),
)


class EndorsementRefused(RuleRefused):
    """An endorsement the rules do not allow; `rule` names the rule."""


@dataclass(frozen=True)
class EndorsementLine:
    national_id: str
    amount: int  # + owed, - refund
    cover_days: int | None = None  # cancel_policyholder: the person's own days of cover
    earned_percent: int | None = None  # cancel_policyholder: the short-term share earned


@dataclass(frozen=True)
class EndorsementQuote:
    kind: str
    effective: date
    amount: int  # + owed by the policyholder, - refund
    cover_days: int
    remaining_days: int
    contract_days: int
    lines: tuple[EndorsementLine, ...] = ()
    short_term_percent: int | None = None  # cancel_policyholder: the share earned over the contract's days
    details: dict[str, object] = field(default_factory=dict)
    year_days: int = 0  # the days premiums are prorated by


def cover_days(contract: Contract, effective: date) -> int:
    return (effective - contract.start).days


def remaining_days(contract: Contract, effective: date) -> int:
    return (contract.end - effective).days


def check_effective(contract: Contract, effective: date) -> None:
    if not contract.start <= effective <= contract.end:
        raise EndorsementRefused("effective_outside_contract")


def short_term_percent(days: int, table: Sequence[tuple[int, int]] = DEFAULT_SHORT_TERM_TARIFF) -> int:
    """The earned share of the annual premium after `days` of cover (تعرفه کوتاه‌مدت)."""
    for up_to, percent in sorted(table):
        if days <= up_to:
            return percent
    return 100


def additional_lines(contract: Contract, effective: date, annual_premiums: Iterable[tuple[str, int]]) -> list[EndorsementLine]:
    """Premium for the remaining days, prorated by the days of a whole year from the start."""
    remaining = remaining_days(contract, effective)
    return [EndorsementLine(nid, prorate(annual, remaining, contract.year_days)) for nid, annual in annual_premiums]


def refund_lines(contract: Contract, effective: date, members: Iterable[Member],
                 refunded: Mapping[int, int] | None = None) -> list[EndorsementLine]:
    """Refund by days (return endorsement, cancellation by the insurer): never more than what is
    left of what was charged for the person (`refunded`: member id -> refunded already)."""
    remaining = remaining_days(contract, effective)
    refunded = refunded or {}
    return [
        EndorsementLine(m.person.national_id,
                        -min(max(0, m.charged - refunded.get(m.id, 0)),
                             prorate(m.annual_premium, remaining, contract.year_days)))
        for m in members
    ]


def policyholder_cancellation_lines(
    contract: Contract, effective: date, members: Sequence[Member],
    table: Sequence[tuple[int, int]] = DEFAULT_SHORT_TERM_TARIFF,
    refunded: Mapping[int, int] | None = None,
) -> list[EndorsementLine]:
    """Cancellation by the policyholder (K26): each person's premium is earned by the short-term
    tariff over that person's own days of cover, from the day they were insured (someone added
    mid-year is not charged for days before it); the refund is what was charged less what was
    earned, never below 0 and never more than what is left of the charge."""
    refunded = refunded or {}
    lines = []
    for m in members:
        days = (effective - max(m.member_from, contract.start)).days
        percent = short_term_percent(days, table)
        earned = percent_of(m.annual_premium, percent)
        left = max(0, m.charged - refunded.get(m.id, 0))
        lines.append(EndorsementLine(m.person.national_id, -min(left, max(0, m.charged - earned)), days, percent))
    return lines
