"""Contracts with their roster, endorsements, payments, register numbers and renewal notices."""
from __future__ import annotations

import builtins
import copy
import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update

from core.insurance.shared.models import Contract, Endorsement, Member, NewMember, Payment, Person
from storage.models.contracts import (
    ContractRow,
    EndorsementRow,
    InsuredPersonRow,
    PaymentRow,
    RegisterCounterRow,
    RenewalNoticeRow,
)
from storage.repositories._shared import SqlRepository, _insert_ignoring_duplicates, _json_copy, _record


def _contract(row: ContractRow) -> Contract:
    return _record(Contract, row)


def _member(row: InsuredPersonRow) -> Member:
    person = Person(row.national_id, row.first_name, row.last_name, row.birth_date, row.role, row.exemption,
                    row.extra_risk, row.primary_insurer)
    return Member(row.id, row.contract_id, person, row.annual_premium, row.charged, copy.deepcopy(row.rules),
                  row.member_from, row.member_to, row.added_by, row.removed_by)


def _endorsement(row: EndorsementRow) -> Endorsement:
    return _record(Endorsement, row, details=_json_copy(row.details))


def _payment(row: PaymentRow) -> Payment:
    return _record(Payment, row)


class SqlContractRepository(SqlRepository):
    def add(self, contract: Contract) -> Contract:
        values = dataclasses.asdict(contract)
        values.pop("id")
        row = ContractRow(**values)
        self._session.add(row)
        self._session.flush()
        return _contract(row)

    def get(self, contract_id: int) -> Contract | None:
        row = self._session.get(ContractRow, contract_id)
        return _contract(row) if row else None

    def by_number(self, number: int) -> Contract | None:
        row = self._session.scalar(select(ContractRow).where(ContractRow.number == number))
        return _contract(row) if row else None

    def list(self) -> builtins.list[Contract]:
        return [_contract(row) for row in self._session.scalars(select(ContractRow).order_by(ContractRow.number))]

    def renewed_by(self, contract_id: int) -> Contract | None:
        row = self._session.scalar(select(ContractRow).where(ContractRow.renewal_of == contract_id))
        return _contract(row) if row else None

    def cancel(self, contract_id: int, on: date) -> None:
        row = self._session.get(ContractRow, contract_id)
        if row is None:
            raise LookupError(f"no contract with id {contract_id}")
        row.status = "cancelled"
        row.cancelled_on = on
        self._session.flush()


class SqlMemberRepository(SqlRepository):
    def add_many(self, contract_id: int, members: Sequence[NewMember], member_from: date,
                 added_by: int | None = None) -> None:
        if not members:
            return
        # One executemany: a roster of thousands of rows is one round trip, not thousands.
        self._session.execute(insert(InsuredPersonRow), [
            {"contract_id": contract_id, "national_id": m.person.national_id, "first_name": m.person.first_name,
             "last_name": m.person.last_name, "birth_date": m.person.birth_date, "role": m.person.role,
             "exemption": m.person.exemption, "extra_risk": m.person.extra_risk,
             "primary_insurer": m.person.primary_insurer, "annual_premium": m.annual_premium, "charged": m.charged,
             "rules": copy.deepcopy(m.rules),
             "member_from": member_from, "member_to": None, "added_by": added_by, "removed_by": None}
            for m in members
        ])

    def for_contract(self, contract_id: int) -> builtins.list[Member]:
        query = select(InsuredPersonRow).where(InsuredPersonRow.contract_id == contract_id)
        return [_member(row) for row in self._session.scalars(query.order_by(InsuredPersonRow.id))]

    def _insured_on(self, contract_id: int, day: date) -> Any:
        return (InsuredPersonRow.contract_id == contract_id, InsuredPersonRow.member_from <= day,
                or_(InsuredPersonRow.member_to.is_(None), InsuredPersonRow.member_to > day))

    def insured_on(self, contract_id: int, day: date) -> builtins.list[Member]:
        query = select(InsuredPersonRow).where(*self._insured_on(contract_id, day)).order_by(InsuredPersonRow.id)
        return [_member(row) for row in self._session.scalars(query)]

    def count_insured_on(self, contract_id: int, day: date) -> int:
        return self._session.scalar(select(func.count()).where(*self._insured_on(contract_id, day))) or 0

    def end_membership(self, member_ids: Iterable[int], on: date, removed_by: int) -> None:
        ids = builtins.list(member_ids)
        if ids:
            self._session.execute(update(InsuredPersonRow).where(InsuredPersonRow.id.in_(ids))
                                  .values(member_to=on, removed_by=removed_by))

    def correct_person(self, member_id: int, person: Person) -> None:
        row = self._session.get(InsuredPersonRow, member_id)
        if row is None:
            raise LookupError(f"no insured person with id {member_id}")
        row.first_name, row.last_name, row.birth_date = person.first_name, person.last_name, person.birth_date
        row.role, row.exemption, row.extra_risk = person.role, person.exemption, person.extra_risk
        row.primary_insurer = person.primary_insurer
        self._session.flush()


class SqlEndorsementRepository(SqlRepository):
    def add(self, number: int, contract_id: int, kind: str, effective: date, amount: int,
            details: dict[str, Any], now: datetime, issued_on: date | None = None, *, actor: str) -> Endorsement:
        row = EndorsementRow(number=number, contract_id=contract_id, kind=kind, effective=effective, amount=amount,
                             details=_json_copy(details), created_at=now, issued_on=issued_on, actor=actor)
        self._session.add(row)
        self._session.flush()
        return _endorsement(row)

    def for_contract(self, contract_id: int) -> builtins.list[Endorsement]:
        query = select(EndorsementRow).where(EndorsementRow.contract_id == contract_id).order_by(EndorsementRow.number)
        return [_endorsement(row) for row in self._session.scalars(query)]

    def list(self) -> builtins.list[Endorsement]:
        rows = self._session.scalars(select(EndorsementRow).order_by(EndorsementRow.number))
        return [_endorsement(row) for row in rows]

    def get(self, endorsement_id: int) -> Endorsement | None:
        row = self._session.get(EndorsementRow, endorsement_id)
        return _endorsement(row) if row else None

    def by_number(self, number: int) -> Endorsement | None:
        row = self._session.scalar(select(EndorsementRow).where(EndorsementRow.number == number))
        return _endorsement(row) if row else None


class SqlPaymentRepository(SqlRepository):
    def add(self, receipt_number: int, contract_id: int, amount: int, cheque: str, paid_on: date,
            now: datetime, endorsement_id: int | None = None, proposal_id: int | None = None, *,
            actor: str) -> Payment:
        row = PaymentRow(receipt_number=receipt_number, contract_id=contract_id, amount=amount, cheque=cheque,
                         paid_on=paid_on, created_at=now, endorsement_id=endorsement_id, proposal_id=proposal_id,
                         actor=actor)
        self._session.add(row)
        self._session.flush()
        return _payment(row)

    def for_contract(self, contract_id: int) -> builtins.list[Payment]:
        query = select(PaymentRow).where(PaymentRow.contract_id == contract_id).order_by(PaymentRow.receipt_number)
        return [_payment(row) for row in self._session.scalars(query)]

    def by_receipt(self, receipt_number: int) -> Payment | None:
        row = self._session.scalar(select(PaymentRow).where(PaymentRow.receipt_number == receipt_number))
        return _payment(row) if row else None


class SqlRegisterRepository(SqlRepository):
    def next_number(self, register: str, start: int) -> int:
        # The first use creates the counter (a concurrent creator makes this a no-op); then one
        # atomic UPDATE ... RETURNING: the row is locked until commit, so no two transactions
        # (or processes) ever read the same value.
        _insert_ignoring_duplicates(self._session, RegisterCounterRow,
                                    {"name": register, "last_number": start - 1})
        statement = (update(RegisterCounterRow).where(RegisterCounterRow.name == register)
                     .values(last_number=RegisterCounterRow.last_number + 1)
                     .returning(RegisterCounterRow.last_number))
        return int(self._session.execute(statement, execution_options={"synchronize_session": False}).scalar_one())


class SqlRenewalNoticeRepository(SqlRepository):
    def claim(self, contract_id: int, period_end: date, now: datetime) -> bool:
        return _insert_ignoring_duplicates(self._session, RenewalNoticeRow,
                                           {"contract_id": contract_id, "period_end": period_end, "sent_at": now})
