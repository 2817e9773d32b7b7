"""Contracts with their roster, endorsements, payments, register numbers and renewal notices."""
from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from core.insurance.shared.models import Contract, Endorsement, Member, NewMember, Payment, Person


class ContractRepository(Protocol):
    def add(self, contract: Contract) -> Contract:
        """Store a new contract (its id is ignored) and return it with its id."""
    def get(self, contract_id: int) -> Contract | None: ...
    def by_number(self, number: int) -> Contract | None: ...
    def list(self) -> builtins.list[Contract]:
        """By number."""
    def renewed_by(self, contract_id: int) -> Contract | None:
        """The contract that renews this one, if any."""
    def cancel(self, contract_id: int, on: date) -> None: ...


class MemberRepository(Protocol):
    """The roster: persons on a contract, each from member_from until member_to."""

    def add_many(self, contract_id: int, members: Sequence[NewMember], member_from: date,
                 added_by: int | None = None) -> None: ...
    def for_contract(self, contract_id: int) -> builtins.list[Member]:
        """Everyone who was ever on the roster, in roster order."""
    def insured_on(self, contract_id: int, day: date) -> builtins.list[Member]:
        """The roster as it stood on a day, endorsements counted."""
    def count_insured_on(self, contract_id: int, day: date) -> int: ...
    def end_membership(self, member_ids: Iterable[int], on: date, removed_by: int) -> None: ...
    def correct_person(self, member_id: int, person: Person) -> None: ...


class EndorsementRepository(Protocol):
    def add(self, number: int, contract_id: int, kind: str, effective: date, amount: int,
            details: dict[str, Any], now: datetime, issued_on: date | None = None, *, actor: str) -> Endorsement: ...
    def for_contract(self, contract_id: int) -> builtins.list[Endorsement]: ...
    def list(self) -> builtins.list[Endorsement]: ...
    def get(self, endorsement_id: int) -> Endorsement | None: ...
    def by_number(self, number: int) -> Endorsement | None: ...


class PaymentRepository(Protocol):
    def add(self, receipt_number: int, contract_id: int, amount: int, cheque: str, paid_on: date,
            now: datetime, endorsement_id: int | None = None, proposal_id: int | None = None, *,
            actor: str) -> Payment: ...
    def for_contract(self, contract_id: int) -> builtins.list[Payment]: ...
    def by_receipt(self, receipt_number: int) -> Payment | None: ...


class RegisterRepository(Protocol):
    def next_number(self, register: str, start: int) -> int:
        """The register's next number (start for the first), taken atomically in this transaction:
        two transactions never get the same number."""


class RenewalNoticeRepository(Protocol):
    def claim(self, contract_id: int, period_end: date, now: datetime) -> bool:
        """Record that the reminder for this contract and period goes out; False when it already went."""
