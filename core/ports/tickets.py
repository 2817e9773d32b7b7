"""Tickets with their history and comments, and the operations on them."""
from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from core.models import Comment, HistoryEntry, Ticket


class TicketRepository(Protocol):
    def add(self, request_type: str, owner_id: int, fields: dict[str, Any], status: str, now: datetime) -> Ticket: ...
    def get(self, ticket_id: int) -> Ticket | None: ...
    def list(
        self,
        owner_id: int | None = None,
        statuses: Sequence[str] | None = None,
        request_type: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Ticket]:
        """Newest first; `limit` and `offset` cut out one page."""
    def longest_waiting(self, status: str, request_type: str, limit: int) -> builtins.list[Ticket]:
        """Of one type in one status, the `limit` that entered it first (then by id)."""
    def count(self, statuses: Sequence[str], request_type: str) -> int: ...
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


class OperationsRepository(Protocol):
    """Assignment, reminders sent, the search index and the figures of a period."""

    def assign(self, ticket_id: int, user_id: int | None) -> None: ...
    def claim_reminder(self, ticket_id: int, state_entered_at: datetime, kind: str, now: datetime) -> bool:
        """Record that reminder `kind` for this stay of the ticket in its state goes out; False when
        it was recorded before (by this process or another): then it must not be sent again."""
    def claim_digest(self, user_id: int, day: str, now: datetime) -> bool:
        """Likewise for one user's daily digest of `day` (Jalali YYYY/MM/DD)."""
    def index_terms(self, ticket_id: int, terms: Iterable[str]) -> None:
        """Add search terms of a ticket (terms it has already are kept once)."""
    def search(
        self, words: Sequence[str], owner_id: int | None, limit: int, before_id: int | None = None
    ) -> builtins.list[Ticket]:
        """Tickets having, for every word, a term that starts with it; newest (highest id) first."""
    def created_between(self, start: datetime, end: datetime) -> builtins.list[Ticket]: ...
    def history_between(self, start: datetime, end: datetime) -> builtins.list[HistoryEntry]: ...
    def history_of(self, ticket_ids: Iterable[int]) -> dict[int, builtins.list[HistoryEntry]]:
        """Each ticket's history, oldest first."""
    def tickets_by_id(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]: ...
