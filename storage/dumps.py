"""The database's half of a backup: a consistent snapshot into a file, and back into an empty database.

SQLite: the online backup API copies every page in one step inside one read transaction, so the
copy is the database as of one moment while others go on writing (WAL: readers block no writer).
PostgreSQL: pg_dump's custom format (one snapshot of one transaction), pg_restore in a single
transaction, so a restore that fails leaves the database empty. The password goes to the tools
in $PGPASSWORD, never on a command line another user's `ps` could read.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
PG_BIN_ENV = "BIMEH_PG_BIN"  # PostgreSQL's bin folder, when pg_dump is not on PATH
TOOL_TIMEOUT = 3600  # seconds: a dump of a large database is slow, a hung one is not waited for forever


class BackupError(Exception):
    """What the operator is told, as a catalog key (backup.<key>) and its values."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Target:
    """The configured database, as the backup tools need it."""

    backend: str
    url: URL

    @property
    def sqlite_path(self) -> Path:
        return Path(self.url.database or "")

    @property
    def sqlite_files(self) -> tuple[Path, ...]:
        """The database file and the files SQLite keeps beside it."""
        path = self.sqlite_path
        return (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")))

    def conninfo(self) -> str:
        """libpq's connection string without the password (that goes in the environment)."""
        from psycopg.conninfo import make_conninfo

        url = self.url
        params = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database,
                  **{key: value for key, value in url.query.items() if isinstance(value, str)}}
        return make_conninfo("", **{key: value for key, value in params.items() if value not in (None, "")})

    def tool_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.url.password:
            env["PGPASSWORD"] = str(self.url.password)
        return env


def target(url: str) -> Target:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BackupError("bad_url") from None
    backend = parsed.get_backend_name()
    if backend == SQLITE:
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise BackupError("bad_url")
        return Target(SQLITE, parsed)
    if backend == POSTGRESQL:
        return Target(POSTGRESQL, parsed)
    raise BackupError("unsupported_backend", backend=backend)


# -- SQLite ---------------------------------------------------------------------------------------

def sqlite_snapshot(source: Path, dest: Path) -> str | None:
    """Copy the live database at `source` to `dest`; the schema revision of the copy."""
    if not source.is_file():
        raise BackupError("no_database", path=str(source))
    try:
        with _closing(sqlite3.connect(source, timeout=15)) as live, _closing(sqlite3.connect(dest)) as copy:
            live.backup(copy)  # pages=-1: all of them in one step, so one moment's state
    except sqlite3.DatabaseError as exc:
        raise BackupError("database_failed", reason=str(exc)) from None
    return sqlite_revision(dest)


def sqlite_revision(path: Path) -> str | None:
    with _closing(sqlite3.connect(path)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return True
    try:
        with _closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            return connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    except sqlite3.DatabaseError:
        return False  # not a database, or not readable: not ours to overwrite


def sqlite_restore(snapshot: Path, into: Target) -> None:
    """Put the snapshot where the configured database is (an empty one, checked before)."""
    for stale in into.sqlite_files:
        stale.unlink(missing_ok=True)
    into.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    # copied beside it first (the snapshot may be on another file system), then renamed: a restore
    # cut off midway leaves no half database under the configured name
    beside = into.sqlite_path.with_name(into.sqlite_path.name + ".restoring")
    shutil.copyfile(snapshot, beside)
    os.replace(beside, into.sqlite_path)


class _closing:
    """sqlite3's connection as a context manager closes nothing (it ends a transaction)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


# -- PostgreSQL -----------------------------------------------------------------------------------

def pg_tool(name: str) -> str | None:
    """pg_dump or pg_restore: from $BIMEH_PG_BIN, else PATH, else the newest of Debian's PostgreSQL
    versions (a pg_dump older than the server refuses to dump it)."""
    configured = os.environ.get(PG_BIN_ENV)
    if configured and (Path(configured) / name).is_file():
        return str(Path(configured) / name)
    on_path = shutil.which(name)
    if on_path:
        return on_path
    found = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    found.sort(key=lambda p: int(re.sub(r"\D", "", p.split("/")[4]) or 0))
    return found[-1] if found else None


def _connect(into: Target) -> Any:  # psycopg.Connection; psycopg is imported by PostgreSQL's backups only
    import psycopg

    try:
        return psycopg.connect(into.conninfo(), password=into.url.password, connect_timeout=15, autocommit=True)
    except psycopg.Error as exc:
        raise BackupError("database_failed", reason=_first_line(str(exc))) from None


def pg_revision(source: Target) -> str | None:
    from psycopg.errors import UndefinedTable

    with _connect(source) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except UndefinedTable:
            return None
    return row[0] if row else None


def pg_is_empty(into: Target) -> bool:
    with _connect(into) as connection:
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").fetchone()
    return row is not None and row[0] == 0


def pg_dump(source: Target, dest: Path) -> str | None:
    """pg_dump's custom format (compressed, restored table by table) into dest; the schema revision."""
    revision = pg_revision(source)
    _run_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dest}",
              f"--dbname={source.conninfo()}", env=source.tool_env())
    return revision


def pg_restore(dump: Path, into: Target) -> None:
    _run_tool("pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
              f"--dbname={into.conninfo()}", str(dump), env=into.tool_env())


def _run_tool(name: str, *args: str, env: dict[str, str]) -> None:
    tool = pg_tool(name)
    if tool is None:
        raise BackupError("no_pg_tool", tool=name)
    try:
        proc = subprocess.run([tool, *args], capture_output=True, text=True, env=env, timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BackupError("tool_failed", tool=name, reason=f"no answer in {TOOL_TIMEOUT} s") from None
    if proc.returncode != 0:
        raise BackupError("tool_failed", tool=name, reason=_first_line(proc.stderr))


def _first_line(text: str) -> str:
    """The tool's own words, one line (its first error, without the tool's name before it)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()] or lines or ["?"]
    return re.sub(r"^\S*pg_(dump|restore): (error: )?", "", errors[0])
