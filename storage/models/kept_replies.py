"""Direct replies kept until sent, and the leases of the processes that keep them."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class KeptReplyRow(Base):
    """The direct replies of a handled message (webhooks, Rocket.Chat), kept until sent, under the
    owner id of the process sending them (its lease: ReplyLeaseRow)."""

    __tablename__ = "kept_replies"
    __table_args__ = (Index("ix_kept_replies_platform_owner", "platform", "owner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(255))
    owner: Mapped[str] = mapped_column(String(64))
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON())
    kept_at: Mapped[datetime]


class ReplyLeaseRow(Base):
    """A running process's claim on the replies it keeps, renewed while it lives."""

    __tablename__ = "reply_leases"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime]
