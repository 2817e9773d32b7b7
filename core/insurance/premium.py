"""Premium per insured person, from the agreed annual rate.

The rules, in this order (docs/insurance.md):
1. exempt persons (the exemption codes) pay nothing, and no other rule applies;
2. surcharges ADD, each a percentage of the rate, each rounded half up to the rial:
   +10% for every full year of age above 75 on the start date, +20% for an extra risk;
3. the group discount is a percentage of the surcharged premium, rounded half up,
   and subtracted.
So premium = rate + age surcharge + extra-risk surcharge - discount, all integers.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import jdatetime

from core.insurance.models import Person
from core.insurance.money import percent_of

AGE_CAP = 75
AGE_SURCHARGE_PERCENT = 10  # per full year above the cap
EXTRA_RISK_PERCENT = 20
MAX_GROUP_DISCOUNT = 25

# (smallest group size, discount percent); the default, configurable in [insurance]
DEFAULT_GROUP_DISCOUNTS: tuple[tuple[int, int], ...] = (
    (1, 0), (10, 5), (50, 10), (100, 15), (250, 20), (500, 25),
)


@dataclass(frozen=True)
class RuleApplied:
    code: str  # exempt | age_surcharge | extra_risk | group_discount
    percent: int
    amount: int  # rials: + for a surcharge, - for a discount or exemption


@dataclass(frozen=True)
class PersonPremium:
    national_id: str
    rate: int
    premium: int
    rules: tuple[RuleApplied, ...]

    def rules_json(self) -> list[dict[str, int | str]]:
        return [{"rule": r.code, "percent": r.percent, "amount": r.amount} for r in self.rules]


def full_years(birth: date, on: date) -> int:
    """Age in full Jalali years on a day (a birthday counts from the day itself)."""
    b, d = jdatetime.date.fromgregorian(date=birth), jdatetime.date.fromgregorian(date=on)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def group_discount(size: int, table: Sequence[tuple[int, int]] = DEFAULT_GROUP_DISCOUNTS) -> int:
    """The discount percent for a group of `size` persons: the row with the largest minimum not above it."""
    percent = 0
    for minimum, row_percent in sorted(table):
        if size >= minimum:
            percent = row_percent
    return min(percent, MAX_GROUP_DISCOUNT)


def person_premium(person: Person, rate: int, start: date, discount_percent: int) -> PersonPremium:
    if person.exemption:
        return PersonPremium(person.national_id, rate, 0, (RuleApplied("exempt", 100, -rate),))
    rules: list[RuleApplied] = []
    years_over = max(0, full_years(person.birth_date, start) - AGE_CAP)
    if years_over:
        percent = AGE_SURCHARGE_PERCENT * years_over
        rules.append(RuleApplied("age_surcharge", percent, percent_of(rate, percent)))
    if person.extra_risk:
        rules.append(RuleApplied("extra_risk", EXTRA_RISK_PERCENT, percent_of(rate, EXTRA_RISK_PERCENT)))
    surcharged = rate + sum(r.amount for r in rules)
    if discount_percent:
        rules.append(RuleApplied("group_discount", discount_percent, -percent_of(surcharged, discount_percent)))
    premium = rate + sum(r.amount for r in rules)
    return PersonPremium(person.national_id, rate, premium, tuple(rules))


def roster_premiums(persons: Iterable[Person], rate: int, start: date, discount_percent: int) -> list[PersonPremium]:
    return [person_premium(p, rate, start, discount_percent) for p in persons]
