"""Proposals (quotes waiting for the cheque) and refund settlements."""
from __future__ import annotations

import builtins
import copy
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update

from core.insurance.shared.models import ISSUED, PROPOSED, Proposal, RefundSettlement
from storage.models.proposals import ProposalRow, RefundSettlementRow
from storage.repositories._shared import SqlRepository, _insert_ignoring_duplicates


def _proposal(row: ProposalRow) -> Proposal:
    return Proposal(row.id, row.number, row.kind, row.status, row.policyholder_id, row.contract_id, row.proposed_on,
                    row.amount, copy.deepcopy(row.terms), row.created_at, row.actor, row.issued_contract_id,
                    row.issued_endorsement_id, row.closed_by)


def _settlement(row: RefundSettlementRow) -> RefundSettlement:
    return RefundSettlement(row.endorsement_id, row.amount, row.settled_on, row.reference, row.actor, row.created_at)


class SqlProposalRepository(SqlRepository):
    def add(self, number: int, kind: str, policyholder_id: int, contract_id: int | None, proposed_on: date,
            amount: int, terms: dict[str, Any], actor: str, now: datetime) -> Proposal:
        row = ProposalRow(number=number, kind=kind, status=PROPOSED, policyholder_id=policyholder_id,
                          contract_id=contract_id, proposed_on=proposed_on, amount=amount, terms=copy.deepcopy(terms),
                          created_at=now, actor=actor)
        self._session.add(row)
        self._session.flush()
        return _proposal(row)

    def by_number(self, number: int) -> Proposal | None:
        row = self._session.scalar(select(ProposalRow).where(ProposalRow.number == number))
        return _proposal(row) if row else None

    def list(self, status: str | None = None, contract_id: int | None = None) -> builtins.list[Proposal]:
        query = select(ProposalRow).order_by(ProposalRow.number)
        if status is not None:
            query = query.where(ProposalRow.status == status)
        if contract_id is not None:
            query = query.where(ProposalRow.contract_id == contract_id)
        return [_proposal(row) for row in self._session.scalars(query)]

    def close(self, proposal_id: int, status: str, contract_id: int | None = None,
              endorsement_id: int | None = None, *, actor: str) -> bool:
        """Issue or withdraw a proposal that is still open; False when it was not (a race lost)."""
        values: dict[str, Any] = {"status": status, "closed_by": actor}
        if status == ISSUED:
            values.update(issued_contract_id=contract_id, issued_endorsement_id=endorsement_id)
        result = self._session.execute(
            update(ProposalRow).where(ProposalRow.id == proposal_id, ProposalRow.status == PROPOSED).values(**values),
            execution_options={"synchronize_session": False})
        return result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult


class SqlRefundRepository(SqlRepository):
    def settle(self, settlement: RefundSettlement) -> bool:
        """Record a refund paid back; False when that endorsement's refund was settled already
        (two offices settling it at once: one row, the other told)."""
        return _insert_ignoring_duplicates(self._session, RefundSettlementRow, {
            "endorsement_id": settlement.endorsement_id, "amount": settlement.amount,
            "settled_on": settlement.settled_on, "reference": settlement.reference, "actor": settlement.actor,
            "created_at": settlement.created_at})

    def for_endorsements(self, endorsement_ids: builtins.list[int]) -> dict[int, RefundSettlement]:
        if not endorsement_ids:
            return {}
        query = select(RefundSettlementRow).where(RefundSettlementRow.endorsement_id.in_(endorsement_ids))
        return {row.endorsement_id: _settlement(row) for row in self._session.scalars(query)}
