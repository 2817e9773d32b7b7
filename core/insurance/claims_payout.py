"""The payout of a claim, computed by the seed's rules (docs/claims.md gives the order).

Three pure functions, one per claim type; each returns a ``Payout`` whose
breakdown lines sum to the payable amount. They trust their inputs to be what
the claims office decided (the trusted doctor's approved amounts, the degree of
disability, the beneficiaries) and check only that those inputs are coherent.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from core.insurance.claims_bill_items import AMBULANCE, NON_PAYABLE_ITEMS, bill_item_code
from core.insurance.claims_disability_table import DisabilityTable, default_table
from core.insurance.claims_money import (
    ClaimInputError,
    Payout,
    PercentLike,
    exact_fraction,
    floor_rials,
    rials,
    split_by_shares,
)

AMBULANCE_SHARE_OF_TREATMENT = Fraction(20, 100)
FATHER, MOTHER = "father", "mother"
AGE_OF_MAJORITY = 18


# ---------------------------------------------------------------- medical expenses


@dataclass(frozen=True)
class BillLine:
    """One line of the bill: the item (English or Persian name), the billed rials and,
    once the trusted doctor has analysed the bill, the amount approved by the tariff."""

    item: str
    billed: int
    approved: int | None = None


def medical_payout(
    lines: Iterable[BillLine],
    *,
    medical_capital: int,
    primary_insurer_paid: int = 0,
    medical_already_paid: int = 0,
) -> Payout:
    """Medical expenses: the bill by the doctor's analysis, less the non-payable items,
    the ambulance at most 20% of the treatment cost, only the difference after a
    primary insurer, within what is left of the person's medical capital."""
    medical_capital = rials(medical_capital, "medical_capital")
    primary = rials(primary_insurer_paid, "primary_insurer_paid")
    already = rials(medical_already_paid, "medical_already_paid")

    billed = approved = non_payable = ambulance = 0
    for line in lines:
        code = bill_item_code(line.item)
        line_billed = rials(line.billed, line.item)
        # The doctor's figure is the basis; it can lower a line, never raise it
        # above what was billed (the seed: the bill or the tariff, whichever is less).
        basis = line_billed if line.approved is None else min(line_billed, rials(line.approved, line.item))
        billed += line_billed
        approved += basis
        if code in NON_PAYABLE_ITEMS:
            non_payable += basis
        elif code == AMBULANCE:
            ambulance += basis

    treatment = approved - non_payable - ambulance
    ambulance_allowed = min(ambulance, floor_rials(treatment * AMBULANCE_SHARE_OF_TREATMENT))
    cost = treatment + ambulance_allowed
    difference = max(0, cost - primary)
    capital_left = max(0, medical_capital - already)
    payable = min(difference, capital_left)

    breakdown = [("medical_billed", billed)]
    _deduct(breakdown, "medical_doctor_analysis", billed - approved)
    _deduct(breakdown, "medical_non_payable", non_payable)
    _deduct(breakdown, "medical_ambulance_cap", ambulance - ambulance_allowed)
    _deduct(breakdown, "medical_primary_insurer", cost - difference)
    _deduct(breakdown, "medical_capital_cap", difference - payable)
    return Payout(payable, tuple(breakdown))


# ---------------------------------------------------------------- disability


def disability_payout(
    capital: int,
    *,
    items: Sequence[str] = (),
    assessed_percent: PercentLike = 0,
    teeth: int = 0,
    tooth_percent: PercentLike | None = None,
    disability_already_paid: int = 0,
    table: DisabilityTable | None = None,
) -> Payout:
    """Disability: the table's percentage of the death-and-disability capital.

    ``items`` are codes of the table; ``assessed_percent`` is a degree the company's
    doctor set for an injury the table does not list; ``teeth`` the number of teeth
    lost beyond repair, each at ``tooth_percent`` (at most 1% of the whole body).
    All together at most 100% of the capital, less disability already paid to the
    same person under the contract.
    """
    capital = rials(capital, "capital")
    already = rials(disability_already_paid, "disability_already_paid")
    table = table or default_table()
    if isinstance(teeth, bool) or not isinstance(teeth, int) or teeth < 0:
        raise ClaimInputError(problem="teeth_not_a_count", what="teeth")
    per_tooth = table.tooth_percent_max if tooth_percent is None else exact_fraction(tooth_percent, "tooth_percent")
    if per_tooth > table.tooth_percent_max:
        raise ClaimInputError(problem="tooth_percent_over_max", what="tooth_percent")
    assessed = exact_fraction(assessed_percent, "assessed_percent")

    breakdown: list[tuple[str, int]] = []
    for code in items:
        breakdown.append((f"disability_table:{code}", floor_rials(capital * table.percent(code) / 100)))
    if assessed:
        breakdown.append(("disability_assessed", floor_rials(capital * assessed / 100)))
    if teeth:
        teeth_percent = min(teeth * per_tooth, table.teeth_percent_max)
        breakdown.append(("disability_teeth", floor_rials(capital * teeth_percent / 100)))
    if not breakdown:
        breakdown.append(("disability_none", 0))

    total = sum(amount for _, amount in breakdown)
    within_whole_body = min(total, capital)
    payable = min(within_whole_body, max(0, capital - already))
    _deduct(breakdown, "disability_cap_100_percent", total - within_whole_body)
    _deduct(breakdown, "disability_already_paid", within_whole_body - payable)
    return Payout(payable, tuple(breakdown))


# ---------------------------------------------------------------- death


def is_minor(birth_date: dt.date, on: dt.date, majority_age: int = AGE_OF_MAJORITY) -> bool:
    """Whether someone born on ``birth_date`` was under ``majority_age`` on ``on``."""
    try:
        birthday = birth_date.replace(year=birth_date.year + majority_age)
    except ValueError:  # born on 29 February
        birthday = dt.date(birth_date.year + majority_age, 3, 1)
    return on < birthday


def death_payout(
    capital: int,
    *,
    minor: bool,
    heirs: Sequence[tuple[str, PercentLike]] = (),
    responsible: Collection[str] = (),
    disability_already_paid: int = 0,
) -> Payout:
    """Death: the capital less disability already paid for the same person, split between
    the parents equally (a minor) or by the inheritance certificate (an adult: ``heirs``
    as (name, fraction)); the share of a beneficiary responsible for the accident is
    kept back, the others are paid theirs."""
    capital = rials(capital, "capital")
    already = rials(disability_already_paid, "disability_already_paid")
    beneficiaries = _beneficiaries(minor, heirs)
    names = [name for name, _ in beneficiaries]
    unknown = [name for name in responsible if name not in names]
    if unknown:
        raise ClaimInputError(problem="responsible_not_a_beneficiary", who=", ".join(unknown))

    after_disability = max(0, capital - already)
    split = split_by_shares(after_disability, beneficiaries)
    kept_back = sum(amount for name, amount in split if name in responsible)
    shares = tuple((name, amount) for name, amount in split if name not in responsible)

    breakdown = [("death_capital", capital)]
    _deduct(breakdown, "death_disability_already_paid", capital - after_disability)
    _deduct(breakdown, "death_responsible_share", kept_back)
    return Payout(after_disability - kept_back, tuple(breakdown), shares)


def _beneficiaries(minor: bool, heirs: Sequence[tuple[str, PercentLike]]) -> list[tuple[str, Fraction]]:
    if minor:
        if heirs:
            raise ClaimInputError(problem="minor_paid_to_parents")
        return [(FATHER, Fraction(1, 2)), (MOTHER, Fraction(1, 2))]
    if not heirs:
        raise ClaimInputError(problem="heirs_required")
    shares = [(name, exact_fraction(share, name)) for name, share in heirs]
    names = [name for name, _ in shares]
    if len(set(names)) != len(names):
        raise ClaimInputError(problem="heir_named_twice")
    if any(share == 0 for _, share in shares) or sum(share for _, share in shares) != 1:
        raise ClaimInputError(problem="shares_not_whole")
    return shares


def _deduct(breakdown: list[tuple[str, int]], rule: str, amount: int) -> None:
    """Record a deduction only when it took something away."""
    if amount:
        breakdown.append((rule, -amount))
