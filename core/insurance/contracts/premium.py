"""Premium per insured person, from the agreed annual rate.

The rules, in this order (docs/insurance.md has the seed's lines and the readings taken):
1. exempt persons (the exemption codes, K15) pay nothing, and no other rule applies;
2. surcharges ADD, each a percentage of the rate, each rounded half up to the rial:
   +10% for every full year of age above 75 on the contract's start (K18), +20% for an extra risk (K20);
3. a person with a primary insurer gets the configured percent off the medical part of the
   rate (K35; the contract's `medical_rate`), rounded half up;
4. the group discount the issuing expert agreed (K35: up to 25%) is a percentage of what the
   rules above left, rounded half up, and subtracted.
So premium = rate + surcharges - primary-insurer discount - group discount, all integers.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import jdatetime

from core.insurance.shared.models import Person
from core.insurance.shared.money import percent_of

AGE_CAP = 75
AGE_SURCHARGE_PERCENT = 10  # per full year above the cap
EXTRA_RISK_PERCENT = 20
MAX_GROUP_DISCOUNT = 25

# The seed gives no table of group discounts (K35 says "up to 25%, per the accident tariff"): the
# discount is what the issuing expert agrees. An office may keep its own table by head count in
# config ([insurance] group_discounts); none by default.
DEFAULT_GROUP_DISCOUNTS: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class RuleApplied:
    code: str  # exempt | age_surcharge | extra_risk | primary_insurer | group_discount
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


@dataclass(frozen=True)
class PremiumTerms:
    """What a person's premium depends on besides the person."""

    rate: int  # the agreed annual premium per person
    start: date  # the contract's start: ages are counted on it (K18)
    discount_percent: int = 0  # the agreed group discount
    medical_rate: int = 0  # the part of `rate` that buys the medical cover
    primary_insurer_percent: int = 0  # off the medical part, for a person with a primary insurer


def full_years(birth: date, on: date) -> int:
    """Age in full Jalali years on a day (a birthday counts from the day itself)."""
    b, d = jdatetime.date.fromgregorian(date=birth), jdatetime.date.fromgregorian(date=on)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def group_discount(size: int, table: Sequence[tuple[int, int]] = DEFAULT_GROUP_DISCOUNTS) -> int:
    """The office's own table by head count: the row with the largest minimum not above `size`."""
    percent = 0
    for minimum, row_percent in sorted(table):
        if size >= minimum:
            percent = row_percent
    return min(percent, MAX_GROUP_DISCOUNT)


def person_premium(person: Person, terms: PremiumTerms) -> PersonPremium:
    rate = terms.rate
    if person.exemption:
        return PersonPremium(person.national_id, rate, 0, (RuleApplied("exempt", 100, -rate),))
    rules: list[RuleApplied] = []
    years_over = max(0, full_years(person.birth_date, terms.start) - AGE_CAP)
    if years_over:
        percent = AGE_SURCHARGE_PERCENT * years_over
        rules.append(RuleApplied("age_surcharge", percent, percent_of(rate, percent)))
    if person.extra_risk:
        rules.append(RuleApplied("extra_risk", EXTRA_RISK_PERCENT, percent_of(rate, EXTRA_RISK_PERCENT)))
    if person.primary_insurer and terms.medical_rate and terms.primary_insurer_percent:
        rules.append(RuleApplied("primary_insurer", terms.primary_insurer_percent,
                                 -percent_of(terms.medical_rate, terms.primary_insurer_percent)))
    before_discount = rate + sum(r.amount for r in rules)
    if terms.discount_percent:
        rules.append(RuleApplied("group_discount", terms.discount_percent,
                                 -percent_of(before_discount, terms.discount_percent)))
    premium = rate + sum(r.amount for r in rules)
    return PersonPremium(person.national_id, rate, premium, tuple(rules))


def roster_premiums(persons: Iterable[Person], terms: PremiumTerms) -> list[PersonPremium]:
    return [person_premium(p, terms) for p in persons]
