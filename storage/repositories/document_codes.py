"""Verification codes of printed documents (core/insurance/contracts/document_codes.py)."""
from __future__ import annotations

from sqlalchemy import select, update

from core.insurance.contracts.document_codes import DocumentCode
from storage.models.document_codes import DocumentCodeRow
from storage.repositories._shared import SqlRepository, _insert_ignoring_duplicates


def _code(row: DocumentCodeRow) -> DocumentCode:
    return DocumentCode(row.code, row.kind, row.number, row.amount, row.issued_on, row.created_at, row.period,
                        row.sha256)


class SqlDocumentCodeRepository(SqlRepository):
    def add(self, code: DocumentCode) -> bool:

        return _insert_ignoring_duplicates(self._session, DocumentCodeRow, {
            "code": code.code, "kind": code.kind, "number": code.number, "period": code.period,
            "amount": code.amount, "issued_on": code.issued_on, "sha256": code.sha256, "created_at": code.created_at})

    def find(self, kind: str, number: int, period: int, amount: int) -> DocumentCode | None:
        row = self._session.scalar(select(DocumentCodeRow).where(
            DocumentCodeRow.kind == kind, DocumentCodeRow.number == number, DocumentCodeRow.period == period,
            DocumentCodeRow.amount == amount))
        return _code(row) if row else None

    def latest(self, kind: str, number: int, period: int = 0) -> DocumentCode | None:
        row = self._session.scalar(select(DocumentCodeRow).where(
            DocumentCodeRow.kind == kind, DocumentCodeRow.number == number, DocumentCodeRow.period == period,
        ).order_by(DocumentCodeRow.id.desc()).limit(1))
        return _code(row) if row else None

    def by_code(self, code: str) -> DocumentCode | None:
        row = self._session.scalar(select(DocumentCodeRow).where(DocumentCodeRow.code == code))
        return _code(row) if row else None

    def set_sha256(self, code: str, sha256: str) -> None:
        self._session.execute(
            update(DocumentCodeRow).where(DocumentCodeRow.code == code, DocumentCodeRow.sha256.is_(None))
            .values(sha256=sha256), execution_options={"synchronize_session": False})
