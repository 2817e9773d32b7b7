"""Engine set-up, migrations and the unit-of-work factory."""
from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Connection, Engine, bindparam, create_engine, event, func, select, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from core.desk_gauges import DeskStats
from core.errors import StorageUnavailable
from storage.models.conversations import ConversationRow
from storage.models.messages import OutboxRow
from storage.models.tickets import TicketRow
from storage.repositories import SqlOwnUnitOfWork, SqlUnitOfWork
from storage.repositories.messages import OUTBOX_ROWS_COMMITTED
from storage.schema_version import UnknownRevision
from storage.upgrade import AppliedMigration, upgrade_schema
from storage.upgrade import alembic_config as alembic_config  # where tests and tools have taken it from

if TYPE_CHECKING:
    from core.ports import UnitOfWork

SQLITE_BUSY_TIMEOUT_MS = 15000
# Execution option of the engine that read-only units of work use (SQLite: BEGIN DEFERRED).
READ_ONLY = "bimeh_read_only"
_DEFERRED = "bimeh_deferred"  # connection.info: the open SQLite transaction has not taken the write lock
_HOLDS_LOCK = "bimeh_holds_write_lock"  # connection.info: this connection holds _SqliteWriters' lock
_WRITE_STATEMENTS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT"})


class DatabaseUnavailable(Exception):
    """The database cannot be opened. The message is one line for the operator, with no password."""


class MigrationRefused(Exception):
    """A migration found data it cannot change without the operator's decision; nothing was changed.
    The message is one line saying what to do."""


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
        engine = create_engine(url, hide_parameters=True)
        pinger = _PingWhenIdle(engine.dialect)
        event.listen(engine.pool, "connect", pinger.fresh)
        event.listen(engine.pool, "checkin", pinger.fresh)
        event.listen(engine.pool, "checkout", pinger.checked_out)
        event.listen(engine, "handle_error", _unavailable)
        return engine

    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_sqlite_memory(url):
        # One shared connection, or every checkout would see its own empty database.
        options["poolclass"] = StaticPool
    engine = create_engine(url, hide_parameters=True, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    writers = _SqliteWriters()
    event.listen(engine, "begin", writers.begin)
    event.listen(engine, "before_cursor_execute", writers.take_write_lock_before_writing)
    event.listen(engine, "commit", writers.ended)
    event.listen(engine, "rollback", writers.ended)
    event.listen(engine.pool, "checkin", writers.checked_in)
    event.listen(engine, "handle_error", _unavailable)
    return engine


# A pooled PostgreSQL connection idle longer than this is pinged (a round trip) before use: a
# server that restarted leaves dead ones behind. One in steady use (the next update a few
# milliseconds later) is not; pinging every checkout cost a round trip per update. A server
# gone in those milliseconds fails that update's first statement: the person is told the
# service is briefly unavailable, and the pool connects afresh.
PING_AFTER_IDLE_SECONDS = 2.0
_IDLE_SINCE = "bimeh_idle_since"


class _PingWhenIdle:
    def __init__(self, dialect: Any) -> None:
        self._dialect = dialect

    @staticmethod
    def fresh(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checked_out(self, dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if time.monotonic() - record.info.get(_IDLE_SINCE, 0.0) <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            self._dialect.do_ping(dbapi_connection)
        except Exception as exc:  # noqa: BLE001 - any failure: a dead connection
            raise DisconnectionError() from exc  # the pool drops it and hands out a new one


# SQLite's words for a file it cannot use (moved, unreadable, replaced by something else)
_SQLITE_FILE_GONE = ("unable to open database file", "file is not a database", "disk i/o error",
                     "no such table", "readonly database")


def _unavailable(context: ExceptionContext) -> None:
    """The database is away (server stopped, file unreadable): say so in core's terms, so the
    person is told the service is briefly unavailable; a lost connection is dropped from the
    pool, and the next unit of work connects afresh."""
    error = context.sqlalchemy_exception
    if context.is_disconnect or isinstance(error, OperationalError) or (
            context.engine is not None and context.engine.dialect.name == "sqlite"
            and isinstance(error, DBAPIError) and str(error.orig).lower().startswith(_SQLITE_FILE_GONE)):
        raise StorageUnavailable() from error


def _configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # Take BEGIN away from the sqlite3 driver; _SqliteWriters.begin emits it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL may itself have to wait for a lock.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # synchronous stays FULL: the Telegram offset is confirmed once an update is in the inbox,
        # so an inbox commit undone by a power cut would be an update lost. NORMAL made updates/s
        # about 10% faster (bench/updates.py); not worth that.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _begin(connection: Connection, statement: str) -> None:
    """BEGIN on the driver's connection: through SQLAlchemy's execution (events, context,
    result) it cost more than the rest of a read. Errors are the engine's, as its own would be."""
    try:
        # a checked-out connection always has its driver's (None only once it is closed)
        connection.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
    except sqlite3.Error as exc:
        raise StorageUnavailable() from exc


class _SqliteWriters:
    """SQLite's write lock, taken in turn by this process's threads.

    A thread that finds the file's write lock taken waits in SQLite's busy handler, which
    sleeps 1, 2, 5, 10, ... 100 ms between tries: with several handling threads, most of an
    update's time went to those sleeps, not to waiting for the writer. So writers of one
    process queue on a Python lock first (woken the moment it is free) and only then take
    SQLite's lock, which other processes sharing the file still contend for as before."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # not an RLock: released by whichever thread ends the transaction

    def _take(self, connection: Connection) -> None:
        # the timeout keeps a lost release from stopping every writer: past it, SQLite decides
        if not connection.info.get(_HOLDS_LOCK) and self._lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            connection.info[_HOLDS_LOCK] = True

    def _give_back(self, info: dict[Any, Any]) -> None:
        if info.pop(_HOLDS_LOCK, False):
            self._lock.release()

    def begin(self, connection: Connection) -> None:
        # A unit of work that may write takes the write lock up front: a deferred
        # transaction that reads and then writes fails with SQLITE_BUSY (without
        # waiting) when another writer got in between; BEGIN IMMEDIATE waits for
        # busy_timeout instead. A read-only unit begins deferred, so readers never
        # wait for the write lock nor hold it (WAL lets them read beside a writer).
        if connection.get_execution_options().get(READ_ONLY):
            _begin(connection, "BEGIN")
            connection.info[_DEFERRED] = True
            return
        self._take(connection)
        try:
            _begin(connection, "BEGIN IMMEDIATE")
        except BaseException:
            self._give_back(connection.info)
            raise

    def take_write_lock_before_writing(self, connection: Connection, cursor: Any, statement: str,
                                       *args: Any) -> None:
        # A "read-only" unit that writes after all: end the read and start again
        # with the write lock, instead of failing with SQLITE_BUSY. What it read
        # before is then as in PostgreSQL's READ COMMITTED; writes that depend on
        # it are conditional (compare-and-set, insert-if-absent) anyway.
        if connection.info.get(_DEFERRED) and statement.lstrip()[:9].split(None, 1)[0].upper() in _WRITE_STATEMENTS:
            connection.info[_DEFERRED] = False
            cursor.execute("COMMIT")
            self._take(connection)
            cursor.execute("BEGIN IMMEDIATE")

    def ended(self, connection: Connection) -> None:
        connection.info[_DEFERRED] = False

    def checked_in(self, dbapi_connection: Any, connection_record: Any) -> None:
        # Given back when the connection goes back to the pool, after its COMMIT has been
        # written (the commit event comes before it): the next writer then finds SQLite's
        # lock free rather than sleeping in the busy handler while the fsync runs.
        self._give_back(connection_record.info)


_LOCK_CHAT = select(func.pg_advisory_xact_lock(bindparam("chat", type_=BigInteger)))  # built once


def _chat_lock_key(chat_key: str) -> int:
    """The advisory lock key of a chat (PostgreSQL's bigint)."""
    return int.from_bytes(hashlib.blake2b(chat_key.encode(), digest_size=8).digest(), "big", signed=True)


class Transaction:
    """One update's transaction (Database.transaction): the Units (core/ports/unit_of_work.py) the
    services that handle the update are built over (Desk.within). Each piece of their work is a
    part of it:
    - write(): a savepoint, released when the piece ends well (what it wrote is kept, to be
      committed with the whole update) and rolled back when it raises (a refusal undoes that
      piece only: the chat's state, the processed mark and the outbox rows of the update stay);
    - read(): no savepoint (it has nothing of its own to undo: two statements fewer each time a
      handler looks something up); a write it makes after all goes with the whole update;
    - statement(): one write statement (marking an update handled, saving where a chat is), no
      savepoint: it happens, or it failed and the whole update is undone (PostgreSQL has aborted
      the transaction anyway).
    A database failure (StorageUnavailable) in any part marks the transaction broken: nothing of
    the update is committed, even if a handler caught the failure."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._repositories = SqlUnitOfWork(session)  # the parts share the session's repositories
        self.broken = False

    def write(self) -> AbstractContextManager[UnitOfWork]:
        return self._savepoint()

    def read(self) -> AbstractContextManager[UnitOfWork]:
        return self._part(undone_alone=True)

    def statement(self) -> AbstractContextManager[UnitOfWork]:
        return self._part(undone_alone=False)

    @contextmanager
    def _savepoint(self) -> Iterator[UnitOfWork]:
        savepoint = self._session.begin_nested()
        try:
            yield self._repositories
            savepoint.commit()  # RELEASE SAVEPOINT: kept, to be committed with the whole update
        except BaseException as error:
            if isinstance(error, StorageUnavailable):
                self.broken = True  # the connection may be gone: nothing of the update is kept
            # (any other error, e.g. an insert-if-absent's IntegrityError, undoes this part only)
            try:
                if savepoint.is_active:
                    savepoint.rollback()  # ROLLBACK TO SAVEPOINT
            except Exception:  # noqa: BLE001 - rolling back on a failed connection; the end rolls back all
                self.broken = True
            raise

    @contextmanager
    def _part(self, undone_alone: bool) -> Iterator[UnitOfWork]:
        try:
            yield self._repositories
            self._session.flush()  # a write made in it goes with the whole update
        except BaseException as error:
            if not undone_alone or isinstance(error, StorageUnavailable):
                self.broken = True  # on PostgreSQL a failed statement has aborted the transaction
            raise


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_db_engine(url)
        self._read_engine = self.engine.execution_options(**{READ_ONLY: True})
        self.is_postgresql = self.engine.dialect.name == "postgresql"

    def uow(self, write: bool = True) -> SqlOwnUnitOfWork:
        """A unit of work with a transaction of its own; write=False for one that only reads
        (SQLite: no write lock)."""
        engine = self.engine if write else self._read_engine
        return SqlOwnUnitOfWork(Session(engine, expire_on_commit=False))

    @contextmanager
    def transaction(self, chat_key: str | None = None) -> Iterator[Transaction]:
        """One update's transaction (core/ports/unit_of_work.py, OneTransaction), committed at the
        end of the block: all of it or, if anything failed at the database, none of it. One update
        costs one transaction (SQLite: one write lock taken, one fsync) instead of several.
        Raises StorageUnavailable when the database failed inside, even if that was caught.
        `chat_key`: on PostgreSQL the transaction takes a transaction-level advisory lock on the
        chat as its first statement and keeps it to its commit or rollback, so webhook workers
        behind one address handle a chat's updates in order (one statement, on the update's own
        connection). On SQLite (one process) the runner's in-process lock is enough."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            if chat_key is not None and self.is_postgresql:  # the chat is this transaction's first
                session.execute(_LOCK_CHAT, {"chat": _chat_lock_key(chat_key)})
            transaction = Transaction(session)
            yield transaction
            if transaction.broken:
                raise StorageUnavailable()
            session.commit()  # the engine turns a database gone away into StorageUnavailable
            OUTBOX_ROWS_COMMITTED.add_from(session)
        finally:
            session.close()  # rolls back what was not committed

    @staticmethod
    def outbox_rows_committed() -> int:
        """Outbox rows this process has committed so far (the dispatcher's wake-up hint)."""
        return OUTBOX_ROWS_COMMITTED.count

    def ping(self) -> None:
        """Raise unless the database answers."""
        with self._read_engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def stats(self, now: datetime) -> DeskStats:
        with self._read_engine.connect() as connection:
            waiting = (OutboxRow.delivered_at.is_(None)) & (OutboxRow.failed_at.is_(None))
            outbox = connection.execute(
                select(OutboxRow.platform, func.count(), func.min(OutboxRow.created_at))
                .where(waiting).group_by(OutboxRow.platform)
            ).all()
            drafts = connection.scalar(select(func.count()).select_from(ConversationRow)) or 0
            tickets = connection.execute(
                select(TicketRow.request_type, TicketRow.status, func.count())
                .group_by(TicketRow.request_type, TicketRow.status)
            ).all()
        # min() keeps the column's type, so these are aware UTC datetimes
        ages = {platform: max(0.0, (now - oldest).total_seconds()) for platform, _, oldest in outbox}
        return DeskStats(
            outbox_depth={platform: count for platform, count, _ in outbox},
            outbox_oldest_age_seconds=ages,
            active_drafts=int(drafts),
            tickets_by_state={(rtype, status): count for rtype, status, count in tickets},
        )

    def migrate(self) -> list[AppliedMigration]:
        """Upgrade the schema to the newest revision: what was applied, [] when it was there
        already. Any number of processes may do it at once (storage/upgrade.py)."""
        return upgrade_schema(self.engine, self._read_engine)

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
    database, _ = _opened_and_migrated(url)
    return database


def upgrade_database(url: str) -> list[AppliedMigration]:
    """Bring the database at url to the newest revision (creating a SQLite file and its
    directory); what was applied, [] when it was current. Raises DatabaseUnavailable."""
    database, applied = _opened_and_migrated(url)
    database.dispose()
    return applied


def _opened_and_migrated(url: str) -> tuple[Database, list[AppliedMigration]]:
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
        return database, database.migrate()
    except UnknownRevision as exc:
        database.dispose()
        raise DatabaseUnavailable(f"{shown}: the schema is at revision {exc}, which this release does not know; "
                                  "a newer release upgraded it: run that one") from None
    except MigrationRefused as exc:
        database.dispose()
        raise DatabaseUnavailable(f"{shown}: {exc}") from None
    except (DBAPIError, StorageUnavailable) as exc:
        database.dispose()
        # the driver's own words ("file is not a database", "unable to open database file");
        # hide_parameters keeps what users typed out of them
        # (StorageUnavailable is raised from the driver's own exception)
        orig = exc.__cause__ if isinstance(exc, StorageUnavailable) else exc.orig
        reason = (str(orig).splitlines() or [type(orig).__name__])[0] if orig is not None else type(exc).__name__
        raise DatabaseUnavailable(f"{shown}: {reason}") from None


if TYPE_CHECKING:  # mypy checks the database against the ports it offers core (core/ports/unit_of_work.py)
    from core.ports import OneTransaction, UnitOfWorkFactory, Units

    def _offered(database: Database, transaction: Transaction) -> tuple[UnitOfWorkFactory, OneTransaction, Units]:
        return database.uow, database.transaction, transaction
