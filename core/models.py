"""Plain domain records shared by core and its storage adapters.

They are frozen dataclasses so that nothing outside a unit of work can change
what was read from the database by accident.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

REQUESTER = "requester"  # every user is a requester; never stored as a role
POLICYHOLDER = "policyholder"  # speaks for a kindergarten or organisation (linked to it); not staff
ROLES = (
    "welfare_expert",
    "insurance_expert",
    "insurer_expert",
    "finance_officer",
    "treasurer",
    "admin",
    POLICYHOLDER,
    # the insurer's issuing office; the manager approves commitments above the office's authority
    "issuance_expert",
    "issuance_manager",
    # the claims office
    "claims_expert",
    "trusted_doctor",
    "claims_manager",
    "claims_accountant",
    # readers of the monthly reports (/report)
    "report_reader",
)
# Staff see every ticket; a policyholder sees only their own requests and their policyholder's contracts.
STAFF_ROLES = frozenset(ROLES) - {POLICYHOLDER}


DIRECTORY = "directory"  # where a role came from: the person's directory groups
DATABASE = "database"  # granted in the database (`users add --role`, the config's [[users]])


@dataclass(frozen=True)
class User:
    id: int
    username: str
    full_name: str
    roles: frozenset[str] = frozenset()  # granted in the database
    lang: str = "fa"
    # what the directory said, when it was last asked (None: never, a database-only user)
    directory_roles: frozenset[str] = frozenset()
    disabled: bool = False
    mobile: str | None = None
    unit: str | None = None
    directory_checked_at: datetime | None = None

    @property
    def all_roles(self) -> frozenset[str]:
        return self.roles | self.directory_roles

    def has_role(self, role: str) -> bool:
        return role == REQUESTER or role in self.all_roles

    @property
    def is_staff(self) -> bool:
        return bool(self.all_roles & STAFF_ROLES)

    def role_sources(self) -> dict[str, list[str]]:
        """Each role and where it came from (directory, database, or both)."""
        return {role: [source for source, roles in ((DIRECTORY, self.directory_roles), (DATABASE, self.roles))
                       if role in roles]
                for role in sorted(self.all_roles)}


@dataclass(frozen=True)
class DirectoryPerson:
    """A person as the directory (Active Directory, OpenLDAP) describes them."""

    username: str
    dn: str  # the entry found by the search: the only DN a password is ever checked against
    full_name: str
    enabled: bool = True
    mobile: str | None = None
    unit: str | None = None
    email: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkCode:
    """A one-time code for linking a chat account; only its hash is stored."""

    code_hash: str
    user_id: int
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True)
class LinkFailures:
    """Wrong passwords or codes counted against one key (a chat account, a username)."""

    key: str
    count: int
    locked_until: datetime | None = None


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
