"""Shared test data for the insurer's side."""
from __future__ import annotations

from datetime import date, datetime, timezone

import jdatetime

from core.insurance.shared.models import ACTIVE, Contract, Member, Person
from core.insurance.shared.national_id import with_check_digit

NOW = datetime(2024, 9, 1, 6, 0, tzinfo=timezone.utc)  # 1403/06/11


def j(year: int, month: int, day: int) -> date:
    """A Jalali date as the Gregorian date the domain works in."""
    return jdatetime.date(year, month, day).togregorian()


def nid(n: int) -> str:
    """The n-th valid national id (nine digits of n plus its check digit)."""
    return with_check_digit(f"{n:09d}")


def person(n: int = 1, birth: date | None = None, role: str = "child", exemption: str | None = None,
           extra_risk: bool = False, first: str = "سارا", last: str = "محمدی") -> Person:
    return Person(nid(n), first, last, birth or j(1398, 5, 12), role, exemption, extra_risk)


def contract(start: date, end: date, rate: int = 1_000_000, discount: int = 0, premium: int = 0) -> Contract:
    return Contract(id=1, number=300_000, policyholder_id=1, plan="death_disability", death_capital=100_000_000,
                    medical_capital=0, rate=rate, discount_percent=discount, start=start, end=end,
                    office="اداره صدور", agency=None, premium=premium, above_authority=False, payment_due=start,
                    status=ACTIVE, renewal_of=None, created_at=NOW)


def member(n: int, annual: int, charged: int | None = None, member_from: date | None = None) -> Member:
    return Member(n, 1, person(n), annual, annual if charged is None else charged, [],
                  member_from or date(2000, 1, 1))
