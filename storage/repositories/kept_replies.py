"""Kept replies and reply leases (core.kept_replies): a few rows each, written and read with Core
statements built once."""
from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.kept_replies import KeptReply, ReplyLease
from storage.models.kept_replies import KeptReplyRow, ReplyLeaseRow
from storage.repositories._shared import SqlRepository

_KEPT = KeptReplyRow.__table__
_KEEP = insert(_KEPT).returning(_KEPT.c.id)  # one a handled message: built once
_FORGET = delete(_KEPT).where(_KEPT.c.id.in_(bindparam("ids", expanding=True)))
_LEASES = ReplyLeaseRow.__table__


def _upsert_lease(dialect_insert: Any) -> Any:
    statement = dialect_insert(_LEASES)
    return statement.on_conflict_do_update(index_elements=[_LEASES.c.owner],
                                           set_={"host": statement.excluded.host, "pid": statement.excluded.pid,
                                                 "expires_at": statement.excluded.expires_at})


_HOLD = {"sqlite": _upsert_lease(sqlite_insert), "postgresql": _upsert_lease(postgresql_insert)}


class SqlKeptReplyRepository(SqlRepository):
    def keep(self, platform: str, chat_id: str, owner: str, messages: builtins.list[dict[str, Any]],
             now: datetime) -> int:
        return self._session.execute(_KEEP, {"platform": platform, "chat_id": chat_id, "owner": owner,
                                             "messages": messages, "kept_at": now}).scalar_one()

    def forget(self, ids: Sequence[int]) -> None:
        if ids:
            self._session.execute(_FORGET, {"ids": list(ids)})

    def owners(self, platform: str) -> builtins.list[str]:
        return list(self._session.scalars(select(KeptReplyRow.owner).where(KeptReplyRow.platform == platform)
                                          .distinct()))

    def adopt(self, platform: str, owners: Sequence[str], new_owner: str) -> builtins.list[KeptReply]:
        # one UPDATE: of two processes adopting at once, the second finds the rows owned by the
        # first (PostgreSQL re-checks the WHERE once the first commits; SQLite has one writer)
        rows = self._session.execute(
            update(_KEPT).where(_KEPT.c.platform == platform, _KEPT.c.owner.in_(list(owners)))
            .values(owner=new_owner).returning(_KEPT.c.id, _KEPT.c.chat_id, _KEPT.c.messages))
        return [KeptReply(kept_id, chat_id, list(messages)) for kept_id, chat_id, messages in rows]


class SqlReplyLeaseRepository(SqlRepository):
    def hold(self, owner: str, host: str, pid: int, expires_at: datetime) -> None:
        statement = _HOLD[self._session.get_bind().dialect.name]
        self._session.execute(statement, {"owner": owner, "host": host, "pid": pid, "expires_at": expires_at})

    def release(self, owner: str) -> None:
        self._session.execute(delete(_LEASES).where(_LEASES.c.owner == owner))

    def all(self) -> builtins.list[ReplyLease]:
        return [ReplyLease(row.owner, row.host, row.pid, row.expires_at)
                for row in self._session.execute(select(ReplyLeaseRow.owner, ReplyLeaseRow.host, ReplyLeaseRow.pid,
                                                        ReplyLeaseRow.expires_at))]
