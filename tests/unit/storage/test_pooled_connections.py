"""PostgreSQL's pooled connections: pinged before use only after sitting idle.

A ping is a round trip, and pinging every checkout cost one per update. A connection in
steady use is trusted; one idle past PING_AFTER_IDLE_SECONDS (a server may have restarted
meanwhile) is pinged, and a dead one is replaced before anything is asked of it."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg import sql

import storage.db
from core.errors import StorageUnavailable
from storage.db import Database, open_database
from tests.databases import PostgresServer


@pytest.fixture
def pg(postgres_server: PostgresServer) -> Iterator[tuple[Database, list[int]]]:
    database = open_database(postgres_server.url(postgres_server.create()))
    pings: list[int] = []
    ping = database.engine.dialect.do_ping
    database.engine.dialect.do_ping = lambda connection: pings.append(1) or ping(connection)  # type: ignore[method-assign]
    yield database, pings
    database.dispose()


def _backend_pid(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _terminate(server: PostgresServer, pid: int) -> None:
    """The server ends that session, as a restart ends them all."""
    server.execute(sql.SQL("SELECT pg_terminate_backend({})").format(sql.Literal(pid)))


def _count_users(database: Database) -> int:
    with database.uow(write=False) as uow:
        return len(uow.users.list())


def test_a_connection_in_steady_use_is_not_pinged(pg: tuple[Database, list[int]]) -> None:
    database, pings = pg
    for _ in range(20):
        _count_users(database)
    assert pings == []


def test_an_idle_connection_whose_server_session_ended_is_replaced_before_use(
        pg: tuple[Database, list[int]], postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    database, pings = pg
    _terminate(postgres_server, _backend_pid(database))
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)  # as if it had sat idle
    assert _count_users(database) == 0  # answered, on a new connection
    assert pings  # the dead one was found by its ping, not by a failed statement


def test_a_busy_connection_cut_since_its_last_use_fails_one_unit_then_the_pool_recovers(
        pg: tuple[Database, list[int]], postgres_server: PostgresServer) -> None:
    database, _ = pg
    _terminate(postgres_server, _backend_pid(database))
    with pytest.raises(StorageUnavailable):  # the person is told the service is briefly unavailable
        _count_users(database)
    assert _count_users(database) == 0
