"""Delivering the outbox: render each notification for its reader and send it within limits.

A row is marked delivered only after the platform accepted it, so a crash
between the two sends it again rather than losing it (at-least-once).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.events import Outbound
from bot.i18n import Translator
from bot.render.notifications import notification
from bot.runtime import metrics
from bot.runtime.desk_threads import Blocking
from core.desk import Desk
from core.errors import StorageUnavailable
from core.models import OutboxMessage
from core.notifications import DOCUMENT_SENT, TICKET_WAITING

log = logging.getLogger(__name__)

# On shutdown, how long the update in hand and the sends in flight may take to finish.
SHUTDOWN_GRACE_SECONDS = 10.0


class DeliveryError(Exception):
    """A send failed; subclasses say what to do about it."""


class RetryAfter(DeliveryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Unreachable(DeliveryError):
    """The account cannot receive (blocked the bot, left, deleted): stop trying it."""


class Sender(Protocol):
    platform: str

    async def send(self, address: str, message: Outbound) -> str | None:
        """Send and return the platform's id of the message (for replies), or raise DeliveryError."""


@dataclass(frozen=True)
class RateLimits:
    per_second: float = 0.0  # overall; 0 = unlimited
    per_chat_interval: float = 0.0  # seconds between two messages to one chat


class RateLimiter:
    """Spaces sends: an overall rate and a minimum gap per chat.

    The gap to a chat counts from when the previous send to it finished (`done`),
    so a slow request cannot make two messages reach the platform closer than that.
    """

    def __init__(self, limits: RateLimits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._now = monotonic
        self._next_any = 0.0
        self._next_chat: dict[str, float] = {}
        self._chat_lock = asyncio.Lock()
        self._overall_lock = asyncio.Lock()

    async def wait(self, address: str, chat_gap: bool = True) -> None:
        """Wait for this send's slot; `chat_gap=False` (a direct reply to what the person
        just wrote) keeps only the overall rate."""
        if chat_gap and self.limits.per_chat_interval > 0:
            async with self._chat_lock:  # reserve this chat's next slot, then wait for it unlocked
                now = self._now()
                at = max(now, self._next_chat.get(address, 0.0))
                self._next_chat[address] = at + self.limits.per_chat_interval
            if at > now:
                await asyncio.sleep(at - now)
        if self.limits.per_second > 0:
            # one at a time, and the next slot counts from when this one really began: a late
            # wake-up (a busy loop) must not be made up for by a burst afterwards
            async with self._overall_lock:
                now = self._now()
                if self._next_any > now:
                    await asyncio.sleep(self._next_any - now)
                self._next_any = max(self._next_any, self._now()) + 1.0 / self.limits.per_second

    @contextlib.asynccontextmanager
    async def slot(self, address: str, chat_gap: bool = True) -> AsyncIterator[None]:
        """Wait for a send's slot, and count the chat's gap from when the send ends."""
        await self.wait(address, chat_gap)
        try:
            yield
        finally:
            self.done(address)

    def done(self, address: str) -> None:
        """A send to `address` has just finished: the next one waits the full gap from now."""
        if self.limits.per_chat_interval > 0:
            self._next_chat[address] = max(self._next_chat.get(address, 0.0),
                                           self._now() + self.limits.per_chat_interval)


THROTTLED = -1
# why _prepare drops a "waiting for you" row (the others of the role got their own rows)
DISABLED = "recipient disabled"
NOT_IN_ROLE = "recipient no longer holds the role"


class OutboxDispatcher:
    """Sends due rows: chats side by side, each chat's rows one after another in order.

    A chat the platform throttled (RetryAfter) is held: none of its later rows go
    before the throttled one, which is due again when the platform said.
    """

    def __init__(
        self,
        desk: Desk,
        sender: Sender,
        limits: RateLimits = RateLimits(),
        address: str | None = None,
        blocking: Blocking = asyncio.to_thread,
    ) -> None:
        self.desk = desk
        self._blocking = blocking  # how the outbox is read and marked: the app's DeskThreads.run
        self.sender = sender
        self.address = address  # deliver only to this address (the console of one user)
        self.limiter = RateLimiter(limits)
        self._in_flight: set[int] = set()  # row ids a worker has taken
        self._chat_workers: dict[str, asyncio.Task] = {}  # the newest worker of each chat
        self._held: dict[str, int] = {}  # chat -> the throttled row that must go first
        self._wake = asyncio.Event()
        # the outbox's rows_committed at the last wake-up (rows before the start: the first round's)
        self._woken_at: int | None = desk.outbox.rows_committed()
        self._stopping = False  # shutting down: finish the sends in flight, start no other

    def render(self, message: OutboxMessage) -> Outbound | None:
        recipient = self.desk.directory.by_id(message.user_id)
        if recipient is None:
            return None
        return self.with_document(message, notification(Translator(recipient.lang), message, recipient))

    def with_document(self, message: OutboxMessage, outbound: Outbound) -> Outbound:
        """The file a notification carries goes with it, under its own name: a document an action made
        (an attachment of the ticket), or one the desk made to send (a report: `file` in the payload)."""
        if message.kind == DOCUMENT_SENT:
            outbound.document = self.desk.attachments.local_path(message.payload["attachment_id"])
        elif isinstance(message.payload.get("file"), dict):
            made = message.payload["file"]
            outbound.document = self.desk.attachments.document_path(made["stored"], made["name"])
        return outbound

    def _prepare(self, message: OutboxMessage) -> Outbound | str:
        """The message as its reader sees it, or why it is not sent."""
        if message.user_id is not None and message.kind == TICKET_WAITING:
            recipient = self.desk.directory.by_id(message.user_id)
            if recipient is not None:
                # as the directory says now (asked again after cache_seconds), even of someone who
                # has not written since: a group removed or an account disabled there is seen here too
                recipient = self.desk.people.current(recipient)
                if recipient.disabled:
                    return DISABLED  # a disabled account acts no more; the others of its role got their own rows
                role = message.payload.get("role")
                if role is not None and not recipient.has_role(role):
                    return NOT_IN_ROLE
        outbound = self.render(message)
        return outbound if outbound is not None else "recipient deleted"

    def wake(self) -> None:
        """New rows may be waiting (someone just acted): start a round now rather than at the
        interval, if this process committed outbox rows since the last wake-up (the caller's
        transaction has committed by now, so the round sees its rows)."""
        committed = self.desk.outbox.rows_committed()
        if committed is not None and committed == self._woken_at:
            return  # nothing new: most updates notify nobody
        self._woken_at = committed
        self._wake.set()

    async def deliver_due(self, limit: int = 100) -> int:
        """Send what is due now; returns how many were delivered."""
        # claimed: another process sharing the database does not send these too
        due = await self._blocking(self.desk.outbox.claim, self.sender.platform, limit, self.address)
        chats: dict[str, list[OutboxMessage]] = {}
        for message in due:
            if message.id not in self._in_flight:
                chats.setdefault(message.address, []).append(message)
        workers = []
        for address, messages in chats.items():
            held = self._held.get(address)
            if held is not None and messages[0].id != held:
                # throttled: its later rows wait until the held one is due again
                await self._blocking(self.desk.outbox.release, messages)
                continue
            self._in_flight.update(m.id for m in messages)
            workers.append(asyncio.create_task(self._deliver_chat(address, messages)))
        return sum(await asyncio.gather(*workers))

    async def _deliver_chat(self, address: str, messages: list[OutboxMessage]) -> int:
        previous = self._chat_workers.get(address)
        current = asyncio.current_task()
        assert current is not None
        self._chat_workers[address] = current
        delivered = 0
        unsent = list(messages)
        try:
            if previous is not None and not previous.done():
                await asyncio.wait([previous])  # an earlier round's rows of this chat go first
            for message in messages:
                if self._stopping:
                    break  # the rest stay due, for the next start
                outcome = await self._deliver(message)
                unsent.remove(message)
                if outcome == THROTTLED:
                    break  # the rest stay due, behind the held row
                delivered += outcome
        finally:
            if unsent:
                # throttled, or stopped (a send cut short goes again: at-least-once): let
                # go of the claim now rather than when it runs out. Synchronous, as this
                # may run while the task is being cancelled.
                with contextlib.suppress(Exception):
                    self.desk.outbox.release(unsent)
            self._in_flight.difference_update(m.id for m in messages)
            if self._chat_workers.get(address) is current:
                del self._chat_workers[address]
        return delivered

    async def _deliver(self, message: OutboxMessage) -> int:
        outbound = await self._blocking(self._prepare, message)
        if outbound in (DISABLED, NOT_IN_ROLE):
            await self._blocking(self.desk.outbox.dropped, message, outbound)  # the account stays reachable
            return 0
        if not isinstance(outbound, Outbound):
            await self._blocking(self.desk.outbox.undeliverable, message, outbound)
            return 0
        try:
            async with self.limiter.slot(message.address):
                platform_id = await self.sender.send(message.address, outbound)
        except RetryAfter as exc:
            metrics.DELIVERY_FAILURES.labels(message.platform, "429").inc()
            self._held[message.address] = message.id
            await self._blocking(self.desk.outbox.retry_later, message, str(exc), timedelta(seconds=exc.seconds))
            return THROTTLED
        except Unreachable as exc:
            metrics.DELIVERY_FAILURES.labels(message.platform, "blocked").inc()
            log.warning("account unreachable, stop sending (platform=%s outbox=%s)", message.platform, message.id)
            await self._blocking(self.desk.outbox.undeliverable, message, str(exc) or "unreachable")
            return 0
        except Exception as exc:  # noqa: BLE001 - network errors, 5xx: back off and retry
            metrics.DELIVERY_FAILURES.labels(message.platform, metrics.failure_reason(exc)).inc()
            log.warning("delivery failed, will retry (platform=%s outbox=%s): %s",
                        message.platform, message.id, type(exc).__name__)
            await self._blocking(self.desk.outbox.retry_later, message, type(exc).__name__)
            return 0
        if self._held.get(message.address) == message.id:
            del self._held[message.address]
        await self._blocking(self.desk.outbox.delivered, message, platform_id)
        metrics.DELIVERIES.labels(message.platform).inc()
        return 1

    async def run(self, stop: asyncio.Event, interval: float = 1.0, limit: int = 1000) -> None:
        """Start a round every `interval` (or at once when woken); rounds overlap, so a chat
        with many rows never holds up rows for other chats that became due meanwhile."""
        rounds: set[asyncio.Task] = set()
        try:
            while not stop.is_set():
                self._wake.clear()
                task = asyncio.create_task(self._round(limit))
                rounds.add(task)
                task.add_done_callback(rounds.discard)
                waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(self._wake.wait())]
                await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
        finally:
            # SIGTERM: the sends in flight finish and are recorded (for a while at most); a send
            # cut short after that is not marked delivered: it goes again next time (at-least-once)
            self._stopping = True
            if rounds:
                await asyncio.wait(list(rounds), timeout=SHUTDOWN_GRACE_SECONDS)
            for task in list(rounds):
                task.cancel()
            await asyncio.gather(*rounds, return_exceptions=True)

    async def _round(self, limit: int) -> None:
        try:
            await self.deliver_due(limit)
        except StorageUnavailable:
            log.warning("outbox round skipped: the database is unavailable")  # the next round tries again
        except Exception:  # noqa: BLE001 - a bad round must not end delivery for good
            log.exception("outbox round failed")
