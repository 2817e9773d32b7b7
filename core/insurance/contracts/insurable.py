"""Who may be insured (K8) and who may be exempt (K15), checked on a roster against the day the
person's cover starts (the contract's start; an added person's effective date).

- children of the kindergarten: no age rule in the seed;
- its staff: no age rule (above 75 each year costs 10% more, premium.py);
- the staff's dependants: a spouse, and non-student children over 4 months and under 25;
- exemptions belong to children (a child of a martyr, a freed prisoner of war, the missing, a
  veteran; a student the Relief Committee supports): a staff member or a spouse is never exempt.
The seed names these groups only; where it gives no figure the reading is docs/insurance.md's.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import jdatetime

from core.insurance.shared.models import EXEMPT_ROLES, PERSON_ROLES, STAFF_CHILD, Person

DEPENDANT_CHILD_MIN_MONTHS = 4  # «بالاتر از ۴ ماه»: more than four full months old
DEPENDANT_CHILD_MAX_YEARS = 25  # «کمتر از ۲۵ سال»: not yet 25


def months_after(birth: date, months: int) -> date:
    """The day `months` Jalali months after `birth` (the month's last day when it is shorter)."""
    b = jdatetime.date.fromgregorian(date=birth)
    index = b.year * 12 + (b.month - 1) + months
    year, month = divmod(index, 12)
    day = b.day
    while True:
        try:
            return jdatetime.date(year, month + 1, day).togregorian()
        except ValueError:  # Esfand 30 in a common year, day 31 in the second half-year
            day -= 1


def person_problem(person: Person, cover_start: date | None) -> str | None:
    """Why this person may not be insured from `cover_start` as the roster says; None when they may
    (cover_start None: the ages are not checked). The codes name catalog reasons
    (insurance.roster.reason.<code>)."""
    if person.role not in PERSON_ROLES:
        return "role_unknown"
    if person.exemption and person.role not in EXEMPT_ROLES.get(person.exemption, ()):
        return "exemption_not_for_role"
    if person.role == STAFF_CHILD and cover_start is not None:
        if cover_start <= months_after(person.birth_date, DEPENDANT_CHILD_MIN_MONTHS):
            return "dependant_too_young"
        if cover_start >= months_after(person.birth_date, DEPENDANT_CHILD_MAX_YEARS * 12):
            return "dependant_too_old"
    return None


def roster_problems(persons: Iterable[Person], cover_start: date) -> list[tuple[str, str]]:
    """(national id, reason) for everyone on a roster who may not be insured."""
    return [(p.national_id, reason) for p in persons if (reason := person_problem(p, cover_start))]
