"""`python -m bot run`: every configured transport side by side, stopped together."""
from __future__ import annotations

import asyncio

import pytest

from bot.runtime.serve import serve


class FakeTransport:
    def __init__(self, platform: str, fail_after: float | None = None) -> None:
        self.platform = platform
        self.fail_after = fail_after
        self.stopped_cleanly = False

    async def run(self, stop: asyncio.Event) -> None:
        if self.fail_after is not None:
            await asyncio.sleep(self.fail_after)
            raise ConnectionError("platform gone")
        await stop.wait()
        self.stopped_cleanly = True


async def test_setting_stop_ends_every_transport_cleanly():
    a, b = FakeTransport("telegram"), FakeTransport("rocketchat")
    stop = asyncio.Event()
    running = asyncio.create_task(serve([a, b], stop))
    await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(running, 2)
    assert a.stopped_cleanly and b.stopped_cleanly


async def test_a_transport_that_fails_stops_the_others_and_the_failure_is_raised():
    healthy, broken = FakeTransport("telegram"), FakeTransport("rocketchat", fail_after=0.05)
    with pytest.raises(ConnectionError):
        await asyncio.wait_for(serve([healthy, broken], asyncio.Event()), 2)
    assert healthy.stopped_cleanly
