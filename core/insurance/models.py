"""The insurer's records: parties, persons, contracts, endorsements, payments.

Dates are Gregorian `datetime.date` inside (stored as ISO dates) and shown in
Jalali at the edges; money is integer rials.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Who holds a contract (بیمه‌گذار)
POLICYHOLDER_KINDS = ("kindergarten", "education", "welfare")

# Plans (نوع درخواست بیمه‌نامه)
DEATH_DISABILITY = "death_disability"
DEATH_DISABILITY_MEDICAL = "death_disability_medical"
PLANS = (DEATH_DISABILITY, DEATH_DISABILITY_MEDICAL)

# Insured persons' roles and the exemptions from premium (تبصره ماده ۳ فصل دوم)
PERSON_ROLES = ("child", "staff")
EXEMPTIONS = ("martyr_child", "freed_pow", "missing", "veteran", "relief_student")

# Endorsement kinds (الحاقیه)
ADDITIONAL = "additional"
RETURN = "return"
NO_FINANCIAL = "no_financial"
CANCEL_INSURER = "cancel_insurer"
CANCEL_POLICYHOLDER = "cancel_policyholder"
ENDORSEMENT_KINDS = (ADDITIONAL, RETURN, NO_FINANCIAL, CANCEL_INSURER, CANCEL_POLICYHOLDER)
CANCELLATIONS = (CANCEL_INSURER, CANCEL_POLICYHOLDER)

# Contract statuses
ACTIVE = "active"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class Person:
    """One row of a roster: who is insured, before any premium is worked out."""

    national_id: str
    first_name: str
    last_name: str
    birth_date: date
    role: str
    exemption: str | None = None
    extra_risk: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Policyholder:
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Guardian:
    """A guardian linked to a contract by its policyholder: may file claims on it, for the person
    of `national_id` only, or for anyone on the contract when it is "" (ANY_PERSON)."""

    contract_id: int
    user_id: int
    national_id: str
    linked_by: str
    linked_at: datetime


ANY_PERSON = ""


@dataclass(frozen=True)
class Contract:
    id: int
    number: int
    policyholder_id: int
    plan: str
    death_capital: int
    medical_capital: int
    rate: int  # the agreed annual premium per person, before the rules
    discount_percent: int  # group discount fixed at issue; endorsements use it too
    start: date
    end: date
    office: str
    agency: str | None
    premium: int  # annual premium of the roster at issue
    above_authority: bool
    payment_due: date  # the premium's deadline (ضرب‌الاجل پرداخت)
    status: str
    renewal_of: int | None  # id of the contract this one renews
    created_at: datetime
    cancelled_on: date | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def has_medical(self) -> bool:
        return self.plan == DEATH_DISABILITY_MEDICAL


@dataclass(frozen=True)
class Member:
    """A person on a contract's roster, from member_from until member_to (None: still on it)."""

    id: int
    contract_id: int
    person: Person
    annual_premium: int  # the person's premium for a whole contract year
    charged: int  # what was charged for this person (prorated when added by endorsement)
    rules: list[dict[str, Any]]  # the premium rules applied, as in PersonPremium.rules_json
    member_from: date
    member_to: date | None = None
    added_by: int | None = None  # endorsement id
    removed_by: int | None = None  # endorsement id

    def insured_on(self, day: date) -> bool:
        return self.member_from <= day and (self.member_to is None or day < self.member_to)


@dataclass(frozen=True)
class Endorsement:
    id: int
    number: int
    contract_id: int
    kind: str
    effective: date
    amount: int  # positive: owed by the policyholder; negative: a refund
    details: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Payment:
    id: int
    receipt_number: int
    contract_id: int
    amount: int
    cheque: str
    paid_on: date
    created_at: datetime


@dataclass(frozen=True)
class NewMember:
    """What storage needs to put a person on a roster."""

    person: Person
    annual_premium: int
    charged: int
    rules: list[dict[str, Any]] = field(default_factory=list)
