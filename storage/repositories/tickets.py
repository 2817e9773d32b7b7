"""Tickets with their history and comments, and the operations on them (assignment, reminders, digests,
search terms, a period's figures)."""
from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.models import Comment, HistoryEntry, Ticket
from core.search import input_terms, ticket_terms
from storage.models.tickets import (
    CommentRow,
    DigestSentRow,
    ReminderSentRow,
    TicketHistoryRow,
    TicketRow,
    TicketSearchTermRow,
)
from storage.models.users import UserRow
from storage.repositories._shared import SqlRepository, _json_copy, _record, _user


def _ticket(row: TicketRow) -> Ticket:
    return _record(Ticket, row, fields=_json_copy(row.fields))


def _history_entry(row: TicketHistoryRow) -> HistoryEntry:
    return _record(HistoryEntry, row, inputs=_json_copy(row.inputs))


def _comment(row: CommentRow) -> Comment:
    return _record(Comment, row)


class SqlTicketRepository(SqlRepository):
    def add(self, request_type: str, owner_id: int, fields: dict[str, Any], status: str, now: datetime) -> Ticket:
        row = TicketRow(
            request_type=request_type,
            status=status,
            owner_id=owner_id,
            fields=_json_copy(fields),
            version=1,
            created_at=now,
            updated_at=now,
            state_entered_at=now,
        )
        self._session.add(row)
        self._session.flush()
        # indexed here, so every way of filing a ticket (any request type) is searchable
        owner = self._session.get(UserRow, owner_id)
        _add_terms(self._session, row.id, ticket_terms(fields, _user(owner) if owner else None))
        return _ticket(row)

    def get(self, ticket_id: int) -> Ticket | None:
        # populate_existing: compare_and_set_status changes rows behind the
        # identity map's back, so always read what the database holds.
        row = self._session.get(TicketRow, ticket_id, populate_existing=True)
        return _ticket(row) if row else None

    def list(
        self,
        owner_id: int | None = None,
        statuses: Sequence[str] | None = None,
        request_type: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Ticket]:
        query = select(TicketRow).execution_options(populate_existing=True)
        if owner_id is not None:
            query = query.where(TicketRow.owner_id == owner_id)
        if statuses is not None:
            query = query.where(TicketRow.status.in_(statuses))
        if request_type is not None:
            query = query.where(TicketRow.request_type == request_type)
        query = query.order_by(TicketRow.created_at.desc(), TicketRow.id.desc())
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [_ticket(row) for row in self._session.scalars(query)]

    def longest_waiting(self, status: str, request_type: str, limit: int) -> builtins.list[Ticket]:
        # state_entered_at is set by every write (migration 0004 filled it for older rows), so
        # the order is ix_tickets_waiting's
        query = (select(TicketRow).execution_options(populate_existing=True)
                 .where(TicketRow.status == status, TicketRow.request_type == request_type)
                 .order_by(TicketRow.state_entered_at, TicketRow.id).limit(limit))
        return [_ticket(row) for row in self._session.scalars(query)]

    def count(self, statuses: Sequence[str], request_type: str) -> int:
        query = select(func.count()).select_from(TicketRow).where(
            TicketRow.status.in_(statuses), TicketRow.request_type == request_type)
        return int(self._session.scalar(query) or 0)

    def compare_and_set_status(self, ticket_id: int, expected_version: int, new_status: str, now: datetime) -> bool:
        # One conditional UPDATE: the database decides who wins, not a read
        # that may already be stale.
        statement = (
            update(TicketRow)
            .where(TicketRow.id == ticket_id, TicketRow.version == expected_version)
            # a new status starts a new deadline clock and waits for whoever takes it there
            .values(status=new_status, version=TicketRow.version + 1, updated_at=now,
                    state_entered_at=now, assignee_id=None)
            .execution_options(synchronize_session=False)
        )
        result = cast(CursorResult[Any], self._session.execute(statement))
        return result.rowcount == 1

    def add_history(
        self,
        ticket_id: int,
        action: str,
        actor_id: int,
        from_status: str | None,
        to_status: str,
        inputs: dict[str, Any],
        now: datetime,
    ) -> HistoryEntry:
        row = TicketHistoryRow(
            ticket_id=ticket_id,
            action=action,
            actor_id=actor_id,
            from_status=from_status,
            to_status=to_status,
            inputs=_json_copy(inputs),
            at=now,
        )
        self._session.add(row)
        self._session.flush()
        _add_terms(self._session, ticket_id, input_terms(inputs))
        return _history_entry(row)

    def history(self, ticket_id: int) -> builtins.list[HistoryEntry]:
        rows = self._session.scalars(
            select(TicketHistoryRow)
            .where(TicketHistoryRow.ticket_id == ticket_id)
            .order_by(TicketHistoryRow.at, TicketHistoryRow.id)
        )
        return [_history_entry(row) for row in rows]

    def add_comment(self, ticket_id: int, author_id: int, text: str, now: datetime) -> Comment:
        row = CommentRow(ticket_id=ticket_id, author_id=author_id, text=text, at=now)
        self._session.add(row)
        self._session.flush()
        return _comment(row)

    def comments(self, ticket_id: int) -> builtins.list[Comment]:
        rows = self._session.scalars(
            select(CommentRow).where(CommentRow.ticket_id == ticket_id).order_by(CommentRow.at, CommentRow.id)
        )
        return [_comment(row) for row in rows]


_TERMS = TicketSearchTermRow.__table__
_TERMS_OF = select(_TERMS.c.term).where(_TERMS.c.ticket_id == bindparam("ticket"))
_ADD_TERM = insert(_TERMS)


def _add_terms(session: Session, ticket_id: int, terms: Iterable[str]) -> None:
    wanted = set(terms)
    if not wanted:
        return
    # Core, built once: a ticket has tens of terms, each an ORM object to flush before
    have = set(session.execute(_TERMS_OF, {"ticket": ticket_id}).scalars())
    missing = sorted(wanted - have)
    if missing:
        session.execute(_ADD_TERM, [{"term": term, "ticket_id": ticket_id} for term in missing])


# Above every character a term can hold: `term >= w AND term < w + PREFIX_END` is a prefix
# match that both SQLite and PostgreSQL answer from the (term, ticket_id) index.
PREFIX_END = "\U0010ffff"


class SqlOperationsRepository(SqlRepository):
    def assign(self, ticket_id: int, user_id: int | None) -> None:
        self._session.execute(
            update(TicketRow).where(TicketRow.id == ticket_id).values(assignee_id=user_id)
            .execution_options(synchronize_session=False)
        )

    def _claim(self, row: Any) -> bool:
        # a savepoint, so a refused insert leaves the caller's transaction usable
        try:
            with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            return False
        return True

    def claim_reminder(self, ticket_id: int, state_entered_at: datetime, kind: str, now: datetime) -> bool:
        if self._session.get(ReminderSentRow, (ticket_id, state_entered_at, kind)) is not None:
            return False
        return self._claim(ReminderSentRow(ticket_id=ticket_id, state_entered_at=state_entered_at,
                                           kind=kind, sent_at=now))

    def claim_digest(self, user_id: int, day: str, now: datetime) -> bool:
        if self._session.get(DigestSentRow, (user_id, day)) is not None:
            return False
        return self._claim(DigestSentRow(user_id=user_id, day=day, sent_at=now))

    def index_terms(self, ticket_id: int, terms: Iterable[str]) -> None:
        _add_terms(self._session, ticket_id, terms)

    def search(
        self, words: Sequence[str], owner_id: int | None, limit: int, before_id: int | None = None
    ) -> builtins.list[Ticket]:
        query = select(TicketRow).execution_options(populate_existing=True)
        for word in words:
            matching = select(TicketSearchTermRow.ticket_id).where(
                and_(TicketSearchTermRow.term >= word, TicketSearchTermRow.term < word + PREFIX_END)
            )
            query = query.where(TicketRow.id.in_(matching))
        if owner_id is not None:
            query = query.where(TicketRow.owner_id == owner_id)
        if before_id is not None:
            query = query.where(TicketRow.id < before_id)
        query = query.order_by(TicketRow.id.desc()).limit(limit)
        return [_ticket(row) for row in self._session.scalars(query)]

    def created_between(self, start: datetime, end: datetime) -> builtins.list[Ticket]:
        rows = self._session.scalars(
            select(TicketRow).where(TicketRow.created_at >= start, TicketRow.created_at < end).order_by(TicketRow.id)
        )
        return [_ticket(row) for row in rows]

    def history_between(self, start: datetime, end: datetime) -> builtins.list[HistoryEntry]:
        rows = self._session.scalars(
            select(TicketHistoryRow).where(TicketHistoryRow.at >= start, TicketHistoryRow.at < end)
            .order_by(TicketHistoryRow.at, TicketHistoryRow.id)
        )
        return [_history_entry(row) for row in rows]

    def history_of(self, ticket_ids: Iterable[int]) -> dict[int, builtins.list[HistoryEntry]]:
        ids = sorted(set(ticket_ids))
        found: dict[int, builtins.list[HistoryEntry]] = {i: [] for i in ids}
        for chunk in range(0, len(ids), 500):
            rows = self._session.scalars(
                select(TicketHistoryRow).where(TicketHistoryRow.ticket_id.in_(ids[chunk:chunk + 500]))
                .order_by(TicketHistoryRow.at, TicketHistoryRow.id)
            )
            for row in rows:
                found[row.ticket_id].append(_history_entry(row))
        return found

    def tickets_by_id(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
        ids = sorted(set(ticket_ids))
        found: dict[int, Ticket] = {}
        for chunk in range(0, len(ids), 500):
            for row in self._session.scalars(select(TicketRow).where(TicketRow.id.in_(ids[chunk:chunk + 500]))):
                found[row.id] = _ticket(row)
        return found
