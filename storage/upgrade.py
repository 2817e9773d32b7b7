"""Bringing a schema to the newest revision, one process at a time.

Any number of processes may start together on one database, fresh or left by an older
release: the first to find something to apply takes the migration lock, the others wait for
it, then find the schema current and go on. PostgreSQL: a session advisory lock with a fixed
key, held on a connection of its own around the upgrade (four processes creating the tables
at once crashed on duplicate keys in PostgreSQL's catalogue). SQLite: the upgrade's own
transaction, BEGIN IMMEDIATE, which no other writer passes while it is open.

Alembic is imported only when there is something to apply (storage/schema_version.py).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, select

from storage.schema_version import is_current

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = int.from_bytes(hashlib.blake2b(b"bimeh-desk migrations", digest_size=8).digest(), "big",
                                    signed=True)
# SQLite: how long a start waits for another process's upgrade (the engine's usual busy timeout,
# 15 s, is for one transaction; copying a large table may take longer).
MIGRATION_WAIT_SECONDS = 600


@dataclass(frozen=True)
class AppliedMigration:
    revision: str
    description: str  # the first paragraph of the migration's docstring


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic configuration for storage/migrations; no alembic.ini needed."""
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolates '%', which may occur in paths and URLs.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine, read_engine: Engine) -> list[AppliedMigration]:
    """Apply what the schema lacks, in order; [] when it is current (then quickly: one read)."""
    with read_engine.connect() as connection:
        if is_current(connection):
            return []
    with _one_process_at_a_time(engine) as connection:
        if is_current(connection):  # another process upgraded it while this one waited
            return []
        return _apply(connection)


@contextmanager
def _one_process_at_a_time(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other process's upgrade runs beside."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine), engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        sqlite = connection.connection.driver_connection
        assert sqlite is not None  # the connection is open
        usual = sqlite.execute("PRAGMA busy_timeout").fetchone()[0]
        sqlite.execute(f"PRAGMA busy_timeout={MIGRATION_WAIT_SECONDS * 1000}")  # for the BEGIN IMMEDIATE below
        try:
            with connection.begin():
                yield connection
        finally:
            sqlite.execute(f"PRAGMA busy_timeout={usual}")


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[None]:
    with engine.connect() as holder:
        holder.execute(select(func.pg_advisory_lock(MIGRATION_LOCK_KEY)))  # waits for another process's upgrade
        holder.commit()  # a session lock: it outlives this transaction; the connection idles meanwhile
        try:
            yield
        finally:
            try:
                holder.execute(select(func.pg_advisory_unlock(MIGRATION_LOCK_KEY)))
                holder.commit()
            except Exception:  # noqa: BLE001 - the server ends the lock with the session
                holder.invalidate()  # never back to the pool holding the lock


def _apply(connection: Connection) -> list[AppliedMigration]:
    from alembic import command

    applied: list[AppliedMigration] = []

    def record(*, step: Any, **_: Any) -> None:
        doc = step.up_revision.doc if step.up_revision is not None else ""
        applied.append(AppliedMigration(step.up_revision_id, re.sub(r"\s+", " ", doc or "").strip()))

    config = alembic_config(connection)
    config.attributes["on_version_apply"] = record
    command.upgrade(config, "head")
    return applied
