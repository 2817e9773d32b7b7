"""Several writers on one SQLite file: they must serialize, not fail."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from storage.db import Database, open_database
from tests.unit.storage.support import T0, add_user

Result = TypeVar("Result")


def run_together(workers: list[Callable[[], Result]]) -> list[Result]:
    """Run each worker in its own thread; re-raise the first error."""
    results: dict[int, Result] = {}
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = workers[index]()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "worker hung"
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(workers))]


def _add_ticket(database: Database) -> int:
    with database.uow() as uow:
        owner = add_user(uow)
        ticket_id = uow.tickets.add("loan", owner.id, {}, "submitted", T0).id
        uow.commit()
    return ticket_id


def test_concurrent_compare_and_set_has_exactly_one_winner(file_db: Database) -> None:
    ticket_id = _add_ticket(file_db)
    barrier = threading.Barrier(2, timeout=10)

    def act(new_status: str) -> Callable[[], bool]:
        def worker() -> bool:
            with file_db.uow() as uow:
                ticket = uow.tickets.get(ticket_id)
                assert ticket is not None
                seen_version = ticket.version
            barrier.wait()  # both have read version 1 and now act at once
            with file_db.uow() as uow:
                won = uow.tickets.compare_and_set_status(ticket_id, seen_version, new_status, T0 + timedelta(hours=1))
                uow.commit()
            return won

        return worker

    approved, rejected = run_together([act("approved"), act("rejected")])

    assert sorted([approved, rejected]) == [False, True]
    with file_db.uow() as uow:
        ticket = uow.tickets.get(ticket_id)
    assert ticket is not None
    assert ticket.version == 2
    assert ticket.status == ("approved" if approved else "rejected")


def test_read_then_write_transactions_in_two_engines_serialize(tmp_path: Path) -> None:
    # Two Database objects stand in for two processes sharing the file. Each
    # transaction reads the version and then writes: with deferred transactions
    # one of them would fail (SQLITE_BUSY) or lose the compare-and-set.
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = open_database(url), open_database(url)
    ticket_id = _add_ticket(first)
    rounds = 15
    barrier = threading.Barrier(2, timeout=10)

    def bump_repeatedly(database: Database) -> Callable[[], int]:
        def worker() -> int:
            wins = 0
            for _ in range(rounds):
                barrier.wait()
                with database.uow() as uow:
                    ticket = uow.tickets.get(ticket_id)
                    assert ticket is not None
                    if uow.tickets.compare_and_set_status(ticket_id, ticket.version, "in_review", T0):
                        wins += 1
                    uow.commit()
            return wins

        return worker

    try:
        wins = run_together([bump_repeatedly(first), bump_repeatedly(second)])
        with first.uow() as uow:
            ticket = uow.tickets.get(ticket_id)
    finally:
        first.dispose()
        second.dispose()

    assert wins == [rounds, rounds]
    assert ticket is not None and ticket.version == 1 + 2 * rounds
