"""Several bot processes on one database (PostgreSQL, or one SQLite file): each
notification is claimed by one of them, each update is handled once, and
twenty processes filing at the same moment all succeed."""
from __future__ import annotations

import asyncio
import multiprocessing
import threading
from datetime import timedelta
from pathlib import Path

from bot.app import build_app
from bot.events import Inbound
from core.notifications import CONSOLE
from storage.db import Database, open_database
from tests import harness as chat
from tests.databases import database_url
from tests.harness import ChatHarness, said
from tests.unit.storage.support import T0, add_user


def _two_processes(tmp_path: Path) -> tuple[Database, Database]:
    # two Database objects, each with its own engine and pool, stand in for two processes
    url = database_url(tmp_path / "bimeh.db")
    return open_database(url), open_database(url)


def _fill_outbox(database: Database, rows: int) -> None:
    with database.uow() as uow:
        user = add_user(uow)
        for n in range(rows):
            uow.outbox.add(user.id, "telegram", f"chat{n % 7}", "status_changed", None, {"n": n}, T0)
        uow.commit()


def test_two_dispatchers_claiming_at_once_never_take_the_same_row(tmp_path: Path) -> None:
    first, second = _two_processes(tmp_path)
    _fill_outbox(first, 120)
    taken: dict[str, list[int]] = {"first": [], "second": []}
    barrier = threading.Barrier(2, timeout=10)

    def claim_all(name: str, database: Database) -> None:
        barrier.wait()
        while True:
            with database.uow() as uow:
                rows = uow.outbox.claim("telegram", T0, T0 + timedelta(minutes=5), limit=7)
                uow.commit()
            if not rows:
                return
            taken[name] += [row.id for row in rows]

    try:
        threads = [threading.Thread(target=claim_all, args=(n, d)) for n, d in
                   (("first", first), ("second", second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        first.dispose()
        second.dispose()

    assert not set(taken["first"]) & set(taken["second"])
    assert sorted(taken["first"] + taken["second"]) == list(range(1, 121))


def test_a_claim_runs_out_so_a_dead_dispatchers_rows_go_out_after_all(tmp_path: Path) -> None:
    first, second = _two_processes(tmp_path)
    _fill_outbox(first, 3)
    lease = timedelta(minutes=5)
    try:
        with first.uow() as uow:
            assert len(uow.outbox.claim("telegram", T0, T0 + lease)) == 3
            uow.commit()
        with second.uow() as uow:  # the first "died" holding them
            assert uow.outbox.claim("telegram", T0 + timedelta(minutes=1), T0 + lease) == []
            again = uow.outbox.claim("telegram", T0 + lease, T0 + 2 * lease)
            uow.commit()
        with second.uow() as uow:
            uow.outbox.mark_delivered(again[0].id, T0 + lease)
            uow.outbox.release([again[1].id])
            uow.commit()
        with first.uow() as uow:
            # delivered rows are never claimed again; a released one is claimable at once
            assert [m.id for m in uow.outbox.claim("telegram", T0 + lease, T0 + 2 * lease)] == [again[1].id]
    finally:
        first.dispose()
        second.dispose()


def test_one_update_given_to_two_workers_at_once_is_answered_once(tmp_path: Path) -> None:
    config = chat.test_config(tmp_path)
    apps = [build_app(config), build_app(config)]
    inbound = Inbound(platform=CONSOLE, chat_id="maryam", sender_id="maryam", username="maryam",
                      directory_username="maryam", text="/new", message_id="update-77")

    async def both() -> list[list]:
        return await asyncio.gather(*(app.runner.handle(inbound) for app in apps))

    try:
        answers = asyncio.run(both())
    finally:
        for app in apps:
            app.close()

    assert sorted(len(replies) for replies in answers) == [0, 1]
    assert "نوع درخواست را انتخاب کنید" in said([r for replies in answers for r in replies])


def _file_one(tmp_path: Path, n: int, start: multiprocessing.synchronize.Barrier,
              results: multiprocessing.Queue) -> None:
    try:
        harness = ChatHarness(tmp_path)
        harness.app.desk.directory.add(f"user{n}", "کاربر آزمون", ())
        start.wait(60)
        results.put(harness.file_request(f"user{n}"))
        harness.close()
    except BaseException as error:  # noqa: BLE001 - reported to the test
        results.put(f"{type(error).__name__}: {error}")


def test_twenty_processes_filing_at_once_all_get_their_ticket(tmp_path: Path) -> None:
    ChatHarness(tmp_path).close()  # migrated once, as a deployment would be
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(20), context.Queue()
    processes = [context.Process(target=_file_one, args=(tmp_path, n, start, results)) for n in range(20)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(30)

    assert [o for o in outcomes if not isinstance(o, int)] == []  # no "database is locked"
    assert sorted(outcomes) == list(range(1, 21))
    harness = ChatHarness(tmp_path)
    try:
        assert len(harness.app.desk.tickets.all_tickets()) == 20
    finally:
        harness.close()
