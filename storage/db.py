"""Engine set-up, migrations and the unit-of-work factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from storage.repositories import SqlUnitOfWork

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15000


class DatabaseUnavailable(Exception):
    """The database cannot be opened. The message is one line for the operator, with no password."""


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _is_sqlite_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database or url.query.get("mode") == "memory"


def create_db_engine(url: str | URL) -> Engine:
    """An engine for url; for SQLite, one that lets several processes share the file."""
    url = make_url(url)
    # hide_parameters: error messages and logs must not carry what users typed
    # (national ids, mobile numbers)
    if not _is_sqlite(url):
        return create_engine(url, hide_parameters=True)

    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_sqlite_memory(url):
        # One shared connection, or every checkout would see its own empty database.
        options["poolclass"] = StaticPool
    engine = create_engine(url, hide_parameters=True, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # Take BEGIN away from the sqlite3 driver; _begin_immediate emits it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL may itself have to wait for a lock.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take the write lock up front. A deferred transaction that reads and then
    # writes fails with SQLITE_BUSY (without waiting) when another writer got
    # in between; BEGIN IMMEDIATE waits for busy_timeout instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic configuration for storage/migrations; no alembic.ini needed."""
    config = Config()
    # ConfigParser interpolates '%', which may occur in paths and URLs.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_db_engine(url)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(Session(self.engine, expire_on_commit=False))

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision; a no-op when already there."""
        with self.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")

    def dispose(self) -> None:
        self.engine.dispose()


def _create_parent_directory(url: URL) -> None:
    if _is_sqlite(url) and not _is_sqlite_memory(url) and url.database:
        if url.database.startswith("file:"):
            return  # a SQLite URI; leave it to SQLite
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def open_database(url: str) -> Database:
    """A ready-to-use database: directory created (SQLite), schema migrated.

    Raises DatabaseUnavailable, saying what is wrong, when that cannot be done."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            "the database url is not a URL; expected e.g. sqlite:///data/bimeh.db "
            "or postgresql+psycopg://user@host/dbname") from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        _create_parent_directory(parsed)
        database = Database(url)
    except ModuleNotFoundError as exc:
        raise DatabaseUnavailable(f"{shown}: its driver (Python module {exc.name!r}) is not installed") from None
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"{shown}: {exc}") from None
    except OSError as exc:
        raise DatabaseUnavailable(f"{shown}: cannot create its directory: {exc.strerror}") from None
    try:
        database.migrate()
    except DBAPIError as exc:
        database.dispose()
        # the driver's own words ("file is not a database", "unable to open database file");
        # hide_parameters keeps what users typed out of them
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise DatabaseUnavailable(f"{shown}: {reason}") from None
    return database
