"""Tickets, their history, comments and search terms, and the reminders and digests sent."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # a page of /my (one owner's, newest first) and of /queue (one status, longest waiting
        # first) read straight from an index, however many tickets there are
        Index("ix_tickets_owner_created", "owner_id", "created_at", "id"),
        Index("ix_tickets_waiting", "status", "request_type", "state_entered_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    fields: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    state_entered_at: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class TicketHistoryRow(Base):
    __tablename__ = "ticket_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(64))
    to_status: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]]
    at: Mapped[datetime]


class CommentRow(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class ReminderSentRow(Base):
    """A deadline reminder that went out: one per ticket, stay in a state, and kind, ever."""

    __tablename__ = "reminders_sent"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    state_entered_at: Mapped[datetime] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    sent_at: Mapped[datetime]


class DigestSentRow(Base):
    """A daily digest that went out: one per person and day."""

    __tablename__ = "digests_sent"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # Jalali YYYY/MM/DD
    sent_at: Mapped[datetime]


class TicketSearchTermRow(Base):
    """The search index: folded terms of a ticket's numbers and names (core.search).

    The primary key (term, ticket_id) is the index a prefix search scans as a range."""

    __tablename__ = "ticket_search_terms"
    __table_args__ = (Index("ix_ticket_search_terms_ticket_id", "ticket_id"),)

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
