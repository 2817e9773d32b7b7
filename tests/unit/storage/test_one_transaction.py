"""Database.one_transaction: the units of work of one update go into one transaction."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from core.errors import StorageUnavailable
from storage.db import Database
from tests.unit.storage.support import T0, add_user


def _usernames_elsewhere(db: Database) -> list[str]:
    """What another thread (another connection, outside the transaction) sees."""
    def read() -> list[str]:
        with db.uow(write=False) as uow:
            return sorted(user.username for user in uow.users.list())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(read).result()


def test_units_commit_together_at_the_end_of_the_block(file_db: Database) -> None:
    with file_db.one_transaction():
        with file_db.uow() as uow:
            add_user(uow, "ali")
            uow.commit()
        with file_db.uow(write=False) as uow:  # sees what the block did so far
            assert [u.username for u in uow.users.list()] == ["ali"]
        assert _usernames_elsewhere(file_db) == []  # nobody else does, yet
    assert _usernames_elsewhere(file_db) == ["ali"]


def test_a_unit_rolled_back_undoes_only_its_own_part(file_db: Database) -> None:
    with file_db.one_transaction():
        with file_db.uow() as uow:
            add_user(uow, "kept")
            uow.commit()
        with file_db.uow() as uow:
            add_user(uow, "left")  # not committed: dropped when the unit ends
        with pytest.raises(RuntimeError), file_db.uow() as uow:
            add_user(uow, "failed")
            raise RuntimeError("boom")
        with file_db.uow() as uow:
            add_user(uow, "after")
            uow.commit()
            add_user(uow, "rolled_back")  # a unit going on after its commit, then rolling back
            uow.rollback()
    assert _usernames_elsewhere(file_db) == ["after", "kept"]


def test_an_exception_out_of_the_block_keeps_nothing(file_db: Database) -> None:
    with pytest.raises(RuntimeError), file_db.one_transaction():
        with file_db.uow() as uow:
            add_user(uow, "ali")
            uow.processed.remember("telegram", "1", T0)
            uow.commit()
        raise RuntimeError("boom")
    assert _usernames_elsewhere(file_db) == []
    with file_db.uow() as uow:
        assert uow.processed.seen("telegram", "1") is False


def test_the_database_failing_inside_keeps_nothing_even_if_the_failure_was_caught(file_db: Database) -> None:
    with pytest.raises(StorageUnavailable), file_db.one_transaction():
        with file_db.uow() as uow:
            add_user(uow, "ali")
            uow.commit()
        try:
            with file_db.uow():
                raise StorageUnavailable()  # as the engine raises it for a database gone away
        except StorageUnavailable:
            pass  # the bot tells the person; the transaction must not be committed half done
    assert _usernames_elsewhere(file_db) == []
