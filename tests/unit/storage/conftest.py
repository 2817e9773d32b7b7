from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import Database, open_database
from storage.repositories import SqlUnitOfWork
from tests.databases import database_url, on_postgresql


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(database_url(tmp_path / "bimeh.db") if on_postgresql() else "sqlite://")
    yield database
    database.dispose()


@pytest.fixture
def file_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(database_url(tmp_path / "bimeh.db"))
    yield database
    database.dispose()


@pytest.fixture
def uow(db: Database) -> Iterator[SqlUnitOfWork]:
    with db.uow() as unit:
        yield unit
