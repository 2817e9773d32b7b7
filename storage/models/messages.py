"""The outbox, messages sent and processed, and the inbox."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # Serves OutboxRepository.due: pending rows of one platform (and address).
        Index("ix_outbox_due", "platform", "delivered_at", "failed_at", "next_attempt_at"),
        Index("ix_outbox_platform_address", "platform", "address"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # null for a row addressed to a shared channel rather than to one person
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # a dispatcher is sending it until then (several processes share the outbox)
    claimed_until: Mapped[datetime | None]


class SentMessageRow(Base):
    __tablename__ = "sent_messages"
    __table_args__ = (UniqueConstraint("platform", "address", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))


class ProcessedMessageRow(Base):
    __tablename__ = "processed_messages"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime]


class InboxRow(Base):
    """An update a polling transport received; handled_at is set once it has been handled, with
    the direct replies to it, which stay until they are sent."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_platform_handled_at", "platform", "handled_at"),
                      Index("ix_inbox_unsent_replies", "platform", "update_id",
                            sqlite_where=text("replies IS NOT NULL"), postgresql_where=text("replies IS NOT NULL")))

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    handled_at: Mapped[datetime | None]
    replies: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
