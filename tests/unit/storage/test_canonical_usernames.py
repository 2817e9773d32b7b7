"""Migration 0019 folds stored usernames to their one form, and refuses (changing nothing) when two fold
together: which of them is the person is the operator's decision."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from storage.db import DatabaseUnavailable, alembic_config, open_database
from tests.databases import database_url
from tests.unit.storage.test_migrations import _latest_revision

INSERT = text("INSERT INTO users (username, full_name, roles, lang, directory_roles, disabled) "
              "VALUES (:u, :u, '[]', 'fa', '[]', false)")


def _before_0019() -> str:
    """The revision 0019 follows (the chain moves as other migrations land before it)."""
    path = Path(__file__).parents[3] / "storage/migrations/versions/0019_canonical_usernames.py"
    return re.search(r'^down_revision.*= "(\d+)"', path.read_text(encoding="utf-8"), re.M).group(1)


def _at_0013_with(url: str, usernames: list[str]) -> None:
    database = open_database(url)
    try:
        with database.engine.begin() as connection:
            command.downgrade(alembic_config(connection), _before_0019())
            for username in usernames:
                connection.execute(INSERT, {"u": username})
    finally:
        database.dispose()


def _stored(url: str) -> tuple[list[str], str]:
    """The usernames and the schema revision, read without migrating."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = connection.execute(text("SELECT username FROM users ORDER BY id")).scalars().all()
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    return list(names), version


def test_stored_usernames_are_folded(tmp_path: Path):
    url = database_url(tmp_path / "bimeh.db")
    _at_0013_with(url, ["NEDA", "ｋａｍｒａｎ", "olga"])
    database = open_database(url)
    try:
        with database.uow() as uow:
            assert uow.users.by_username("Neda") is not None and uow.users.by_username("kamran") is not None
    finally:
        database.dispose()
    assert _stored(url) == (["neda", "kamran", "olga"], _latest_revision())


def test_two_that_fold_together_are_named_and_nothing_changes(tmp_path: Path):
    url = database_url(tmp_path / "bimeh.db")
    _at_0013_with(url, ["Parisa", "parisa", "NEDA"])
    with pytest.raises(DatabaseUnavailable, match="'Parisa' = 'parisa'") as refused:
        open_database(url)
    assert "\n" not in str(refused.value) and "start again" in str(refused.value)
    assert _stored(url) == (["Parisa", "parisa", "NEDA"], _before_0019())
