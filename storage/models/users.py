"""Users, their chat accounts, /link codes and failed attempts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    roles: Mapped[list[str]]  # granted in the database
    lang: Mapped[str] = mapped_column(String(8))
    # what the directory said when last asked (directory_checked_at: None for database-only users)
    directory_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(300))
    directory_checked_at: Mapped[datetime | None]


class ChatAccountRow(Base):
    __tablename__ = "chat_accounts"
    __table_args__ = (UniqueConstraint("platform", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255))
    undeliverable_reason: Mapped[str | None] = mapped_column(Text)


class LinkCodeRow(Base):
    """A one-time code for linking a chat account: its SHA-256, never the code itself."""

    __tablename__ = "link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class LinkFailureRow(Base):
    """Wrong passwords or codes against a chat account or a username, and the lockout they caused."""

    __tablename__ = "link_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]
