"""SQLAlchemy implementations of the repository protocols in core.ports.

Every method returns the frozen dataclasses of core.models, never ORM rows, and
copies JSON values on the way in and out so nobody outside shares a dict with
the session.
"""
from __future__ import annotations

import builtins
import copy
import dataclasses
import functools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import CursorResult, Insert, String, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.identity import canonical_username
from core.insurance.claims.models import Claim, ClaimDocument, ClaimEvent, NewClaim, NewPaymentOrder, PaymentOrder
from core.insurance.shared.models import (
    Contract,
    Endorsement,
    Guardian,
    Member,
    NewMember,
    Payment,
    Person,
    Policyholder,
)
from core.models import (
    REQUESTER,
    AttachmentMeta,
    ChatAccount,
    Comment,
    Conversation,
    HistoryEntry,
    LinkCode,
    LinkFailures,
    OutboxMessage,
    Ticket,
    User,
)
from core.search import input_terms, ticket_terms
from storage.document_codes import SqlDocumentCodeRepository
from storage.kept_replies import SqlKeptReplyRepository, SqlReplyLeaseRepository
from storage.models import (
    AttachmentRow,
    ChatAccountRow,
    ClaimDocumentRow,
    ClaimEventRow,
    ClaimRow,
    CommentRow,
    ContractGuardianRow,
    ContractRow,
    ConversationRow,
    DigestSentRow,
    EndorsementRow,
    InboxRow,
    InsuredPersonRow,
    LinkCodeRow,
    LinkFailureRow,
    OutboxRow,
    PaymentOrderRow,
    PaymentRow,
    PolicyholderRow,
    PolicyholderUserRow,
    ProcessedMessageRow,
    RegisterCounterRow,
    ReminderSentRow,
    RenewalNoticeRow,
    ReportDispatchRow,
    SentMessageRow,
    TicketHistoryRow,
    TicketRow,
    TicketSearchTermRow,
    TransportStateRow,
    UserRow,
)
from storage.proposal_repositories import SqlProposalRepository, SqlRefundRepository


def _json_copy(value: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(value))


def _stored_roles(roles: Iterable[str]) -> list[str]:
    # Everyone is a requester implicitly, so it is never stored.
    return sorted(set(roles) - {REQUESTER})


R = TypeVar("R")


@functools.cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


def _record(record_type: type[R], row: Any, **converted: Any) -> R:
    """The core record with the row's same-named columns; `converted` gives the
    fields that need more than a copy (JSON dicts are deep-copied, roles frozen)."""
    values = {name: getattr(row, name) for name in _field_names(record_type) if name not in converted}
    return record_type(**values, **converted)


def _user(row: UserRow) -> User:
    return _record(User, row, roles=frozenset(row.roles), directory_roles=frozenset(row.directory_roles or ()),
                   disabled=bool(row.disabled))


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


def _outbox_message(row: OutboxRow) -> OutboxMessage:
    return _record(OutboxMessage, row, payload=_json_copy(row.payload))


# Who wrote, asked for every update: Core statements built once, read into a User (no UserRow
# is loaded). Every write to users flushes at once, so what they read is never behind the session.
_USERS, _ACCOUNTS = UserRow.__table__, ChatAccountRow.__table__
_BY_USERNAME = select(_USERS).where(_USERS.c.username == bindparam("username"))
_WRITER = (select(_USERS, _ACCOUNTS.c.undeliverable_reason.label("undeliverable"))
           .join(_ACCOUNTS, _ACCOUNTS.c.user_id == _USERS.c.id)
           .where(_ACCOUNTS.c.platform == bindparam("platform"), _ACCOUNTS.c.address == bindparam("address")))


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, user_id: int) -> User | None:
        row = self._session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_username(self, username: str) -> User | None:
        row = self._session.execute(_BY_USERNAME, {"username": canonical_username(username)}).first()
        return _user(row) if row else None

    def add(self, username: str, full_name: str, roles: Iterable[str], lang: str = "fa") -> User:
        row = UserRow(username=canonical_username(username), full_name=full_name, roles=_stored_roles(roles), lang=lang,
                      directory_roles=[], disabled=False)
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
        # Roles are JSON lists: the database narrows to rows whose lists name the role (as
        # text, so both databases answer it; a notification no longer reads every user),
        # and User.has_role decides, as everywhere (every user is a requester).
        query = select(UserRow).order_by(UserRow.id)
        if role != REQUESTER:
            quoted = json.dumps(role)
            query = query.where(or_(sql_cast(UserRow.roles, String).contains(quoted, autoescape=True),
                                    sql_cast(UserRow.directory_roles, String).contains(quoted, autoescape=True)))
        return [user for user in map(_user, self._session.scalars(query)) if user.has_role(role)]

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
        found = self.find_writer(platform, address)
        return found[0] if found else None

    def find_writer(self, platform: str, address: str) -> tuple[User, bool] | None:
        found = self._session.execute(_WRITER, {"platform": platform, "address": address}).first()
        return (_user(found), found.undeliverable is not None) if found else None

    def unlink_account(self, platform: str, address: str) -> None:
        row = self._account_row(platform, address)
        if row is not None:
            self._session.delete(row)
            self._session.flush()

    def set_directory_state(
        self,
        user_id: int,
        full_name: str,
        directory_roles: Iterable[str],
        disabled: bool,
        mobile: str | None,
        unit: str | None,
        checked_at: datetime,
    ) -> User:
        row = self._session.get(UserRow, user_id)
        if row is None:
            raise LookupError(f"no user with id {user_id}")
        row.full_name = full_name
        row.directory_roles = _stored_roles(directory_roles)
        row.disabled = disabled
        row.mobile = mobile
        row.unit = unit
        row.directory_checked_at = checked_at
        self._session.flush()
        return _user(row)

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


_CONVERSATIONS = ConversationRow.__table__


class SqlConversationRepository:
    """Core statements, built once, not the ORM: each answer in a chat reads and writes its
    row, and building a statement or going through the ORM's identity map and flush costs
    more than running it (no ConversationRow is ever loaded, so none can be stale)."""

    _GET = select(_CONVERSATIONS).where(_CONVERSATIONS.c.chat_key == bindparam("key"))
    _UPDATE = (update(_CONVERSATIONS).where(_CONVERSATIONS.c.chat_key == bindparam("key"))
               .values(user_id=bindparam("user"), state=bindparam("new_state"), updated_at=bindparam("now")))
    _INSERT = insert(_CONVERSATIONS).values(chat_key=bindparam("key"), user_id=bindparam("user"),
                                            state=bindparam("new_state"), updated_at=bindparam("now"))
    _DELETE = delete(_CONVERSATIONS).where(_CONVERSATIONS.c.chat_key == bindparam("key"))

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, chat_key: str) -> Conversation | None:
        row = self._session.execute(self._GET, {"key": chat_key}).first()
        return Conversation(row.chat_key, row.user_id, row.state, row.updated_at) if row else None

    def put(self, chat_key: str, user_id: int, state: dict[str, Any], now: datetime) -> None:
        values = {"key": chat_key, "user": user_id, "new_state": state, "now": now}
        # the chat's own updates are serialised (the chat lock), so update-else-insert does not race
        if cast(CursorResult[Any], self._session.execute(self._UPDATE, values)).rowcount == 0:
            self._session.execute(self._INSERT, values)

    def delete(self, chat_key: str) -> None:
        self._session.execute(self._DELETE, {"key": chat_key})


_OUTBOX_ROWS = "bimeh_outbox_rows"  # session.info: outbox rows added in the session's open transaction


class OutboxRowsCommitted:
    """How many outbox rows this process has committed so far: a transport wakes its
    dispatcher early only when this grew, not after every update (a round that finds
    nothing still costs a thread and a query). Rows of a rolled-back savepoint may be
    counted: that only wakes the dispatcher once for nothing."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add_from(self, session: Session) -> None:
        rows = session.info.pop(_OUTBOX_ROWS, 0)
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
        self._session.info[_OUTBOX_ROWS] = self._session.info.get(_OUTBOX_ROWS, 0) + 1
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


def _insert_if_absent(column: Any) -> dict[str, Any]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING column, built once for each database (by
    dialect name): the rows it returns are those written."""
    return {name: dialect_insert(column.table).on_conflict_do_nothing().returning(column)
            for name, dialect_insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}


# Asked for every webhook update: built once
_REMEMBER = _insert_if_absent(ProcessedMessageRow.__table__.c.message_id)


class SqlProcessedMessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlInboxRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


def _insert_ignoring_duplicates(session: Session, table: Any, values: dict[str, Any]) -> bool:
    """INSERT that does nothing when a unique key is taken; True when a row was written."""
    dialect = session.get_bind().dialect.name
    statement: Insert
    if dialect == "sqlite":
        statement = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "postgresql":
        statement = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - the two databases this project runs on are above
        statement = insert(table).values(**values)
    # RETURNING says whether a row was written; rowcount does not on PostgreSQL with
    # psycopg and SQLAlchemy 2.1 (it is -1 for every INSERT).
    key = next(iter(table.__table__.primary_key.columns if hasattr(table, "__table__") else table.primary_key.columns))
    result = cast(CursorResult[Any], session.execute(statement.returning(key)))
    return result.first() is not None


def _policyholder(row: PolicyholderRow) -> Policyholder:
    return _record(Policyholder, row)


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


class SqlPolicyholderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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

    def link_user(self, user_id: int, policyholder_id: int) -> None:
        row = self._session.get(PolicyholderUserRow, user_id)
        if row is None:
            self._session.add(PolicyholderUserRow(user_id=user_id, policyholder_id=policyholder_id))
        else:
            row.policyholder_id = policyholder_id
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


class SqlGuardianRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlContractRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlMemberRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_many(self, contract_id: int, members: Sequence[NewMember], member_from: date,
                 added_by: int | None = None) -> None:
        if not members:
            return
        # One executemany: a roster of thousands of rows is one round trip, not thousands.
        self._session.execute(insert(InsuredPersonRow), [
            {"contract_id": contract_id, "national_id": m.person.national_id, "first_name": m.person.first_name,
             "last_name": m.person.last_name, "birth_date": m.person.birth_date, "role": m.person.role,
             "exemption": m.person.exemption, "extra_risk": m.person.extra_risk,
             "primary_insurer": m.person.primary_insurer, "annual_premium": m.annual_premium, "charged": m.charged, "rules": copy.deepcopy(m.rules),
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


class SqlEndorsementRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, number: int, contract_id: int, kind: str, effective: date, amount: int,
            details: dict[str, Any], now: datetime, issued_on: date | None = None) -> Endorsement:
        row = EndorsementRow(number=number, contract_id=contract_id, kind=kind, effective=effective, amount=amount,
                             details=_json_copy(details), created_at=now, issued_on=issued_on)
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


class SqlPaymentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, receipt_number: int, contract_id: int, amount: int, cheque: str, paid_on: date,
            now: datetime, endorsement_id: int | None = None, proposal_id: int | None = None) -> Payment:
        row = PaymentRow(receipt_number=receipt_number, contract_id=contract_id, amount=amount, cheque=cheque,
                         paid_on=paid_on, created_at=now, endorsement_id=endorsement_id, proposal_id=proposal_id)
        self._session.add(row)
        self._session.flush()
        return _payment(row)

    def for_contract(self, contract_id: int) -> builtins.list[Payment]:
        query = select(PaymentRow).where(PaymentRow.contract_id == contract_id).order_by(PaymentRow.receipt_number)
        return [_payment(row) for row in self._session.scalars(query)]

    def by_receipt(self, receipt_number: int) -> Payment | None:
        row = self._session.scalar(select(PaymentRow).where(PaymentRow.receipt_number == receipt_number))
        return _payment(row) if row else None


class SqlRegisterRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlRenewalNoticeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, contract_id: int, period_end: date, now: datetime) -> bool:
        return _insert_ignoring_duplicates(self._session, RenewalNoticeRow,
                                           {"contract_id": contract_id, "period_end": period_end, "sent_at": now})


class SqlReportDispatchRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, report: str, period: str, now: datetime) -> bool:
        return _insert_ignoring_duplicates(self._session, ReportDispatchRow,
                                           {"report": report, "period": period, "sent_at": now})

    def sent(self, report: str, period: str) -> bool:
        found = self._session.execute(select(ReportDispatchRow.id).where(
            ReportDispatchRow.report == report, ReportDispatchRow.period == period))
        return found.first() is not None


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


class SqlOperationsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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
class SqlLinkCodeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, code_hash: str, user_id: int, expires_at: datetime) -> None:
        self._session.add(LinkCodeRow(code_hash=code_hash, user_id=user_id, expires_at=expires_at))
        self._session.flush()

    def get(self, code_hash: str) -> LinkCode | None:
        row = self._session.get(LinkCodeRow, code_hash, populate_existing=True)
        return _record(LinkCode, row) if row else None

    def mark_used(self, code_hash: str, now: datetime) -> bool:
        # one conditional UPDATE: of two uses at once, one wins
        result = cast(CursorResult, self._session.execute(
            update(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash, LinkCodeRow.used_at.is_(None))
            .values(used_at=now)
        ))
        return result.rowcount == 1


class SqlLinkFailureRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> LinkFailures | None:
        row = self._session.get(LinkFailureRow, key)
        return _record(LinkFailures, row) if row else None

    def put(self, key: str, count: int, locked_until: datetime | None, now: datetime) -> None:
        row = self._session.get(LinkFailureRow, key)
        if row is None:
            self._session.add(LinkFailureRow(key=key, count=count, locked_until=locked_until, updated_at=now))
        else:
            row.count, row.locked_until, row.updated_at = count, locked_until, now
        self._session.flush()

    def delete(self, key: str) -> None:
        row = self._session.get(LinkFailureRow, key)
        if row is not None:
            self._session.delete(row)
            self._session.flush()


def _claim(row: ClaimRow) -> Claim:
    return _record(Claim, row, checks=copy.deepcopy(row.checks), analysis=_json_copy(row.analysis),
                   assessment=copy.deepcopy(row.assessment))


def _payment_order(row: PaymentOrderRow) -> PaymentOrder:
    return _record(PaymentOrder, row, shares=copy.deepcopy(row.shares))


class SqlClaimRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


class SqlPaymentOrderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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


T = TypeVar("T")


class _Repository(Generic[T]):
    """A unit of work's repository, made on first use: a unit uses two or three of them, and
    making all twenty-two for each was a measurable part of handling an update."""

    def __init__(self, make: Callable[[Session], T]) -> None:
        self._make = make

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: SqlUnitOfWork | None, owner: type | None = None) -> T:
        if uow is None:
            return self  # type: ignore[return-value] - the class attribute itself
        repository = uow.__dict__[self._name] = self._make(uow._session)  # found there from now on
        return repository


class SqlUnitOfWork:
    """One transaction over all repositories; closing it drops what was not committed."""

    users = _Repository(SqlUserRepository)
    tickets = _Repository(SqlTicketRepository)
    attachments = _Repository(SqlAttachmentRepository)
    conversations = _Repository(SqlConversationRepository)
    outbox = _Repository(SqlOutboxRepository)
    sent_messages = _Repository(SqlSentMessageRepository)
    processed = _Repository(SqlProcessedMessageRepository)
    inbox = _Repository(SqlInboxRepository)
    kept_replies = _Repository(SqlKeptReplyRepository)
    reply_leases = _Repository(SqlReplyLeaseRepository)
    transport_state = _Repository(SqlTransportStateRepository)
    policyholders = _Repository(SqlPolicyholderRepository)
    guardians = _Repository(SqlGuardianRepository)
    contracts = _Repository(SqlContractRepository)
    members = _Repository(SqlMemberRepository)
    endorsements = _Repository(SqlEndorsementRepository)
    payments = _Repository(SqlPaymentRepository)
    proposals = _Repository(SqlProposalRepository)
    refunds = _Repository(SqlRefundRepository)
    registers = _Repository(SqlRegisterRepository)
    renewal_notices = _Repository(SqlRenewalNoticeRepository)
    report_dispatches = _Repository(SqlReportDispatchRepository)
    operations = _Repository(SqlOperationsRepository)
    link_codes = _Repository(SqlLinkCodeRepository)
    link_failures = _Repository(SqlLinkFailureRepository)
    claims = _Repository(SqlClaimRepository)
    payment_orders = _Repository(SqlPaymentOrderRepository)
    document_codes = _Repository(SqlDocumentCodeRepository)

    def __init__(self, session: Session) -> None:
        self._session = session

    def __enter__(self) -> SqlUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()
        self._session.close()

    def commit(self) -> None:
        self._session.commit()
        OUTBOX_ROWS_COMMITTED.add_from(self._session)

    def rollback(self) -> None:
        self._session.rollback()
        self._session.info.pop(_OUTBOX_ROWS, None)
