"""Fewer round trips to PostgreSQL for an update's transaction (psycopg's pipeline mode).

An update on PostgreSQL paid a round trip for its BEGIN, one for its chat's advisory lock,
one for marking it handled in the inbox and one for its COMMIT: each of them a wait on the
network and about 0.1 ms of the bot's CPU. Statements whose answer nobody reads go
together: BEGIN with the lock, and the writes kept for the end (the inbox mark) with the
COMMIT. SQLite, in the process, has no round trips: everything runs at once there.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session

from core.errors import StorageUnavailable

# session.info: the statements kept for the COMMIT, in an update's transaction on PostgreSQL
_AT_COMMIT = "bimeh_at_commit"

Statement = tuple[Executable, dict[str, Any]]


def keep_for_commit(session: Session) -> None:
    """From now on, execute_at_commit() in this session waits for commit_with()."""
    session.info[_AT_COMMIT] = []


def execute_at_commit(session: Session, statement: Executable, params: dict[str, Any]) -> None:
    """A write whose result nobody reads and that nothing after it in the transaction reads
    back, in a unit of work with no savepoint of its own (it cannot be undone alone): sent
    with the COMMIT when the session keeps such writes, else executed now."""
    kept: list[Statement] | None = session.info.get(_AT_COMMIT)
    if kept is None:
        session.execute(statement, params)
    else:
        kept.append((statement, params))


def begin_with(session: Session, statements: Iterable[Statement]) -> None:
    """The transaction's BEGIN and these statements (results unread) in one round trip."""
    _pipelined(session, statements, commit=False)


def commit_with_kept(session: Session) -> None:
    """Commit, sending the writes kept for the COMMIT along with it in one round trip."""
    kept: list[Statement] = session.info.pop(_AT_COMMIT, None) or []
    if kept:
        session.flush()  # the ORM's own writes first, as a commit would
        _pipelined(session, kept, commit=True)
    session.commit()  # after a pipelined COMMIT: the session's bookkeeping, nothing sent


def _pipelined(session: Session, statements: Iterable[Statement], commit: bool) -> None:
    import psycopg

    connection = session.connection()
    driver = connection.connection.driver_connection
    try:
        with driver.pipeline():  # sent on leaving the block, answered all at once
            for statement, params in statements:
                connection.execute(statement, params)
            if commit:
                connection.exec_driver_sql("COMMIT")
    except psycopg.Error as error:  # raised by the pipeline's answer, outside SQLAlchemy's handling
        raise StorageUnavailable() from error
