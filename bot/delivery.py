"""Delivering the outbox: render each notification for its reader and send it within limits.

A row is marked delivered only after the platform accepted it, so a crash
between the two sends it again rather than losing it (at-least-once).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.events import Outbound
from bot.i18n import Translator
from bot.render import notification
from core.desk import Desk
from core.models import OutboxMessage

log = logging.getLogger(__name__)


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
    """Spaces sends: an overall rate and a minimum gap per chat."""

    def __init__(self, limits: RateLimits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._now = monotonic
        self._next_any = 0.0
        self._next_chat: dict[str, float] = {}
        self._lock = asyncio.Lock()

    async def wait(self, address: str) -> None:
        async with self._lock:
            now = self._now()
            at = max(now, self._next_any, self._next_chat.get(address, 0.0))
            if self.limits.per_second > 0:
                self._next_any = at + 1.0 / self.limits.per_second
            if self.limits.per_chat_interval > 0:
                self._next_chat[address] = at + self.limits.per_chat_interval
        if at > now:
            await asyncio.sleep(at - now)


class OutboxDispatcher:
    def __init__(
        self,
        desk: Desk,
        sender: Sender,
        limits: RateLimits = RateLimits(),
        address: str | None = None,
    ) -> None:
        self.desk = desk
        self.sender = sender
        self.address = address  # deliver only to this address (the console of one user)
        self.limiter = RateLimiter(limits)

    def render(self, message: OutboxMessage) -> Outbound | None:
        recipient = self.desk.directory.by_id(message.user_id)
        if recipient is None:
            return None
        return notification(Translator(recipient.lang), message, recipient)

    async def deliver_due(self, limit: int = 100) -> int:
        """Send what is due now; returns how many were delivered."""
        due = await asyncio.to_thread(self.desk.outbox.due, self.sender.platform, limit, self.address)
        delivered = 0
        for message in due:
            delivered += await self._deliver(message)
        return delivered

    async def _deliver(self, message: OutboxMessage) -> int:
        outbound = self.render(message)
        if outbound is None:
            await asyncio.to_thread(self.desk.outbox.undeliverable, message, "recipient deleted")
            return 0
        await self.limiter.wait(message.address)
        try:
            platform_id = await self.sender.send(message.address, outbound)
        except RetryAfter as exc:
            await asyncio.to_thread(self.desk.outbox.retry_later, message, str(exc), timedelta(seconds=exc.seconds))
            return 0
        except Unreachable as exc:
            log.warning("account unreachable, stop sending (platform=%s outbox=%s)", message.platform, message.id)
            await asyncio.to_thread(self.desk.outbox.undeliverable, message, str(exc) or "unreachable")
            return 0
        except Exception as exc:  # noqa: BLE001 - network errors, 5xx: back off and retry
            log.warning("delivery failed, will retry (platform=%s outbox=%s): %s",
                        message.platform, message.id, type(exc).__name__)
            await asyncio.to_thread(self.desk.outbox.retry_later, message, type(exc).__name__)
            return 0
        await asyncio.to_thread(self.desk.outbox.delivered, message, platform_id)
        return 1

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        while not stop.is_set():
            try:
                await self.deliver_due()
            except Exception:  # noqa: BLE001 - a bad round must not end delivery for good
                log.exception("outbox round failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except asyncio.TimeoutError:
                pass
