"""PostgreSQL: an update's BEGIN goes with its chat's lock, and its inbox mark with its COMMIT
(psycopg's pipeline mode), two round trips fewer an update; what is kept or lost is the same."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg import sql
from sqlalchemy import event

from core.errors import StorageUnavailable
from storage.db import Database, open_database
from tests.databases import PostgresServer
from tests.unit.storage.support import T0, add_user


@pytest.fixture
def pg(postgres_server: PostgresServer) -> Iterator[Database]:
    database = open_database(postgres_server.url(postgres_server.create()))
    yield database
    database.dispose()


def _an_update(database: Database, update_id: int, then_fail: Exception | None = None) -> None:
    """What the Telegram transport does with update_id: in the chat's lock, one transaction
    that saves the chat's draft and marks the update handled."""
    with database.uow() as uow:
        user = uow.users.by_username("ali") or add_user(uow, "ali")
        uow.inbox.store("telegram", [(update_id, {"update_id": update_id})], T0)
        uow.commit()
    with database.chat_lock("telegram:7"), database.one_transaction():
        with database.uow(alone=False) as uow:
            uow.conversations.put("telegram:7", user.id, {"update": update_id}, T0)
            uow.commit()
        with database.uow(alone=False) as uow:
            uow.inbox.mark_handled("telegram", update_id, T0)
            uow.commit()
        if then_fail is not None:
            raise then_fail


def _unhandled(database: Database) -> list[int]:
    with database.uow(write=False) as uow:
        return [payload["update_id"] for payload in uow.inbox.unhandled("telegram", 100)]


def _draft(database: Database) -> dict | None:
    with database.uow(write=False) as uow:
        found = uow.conversations.get("telegram:7")
        return found.state if found is not None else None


def test_the_lock_goes_with_the_begin_and_the_inbox_mark_with_the_commit(pg: Database) -> None:
    sent: list[tuple[str, bool]] = []  # each statement, and whether it waited in a pipeline

    def seen(connection, _cursor, statement, *_args) -> None:  # noqa: ANN001
        sent.append((" ".join(statement.split()[:2]),
                     bool(connection.connection.driver_connection.pgconn.pipeline_status)))

    _an_update(pg, 1)  # the user and the first rows exist
    event.listen(pg.engine, "before_cursor_execute", seen)
    _an_update(pg, 2)
    update = sent[[s for s, _ in sent].index("SELECT pg_advisory_xact_lock(%(chat)s::BIGINT)"):]
    assert update == [("SELECT pg_advisory_xact_lock(%(chat)s::BIGINT)", True),  # with the BEGIN
                      ("UPDATE conversations", False),  # its answer is read (a new chat is inserted)
                      ("UPDATE inbox", True), ("COMMIT", True)]  # together: one round trip
    assert _unhandled(pg) == [] and _draft(pg) == {"update": 2}


def test_an_update_that_fails_before_its_commit_keeps_neither_its_draft_nor_its_mark(pg: Database) -> None:
    _an_update(pg, 1)
    with pytest.raises(RuntimeError):
        _an_update(pg, 2, then_fail=RuntimeError("the handling failed after the mark was kept"))
    assert _unhandled(pg) == [2] and _draft(pg) == {"update": 1}  # handled again at the next start


def test_a_server_gone_at_the_commit_keeps_nothing_and_the_next_update_is_served(
        pg: Database, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    _an_update(pg, 1)
    import storage.pipelined

    real = storage.pipelined._pipelined

    def cut_then_commit(session, statements, commit):  # noqa: ANN001, ANN202
        if commit:  # the server ends this session just before the COMMIT goes
            pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            postgres_server.execute(sql.SQL("SELECT pg_terminate_backend({})").format(sql.Literal(pid)))
        return real(session, statements, commit)

    monkeypatch.setattr(storage.pipelined, "_pipelined", cut_then_commit)
    with pytest.raises(StorageUnavailable):  # the person is told the service is briefly unavailable
        _an_update(pg, 2)
    monkeypatch.undo()
    assert _unhandled(pg) == [2] and _draft(pg) == {"update": 1}
    _an_update(pg, 3)  # a new connection serves the next one
    assert _unhandled(pg) == [2] and _draft(pg) == {"update": 3}
