"""Delivering the outbox: retries, back-off, accounts that cannot receive, rate limits.

The platform is a fake Sender that fails the way real ones do; time is the
harness's FixedClock (for when a retry is due) and a fake monotonic clock with
asyncio.sleep patched (for the rate limiter), so nothing here waits for real.
"""
from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from bot.events import Outbound
from bot.runtime import delivery
from bot.runtime.delivery import (
    OutboxDispatcher,
    RateLimiter,
    RateLimits,
    RetryAfter,
    Unreachable,
)
from core.outbox import MAX_ATTEMPTS
from tests.harness import ChatHarness


class ScriptedSender:
    """A platform whose next sends fail as scripted (None = accept)."""

    def __init__(self, platform: str = "console", script: list[BaseException | None] | None = None,
                 clock=None) -> None:  # noqa: ANN001
        self.platform = platform
        self.script = list(script or [])
        self.calls: list[tuple[str, Outbound]] = []
        self.accepted: list[tuple[str, Outbound, float | None]] = []
        self.clock = clock

    async def send(self, address: str, message: Outbound) -> str | None:
        self.calls.append((address, message))
        if self.script:
            outcome = self.script.pop(0)
            if outcome is not None:
                raise outcome
        self.accepted.append((address, message, self.clock() if self.clock else None))
        return f"p{len(self.calls)}"


class BlockedBy(ScriptedSender):
    """A platform where one account blocked the bot."""

    def __init__(self, blocked: str) -> None:
        super().__init__(platform="telegram")
        self.blocked = blocked

    async def send(self, address: str, message: Outbound) -> str | None:
        if address == self.blocked:
            self.calls.append((address, message))
            raise Unreachable("blocked")
        return await super().send(address, message)


_real_sleep = asyncio.sleep  # fake_time replaces asyncio.sleep


class FakeTime:
    """A monotonic clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float, result=None):  # noqa: ANN001, ANN201
        self.sleeps.append(seconds)
        # let the other tasks (and their threads) get as far as they can at this time first,
        # as they would in the real second that passes here
        await _real_sleep(0.02)
        self.now += max(0.0, seconds)
        return result


def run(coro):  # noqa: ANN001, ANN201
    return asyncio.run(coro)


def rows(desk: ChatHarness, address: str | None = None):  # noqa: ANN201
    with desk.app.database.uow() as uow:
        found = uow.outbox.list()
    return [m for m in found if address is None or m.address == address]


def waiting_for_welfare(desk: ChatHarness) -> int:
    n = desk.file_request("maryam")
    (row,) = [m for m in rows(desk, "welfare") if m.ticket_id == n]
    return row.id


def row(desk: ChatHarness, row_id: int):  # noqa: ANN201
    return next(m for m in rows(desk) if m.id == row_id)


# -- retries ----------------------------------------------------------------------------


def test_retry_after_is_honoured_to_the_second(desk: ChatHarness):
    row_id = waiting_for_welfare(desk)
    sender = ScriptedSender(script=[RetryAfter(30)])
    dispatcher = OutboxDispatcher(desk.app.desk, sender, address="welfare")

    assert run(dispatcher.deliver_due()) == 0
    assert len(sender.calls) == 1
    message = row(desk, row_id)
    assert message.delivered_at is None and message.failed_at is None
    assert message.next_attempt_at == desk.clock.now + timedelta(seconds=30)

    assert run(dispatcher.deliver_due()) == 0  # at once: not yet
    desk.clock.advance(seconds=29)
    assert run(dispatcher.deliver_due()) == 0  # a second early: not yet
    assert len(sender.calls) == 1

    desk.clock.advance(seconds=1)
    assert run(dispatcher.deliver_due()) == 1
    assert len(sender.calls) == 2
    address, outbound = sender.accepted[0][:2]
    assert address == "welfare"
    assert "منتظر اقدام شماست" in outbound.text
    assert row(desk, row_id).delivered_at == desk.clock.now

    assert run(dispatcher.deliver_due()) == 0  # delivered once, never again
    assert len(sender.calls) == 2


def test_a_generic_error_is_retried_with_growing_backoff(desk: ChatHarness):
    row_id = waiting_for_welfare(desk)
    sender = ScriptedSender(script=[ConnectionError("reset"), ConnectionError("reset"), None])
    dispatcher = OutboxDispatcher(desk.app.desk, sender, address="welfare")

    run(dispatcher.deliver_due())
    first = row(desk, row_id)
    assert first.attempts == 1
    assert first.last_error == "ConnectionError"
    first_wait = first.next_attempt_at - desk.clock.now
    assert first_wait > timedelta(0)

    desk.clock.advance(seconds=first_wait.total_seconds() - 0.5)
    run(dispatcher.deliver_due())
    assert len(sender.calls) == 1  # not before the back-off is over
    desk.clock.advance(seconds=0.5)
    run(dispatcher.deliver_due())
    assert len(sender.calls) == 2

    second = row(desk, row_id)
    assert second.attempts == 2
    second_wait = second.next_attempt_at - desk.clock.now
    assert second_wait > first_wait  # backing off

    desk.clock.advance(seconds=second_wait.total_seconds() - 0.5)
    assert run(dispatcher.deliver_due()) == 0
    desk.clock.advance(seconds=0.5)
    assert run(dispatcher.deliver_due()) == 1
    assert len(sender.calls) == 3
    assert row(desk, row_id).delivered_at is not None


def test_a_message_that_never_goes_through_is_given_up_eventually(desk: ChatHarness):
    row_id = waiting_for_welfare(desk)
    sender = ScriptedSender(script=[TimeoutError()] * 100)
    dispatcher = OutboxDispatcher(desk.app.desk, sender, address="welfare")
    for _ in range(MAX_ATTEMPTS + 5):
        run(dispatcher.deliver_due())
        desk.clock.advance(hours=1)
    assert len(sender.calls) == MAX_ATTEMPTS
    message = row(desk, row_id)
    assert message.failed_at is not None and message.delivered_at is None
    assert message.last_error == "TimeoutError"


def test_throttling_never_makes_a_message_give_up(desk: ChatHarness):
    """A 429 asks us to wait, it is not a failure: even past MAX_ATTEMPTS the message is kept."""
    row_id = waiting_for_welfare(desk)
    sender = ScriptedSender(script=[RetryAfter(5)] * (MAX_ATTEMPTS + 3))
    dispatcher = OutboxDispatcher(desk.app.desk, sender, address="welfare")
    for _ in range(MAX_ATTEMPTS + 4):
        run(dispatcher.deliver_due())
        desk.clock.advance(seconds=5)
    assert len(sender.calls) == MAX_ATTEMPTS + 4
    message = row(desk, row_id)
    assert message.failed_at is None and message.delivered_at is not None


def test_one_failing_message_does_not_hold_up_the_others(desk: ChatHarness):
    first = waiting_for_welfare(desk)
    second = waiting_for_welfare(desk)
    sender = ScriptedSender(script=[ConnectionError()])
    assert run(OutboxDispatcher(desk.app.desk, sender, address="welfare").deliver_due()) == 1
    assert row(desk, first).delivered_at is None
    assert row(desk, second).delivered_at is not None


# -- accounts that cannot receive -----------------------------------------------------------


def test_an_unreachable_account_is_marked_and_skipped_from_then_on(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", "telegram", "123")
    n = desk.file_request("maryam")
    (submitted,) = rows(desk, "123")
    sender = ScriptedSender(platform="telegram", script=[Unreachable("bot was blocked by the user")])
    dispatcher = OutboxDispatcher(desk.app.desk, sender)

    assert run(dispatcher.deliver_due()) == 0
    failed = row(desk, submitted.id)
    assert failed.failed_at is not None and failed.delivered_at is None
    assert "blocked" in failed.last_error
    maryam = desk.app.desk.directory.find("maryam")
    (account,) = [a for a in desk.app.desk.directory.accounts(maryam) if a.platform == "telegram"]
    assert account.undeliverable_reason

    # later notifications are not even written for that account; the console still gets them
    desk.say("welfare", f"/approve {n}")
    desk.say("insurance", f"/comment {n} لطفاً اصل نامه را بیاورید")
    assert [m.id for m in rows(desk, "123")] == [submitted.id]
    desk.clock.advance(hours=1)
    run(dispatcher.deliver_due())
    assert len(sender.calls) == 1  # the failed one is not retried
    assert len(desk.inbox("maryam")) == 2

    # linking the account again (she unblocked the bot) makes it a place to deliver to again
    desk.app.desk.directory.link("maryam", "telegram", "123")
    desk.say("insurance", f"/forward {n}")
    assert run(dispatcher.deliver_due()) == 1
    assert "بررسی مدارک در شرکت بیمه" in sender.accepted[-1][1].text


def test_an_unreachable_account_does_not_stop_others_on_the_same_platform(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", "telegram", "123")
    desk.app.desk.directory.link("reza", "telegram", "456")
    desk.file_request("maryam")
    desk.file_request("reza")
    sender = BlockedBy("123")  # chats are served side by side: fail by address, not by turn
    assert run(OutboxDispatcher(desk.app.desk, sender).deliver_due()) == 1
    assert [address for address, _, _ in sender.accepted] == ["456"]
    reza = desk.app.desk.directory.find("reza")
    assert all(a.undeliverable_reason is None for a in desk.app.desk.directory.accounts(reza))


# -- rate limits -------------------------------------------------------------------------------


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(delivery.asyncio, "sleep", fake.sleep)
    return fake


def _waits(limiter: RateLimiter, clock: FakeTime, addresses: list[str]) -> list[float]:
    async def go() -> list[float]:
        times = []
        for address in addresses:
            await limiter.wait(address)
            times.append(clock.now - 1000.0)
        return times

    return run(go())


def test_limiter_keeps_the_gap_per_chat(fake_time: FakeTime):
    limiter = RateLimiter(RateLimits(per_chat_interval=1.0), fake_time)
    times = _waits(limiter, fake_time, ["a", "a", "b", "a", "b"])
    # a at 0, a again only after 1 s, b at once, a at 2, b one second after its last
    assert times == pytest.approx([0.0, 1.0, 1.0, 2.0, 2.0])


def test_limiter_keeps_the_overall_rate(fake_time: FakeTime):
    limiter = RateLimiter(RateLimits(per_second=4.0), fake_time)
    times = _waits(limiter, fake_time, ["a", "b", "c", "d", "e"])
    assert times == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])


def test_limiter_keeps_both_limits_at_once(fake_time: FakeTime):
    limiter = RateLimiter(RateLimits(per_second=10.0, per_chat_interval=1.0), fake_time)
    times = _waits(limiter, fake_time, ["a", "b", "a", "c"])
    assert times == pytest.approx([0.0, 0.1, 1.0, 1.1])


def test_limiter_does_not_wait_when_there_is_no_need(fake_time: FakeTime):
    limiter = RateLimiter(RateLimits(per_second=1.0, per_chat_interval=1.0), fake_time)
    _waits(limiter, fake_time, ["a"])
    fake_time.now += 5
    _waits(limiter, fake_time, ["a", ])
    assert fake_time.sleeps == []


def test_concurrent_waiters_each_get_their_own_slot(monkeypatch: pytest.MonkeyPatch):
    """Three sends to one chat started together: each reserves its own slot, none overlap."""
    real_sleep = asyncio.sleep
    slept: list[float] = []

    async def sleep(seconds: float, result=None):  # noqa: ANN001, ANN202 - time stands still meanwhile
        slept.append(seconds)
        await real_sleep(0)
        return result

    monkeypatch.setattr(delivery.asyncio, "sleep", sleep)
    limiter = RateLimiter(RateLimits(per_chat_interval=0.5), lambda: 1000.0)

    async def go() -> None:
        await asyncio.gather(limiter.wait("a"), limiter.wait("a"), limiter.wait("a"), limiter.wait("b"))

    run(go())
    assert sorted(slept) == pytest.approx([0.5, 1.0])


def test_dispatcher_spaces_messages_to_one_chat(desk: ChatHarness, fake_time: FakeTime):
    for _ in range(3):
        waiting_for_welfare(desk)
    sender = ScriptedSender(clock=fake_time)
    dispatcher = OutboxDispatcher(desk.app.desk, sender, limits=RateLimits(per_chat_interval=1.0),
                                  address="welfare")
    dispatcher.limiter = RateLimiter(dispatcher.limiter.limits, fake_time)
    assert run(dispatcher.deliver_due()) == 3
    assert [at - 1000.0 for _, _, at in sender.accepted] == pytest.approx([0.0, 1.0, 2.0])


def test_limiter_in_real_time_with_small_intervals():
    limiter = RateLimiter(RateLimits(per_chat_interval=0.05))

    async def go() -> float:
        start = time.monotonic()
        await limiter.wait("a")
        await limiter.wait("a")
        await limiter.wait("a")
        return time.monotonic() - start

    assert run(go()) >= 0.095


# -- chats side by side, each in order -------------------------------------------------------


def _three_for_maryam_one_for_reza(desk: ChatHarness) -> None:
    desk.app.desk.directory.link("maryam", "telegram", "123")
    desk.app.desk.directory.link("reza", "telegram", "456")
    for _ in range(3):
        desk.file_request("maryam")
    desk.file_request("reza")


def test_a_busy_chat_does_not_hold_up_other_chats(desk: ChatHarness, fake_time: FakeTime):
    _three_for_maryam_one_for_reza(desk)
    sender = ScriptedSender(platform="telegram", clock=fake_time)
    dispatcher = OutboxDispatcher(desk.app.desk, sender, limits=RateLimits(per_chat_interval=1.0))
    dispatcher.limiter = RateLimiter(dispatcher.limiter.limits, fake_time)
    assert run(dispatcher.deliver_due()) == 4
    times = {address: [at - 1000.0 for a, _, at in sender.accepted if a == address] for address in ("123", "456")}
    assert times["456"] == pytest.approx([0.0])  # not after maryam's three
    assert times["123"] == pytest.approx([0.0, 1.0, 2.0])
    tickets = [m.ticket_id for a, m, _ in sender.accepted if a == "123"]
    assert tickets == sorted(tickets)  # one chat's messages in the order they were written


def test_a_throttled_chat_is_held_so_its_order_is_kept(desk: ChatHarness, fake_time: FakeTime):
    _three_for_maryam_one_for_reza(desk)
    sender = ScriptedSender(platform="telegram", script=[RetryAfter(10)])
    dispatcher = OutboxDispatcher(desk.app.desk, sender, address="123")
    assert run(dispatcher.deliver_due()) == 0
    assert len(sender.calls) == 1  # the chat's later rows did not jump the throttled one

    desk.clock.advance(seconds=9)
    assert run(dispatcher.deliver_due()) == 0
    assert len(sender.calls) == 1  # the whole chat waits, not only the throttled row

    desk.clock.advance(seconds=1)
    assert run(dispatcher.deliver_due()) == 3
    tickets = [m.ticket_id for _, m, _ in sender.accepted]
    assert tickets == sorted(tickets) and len(tickets) == 3
    assert sender.calls[0][1].ticket_id == tickets[0]


def test_the_gap_to_a_chat_counts_from_the_end_of_the_last_send(fake_time: FakeTime):
    """A slow request must not let the next message reach the chat sooner than the gap."""
    limiter = RateLimiter(RateLimits(per_chat_interval=1.0), fake_time)

    async def go() -> list[float]:
        starts = []
        for _ in range(2):
            await limiter.wait("a")
            starts.append(fake_time.now)
            fake_time.now += 0.4  # the request took 0.4 s
            limiter.done("a")
        return starts

    first, second = run(go())
    assert second - (first + 0.4) == pytest.approx(1.0)


def test_a_direct_reply_keeps_the_overall_rate_but_not_the_chat_gap(fake_time: FakeTime):
    limiter = RateLimiter(RateLimits(per_second=10.0, per_chat_interval=1.0), fake_time)
    times = []

    async def go() -> None:
        for gap in (True, False, False):
            await limiter.wait("a", chat_gap=gap)
            times.append(fake_time.now - 1000.0)

    run(go())
    assert times == pytest.approx([0.0, 0.1, 0.2])


def test_run_delivers_when_woken_without_waiting_for_the_interval(desk: ChatHarness):
    waiting_for_welfare(desk)
    sender = ScriptedSender()
    dispatcher = OutboxDispatcher(desk.app.desk, sender, address="welfare")

    async def go() -> None:
        stop = asyncio.Event()
        running = asyncio.create_task(dispatcher.run(stop, interval=60))
        while not sender.accepted:
            await asyncio.sleep(0.01)
        desk.say("insurance", "/queue")  # nothing new for welfare; now something new:
        waiting_for_welfare(desk)
        dispatcher.wake()
        for _ in range(200):
            if len(sender.accepted) == 2:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(running, 5)

    run(go())
    assert len(sender.accepted) == 2
