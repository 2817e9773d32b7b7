from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from core.ports import UnitOfWorkFactory
from storage.db import Database
from storage.repositories import SqlUnitOfWork
from tests.unit.storage.support import T0, add_user


def test_commit_makes_changes_visible_to_other_units(db: Database) -> None:
    with db.uow() as uow:
        user = add_user(uow)
        uow.commit()

    with db.uow() as uow:
        assert uow.users.get(user.id) == user


def test_exception_rolls_everything_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.uow() as uow:
        user = add_user(uow)
        uow.tickets.add("loan", user.id, {}, "submitted", T0)
        uow.processed.remember("telegram", "1", T0)
        raise RuntimeError("boom")

    with db.uow() as uow:
        assert uow.users.list() == []
        assert uow.tickets.list() == []
        assert uow.processed.seen("telegram", "1") is False


def test_leaving_without_commit_discards_changes(db: Database) -> None:
    with db.uow() as uow:
        add_user(uow)

    with db.uow() as uow:
        assert uow.users.list() == []


def test_explicit_rollback_keeps_earlier_commit(db: Database) -> None:
    with db.uow() as uow:
        kept = add_user(uow, "kept")
        uow.commit()
        add_user(uow, "dropped")
        uow.rollback()
        assert uow.users.list() == [kept]


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.uow() as uow, pytest.raises(IntegrityError):
        uow.tickets.add("loan", 12345, {}, "submitted", T0)


def test_usernames_are_unique(db: Database) -> None:
    with db.uow() as uow, pytest.raises(IntegrityError):
        add_user(uow, "ali")
        add_user(uow, "ali")


def test_database_uow_is_a_unit_of_work_factory(db: Database) -> None:
    factory: UnitOfWorkFactory = db.uow  # also checked statically by type checkers
    with factory() as uow:
        assert isinstance(uow, SqlUnitOfWork)
