"""Users, their chat accounts, the /link codes and failed attempts, and the organisation's directory."""
from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from core.models import ChatAccount, DirectoryPerson, LinkCode, LinkFailures, User


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
    def find_writer(self, platform: str, address: str) -> tuple[User, bool] | None:
        """find_by_account, and whether that account is marked undeliverable (one query)."""
    def unlink_account(self, platform: str, address: str) -> None: ...
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
        """Store what the directory said about a user, and when."""
    def mark_undeliverable(self, platform: str, address: str, reason: str | None) -> None: ...


class LinkCodeRepository(Protocol):
    def add(self, code_hash: str, user_id: int, expires_at: datetime) -> None: ...
    def get(self, code_hash: str) -> LinkCode | None: ...
    def mark_used(self, code_hash: str, now: datetime) -> bool:
        """Only if still unused (a conditional write: a code is used once, even by two at once)."""


class LinkFailureRepository(Protocol):
    def get(self, key: str) -> LinkFailures | None: ...
    def put(self, key: str, count: int, locked_until: datetime | None, now: datetime) -> None: ...
    def delete(self, key: str) -> None: ...


class DirectoryLookup(Protocol):
    """The organisation's directory (Active Directory, OpenLDAP), read with a service account.

    Both methods raise core.errors.DirectoryUnavailable when the directory does not answer.
    """

    def find(self, username: str) -> DirectoryPerson | None:
        """The person whose entry matches the user filter for `username` (escaped), or None."""

    def check_password(self, person: DirectoryPerson, password: str) -> bool:
        """Bind as person.dn (the DN the search found) with `password`; never an empty password."""
