"""The database a test runs on: a SQLite file, or a fresh database on a throwaway PostgreSQL.

Every test that uses `tmp_path` runs twice, once per backend (tests/conftest.py
parametrises it). A test asks for its database with `database_url(path)`: on
SQLite that is the file at `path`; on PostgreSQL it is a fresh database made for
that path (the same path gives the same database within a test, so a restart
finds its data). Either is a copy of a template migrated once per process, unless
the test asks for an empty one (migrated=False).

The server is started on first use with initdb/pg_ctl on 127.0.0.1 and a free
port, data in a temporary directory; as root it runs as the `postgres` user,
since PostgreSQL refuses to run as root.
"""
from __future__ import annotations

import atexit
import itertools
import os
import queue
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from psycopg import sql

from tests.system_packages import postgres_bin

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
TEMPLATE = "bimeh_template"


def _postgres_bin() -> Path:
    found = postgres_bin()
    if found is None:  # the tests that need it are skipped before (tests/conftest.py)
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql), or set BIMEH_PG_BIN")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A throwaway PostgreSQL cluster; trust authentication on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.bin = _postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="bimeh-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        # One thread makes the next test's database and drops the last one's
        # while a test runs, so tests rarely wait for either.
        self._background = ThreadPoolExecutor(1, thread_name_prefix="bimeh-pg")
        self._spares: queue.Queue[str | BaseException] = queue.Queue()

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")
        # Durability is not what these tests are about; skipping fsync makes
        # CREATE DATABASE and every commit cheap.
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        # The free port was released before the server took it: another pytest worker (xdist)
        # may take it first. Then try another one.
        for attempt in range(3):
            try:
                self._start_server()
                return
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                self.port = _free_port()

    def _start_server(self) -> None:
        options = (f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=300")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")

    def pause(self) -> None:
        """Stop the server (connections are cut) until resume(): the database goes away for a while."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._start_server()

    def stop(self) -> None:
        self._background.shutdown(wait=True, cancel_futures=True)
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def execute(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.url("postgres").replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(statement)

    def make_template(self) -> None:
        from storage.db import open_database  # imported late: only a PostgreSQL run needs it

        self.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
        open_database(self.url(TEMPLATE)).dispose()

    def create(self, migrated: bool = True) -> str:
        """A new database: a copy of the migrated template, or empty."""
        if not migrated:
            return self._copy("template0")
        self._background.submit(self._make_spare)
        spare = self._spares.get(timeout=120)
        if isinstance(spare, BaseException):
            raise spare
        return spare

    def drop(self, name: str) -> None:
        self._background.submit(self.execute, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))

    def _make_spare(self) -> None:
        try:
            self._spares.put(self._copy(TEMPLATE))
        except BaseException as error:  # noqa: BLE001 - handed to the test that waits for it
            self._spares.put(error)

    def _copy(self, template: str) -> str:
        name = f"t{next(self._names)}"
        # FILE_COPY: copying the files is cheaper than writing them all to the WAL
        self.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
            sql.Identifier(name), sql.Identifier(template)))
        return name


class SqliteTemplate:
    """A SQLite file migrated once per process, copied for each test that asks for a migrated database:
    a copy takes milliseconds where running every migration on a new file took a third of a second,
    and hundreds of tests ask for one. The migrations themselves are tested on files asked for with
    migrated=False, as on PostgreSQL."""

    def __init__(self) -> None:
        self._file: Path | None = None

    def copy_to(self, path: Path) -> None:
        if self._file is None:
            from storage.db import open_database  # imported late, as the server's template does

            made = Path(tempfile.mkdtemp(prefix="bimeh-sqlite-template-")) / "template.db"
            atexit.register(shutil.rmtree, made.parent, True)
            open_database(f"sqlite:///{made}").dispose()  # closed: the WAL is checkpointed into the file
            assert not made.with_name(made.name + "-wal").exists()
            self._file = made
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._file, path)


_sqlite_template = SqliteTemplate()


class TestDatabases:
    """The current test's backend and the databases it made (dropped when it ends)."""

    def __init__(self) -> None:
        self.backend = SQLITE
        self.server: PostgresServer | None = None
        self._made: dict[str, str] = {}
        self.forbidden = False  # the test is marked no_database (tests/conftest.py)

    def url(self, path: Path, migrated: bool = True) -> str:
        if self.forbidden:
            raise AssertionError("this test is marked no_database but makes a database: take the mark off, "
                                 "so that it runs on every backend")
        if self.backend == SQLITE:
            if migrated and not path.exists():
                _sqlite_template.copy_to(path)
            return f"sqlite:///{path}"
        assert self.server is not None, "PostgreSQL test without a server"
        key = str(path)
        if key not in self._made:
            self._made[key] = self.server.create(migrated)
        return self.server.url(self._made[key])

    def drop_made(self) -> None:
        """Drop, in the background, the databases the test that just ended made. Left until its
        backend's group of tests ended, they were hundreds of drops queued at once, and the next
        test to make a database waited behind all of them (18-30 s)."""
        if self.server is not None:
            for name in self._made.values():
                self.server.drop(name)
        self._made.clear()

    def finish_test(self) -> None:
        self.drop_made()
        self.backend = SQLITE


current = TestDatabases()


def database_url(path: Path, migrated: bool = True) -> str:
    """The URL of the current test's database for `path` (a SQLite file name on SQLite).

    On both backends the database is migrated already (a copy of a template migrated once);
    migrated=False gives an empty one, for tests of the migrations themselves."""
    return current.url(path, migrated)


def on_postgresql() -> bool:
    return current.backend == POSTGRESQL
