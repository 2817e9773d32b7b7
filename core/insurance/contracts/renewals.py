"""Renewal (تمدید): one month before a contract ends, whether or not renewal was asked.

A contract is due when it is active, not renewed yet, and ends within the notice
window. Its period is named by its end date: a reminder is sent once per
(contract, period), which storage enforces with a unique row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.insurance.shared.models import ACTIVE, Contract
from core.jalali import one_year_after

DEFAULT_NOTICE_DAYS = 30


@dataclass(frozen=True)
class RenewalDue:
    contract: Contract
    policyholder: str
    days_left: int
    new_start: date
    new_end: date
    persons: int
    new_premium: int  # for the current roster at the current rate


def is_due(contract: Contract, today: date, notice_days: int = DEFAULT_NOTICE_DAYS, renewed: bool = False) -> bool:
    days_left = (contract.end - today).days
    return contract.status == ACTIVE and not renewed and 0 <= days_left <= notice_days


def renewal_period(contract: Contract) -> tuple[date, date]:
    """The renewal's start (the old end) and end (a year later)."""
    return contract.end, one_year_after(contract.end)
