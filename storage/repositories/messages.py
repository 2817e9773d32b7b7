"""Messages in and out: the outbox, messages sent (for routing replies), messages processed, the inbox."""
from __future__ import annotations

import builtins
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Row, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from core.models import OutboxMessage
from storage.models.messages import InboxRow, OutboxRow, ProcessedMessageRow, SentMessageRow
from storage.repositories._shared import SqlRepository, _insert_if_absent, _json_copy, _record


def _outbox_message(row: OutboxRow | Row[Any]) -> OutboxMessage:
    return _record(OutboxMessage, row, payload=_json_copy(row.payload))


OUTBOX_ROWS_INFO_KEY = "bimeh_outbox_rows"  # session.info: outbox rows added in the session's open transaction


class OutboxRowsCommitted:
    """How many outbox rows this process has committed so far: a transport wakes its
    dispatcher early only when this grew, not after every update (a round that finds
    nothing still costs a thread and a query). Rows of a rolled-back savepoint may be
    counted: that only wakes the dispatcher once for nothing."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add_from(self, session: Session) -> None:
        rows = session.info.pop(OUTBOX_ROWS_INFO_KEY, 0)
        if rows:
            with self._lock:
                self.count += rows


OUTBOX_ROWS_COMMITTED = OutboxRowsCommitted()


class SqlOutboxRepository:
    # Core, built once: a notification fans out to many rows, and the ORM's flush of each
    # cost more than the insert
    _ADD = insert(OutboxRow.__table__).returning(*OutboxRow.__table__.c)

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        user_id: int | None,
        platform: str,
        address: str,
        kind: str,
        ticket_id: int | None,
        payload: dict[str, Any],
        now: datetime,
    ) -> OutboxMessage:
        row = self._session.execute(self._ADD, {
            "user_id": user_id, "platform": platform, "address": address, "kind": kind, "ticket_id": ticket_id,
            "payload": payload, "created_at": now, "attempts": 0,
        }).one()
        self._session.info[OUTBOX_ROWS_INFO_KEY] = self._session.info.get(OUTBOX_ROWS_INFO_KEY, 0) + 1
        return _outbox_message(row)

    def due(self, platform: str, now: datetime, limit: int = 100, address: str | None = None) -> list[OutboxMessage]:
        query = self._due(select(OutboxRow), platform, now, address)
        query = query.order_by(OutboxRow.created_at, OutboxRow.id).limit(limit)
        return [_outbox_message(row) for row in self._session.scalars(query)]

    @staticmethod
    def _due(query: Any, platform: str, now: datetime, address: str | None) -> Any:
        query = query.where(
            OutboxRow.platform == platform,
            OutboxRow.delivered_at.is_(None),
            OutboxRow.failed_at.is_(None),
            (OutboxRow.next_attempt_at.is_(None)) | (OutboxRow.next_attempt_at <= now),
        )
        return query if address is None else query.where(OutboxRow.address == address)

    @classmethod
    def _claimable(cls, query: Any, platform: str, now: datetime, address: str | None) -> Any:
        """Due, and held by no other dispatcher."""
        return cls._due(query, platform, now, address).where(
            (OutboxRow.claimed_until.is_(None)) | (OutboxRow.claimed_until <= now))

    def claimable(self, platform: str, now: datetime, address: str | None = None) -> bool:
        return self._session.scalar(self._claimable(select(OutboxRow.id), platform, now, address).limit(1)) is not None

    def claim(
        self, platform: str, now: datetime, until: datetime, limit: int = 100, address: str | None = None
    ) -> list[OutboxMessage]:
        query = self._claimable(select(OutboxRow), platform, now, address)
        query = query.order_by(OutboxRow.created_at, OutboxRow.id).limit(limit)
        if self._session.get_bind().dialect.name == "postgresql":
            # rows another process is claiming right now are skipped, not waited for
            query = query.with_for_update(skip_locked=True)
        rows = list(self._session.scalars(query))
        for row in rows:
            row.claimed_until = until
        self._session.flush()
        return [_outbox_message(row) for row in rows]

    def release(self, message_ids: Iterable[int]) -> None:
        ids = builtins.list(message_ids)
        if ids:
            self._session.execute(
                update(OutboxRow).where(OutboxRow.id.in_(ids)).values(claimed_until=None)
                .execution_options(synchronize_session=False)
            )

    def mark_delivered(self, message_id: int, now: datetime) -> None:
        row = self._row(message_id)
        row.delivered_at = now
        row.claimed_until = None
        self._session.flush()

    def mark_retry(self, message_id: int, next_attempt_at: datetime, error: str) -> None:
        row = self._row(message_id)
        row.attempts = row.attempts + 1
        row.last_error = error
        row.next_attempt_at = next_attempt_at
        row.claimed_until = None
        self._session.flush()

    def mark_failed(self, message_id: int, now: datetime, error: str) -> None:
        row = self._row(message_id)
        row.failed_at = now
        row.last_error = error
        row.claimed_until = None
        self._session.flush()

    def list(self, user_id: int | None = None) -> list[OutboxMessage]:
        query = select(OutboxRow).order_by(OutboxRow.created_at, OutboxRow.id)
        if user_id is not None:
            query = query.where(OutboxRow.user_id == user_id)
        return [_outbox_message(row) for row in self._session.scalars(query)]

    def _row(self, message_id: int) -> OutboxRow:
        row = self._session.get(OutboxRow, message_id)
        if row is None:
            raise LookupError(f"no outbox message with id {message_id}")
        return row


class SqlSentMessageRepository(SqlRepository):
    def record(self, platform: str, address: str, message_id: str, ticket_id: int) -> None:
        row = self._row(platform, address, message_id)
        if row is None:
            self._session.add(
                SentMessageRow(platform=platform, address=address, message_id=message_id, ticket_id=ticket_id)
            )
        else:
            row.ticket_id = ticket_id
        self._session.flush()

    def ticket_for(self, platform: str, address: str, message_id: str) -> int | None:
        row = self._row(platform, address, message_id)
        return row.ticket_id if row else None

    def _row(self, platform: str, address: str, message_id: str) -> SentMessageRow | None:
        return self._session.scalar(
            select(SentMessageRow).where(
                SentMessageRow.platform == platform,
                SentMessageRow.address == address,
                SentMessageRow.message_id == message_id,
            )
        )


# Asked for every webhook update: built once
_REMEMBER = _insert_if_absent(ProcessedMessageRow.__table__.c.message_id)


class SqlProcessedMessageRepository(SqlRepository):
    def seen(self, platform: str, message_id: str) -> bool:
        return self._session.get(ProcessedMessageRow, (platform, message_id)) is not None

    def remember(self, platform: str, message_id: str, now: datetime) -> bool:
        # One statement decides, so two workers given the same message cannot both win.
        statement = _REMEMBER[self._session.get_bind().dialect.name]
        return self._session.execute(
            statement, {"platform": platform, "message_id": message_id, "processed_at": now}).first() is not None


# Every update is stored and marked: Core statements, built once (the ORM, and building a
# statement each time, cost more than running it).
_INBOX = InboxRow.__table__
_MARK_HANDLED = (update(_INBOX).where(_INBOX.c.platform == bindparam("of_platform"),
                                      _INBOX.c.update_id == bindparam("update"))
                 .values(handled_at=bindparam("now"), replies=bindparam("replies")))
_MARK_REPLIED = (update(_INBOX).where(_INBOX.c.platform == bindparam("of_platform"),
                                      _INBOX.c.update_id.in_(bindparam("updates", expanding=True)))
                 .values(replies=None))
_STORE = _insert_if_absent(_INBOX.c.update_id)


class SqlInboxRepository(SqlRepository):
    def store(self, platform: str, updates: Sequence[tuple[int, dict[str, Any]]], now: datetime) -> list[int]:
        if not updates:
            return []
        # one statement for the batch (executemany, sent as one multi-row INSERT, and unlike
        # .values([...]) compiled once and cached); RETURNING names the rows written (a duplicate
        # writes none)
        statement = _STORE[self._session.get_bind().dialect.name]
        return sorted(self._session.execute(statement, [
            {"platform": platform, "update_id": update_id, "payload": payload, "received_at": now}
            for update_id, payload in updates
        ]).scalars())

    def unhandled(self, platform: str, limit: int) -> list[dict[str, Any]]:
        rows = self._session.scalars(
            select(InboxRow.payload).where(InboxRow.platform == platform, InboxRow.handled_at.is_(None))
            .order_by(InboxRow.update_id).limit(limit))
        return [_json_copy(payload) for payload in rows]

    def mark_handled(self, platform: str, update_id: int, now: datetime, replies: dict[str, Any] | None) -> None:
        self._session.execute(_MARK_HANDLED, {"of_platform": platform, "update": update_id, "now": now,
                                              "replies": replies})

    def unsent_replies(self, platform: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
        rows = self._session.execute(
            select(InboxRow.update_id, InboxRow.replies).where(InboxRow.platform == platform,
                                                               InboxRow.replies.is_not(None))
            .order_by(InboxRow.update_id).limit(limit))
        return [(update_id, _json_copy(replies)) for update_id, replies in rows]

    def mark_replied(self, platform: str, update_ids: Sequence[int]) -> None:
        self._session.execute(_MARK_REPLIED, {"of_platform": platform, "updates": list(update_ids)})

    def prune(self, platform: str, handled_before: datetime) -> int:
        result = cast(CursorResult[Any], self._session.execute(
            delete(InboxRow).where(InboxRow.platform == platform, InboxRow.handled_at < handled_before),
            execution_options={"synchronize_session": False}))
        return result.rowcount
