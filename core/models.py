"""Plain domain records shared by core and its storage adapters.

They are frozen dataclasses so that nothing outside a unit of work can change
what was read from the database by accident.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

REQUESTER = "requester"  # every user is a requester; never stored as a role
ROLES = (
    "welfare_expert",
    "insurance_expert",
    "insurer_expert",
    "finance_officer",
    "treasurer",
    "admin",
)
STAFF_ROLES = frozenset(ROLES)


@dataclass(frozen=True)
class User:
    id: int
    username: str
    full_name: str
    roles: frozenset[str] = frozenset()
    lang: str = "fa"

    def has_role(self, role: str) -> bool:
        return role == REQUESTER or role in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


@dataclass(frozen=True)
class ChatAccount:
    """A place where a user receives messages: (platform, address)."""

    id: int
    user_id: int
    platform: str
    address: str
    undeliverable_reason: str | None = None


@dataclass(frozen=True)
class Ticket:
    id: int
    request_type: str
    status: str
    owner_id: int
    fields: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime
    # when the ticket entered its current status: the deadline's clock starts here
    state_entered_at: datetime | None = None
    assignee_id: int | None = None  # the expert who took it in its current status


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    ticket_id: int
    action: str
    actor_id: int
    from_status: str | None
    to_status: str
    inputs: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class Comment:
    id: int
    ticket_id: int
    author_id: int
    text: str
    at: datetime


@dataclass(frozen=True)
class AttachmentMeta:
    id: int
    owner_id: int
    ticket_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str
    stored_path: str
    created_at: datetime


@dataclass(frozen=True)
class OutboxMessage:
    """One notification for one chat account (or a shared channel: no user), written with the change it reports."""

    id: int
    user_id: int | None
    platform: str
    address: str
    kind: str
    ticket_id: int | None
    payload: dict[str, Any]
    created_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class Conversation:
    """What a chat is in the middle of (a form draft, a pending action input)."""

    chat_key: str
    user_id: int
    state: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None
