"""Database.transaction: the pieces of work of one update go into one transaction (its parts)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

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
    with file_db.transaction() as transaction:
        with transaction.write() as uow:
            add_user(uow, "ali")
        with transaction.read() as uow:  # sees what the block did so far
            assert [u.username for u in uow.users.list()] == ["ali"]
        assert _usernames_elsewhere(file_db) == []  # nobody else does, yet
    assert _usernames_elsewhere(file_db) == ["ali"]


def test_a_unit_rolled_back_undoes_only_its_own_part(file_db: Database) -> None:
    with file_db.transaction() as transaction:
        with transaction.write() as uow:
            add_user(uow, "kept")
        with pytest.raises(RuntimeError), transaction.write() as uow:  # a refusal: this part is undone
            add_user(uow, "failed")
            raise RuntimeError("boom")
        with pytest.raises(RuntimeError), transaction.write() as uow:
            add_user(uow, "left")
            with transaction.write() as inner:  # a part inside a part that is undone goes with it
                add_user(inner, "inner")
            raise RuntimeError("boom")
        with transaction.write() as uow:
            add_user(uow, "after")
    assert _usernames_elsewhere(file_db) == ["after", "kept"]


def test_an_exception_out_of_the_block_keeps_nothing(file_db: Database) -> None:
    with pytest.raises(RuntimeError), file_db.transaction() as transaction:
        with transaction.write() as uow:
            add_user(uow, "ali")
            uow.processed.remember("telegram", "1", T0)
        raise RuntimeError("boom")
    assert _usernames_elsewhere(file_db) == []
    with file_db.uow() as uow:
        assert uow.processed.seen("telegram", "1") is False


def test_the_database_failing_inside_keeps_nothing_even_if_the_failure_was_caught(file_db: Database) -> None:
    with pytest.raises(StorageUnavailable), file_db.transaction() as transaction:
        with transaction.write() as uow:
            add_user(uow, "ali")
        try:
            with transaction.write():
                raise StorageUnavailable()  # as the engine raises it for a database gone away
        except StorageUnavailable:
            pass  # the bot tells the person; the transaction must not be committed half done
    assert _usernames_elsewhere(file_db) == []


def _statements_of(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement))
    return seen


def test_a_one_statement_unit_opens_no_savepoint_and_is_kept_with_the_update(file_db: Database) -> None:
    with file_db.uow() as uow:
        user = add_user(uow, "ali")
        uow.commit()
    statements = _statements_of(file_db)
    with file_db.transaction() as transaction:
        with transaction.statement() as uow:
            uow.conversations.put("console:ali", user.id, {"step": "name"}, T0)
        with transaction.write() as uow:  # a unit that may need undoing on its own still gets its savepoint
            uow.conversations.put("console:ali", user.id, {"step": "mobile"}, T0)
    assert sum("SAVEPOINT" in s and "RELEASE" not in s for s in statements) == 1
    with file_db.uow(write=False) as uow:
        assert uow.conversations.get("console:ali").state == {"step": "mobile"}


def test_a_one_statement_unit_that_fails_undoes_the_whole_update(file_db: Database) -> None:
    """Without a savepoint of its own a failed statement cannot be undone alone (PostgreSQL aborts
    the whole transaction): nothing of the update is kept, and the person is told to try again."""
    with pytest.raises(StorageUnavailable), file_db.transaction() as transaction:
        with transaction.write() as uow:
            add_user(uow, "ali")
        try:
            with transaction.statement() as uow:
                uow.conversations.put("console:ali", 1, {"step": {1, 2}}, T0)  # a set: not JSON, the statement fails
        except Exception:  # noqa: BLE001 - a handler that caught it must not keep half an update
            pass
    assert _usernames_elsewhere(file_db) == []
