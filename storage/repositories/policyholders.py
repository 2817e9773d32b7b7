"""Policyholders, the users who speak for them, and guardians linked to contracts."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.insurance.shared.models import Guardian, Policyholder
from storage.models.policyholders import ContractGuardianRow, PolicyholderRow, PolicyholderUserRow
from storage.repositories._shared import SqlRepository, _insert_ignoring_duplicates, _record


def _policyholder(row: PolicyholderRow) -> Policyholder:
    return _record(Policyholder, row)


class SqlPolicyholderRepository(SqlRepository):
    def get(self, policyholder_id: int) -> Policyholder | None:
        row = self._session.get(PolicyholderRow, policyholder_id)
        return _policyholder(row) if row else None

    def by_name(self, name: str) -> Policyholder | None:
        """The first of that name (by id): names are not unique, see named()."""
        found = self.named(name)
        return found[0] if found else None

    def named(self, name: str) -> list[Policyholder]:
        query = select(PolicyholderRow).where(PolicyholderRow.name == name).order_by(PolicyholderRow.id)
        return [_policyholder(row) for row in self._session.scalars(query)]

    def by_identifier(self, identifier: str) -> Policyholder | None:
        row = self._session.scalar(select(PolicyholderRow).where(PolicyholderRow.identifier == identifier))
        return _policyholder(row) if row else None

    def add(self, name: str, kind: str, now: datetime, identifier: str | None = None) -> Policyholder:
        if identifier is not None:
            # insert-if-absent by identifier: two processes adding one policyholder at once get one row
            _insert_ignoring_duplicates(self._session, PolicyholderRow.__table__,
                                        {"name": name, "kind": kind, "created_at": now, "identifier": identifier})
            found = self.by_identifier(identifier)
            assert found is not None
            return found
        # insert-if-absent among those without an identifier (a partial unique index): two processes
        # adding the first contract of one policyholder at once get one row
        _insert_ignoring_duplicates(self._session, PolicyholderRow.__table__,
                                    {"name": name, "kind": kind, "created_at": now, "identifier": None})
        row = self._session.scalar(select(PolicyholderRow).where(PolicyholderRow.name == name,
                                                                 PolicyholderRow.identifier.is_(None)))
        assert row is not None
        return _policyholder(row)

    def set_identifier(self, policyholder_id: int, identifier: str) -> None:
        row = self._session.get(PolicyholderRow, policyholder_id)
        if row is None:
            raise LookupError(f"no policyholder with id {policyholder_id}")
        row.identifier = identifier
        self._session.flush()

    def link_user(self, user_id: int, policyholder_id: int, *, actor: str) -> None:
        row = self._session.get(PolicyholderUserRow, user_id)
        if row is None:
            self._session.add(PolicyholderUserRow(user_id=user_id, policyholder_id=policyholder_id, linked_by=actor))
        else:
            row.policyholder_id, row.linked_by = policyholder_id, actor
        self._session.flush()

    def unlink_user(self, user_id: int) -> None:
        row = self._session.get(PolicyholderUserRow, user_id)
        if row is not None:
            self._session.delete(row)
            self._session.flush()

    def of_user(self, user_id: int) -> Policyholder | None:
        row = self._session.get(PolicyholderUserRow, user_id)
        return self.get(row.policyholder_id) if row else None

    def users_of(self, policyholder_id: int) -> list[int]:
        return list(self._session.scalars(select(PolicyholderUserRow.user_id)
                                          .where(PolicyholderUserRow.policyholder_id == policyholder_id)
                                          .order_by(PolicyholderUserRow.user_id)))


class SqlGuardianRepository(SqlRepository):
    def link(self, contract_id: int, user_id: int, national_id: str, linked_by: str, now: datetime) -> bool:
        return _insert_ignoring_duplicates(self._session, ContractGuardianRow, {
            "contract_id": contract_id, "user_id": user_id, "national_id": national_id, "linked_by": linked_by,
            "linked_at": now})

    def unlink(self, contract_id: int, user_id: int, national_id: str | None) -> int:
        rows = self._rows(ContractGuardianRow.contract_id == contract_id, ContractGuardianRow.user_id == user_id)
        gone = [r for r in rows if national_id is None or r.national_id == national_id]
        for row in gone:
            self._session.delete(row)
        self._session.flush()
        return len(gone)

    def of_user(self, user_id: int) -> list[Guardian]:
        return [self._guardian(r) for r in self._rows(ContractGuardianRow.user_id == user_id)]

    def for_contract(self, contract_id: int) -> list[Guardian]:
        return [self._guardian(r) for r in self._rows(ContractGuardianRow.contract_id == contract_id)]

    def _rows(self, *where: Any) -> list[ContractGuardianRow]:
        return list(self._session.scalars(select(ContractGuardianRow).where(*where).order_by(ContractGuardianRow.id)))

    @staticmethod
    def _guardian(row: ContractGuardianRow) -> Guardian:
        return Guardian(row.contract_id, row.user_id, row.national_id, row.linked_by, row.linked_at)
