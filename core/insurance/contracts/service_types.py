"""What InsuranceService and its parts (proposals, endorsing, refunds, guardians, policyholders)
share: the refusal with a rule code, the requests and answers they pass, and who the staff are.

A module of its own so that the parts need not import the service that builds them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from core.errors import RuleRefused
from core.insurance.contracts.premium import PersonPremium
from core.insurance.contracts.terms import ContractTerms
from core.insurance.shared.models import Contract, Endorsement, Member, Payment, Person, Policyholder, Proposal
from core.jalali import MIN_YEAR, jalali_year

# Who may read any contract in chat (/contract N): the insurer's people and the admin.
INSURER_STAFF = frozenset({"issuance_expert", "issuance_manager", "claims_expert", "claims_manager",
                           "trusted_doctor", "claims_accountant", "report_reader", "admin"})


class InsuranceError(RuleRefused):
    """A request the desk cannot carry out; `rule` says why (contract_not_found, nothing_due, ...)."""


@dataclass(frozen=True)
class ContractRequest:
    policyholder: str
    plan: str
    death_capital: int
    rate: int
    start: date
    persons: Sequence[Person]
    medical_capital: int = 0
    end: date | None = None  # one year by default, never more (a renewal makes the next)
    policyholder_kind: str = "kindergarten"
    discount_percent: int | None = None  # None: the office's own head-count table if it keeps one, else 0
    office: str | None = None  # None: the default office
    agency: str | None = None
    policyholder_identifier: str | None = None  # the legal entity's national id or registration number
    medical_rate: int = 0  # the part of the rate buying the medical cover (the primary-insurer discount)
    proposed_on: date | None = None  # the quote's date (None: today)


@dataclass(frozen=True)
class ContractQuote:
    terms: ContractTerms
    office: str
    discount_percent: int
    premiums: list[PersonPremium]  # each person's premium for a whole year
    charges: list[int]  # what each person is charged: the annual premium, prorated for a shorter term
    premium: int  # the sum of the charges
    above_authority: bool
    authority_limit: int

    @property
    def days(self) -> int:
        return self.terms.days

    @property
    def annual_premium(self) -> int:
        return sum(p.premium for p in self.premiums)


@dataclass(frozen=True)
class IssuedContract:
    contract: Contract
    policyholder: Policyholder
    quote: ContractQuote


@dataclass(frozen=True)
class ContractView:
    contract: Contract
    policyholder: Policyholder
    members: list[Member]
    endorsements: list[Endorsement]
    payments: list[Payment]
    refunds_settled: int = 0  # refunds paid back to the policyholder
    open_proposals: list[Proposal] = field(default_factory=list)

    @property
    def charged(self) -> int:
        return self.contract.premium + sum(e.amount for e in self.endorsements)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def balance(self) -> int:
        """Positive: still owed by the policyholder; negative: owed back to them."""
        return self.charged - self.paid + self.refunds_settled

    @property
    def refunds_owed(self) -> int:
        """Refunds of returns and cancellations not yet paid back (a positive figure)."""
        return max(0, -self.balance)

    def insured_on(self, day: date) -> list[Member]:
        return [m for m in self.members if m.insured_on(day)]


@dataclass(frozen=True)
class EndorsementRequest:
    contract_number: int
    kind: str
    effective: date
    persons: Sequence[Person] = ()  # additional, swap: who joins; no_financial: corrected data
    national_ids: Sequence[str] = ()  # return, swap: who leaves
    note: str = ""


def check_not_too_old(day: date) -> None:
    """No date before 1300/01/01 (Jalali) is accepted."""
    if jalali_year(day) < MIN_YEAR:
        raise InsuranceError("date_too_old")
