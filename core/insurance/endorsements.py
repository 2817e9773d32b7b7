"""What an endorsement costs or returns (docs/insurance.md has the worked rules).

Days of cover = effective date - start date; remaining days = end date - effective
date; a contract's own number of days = end - start (365, or 366 across a leap Esfand).
Amounts are worked out per person and rounded half up to the rial per person, so
adding and then removing the same persons on the same day nets to exactly zero.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.insurance.models import Contract, Member
from core.insurance.money import percent_of, prorate

# (up to this many days of cover, earned percent of the annual premium); more days: 100%
DEFAULT_SHORT_TERM_TARIFF: tuple[tuple[int, int], ...] = (
    (5, 5), (15, 10), (30, 20), (60, 30), (90, 40), (120, 50), (150, 60), (180, 70), (270, 85),
)


class EndorsementRefused(Exception):
    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


@dataclass(frozen=True)
class EndorsementLine:
    national_id: str
    amount: int  # + owed, - refund


@dataclass(frozen=True)
class EndorsementQuote:
    kind: str
    effective: date
    amount: int  # + owed by the policyholder, - refund
    cover_days: int
    remaining_days: int
    contract_days: int
    lines: tuple[EndorsementLine, ...] = ()
    short_term_percent: int | None = None  # cancel_policyholder: earned share
    details: dict[str, object] = field(default_factory=dict)


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
    """Premium for the remaining days, prorated by the contract's own number of days."""
    remaining = remaining_days(contract, effective)
    return [EndorsementLine(nid, prorate(annual, remaining, contract.days)) for nid, annual in annual_premiums]


def refund_lines(contract: Contract, effective: date, members: Iterable[Member]) -> list[EndorsementLine]:
    """Refund by days (return endorsement, cancellation by the insurer); never more than was charged."""
    remaining = remaining_days(contract, effective)
    return [
        EndorsementLine(m.person.national_id, -min(m.charged, prorate(m.annual_premium, remaining, contract.days)))
        for m in members
    ]


def policyholder_cancellation_refund(
    contract: Contract, effective: date, members: Sequence[Member],
    table: Sequence[tuple[int, int]] = DEFAULT_SHORT_TERM_TARIFF,
) -> tuple[int, int]:
    """(refund as a negative amount or 0, earned percent): what was charged less the
    short-term share of the annual premium; a cancellation never asks for more."""
    percent = short_term_percent(cover_days(contract, effective), table)
    earned = percent_of(sum(m.annual_premium for m in members), percent)
    charged = sum(m.charged for m in members)
    return -max(0, charged - earned), percent
