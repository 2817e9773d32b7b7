"""The claims register and the payment-order register."""
from __future__ import annotations

import builtins
import copy
import dataclasses
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from core.insurance.claims.models import Claim, ClaimDocument, ClaimEvent, NewClaim, NewPaymentOrder, PaymentOrder
from storage.models.claims import ClaimDocumentRow, ClaimEventRow, ClaimRow, PaymentOrderRow
from storage.repositories._shared import SqlRepository, _insert_ignoring_duplicates, _json_copy, _record


def _claim(row: ClaimRow) -> Claim:
    return _record(Claim, row, checks=copy.deepcopy(row.checks), analysis=_json_copy(row.analysis),
                   assessment=copy.deepcopy(row.assessment))


def _payment_order(row: PaymentOrderRow) -> PaymentOrder:
    return _record(PaymentOrder, row, shares=copy.deepcopy(row.shares))


class SqlClaimRepository(SqlRepository):
    def add(self, claim: NewClaim, now: datetime) -> Claim:
        values = dataclasses.asdict(claim)
        row = ClaimRow(**values, status="filed", override_reason=None, override_by=None, radiographs_needed=False,
                       analysis={}, assessment=None, payable=None, created_at=now, updated_at=now, version=1)
        self._session.add(row)
        self._session.flush()
        return _claim(row)

    def get(self, claim_id: int) -> Claim | None:
        row = self._session.get(ClaimRow, claim_id)
        return _claim(row) if row else None

    def by_number(self, number: int) -> Claim | None:
        row = self._session.scalar(select(ClaimRow).where(ClaimRow.number == number))
        return _claim(row) if row else None

    def by_ticket(self, ticket_id: int) -> Claim | None:
        row = self._session.scalar(select(ClaimRow).where(ClaimRow.ticket_id == ticket_id))
        return _claim(row) if row else None

    def for_person(self, national_id: str) -> builtins.list[Claim]:
        query = select(ClaimRow).where(ClaimRow.national_id == national_id).order_by(ClaimRow.number)
        return [_claim(row) for row in self._session.scalars(query)]

    def list(self, contract_id: int | None = None) -> builtins.list[Claim]:
        query = select(ClaimRow).order_by(ClaimRow.number)
        if contract_id is not None:
            query = query.where(ClaimRow.contract_id == contract_id)
        return [_claim(row) for row in self._session.scalars(query)]

    def save(self, claim: Claim, now: datetime) -> Claim | None:
        # Compare-and-set on the version: on PostgreSQL (read committed) two experts saving
        # the same claim at once must not overwrite each other silently.
        result = cast(CursorResult[Any], self._session.execute(
            update(ClaimRow).where(ClaimRow.id == claim.id, ClaimRow.version == claim.version).values(
                status=claim.status, checks=copy.deepcopy(claim.checks), eligible=claim.eligible,
                override_reason=claim.override_reason, override_by=claim.override_by,
                radiographs_needed=claim.radiographs_needed, analysis=_json_copy(claim.analysis),
                assessment=copy.deepcopy(claim.assessment), payable=claim.payable, ticket_id=claim.ticket_id,
                updated_at=now, version=claim.version + 1),
            execution_options={"synchronize_session": False}))
        if result.rowcount != 1:
            return None
        row = self._session.get(ClaimRow, claim.id, populate_existing=True)
        assert row is not None
        return _claim(row)

    def tick_document(self, claim_id: int, code: str, actor: str, now: datetime, attachment_id: int | None = None,
                      note: str = "") -> bool:
        return _insert_ignoring_duplicates(self._session, ClaimDocumentRow, {
            "claim_id": claim_id, "code": code, "ticked_at": now, "ticked_by": actor, "attachment_id": attachment_id,
            "note": note})

    def untick_document(self, claim_id: int, code: str) -> bool:
        row = self._session.scalar(select(ClaimDocumentRow).where(ClaimDocumentRow.claim_id == claim_id,
                                                                  ClaimDocumentRow.code == code))
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True

    def documents(self, claim_id: int) -> builtins.list[ClaimDocument]:
        query = select(ClaimDocumentRow).where(ClaimDocumentRow.claim_id == claim_id).order_by(ClaimDocumentRow.id)
        return [_record(ClaimDocument, row) for row in self._session.scalars(query)]

    def add_event(self, claim_id: int, action: str, actor: str, details: dict[str, Any],
                  now: datetime) -> ClaimEvent:
        row = ClaimEventRow(claim_id=claim_id, action=action, actor=actor, details=_json_copy(details), created_at=now)
        self._session.add(row)
        self._session.flush()
        return _record(ClaimEvent, row, details=_json_copy(row.details))

    def events(self, claim_id: int) -> builtins.list[ClaimEvent]:
        query = select(ClaimEventRow).where(ClaimEventRow.claim_id == claim_id).order_by(ClaimEventRow.id)
        return [_record(ClaimEvent, row, details=_json_copy(row.details)) for row in self._session.scalars(query)]

    def lock_person(self, contract_id: int, national_id: str) -> None:
        # In id order, so two transactions locking the same rows never wait on each other crosswise;
        # populate_existing: what this session read of them before the wait is read again.
        query = (select(ClaimRow).where(ClaimRow.contract_id == contract_id, ClaimRow.national_id == national_id)
                 .order_by(ClaimRow.id).with_for_update().execution_options(populate_existing=True))
        self._session.scalars(query).all()


class SqlPaymentOrderRepository(SqlRepository):
    def add(self, order: NewPaymentOrder, now: datetime) -> PaymentOrder | None:
        # ON CONFLICT DO NOTHING: a concurrent order for the same case waits on the unique
        # index and then writes nothing, instead of failing the whole transaction.
        values = dataclasses.asdict(order) | {"created_at": now, "collected_at": None, "collected_by": None,
                                              "cheque": None}
        if not _insert_ignoring_duplicates(self._session, PaymentOrderRow, values):
            return None
        return self.by_number(order.number)

    def by_number(self, number: int) -> PaymentOrder | None:
        row = self._session.scalar(select(PaymentOrderRow).where(PaymentOrderRow.number == number))
        return _payment_order(row) if row else None

    def for_claim(self, claim_id: int) -> PaymentOrder | None:
        row = self._session.scalar(select(PaymentOrderRow).where(PaymentOrderRow.claim_id == claim_id))
        return _payment_order(row) if row else None

    def list(self, contract_id: int | None = None) -> builtins.list[PaymentOrder]:
        query = select(PaymentOrderRow).order_by(PaymentOrderRow.number)
        if contract_id is not None:
            query = query.where(PaymentOrderRow.contract_id == contract_id)
        return [_payment_order(row) for row in self._session.scalars(query)]

    def mark_collected(self, number: int, actor: str, cheque: str | None, now: datetime) -> bool:
        result = cast(CursorResult[Any], self._session.execute(
            update(PaymentOrderRow).where(PaymentOrderRow.number == number, PaymentOrderRow.collected_at.is_(None))
            .values(collected_at=now, collected_by=actor, cheque=cheque),
            execution_options={"synchronize_session": False}))
        return result.rowcount == 1
