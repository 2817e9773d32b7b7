"""The payout of a disability or a death claim, by the seed's rules (docs/claims.md gives the order).

Pure functions, one per claim type (medical expenses: claims_medical); each returns a
``Payout`` whose breakdown lines sum to the payable amount. Both draw on one capital per
person per contract term (claims_capital). They trust their inputs to be what
the claims office decided (the trusted doctor's approved amounts, the degree of
disability, the beneficiaries) and check only that those inputs are coherent.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from fractions import Fraction

from core.insurance.claims.capital import CapitalUsed
from core.insurance.claims.disability_table import DisabilityTable, default_table
from core.insurance.claims.money import (
    ClaimInputError,
    Payout,
    PercentLike,
    deduct,
    exact_fraction,
    floor_rials,
    rials,
    split_by_shares,
)

FATHER, MOTHER = "father", "mother"
AGE_OF_MAJORITY = 18
ADULT_TEETH = 32  # more teeth than a person has is a typing mistake, not a count


# ---------------------------------------------------------------- disability


def disability_payout(
    capital: int,
    *,
    items: Sequence[str] = (),
    assessed_percent: PercentLike = 0,
    teeth: int = 0,
    tooth_percent: PercentLike | None = None,
    disability_already_paid: int = 0,
    death_already_paid: bool = False,
    table: DisabilityTable | None = None,
) -> Payout:
    """Disability: the table's percentage of the death-and-disability capital.

    ``items`` are codes of the table; ``assessed_percent`` is a degree the company's
    doctor set for an injury the table does not list; ``teeth`` the number of teeth
    lost beyond repair, each at ``tooth_percent`` (at most 1% of the whole body).
    All together at most 100% of the capital, and at most what is left of the one
    capital for death and disability: less disability already paid to the same person
    under the contract, nothing after a death paid.
    """
    capital = rials(capital, "capital")
    used = CapitalUsed(rials(disability_already_paid, "disability_already_paid"), death_already_paid)
    table = table or default_table()
    if isinstance(teeth, bool) or not isinstance(teeth, int) or not 0 <= teeth <= ADULT_TEETH:
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
    payable = min(within_whole_body, used.left(capital))
    deduct(breakdown, "disability_cap_100_percent", total - within_whole_body)
    deduct(breakdown, "disability_death_already_paid" if used.death else "disability_already_paid",
           within_whole_body - payable)
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
    death_already_paid: bool = False,
) -> Payout:
    """Death: the capital less disability already paid for the same person (nothing when a
    death was paid already), split between the parents equally (a minor) or by the
    inheritance certificate (an adult: ``heirs`` as (name, fraction)); the share of a
    beneficiary responsible for the accident is kept back, the others are paid theirs."""
    capital = rials(capital, "capital")
    used = CapitalUsed(rials(disability_already_paid, "disability_already_paid"), death_already_paid)
    beneficiaries = _beneficiaries(minor, heirs)
    names = [name for name, _ in beneficiaries]
    unknown = [name for name in responsible if name not in names]
    if unknown:
        raise ClaimInputError(problem="responsible_not_a_beneficiary", who=", ".join(unknown))

    left = used.left(capital)
    split = split_by_shares(left, beneficiaries)
    kept_back = sum(amount for name, amount in split if name in responsible)
    shares = tuple((name, amount) for name, amount in split if name not in responsible)

    breakdown = [("death_capital", capital)]
    deduct(breakdown, "death_already_paid" if used.death else "death_disability_already_paid", capital - left)
    deduct(breakdown, "death_responsible_share", kept_back)
    return Payout(left - kept_back, tuple(breakdown), shares)


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
    total = sum(share for _, share in shares)
    if any(share == 0 for _, share in shares) or total != 1:
        raise ClaimInputError(problem="shares_not_whole", total=str(total))
    return shares

