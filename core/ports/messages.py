"""Messages in and out: the outbox, messages sent, messages processed, the inbox."""
from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from core.models import OutboxMessage


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
    def due(self, platform: str, now: datetime, limit: int = 100,
            address: str | None = None) -> builtins.list[OutboxMessage]:
        """Undelivered, not failed, next_attempt_at <= now (or unset); oldest first."""
    def claim(
        self, platform: str, now: datetime, until: datetime, limit: int = 100, address: str | None = None
    ) -> builtins.list[OutboxMessage]:
        """Like due, leaving out rows another dispatcher holds, and hold the returned rows until
        `until` (PostgreSQL: FOR UPDATE SKIP LOCKED, so two processes never claim one row)."""
    def claimable(self, platform: str, now: datetime, address: str | None = None) -> bool:
        """Whether claim would find a row now (a read: nothing is held)."""
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


class InboxRepository(Protocol):
    """Updates a polling transport received and stored before confirming them (unique by update id)."""

    def store(self, platform: str, updates: Sequence[tuple[int, dict[str, Any]]], now: datetime) -> list[int]:
        """Insert-if-absent; the ids that were new (the others were stored before)."""
    def unhandled(self, platform: str, limit: int) -> list[dict[str, Any]]:
        """The payloads not yet handled, oldest update first."""
    def mark_handled(self, platform: str, update_id: int, now: datetime, replies: dict[str, Any] | None) -> None:
        """Handled, with the direct replies to send (kept until marked replied)."""
    def unsent_replies(self, platform: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """(update id, replies) of handled updates whose replies were not sent, oldest first."""
    def mark_replied(self, platform: str, update_ids: Sequence[int]) -> None: ...
    def prune(self, platform: str, handled_before: datetime) -> int:
        """Forget updates handled before then; how many rows went."""
