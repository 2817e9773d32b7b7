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

# Who may be insured (K8): the kindergarten's children, its staff, and the staff's dependants
# (a spouse; non-student children over 4 months and under 25)
CHILD, STAFF, SPOUSE, STAFF_CHILD = "child", "staff", "spouse", "staff_child"
PERSON_ROLES = (CHILD, STAFF, SPOUSE, STAFF_CHILD)
# The exemptions from premium (K15, تبصره ماده ۳ فصل دوم): children of martyrs, freed prisoners of
# war, the missing and veterans, and students the Relief Committee supports; never a staff member
EXEMPTIONS = ("martyr_child", "freed_pow", "missing", "veteran", "relief_student")
# Which roles each exemption may be held by (the office's reading: docs/insurance.md)
EXEMPT_ROLES = {
    "martyr_child": (CHILD, STAFF_CHILD), "freed_pow": (CHILD, STAFF_CHILD), "missing": (CHILD, STAFF_CHILD),
    "veteran": (CHILD, STAFF_CHILD), "relief_student": (CHILD,),
}

# Endorsement kinds (الحاقیه)
ADDITIONAL = "additional"
RETURN = "return"
NO_FINANCIAL = "no_financial"
SWAP = "swap"  # adds and removes persons on one date (K34, K79)
CANCEL_INSURER = "cancel_insurer"
CANCEL_POLICYHOLDER = "cancel_policyholder"
ENDORSEMENT_KINDS = (ADDITIONAL, RETURN, NO_FINANCIAL, SWAP, CANCEL_INSURER, CANCEL_POLICYHOLDER)
CANCELLATIONS = (CANCEL_INSURER, CANCEL_POLICYHOLDER)

# Contract statuses
ACTIVE = "active"
CANCELLED = "cancelled"

# Proposals (طرح بیمه حوادث, K57, K89, K119): what is quoted to the policyholder before the cheque.
# Paying one issues the contract, the renewal or the endorsement, and only then gives its number.
PROPOSAL_CONTRACT, PROPOSAL_RENEWAL = "contract", "renewal"
PROPOSAL_KINDS = (PROPOSAL_CONTRACT, PROPOSAL_RENEWAL, ADDITIONAL, SWAP)
PROPOSED, ISSUED, WITHDRAWN = "proposed", "issued", "withdrawn"


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
    primary_insurer: bool = False  # has a primary (basic) insurer: the medical part is discounted (K35)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Policyholder:
    id: int
    name: str
    kind: str
    identifier: str | None = None  # the legal entity's national id or registration number


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
    issued_on: date | None = None  # the day it was issued: its receipt's date (None: before proposals)
    medical_rate: int = 0  # the part of the rate that buys the medical cover (primary-insurer discount)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def year_days(self) -> int:
        """The days of a whole year from the start: premiums are prorated by these, so a contract
        shorter than a year pays its share of the annual premium (docs/insurance.md)."""
        from core.jalali import one_year_after  # not at import: `--help` loads these records, not jdatetime

        return (one_year_after(self.start) - self.start).days

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
    issued_on: date | None = None
    actor: str | None = None  # who issued it; None: issued before the desk kept who (issue 25)


@dataclass(frozen=True)
class Payment:
    id: int
    receipt_number: int
    contract_id: int
    amount: int
    cheque: str
    paid_on: date
    created_at: datetime
    endorsement_id: int | None = None  # the additional endorsement (or swap) the cheque paid for
    proposal_id: int | None = None
    actor: str | None = None  # who recorded the cheque; None: recorded before the desk kept who (issue 25)


@dataclass(frozen=True)
class Proposal:
    """A quote sent to the policyholder (طرح); `terms` holds what issuing needs (JSON)."""

    id: int
    number: int
    kind: str  # contract | renewal | additional | swap
    status: str  # proposed | issued | withdrawn
    policyholder_id: int
    contract_id: int | None  # the contract renewed or endorsed
    proposed_on: date
    amount: int  # what the cheque must pay
    terms: dict[str, Any]
    created_at: datetime
    actor: str  # who proposed it
    issued_contract_id: int | None = None
    issued_endorsement_id: int | None = None
    closed_by: str | None = None  # who issued (paid) or withdrew it; None while open, or closed before issue 25


@dataclass(frozen=True)
class RefundSettlement:
    """A refund owed by a return endorsement or a cancellation, paid back to the policyholder."""

    endorsement_id: int
    amount: int
    settled_on: date
    reference: str
    actor: str
    created_at: datetime


@dataclass(frozen=True)
class NewMember:
    """What storage needs to put a person on a roster."""

    person: Person
    annual_premium: int
    charged: int
    rules: list[dict[str, Any]] = field(default_factory=list)
