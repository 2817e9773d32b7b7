"""SQLAlchemy implementations of the repository protocols in core.ports.

Every method returns the frozen dataclasses of core.models, never ORM rows, and
copies JSON values on the way in and out so nobody outside shares a dict with
the session.
"""
from __future__ import annotations

import builtins
import copy
import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.models import (
    REQUESTER,
    AttachmentMeta,
    ChatAccount,
    Comment,
    Conversation,
    HistoryEntry,
    OutboxMessage,
    Ticket,
    User,
)
from core.ports import (
    AttachmentRepository,
    ConversationRepository,
    OutboxRepository,
    ProcessedMessageRepository,
    SentMessageRepository,
    TicketRepository,
    TransportStateRepository,
    UserRepository,
)
from storage.models import (
    AttachmentRow,
    ChatAccountRow,
    CommentRow,
    ConversationRow,
    OutboxRow,
    ProcessedMessageRow,
    SentMessageRow,
    TicketHistoryRow,
    TicketRow,
    TransportStateRow,
    UserRow,
)


def _insert(session: Session, table: type[Any]) -> Any:
    """INSERT with the dialect's ON CONFLICT support (SQLite and PostgreSQL share it)."""
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


def _json_copy(value: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(value))


def _stored_roles(roles: Iterable[str]) -> list[str]:
    # Everyone is a requester implicitly, so it is never stored.
    return sorted(set(roles) - {REQUESTER})


R = TypeVar("R")


def _record(record_type: type[R], row: Any, **converted: Any) -> R:
    """The core record with the row's same-named columns; `converted` gives the
    fields that need more than a copy (JSON dicts are deep-copied, roles frozen)."""
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(record_type) if f.name not in converted}
    return record_type(**values, **converted)


def _user(row: UserRow) -> User:
    return _record(User, row, roles=frozenset(row.roles))


def _account(row: ChatAccountRow) -> ChatAccount:
    return _record(ChatAccount, row)


def _ticket(row: TicketRow) -> Ticket:
    return _record(Ticket, row, fields=_json_copy(row.fields))


def _history_entry(row: TicketHistoryRow) -> HistoryEntry:
    return _record(HistoryEntry, row, inputs=_json_copy(row.inputs))


def _comment(row: CommentRow) -> Comment:
    return _record(Comment, row)


def _attachment(row: AttachmentRow) -> AttachmentMeta:
    return _record(AttachmentMeta, row)


def _conversation(row: ConversationRow) -> Conversation:
    return _record(Conversation, row, state=_json_copy(row.state))


def _outbox_message(row: OutboxRow) -> OutboxMessage:
    return _record(OutboxMessage, row, payload=_json_copy(row.payload))


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, user_id: int) -> User | None:
        row = self._session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_username(self, username: str) -> User | None:
        row = self._session.scalar(select(UserRow).where(UserRow.username == username))
        return _user(row) if row else None

    def add(self, username: str, full_name: str, roles: Iterable[str], lang: str = "fa") -> User:
        row = UserRow(username=username, full_name=full_name, roles=_stored_roles(roles), lang=lang)
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def update(self, user: User) -> User:
        row = self._session.get(UserRow, user.id)
        if row is None:
            raise LookupError(f"no user with id {user.id}")
        row.full_name = user.full_name
        row.roles = _stored_roles(user.roles)
        row.lang = user.lang
        self._session.flush()
        return _user(row)

    def list(self) -> list[User]:
        rows = self._session.scalars(select(UserRow).order_by(UserRow.id))
        return [_user(row) for row in rows]

    # Below `def list`, `list` in annotations means that method: use builtins.list.
    def with_role(self, role: str) -> builtins.list[User]:
        # Roles are a JSON list; filtering in Python keeps this portable, and
        # matches User.has_role (every user is a requester).
        return [user for user in self.list() if user.has_role(role)]

    def accounts(self, user_id: int) -> builtins.list[ChatAccount]:
        rows = self._session.scalars(
            select(ChatAccountRow).where(ChatAccountRow.user_id == user_id).order_by(ChatAccountRow.id)
        )
        return [_account(row) for row in rows]

    def link_account(self, user_id: int, platform: str, address: str) -> ChatAccount:
        row = self._account_row(platform, address)
        if row is None:
            row = ChatAccountRow(user_id=user_id, platform=platform, address=address)
            self._session.add(row)
        else:
            row.user_id = user_id
            row.undeliverable_reason = None
        self._session.flush()
        return _account(row)

    def find_by_account(self, platform: str, address: str) -> User | None:
        row = self._session.scalar(
            select(UserRow)
            .join(ChatAccountRow, ChatAccountRow.user_id == UserRow.id)
            .where(ChatAccountRow.platform == platform, ChatAccountRow.address == address)
        )
        return _user(row) if row else None

    def mark_undeliverable(self, platform: str, address: str, reason: str | None) -> None:
        row = self._account_row(platform, address)
        if row is not None:
            row.undeliverable_reason = reason
            self._session.flush()

    def _account_row(self, platform: str, address: str) -> ChatAccountRow | None:
        return self._session.scalar(
            select(ChatAccountRow).where(ChatAccountRow.platform == platform, ChatAccountRow.address == address)
        )


class SqlTicketRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, request_type: str, owner_id: int, fields: dict[str, Any], status: str, now: datetime) -> Ticket:
        row = TicketRow(
            request_type=request_type,
            status=status,
            owner_id=owner_id,
            fields=_json_copy(fields),
            version=1,
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        self._session.flush()
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
    ) -> builtins.list[Ticket]:
        query = select(TicketRow).execution_options(populate_existing=True)
        if owner_id is not None:
            query = query.where(TicketRow.owner_id == owner_id)
        if statuses is not None:
            query = query.where(TicketRow.status.in_(statuses))
        if request_type is not None:
            query = query.where(TicketRow.request_type == request_type)
        query = query.order_by(TicketRow.created_at.desc(), TicketRow.id.desc())
        return [_ticket(row) for row in self._session.scalars(query)]

    def compare_and_set_status(self, ticket_id: int, expected_version: int, new_status: str, now: datetime) -> bool:
        # One conditional UPDATE: the database decides who wins, not a read
        # that may already be stale.
        statement = (
            update(TicketRow)
            .where(TicketRow.id == ticket_id, TicketRow.version == expected_version)
            .values(status=new_status, version=TicketRow.version + 1, updated_at=now)
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


class SqlAttachmentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlConversationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, chat_key: str) -> Conversation | None:
        row = self._session.get(ConversationRow, chat_key)
        return _conversation(row) if row else None

    def put(self, chat_key: str, user_id: int, state: dict[str, Any], now: datetime) -> None:
        row = self._session.get(ConversationRow, chat_key)
        if row is None:
            row = ConversationRow(chat_key=chat_key, user_id=user_id, state=_json_copy(state), updated_at=now)
            self._session.add(row)
        else:
            row.user_id = user_id
            row.state = _json_copy(state)  # a new dict, so the change is written
            row.updated_at = now
        self._session.flush()

    def delete(self, chat_key: str) -> None:
        row = self._session.get(ConversationRow, chat_key)
        if row is not None:
            self._session.delete(row)
            self._session.flush()


class SqlOutboxRepository:
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
        row = OutboxRow(
            user_id=user_id,
            platform=platform,
            address=address,
            kind=kind,
            ticket_id=ticket_id,
            payload=_json_copy(payload),
            created_at=now,
            attempts=0,
        )
        self._session.add(row)
        self._session.flush()
        return _outbox_message(row)

    def due(self, platform: str, now: datetime, limit: int = 100, address: str | None = None) -> list[OutboxMessage]:
        query = select(OutboxRow).where(
            OutboxRow.platform == platform,
            OutboxRow.delivered_at.is_(None),
            OutboxRow.failed_at.is_(None),
            (OutboxRow.next_attempt_at.is_(None)) | (OutboxRow.next_attempt_at <= now),
        )
        if address is not None:
            query = query.where(OutboxRow.address == address)
        query = query.order_by(OutboxRow.created_at, OutboxRow.id).limit(limit)
        return [_outbox_message(row) for row in self._session.scalars(query)]

    def claim(
        self, platform: str, now: datetime, until: datetime, limit: int = 100, address: str | None = None
    ) -> list[OutboxMessage]:
        query = select(OutboxRow).where(
            OutboxRow.platform == platform,
            OutboxRow.delivered_at.is_(None),
            OutboxRow.failed_at.is_(None),
            (OutboxRow.next_attempt_at.is_(None)) | (OutboxRow.next_attempt_at <= now),
            (OutboxRow.claimed_until.is_(None)) | (OutboxRow.claimed_until <= now),
        )
        if address is not None:
            query = query.where(OutboxRow.address == address)
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


class SqlSentMessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlProcessedMessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def seen(self, platform: str, message_id: str) -> bool:
        return self._session.get(ProcessedMessageRow, (platform, message_id)) is not None

    def remember(self, platform: str, message_id: str, now: datetime) -> bool:
        # One statement decides, so two workers given the same message cannot both win.
        statement = _insert(self._session, ProcessedMessageRow).values(
            platform=platform, message_id=message_id, processed_at=now
        ).on_conflict_do_nothing().returning(ProcessedMessageRow.message_id)
        return self._session.execute(statement).first() is not None


class SqlTransportStateRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, platform: str, key: str) -> dict[str, Any] | None:
        row = self._session.get(TransportStateRow, (platform, key))
        return _json_copy(row.value) if row else None

    def put(self, platform: str, key: str, value: dict[str, Any], now: datetime) -> None:
        row = self._session.get(TransportStateRow, (platform, key))
        if row is None:
            self._session.add(TransportStateRow(platform=platform, key=key, value=_json_copy(value), updated_at=now))
        else:
            row.value = _json_copy(value)  # a new dict, so the change is written
            row.updated_at = now
        self._session.flush()


class SqlUnitOfWork:
    """One transaction over all repositories; closing it drops what was not committed."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # Typed as the protocols: UnitOfWork's attributes are settable, so a
        # type checker wants exactly these types.
        self.users: UserRepository = SqlUserRepository(session)
        self.tickets: TicketRepository = SqlTicketRepository(session)
        self.attachments: AttachmentRepository = SqlAttachmentRepository(session)
        self.conversations: ConversationRepository = SqlConversationRepository(session)
        self.outbox: OutboxRepository = SqlOutboxRepository(session)
        self.sent_messages: SentMessageRepository = SqlSentMessageRepository(session)
        self.processed: ProcessedMessageRepository = SqlProcessedMessageRepository(session)
        self.transport_state: TransportStateRepository = SqlTransportStateRepository(session)

    def __enter__(self) -> SqlUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()
        self._session.close()

    def commit(self) -> None:
        self._session.commit()

    def rollback(self) -> None:
        self._session.rollback()
