"""The desk's blocking work runs in a few threads of its own (`[general] desk_threads`):
updates of many chats are handled side by side, but never more at once than that."""
from __future__ import annotations

import asyncio
import threading
import time

from bot.runtime.desk_threads import DeskThreads
from tests.harness import ChatHarness, console_says, said


def test_many_chats_at_once_are_handled_in_at_most_the_desks_threads(desk: ChatHarness, monkeypatch):
    desk.app.runner.threads = DeskThreads(2)
    handle, lock = desk.app.bot.handle, threading.Lock()
    at_once, most_at_once, threads = [0], [0], set()

    def slow_handle(inbound, who=None, within=None):  # noqa: ANN001, ANN202 - the bot's handle, slowed down
        with lock:
            at_once[0] += 1
            most_at_once[0] = max(most_at_once[0], at_once[0])
            threads.add(threading.current_thread().name)
        time.sleep(0.05)
        try:
            return handle(inbound, who, within)
        finally:
            with lock:
                at_once[0] -= 1

    monkeypatch.setattr(desk.app.bot, "handle", slow_handle)
    people = ["maryam", "welfare", "insurance", "insurer", "finance", "treasurer"]

    async def everyone_at_once() -> list[str]:
        replies = await asyncio.gather(*(desk.app.runner.handle(console_says(name, "/my")) for name in people))
        return [said(r) for r in replies]

    answers = asyncio.run(everyone_at_once())
    assert all("درخواست" in answer for answer in answers), answers  # each was answered (none filed one yet)
    assert most_at_once[0] == 2, "two chats are handled side by side, a third waits its turn"
    assert threads == {name for name in threads if name.startswith("bimeh-desk")} and len(threads) == 2
    desk.app.runner.threads.close()
