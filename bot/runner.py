"""Runs the (synchronous) bot off the event loop, one event at a time per chat."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager

from bot import metrics
from bot.events import Inbound, Outbound
from bot.handlers.router import Bot
from core.errors import StorageUnavailable

ChatLock = Callable[[str], AbstractContextManager[None]]


def _no_lock(chat_key: str) -> AbstractContextManager[None]:
    return contextlib.nullcontext()


class BotRunner:
    def __init__(self, bot: Bot, chat_lock: ChatLock = _no_lock) -> None:
        self.bot = bot
        # events of one chat are handled in arrival order; different chats run side by side
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        # the same across processes sharing a database (PostgreSQL: an advisory lock)
        self._chat_lock = chat_lock

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        async with self._locks[inbound.chat_key]:
            return await asyncio.to_thread(self._handle_alone, inbound)

    def _handle_alone(self, inbound: Inbound) -> list[Outbound]:
        started = time.perf_counter()
        try:
            with self._chat_lock(inbound.chat_key):
                started = time.perf_counter()
                replies = self.bot.handle(inbound)
        except StorageUnavailable as error:  # the lock itself needs the database (PostgreSQL)
            replies = self.bot.unavailable(inbound, error)
        metrics.observe_update(inbound, time.perf_counter() - started)
        return replies
