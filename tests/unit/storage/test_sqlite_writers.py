"""SQLite writers of one process take turns on a lock of their own, and a dispatcher that
finds nothing to send takes no write lock at all."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.outbox import OutboxService
from core.transactions import OwnUnits
from storage.db import Database, open_database
from tests.unit.storage.support import add_user


@pytest.fixture
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    # SQLite's own locking is what is tested: no PostgreSQL twin (tmp_path would add one)
    database = open_database(f"sqlite:///{Path(tmp_path_factory.mktemp('writers')) / 'bimeh.db'}")
    yield database
    database.dispose()


def _in_thread(work: object) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)  # type: ignore[arg-type]
    thread.start()
    return thread


def test_a_second_writer_waits_for_the_first_and_then_writes(sqlite_db: Database) -> None:
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with sqlite_db.uow() as uow:
            add_user(uow, "first")
            holding.set()
            release.wait(10)
            order.append("first")
            uow.commit()

    def second() -> None:
        with sqlite_db.uow() as uow:
            add_user(uow, "second")
            order.append("second")
            uow.commit()

    a = _in_thread(first)
    assert holding.wait(10)
    b = _in_thread(second)
    time.sleep(0.3)
    assert order == []  # the second waits while the first holds the write lock
    release.set()
    a.join(10), b.join(10)
    assert order == ["first", "second"]
    with sqlite_db.uow(write=False) as uow:
        assert sorted(u.username for u in uow.users.list()) == ["first", "second"]


def test_a_unit_that_failed_lets_the_next_writer_in(sqlite_db: Database) -> None:
    with pytest.raises(RuntimeError), sqlite_db.uow() as uow:
        add_user(uow, "dropped")
        raise RuntimeError("the handler failed")
    with pytest.raises(RuntimeError), sqlite_db.transaction() as transaction, transaction.write() as uow:
        add_user(uow, "dropped too")
        raise RuntimeError("the handler failed inside an update")

    done = threading.Event()

    def write() -> None:
        with sqlite_db.uow() as uow:
            add_user(uow, "next")
            uow.commit()
        done.set()

    _in_thread(write)
    assert done.wait(5), "the write lock was never given back"
    with sqlite_db.uow(write=False) as uow:
        assert [u.username for u in uow.users.list()] == ["next"]


def test_a_dispatcher_finding_nothing_does_not_wait_for_a_writer(sqlite_db: Database) -> None:
    outbox = OutboxService(OwnUnits(sqlite_db.uow))
    holding, release = threading.Event(), threading.Event()

    def long_update() -> None:
        with sqlite_db.uow() as uow:
            add_user(uow, "busy")
            holding.set()
            release.wait(10)
            uow.commit()

    writer = _in_thread(long_update)
    assert holding.wait(10)
    try:
        started = time.monotonic()
        assert outbox.claim("telegram") == []
        assert time.monotonic() - started < 2  # a read: it did not queue behind the update
    finally:
        release.set()
        writer.join(10)
