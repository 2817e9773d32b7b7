"""Files attached to requests (their metadata; the bytes are in storage.files)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from core.models import AttachmentMeta
from storage.models.attachments import AttachmentRow
from storage.repositories._shared import SqlRepository, _record


def _attachment(row: AttachmentRow) -> AttachmentMeta:
    return _record(AttachmentMeta, row)


class SqlAttachmentRepository(SqlRepository):
    def add(
        self,
        owner_id: int,
        filename: str,
        content_type: str,
        size: int,
        sha256: str,
        stored_path: str,
        now: datetime,
        ticket_id: int | None = None,
    ) -> AttachmentMeta:
        row = AttachmentRow(
            owner_id=owner_id,
            ticket_id=ticket_id,
            filename=filename,
            content_type=content_type,
            size=size,
            sha256=sha256,
            stored_path=stored_path,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return _attachment(row)

    def get(self, attachment_id: int) -> AttachmentMeta | None:
        row = self._session.get(AttachmentRow, attachment_id)
        return _attachment(row) if row else None

    def attach_to_ticket(self, attachment_ids: Iterable[int], ticket_id: int) -> None:
        for attachment_id in attachment_ids:
            row = self._session.get(AttachmentRow, attachment_id)
            if row is None:
                raise LookupError(f"no attachment with id {attachment_id}")
            row.ticket_id = ticket_id
        self._session.flush()

    def for_ticket(self, ticket_id: int) -> list[AttachmentMeta]:
        rows = self._session.scalars(
            select(AttachmentRow)
            .where(AttachmentRow.ticket_id == ticket_id)
            .order_by(AttachmentRow.created_at, AttachmentRow.id)
        )
        return [_attachment(row) for row in rows]
