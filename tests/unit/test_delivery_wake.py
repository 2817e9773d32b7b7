"""Waking the outbox dispatcher after an update: at once when the update notified someone,
not at all when it notified nobody (most form answers), so an idle round is not paid for
every message."""
from __future__ import annotations

import asyncio

from bot.runtime.delivery import OutboxDispatcher
from tests.harness import ChatHarness, RecordingSender, text


async def _until(condition, seconds: float = 5.0) -> bool:  # noqa: ANN001 - a predicate
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


async def test_a_notification_goes_at_once_and_a_quiet_update_starts_no_round(desk: ChatHarness) -> None:
    sender = RecordingSender()
    dispatcher = OutboxDispatcher(desk.app.desk, sender)
    looked = 0
    claim = desk.app.desk.outbox.claim

    def counting_claim(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the service's own signature
        nonlocal looked
        looked += 1
        return claim(*args, **kwargs)

    desk.app.desk.outbox.claim = counting_claim  # type: ignore[method-assign]
    stop = asyncio.Event()
    running = asyncio.create_task(dispatcher.run(stop, interval=600))  # only wake-ups start rounds here
    try:
        assert await _until(lambda: looked == 1)  # the first round, at start

        # a form answer notifies nobody: no round
        replies = await asyncio.to_thread(desk.say, "maryam", "/new")
        assert "نوع درخواست" in text(replies)
        dispatcher.wake()
        await asyncio.sleep(0.3)
        assert looked == 1

        # a submitted request notifies the welfare experts: a round starts at once and sends it
        await asyncio.to_thread(desk.file_request)
        dispatcher.wake()
        assert await _until(lambda: any(address == "welfare" for address, _ in sender.sent))
        assert looked == 2
    finally:
        stop.set()
        await running
