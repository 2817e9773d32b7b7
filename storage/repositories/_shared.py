"""Helpers the repositories share: their base, rows into core records, JSON copies, inserts that ignore
duplicates."""
from __future__ import annotations

import copy
import dataclasses
import functools
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Insert, Row, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.models import User
from storage.models.users import UserRow


def _json_copy(value: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(value))


R = TypeVar("R")


@functools.cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


def _record(record_type: type[R], row: Any, **converted: Any) -> R:
    """The core record with the row's same-named columns; `converted` gives the
    fields that need more than a copy (JSON dicts are deep-copied, roles frozen)."""
    names = _field_names(cast(type, record_type))  # cast: mypy doubts a type variable's class is hashable
    values = {name: getattr(row, name) for name in names if name not in converted}
    return record_type(**values, **converted)


class SqlRepository:
    """A repository on its unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session


def _insert_if_absent(column: Any) -> dict[str, Any]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING column, built once for each database (by
    dialect name): the rows it returns are those written."""
    return {name: dialect_insert(column.table).on_conflict_do_nothing().returning(column)
            for name, dialect_insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}


def _insert_ignoring_duplicates(session: Session, table: Any, values: dict[str, Any]) -> bool:
    """INSERT that does nothing when a unique key is taken; True when a row was written."""
    dialect = session.get_bind().dialect.name
    statement: Insert
    if dialect == "sqlite":
        statement = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "postgresql":
        statement = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - the two databases this project runs on are above
        statement = insert(table).values(**values)
    # RETURNING says whether a row was written; rowcount does not on PostgreSQL with
    # psycopg and SQLAlchemy 2.1 (it is -1 for every INSERT).
    key = next(iter(table.__table__.primary_key.columns if hasattr(table, "__table__") else table.primary_key.columns))
    result = cast(CursorResult[Any], session.execute(statement.returning(key)))
    return result.first() is not None

def _user(row: UserRow | Row[Any]) -> User:
    # a loaded UserRow, or a Core row of the users table (the statements built once)
    return _record(User, row, roles=frozenset(row.roles), directory_roles=frozenset(row.directory_roles or ()),
                   disabled=bool(row.disabled))
