"""Repository interfaces that core owns and storage implements.

Core never imports SQLAlchemy: it asks for a unit of work from a factory and
talks to these protocols. Every method runs inside that unit's transaction;
nothing is visible to others until ``commit``.
"""
from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from core.models import (
    AttachmentMeta,
    ChatAccount,
    Comment,
    Conversation,
    HistoryEntry,
    OutboxMessage,
    Ticket,
    User,
)


class UserRepository(Protocol):
    def get(self, user_id: int) -> User | None: ...
    def by_username(self, username: str) -> User | None: ...
    def add(self, username: str, full_name: str, roles: Iterable[str], lang: str = "fa") -> User: ...
    def update(self, user: User) -> User:
        """Store full_name, roles and lang of an existing user (matched by id)."""
    def list(self) -> builtins.list[User]: ...
    def with_role(self, role: str) -> builtins.list[User]: ...
    def accounts(self, user_id: int) -> builtins.list[ChatAccount]: ...
    def link_account(self, user_id: int, platform: str, address: str) -> ChatAccount:
        """Idempotent: linking the same (platform, address) again returns the existing link
        (re-pointing it at user_id and clearing undeliverable_reason)."""
    def find_by_account(self, platform: str, address: str) -> User | None: ...
    def mark_undeliverable(self, platform: str, address: str, reason: str | None) -> None: ...


class TicketRepository(Protocol):
    def add(self, request_type: str, owner_id: int, fields: dict[str, Any], status: str, now: datetime) -> Ticket: ...
    def get(self, ticket_id: int) -> Ticket | None: ...
    def list(
        self,
        owner_id: int | None = None,
        statuses: Sequence[str] | None = None,
        request_type: str | None = None,
    ) -> builtins.list[Ticket]:
        """Newest first."""
    def compare_and_set_status(self, ticket_id: int, expected_version: int, new_status: str, now: datetime) -> bool:
        """Set status and bump version only if the version is still expected_version."""
    def add_history(
        self,
        ticket_id: int,
        action: str,
        actor_id: int,
        from_status: str | None,
        to_status: str,
        inputs: dict[str, Any],
        now: datetime,
    ) -> HistoryEntry: ...
    def history(self, ticket_id: int) -> builtins.list[HistoryEntry]:
        """Oldest first."""
    def add_comment(self, ticket_id: int, author_id: int, text: str, now: datetime) -> Comment: ...
    def comments(self, ticket_id: int) -> builtins.list[Comment]:
        """Oldest first."""


class AttachmentRepository(Protocol):
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
    ) -> AttachmentMeta: ...
    def get(self, attachment_id: int) -> AttachmentMeta | None: ...
    def attach_to_ticket(self, attachment_ids: Iterable[int], ticket_id: int) -> None: ...
    def for_ticket(self, ticket_id: int) -> builtins.list[AttachmentMeta]: ...


class ConversationRepository(Protocol):
    def get(self, chat_key: str) -> Conversation | None: ...
    def put(self, chat_key: str, user_id: int, state: dict[str, Any], now: datetime) -> None: ...
    def delete(self, chat_key: str) -> None: ...


class OutboxRepository(Protocol):
    def add(
        self,
        user_id: int | None,  # None: a shared channel, read by no one user
        platform: str,
        address: str,
        kind: str,
        ticket_id: int | None,
        payload: dict[str, Any],
        now: datetime,
    ) -> OutboxMessage: ...
    def due(self, platform: str, now: datetime, limit: int = 100, address: str | None = None) -> builtins.list[OutboxMessage]:
        """Undelivered, not failed, next_attempt_at <= now (or unset); oldest first."""
    def claim(
        self, platform: str, now: datetime, until: datetime, limit: int = 100, address: str | None = None
    ) -> builtins.list[OutboxMessage]:
        """Like due, leaving out rows another dispatcher holds, and hold the returned rows until
        `until` (PostgreSQL: FOR UPDATE SKIP LOCKED, so two processes never claim one row)."""
    def release(self, message_ids: Iterable[int]) -> None:
        """Give claimed rows back unsent."""
    def mark_delivered(self, message_id: int, now: datetime) -> None: ...
    def mark_retry(self, message_id: int, next_attempt_at: datetime, error: str) -> None:
        """attempts += 1, remember the error, try again at next_attempt_at."""
    def mark_failed(self, message_id: int, now: datetime, error: str) -> None: ...
    def list(self, user_id: int | None = None) -> builtins.list[OutboxMessage]: ...


class SentMessageRepository(Protocol):
    """Which ticket a message the bot sent was about, so a reply to it can be routed."""

    def record(self, platform: str, address: str, message_id: str, ticket_id: int) -> None: ...
    def ticket_for(self, platform: str, address: str, message_id: str) -> int | None: ...


class ProcessedMessageRepository(Protocol):
    """Inbound message ids already handled, so a redelivered message is handled once."""

    def seen(self, platform: str, message_id: str) -> bool: ...
    def remember(self, platform: str, message_id: str, now: datetime) -> bool:
        """Insert-if-absent, safe between processes: True when the id was new."""


class TransportStateRepository(Protocol):
    """Small JSON documents a transport keeps across restarts (poll cursors, menus)."""

    def get(self, platform: str, key: str) -> dict[str, Any] | None: ...
    def put(self, platform: str, key: str, value: dict[str, Any], now: datetime) -> None: ...


class UnitOfWork(Protocol):
    users: UserRepository
    tickets: TicketRepository
    attachments: AttachmentRepository
    conversations: ConversationRepository
    outbox: OutboxRepository
    sent_messages: SentMessageRepository
    processed: ProcessedMessageRepository
    transport_state: TransportStateRepository

    def __enter__(self) -> "UnitOfWork": ...
    def __exit__(self, *exc: object) -> None:
        """Roll back whatever was not committed."""
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, write: bool = True) -> UnitOfWork:
        """A new unit of work. write=False promises it (mostly) only reads: on SQLite it
        then takes no write lock; a write in it still works, after what it read."""
