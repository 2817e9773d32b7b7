"""What every claim payout rule shares: the result shape, input checks and rounding.

Money is integer rials. Percentages and inheritance shares are exact fractions
(never floats), so a rule's figure is exact until the one place where it is
rounded, which is always down to whole rials: the insurer never pays a rial
above the exact entitlement, so no rounding can push a payout over a cap.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from core.errors import DeskError
from core.text import normalize_text
from core.values import Money

PercentLike = int | str | Decimal | Fraction

# The largest amount a 64-bit money column (BIGINT) holds; anything above it is refused as input.
MAX_RIALS = 2**63 - 1
# An exact number as typed is at most this long ("12.5", "۱/۶"): a longer one is not a share or a
# percentage, and Python refuses to read integers of thousands of digits.
_NUMBER_MAX_LENGTH = 40


class ClaimInputError(DeskError, ValueError):
    """An input a payout or eligibility rule cannot work with.

    params: problem (a code such as ``negative_amount``, ``unknown_bill_item``,
    ``shares_not_whole``), and what it was about.
    """

    code = "claim_input_invalid"


@dataclass(frozen=True)
class Payout:
    """The amount payable, and how it was reached.

    ``breakdown`` is (rule code, rials) in the order the rules were applied: the
    first line is the basis (positive), every later line a deduction (negative)
    or an addition, so the lines always sum to ``payable``. ``shares`` says who
    receives what (death claims; they sum to ``payable``). ``beyond_capital``: the
    parts of a medical payout its capital does not bear (item code, rials).
    """

    payable: int
    breakdown: tuple[tuple[str, int], ...]
    shares: tuple[tuple[str, int], ...] = ()
    beyond_capital: tuple[tuple[str, int], ...] = ()


def rials(value: int, what: str) -> int:
    """An amount of money as given: a whole, non-negative number of rials."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ClaimInputError(problem="amount_not_integer_rials", what=what)
    if value < 0:
        raise ClaimInputError(problem="negative_amount", what=what)
    if value > MAX_RIALS:
        raise ClaimInputError(problem="amount_too_large", what=what, limit=Money(MAX_RIALS))
    return value


_NUMBER = re.compile(r"\d+(\.\d+)?|\d+/[1-9]\d*")


def exact_fraction(value: PercentLike, what: str) -> Fraction:
    """A percentage or a share, exactly: 25, "2.5", "۱/۶", Decimal("0.25"), Fraction(1, 6).

    Floats are refused: 0.1 is not one tenth in binary, and money rules must be exact.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ClaimInputError(problem="not_exact_number", what=what)
    if isinstance(value, str):
        text = normalize_text(value).replace("٫", ".").replace("٪", "").replace("%", "").strip()
        if len(text) > _NUMBER_MAX_LENGTH or not _NUMBER.fullmatch(text):
            raise ClaimInputError(problem="not_a_number", what=what)
        result = Fraction(text)
    elif isinstance(value, int | Decimal | Fraction):
        result = Fraction(value)
    else:
        raise ClaimInputError(problem="not_a_number", what=what)
    if result < 0:
        raise ClaimInputError(problem="negative_number", what=what)
    return result


def floor_rials(amount: Fraction) -> int:
    """Round an exact figure down to whole rials (the insurer's side of a fraction)."""
    return int(amount // 1)


def split_by_shares(total: int, shares: Sequence[tuple[str, Fraction]]) -> list[tuple[str, int]]:
    """Split ``total`` rials by exact shares (summing to 1) so the parts sum to ``total`` exactly.

    Largest remainder: each part is first rounded down; the rials left over (fewer
    than the number of parts) go one each to the parts with the largest dropped
    fraction, ties to the one named first. No part ever differs from its exact
    figure by a rial or more.
    """
    exact = [(name, total * share) for name, share in shares]
    parts = [floor_rials(amount) for _, amount in exact]
    left_over = total - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - parts[i]), i))
    for i in by_remainder[:left_over]:
        parts[i] += 1
    return [(name, part) for (name, _), part in zip(exact, parts)]


def deduct(breakdown: list[tuple[str, int]], rule: str, amount: int) -> None:
    """Record a deduction in a payout's breakdown, only when it took something away."""
    if amount:
        breakdown.append((rule, -amount))
