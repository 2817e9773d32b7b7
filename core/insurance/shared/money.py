"""Integer-rial arithmetic: one rounding rule everywhere."""
from __future__ import annotations

from fractions import Fraction


def round_half_up(value: Fraction | int) -> int:
    """To the nearest rial; exactly half a rial goes up (amounts here are never negative)."""
    value = Fraction(value)
    return int((value * 2 + 1) // 2)


def percent_of(amount: int, percent: int | Fraction) -> int:
    return round_half_up(Fraction(amount) * Fraction(percent) / 100)


def prorate(annual: int, days: int, contract_days: int) -> int:
    """The share of an annual amount for `days` of a contract of `contract_days` days."""
    if contract_days <= 0:
        raise ValueError("a contract lasts at least one day")
    return round_half_up(Fraction(annual) * days / contract_days)
