"""Users, their chat accounts, and the /link codes and failed attempts."""
from __future__ import annotations

import builtins
import json
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, String, bindparam, or_, select, update
from sqlalchemy import cast as sql_cast

from core.identity import canonical_username
from core.models import REQUESTER, ChatAccount, LinkCode, LinkFailures, User
from storage.models.users import ChatAccountRow, LinkCodeRow, LinkFailureRow, UserRow
from storage.repositories._shared import SqlRepository, _record, _user


def _stored_roles(roles: Iterable[str]) -> list[str]:
    # Everyone is a requester implicitly, so it is never stored.
    return sorted(set(roles) - {REQUESTER})




def _account(row: ChatAccountRow) -> ChatAccount:
    return _record(ChatAccount, row)


# Who wrote, asked for every update: Core statements built once, read into a User (no UserRow
# is loaded). Every write to users flushes at once, so what they read is never behind the session.
_USERS, _ACCOUNTS = UserRow.__table__, ChatAccountRow.__table__
_BY_USERNAME = select(_USERS).where(_USERS.c.username == bindparam("username"))
_WRITER = (select(_USERS, _ACCOUNTS.c.undeliverable_reason.label("undeliverable"))
           .join(_ACCOUNTS, _ACCOUNTS.c.user_id == _USERS.c.id)
           .where(_ACCOUNTS.c.platform == bindparam("platform"), _ACCOUNTS.c.address == bindparam("address")))


class SqlUserRepository(SqlRepository):
    def get(self, user_id: int) -> User | None:
        row = self._session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_username(self, username: str) -> User | None:
        row = self._session.execute(_BY_USERNAME, {"username": canonical_username(username)}).first()
        return _user(row) if row else None

    def add(self, username: str, full_name: str, roles: Iterable[str], lang: str = "fa") -> User:
        row = UserRow(username=canonical_username(username), full_name=full_name, roles=_stored_roles(roles), lang=lang,
                      directory_roles=[], disabled=False)
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def update(self, user: User) -> User:
        row = self._session.get(UserRow, user.id)
        if row is None:
            raise LookupError(f"no user with id {user.id}")
        row.full_name = user.full_name
        row.roles = _stored_roles(user.roles)
        row.lang = user.lang
        self._session.flush()
        return _user(row)

    def list(self) -> list[User]:
        rows = self._session.scalars(select(UserRow).order_by(UserRow.id))
        return [_user(row) for row in rows]

    # Below `def list`, `list` in annotations means that method: use builtins.list.
    def with_role(self, role: str) -> builtins.list[User]:
        # Roles are JSON lists: the database narrows to rows whose lists name the role (as
        # text, so both databases answer it; a notification no longer reads every user),
        # and User.has_role decides, as everywhere (every user is a requester).
        query = select(UserRow).order_by(UserRow.id)
        if role != REQUESTER:
            quoted = json.dumps(role)
            query = query.where(or_(sql_cast(UserRow.roles, String).contains(quoted, autoescape=True),
                                    sql_cast(UserRow.directory_roles, String).contains(quoted, autoescape=True)))
        return [user for user in map(_user, self._session.scalars(query)) if user.has_role(role)]

    def accounts(self, user_id: int) -> builtins.list[ChatAccount]:
        rows = self._session.scalars(
            select(ChatAccountRow).where(ChatAccountRow.user_id == user_id).order_by(ChatAccountRow.id)
        )
        return [_account(row) for row in rows]

    def link_account(self, user_id: int, platform: str, address: str) -> ChatAccount:
        row = self._account_row(platform, address)
        if row is None:
            row = ChatAccountRow(user_id=user_id, platform=platform, address=address)
            self._session.add(row)
        else:
            row.user_id = user_id
            row.undeliverable_reason = None
        self._session.flush()
        return _account(row)

    def find_by_account(self, platform: str, address: str) -> User | None:
        found = self.find_writer(platform, address)
        return found[0] if found else None

    def find_writer(self, platform: str, address: str) -> tuple[User, bool] | None:
        found = self._session.execute(_WRITER, {"platform": platform, "address": address}).first()
        return (_user(found), found.undeliverable is not None) if found else None

    def unlink_account(self, platform: str, address: str) -> None:
        row = self._account_row(platform, address)
        if row is not None:
            self._session.delete(row)
            self._session.flush()

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
        row = self._session.get(UserRow, user_id)
        if row is None:
            raise LookupError(f"no user with id {user_id}")
        row.full_name = full_name
        row.directory_roles = _stored_roles(directory_roles)
        row.disabled = disabled
        row.mobile = mobile
        row.unit = unit
        row.directory_checked_at = checked_at
        self._session.flush()
        return _user(row)

    def mark_undeliverable(self, platform: str, address: str, reason: str | None) -> None:
        row = self._account_row(platform, address)
        if row is not None:
            row.undeliverable_reason = reason
            self._session.flush()

    def _account_row(self, platform: str, address: str) -> ChatAccountRow | None:
        return self._session.scalar(
            select(ChatAccountRow).where(ChatAccountRow.platform == platform, ChatAccountRow.address == address)
        )


class SqlLinkCodeRepository(SqlRepository):
    def add(self, code_hash: str, user_id: int, expires_at: datetime) -> None:
        self._session.add(LinkCodeRow(code_hash=code_hash, user_id=user_id, expires_at=expires_at))
        self._session.flush()

    def get(self, code_hash: str) -> LinkCode | None:
        row = self._session.get(LinkCodeRow, code_hash, populate_existing=True)
        return _record(LinkCode, row) if row else None

    def mark_used(self, code_hash: str, now: datetime) -> bool:
        # one conditional UPDATE: of two uses at once, one wins
        result = cast(CursorResult, self._session.execute(
            update(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash, LinkCodeRow.used_at.is_(None))
            .values(used_at=now)
        ))
        return result.rowcount == 1


class SqlLinkFailureRepository(SqlRepository):
    def get(self, key: str) -> LinkFailures | None:
        row = self._session.get(LinkFailureRow, key)
        return _record(LinkFailures, row) if row else None

    def put(self, key: str, count: int, locked_until: datetime | None, now: datetime) -> None:
        row = self._session.get(LinkFailureRow, key)
        if row is None:
            self._session.add(LinkFailureRow(key=key, count=count, locked_until=locked_until, updated_at=now))
        else:
            row.count, row.locked_until, row.updated_at = count, locked_until, now
        self._session.flush()

    def delete(self, key: str) -> None:
        row = self._session.get(LinkFailureRow, key)
        if row is not None:
            self._session.delete(row)
            self._session.flush()
