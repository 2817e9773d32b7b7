from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.insurance.contracts.service import InsuranceService
from core.transactions import OwnUnits
from storage.db import Database, open_database
from tests.databases import database_url
from tests.harness import ChatHarness
from tests.unit.insurance.support import NOW


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(database_url(tmp_path / "bimeh.db"))
    yield db
    db.dispose()


@pytest.fixture
def service(database: Database) -> InsuranceService:
    return InsuranceService(OwnUnits(database.uow), lambda: NOW)


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[ChatHarness]:
    """The desk driven in-process as people would; its clock: 1403/08/30, 11:00 in Tehran."""
    harness = ChatHarness(tmp_path)
    yield harness
    harness.close()
