"""The schema's revision known without Alembic, and migrations run by one process at a time."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database, DatabaseUnavailable, open_database
from storage.schema_version import head_revisions, known_revisions
from storage.upgrade import MIGRATIONS_DIR
from tests.databases import database_url, on_postgresql


def test_the_revisions_read_from_the_files_are_the_ones_alembic_reads() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    alembics = {script.revision: tuple(script._normalized_down_revisions) for script in scripts.walk_revisions()}

    assert known_revisions() == alembics
    assert head_revisions() == set(scripts.get_heads())


def test_migrating_says_what_it_applied_in_order_and_then_that_there_was_nothing(tmp_path: Path) -> None:
    database = Database(database_url(tmp_path / "bimeh.db", migrated=False))
    try:
        applied = database.migrate()
        again = database.migrate()
    finally:
        database.dispose()

    assert [m.revision for m in applied] == _in_chain_order(known_revisions())
    assert applied[0].description == "Initial schema."
    assert all(m.description and "\n" not in m.description for m in applied)
    assert again == []


def test_several_migrating_at_once_one_applies_and_the_others_find_it_done(tmp_path: Path) -> None:
    url = database_url(tmp_path / "bimeh.db", migrated=False)
    databases = [Database(url) for _ in range(4)]  # each its own engine and pool, as processes have
    start = threading.Barrier(len(databases), timeout=30)
    results: list[object] = []

    def migrate(database: Database) -> None:
        start.wait()
        try:
            results.append(len(database.migrate()))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results.append(error)

    threads = [threading.Thread(target=migrate, args=(d,)) for d in databases]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        with databases[0].engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            held = connection.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar() \
                if on_postgresql() else 0
    finally:
        for database in databases:
            database.dispose()

    assert sorted(results, key=str) == [0, 0, 0, len(known_revisions())]
    assert versions == sorted(head_revisions())
    assert held == 0  # the migration lock was given back


def test_after_migrating_the_sqlite_connection_waits_as_usual_again() -> None:
    database = open_database("sqlite://")  # one connection (in memory): the one that migrated
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    finally:
        database.dispose()


@pytest.mark.parametrize("revision", ["9999", "0013a"])
def test_a_schema_a_newer_release_upgraded_is_refused_in_one_line(tmp_path: Path, revision: str) -> None:
    url = database_url(tmp_path / "bimeh.db")
    database = open_database(url)
    try:
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        database.dispose()

    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(url)

    message = str(refused.value)
    assert f"revision {revision}" in message and "newer release" in message
    assert "\n" not in message


def _in_chain_order(revisions: dict[str, tuple[str, ...]]) -> list[str]:
    """The revisions from the first along their down_revision links (a number handed out earlier may be
    chained after a later one, as the brief asks of a migration merged after newer ones)."""
    order = [next(r for r, downs in revisions.items() if not downs)]
    while len(order) < len(revisions):
        order.append(next(r for r, downs in revisions.items() if order[-1] in downs))
    return order
