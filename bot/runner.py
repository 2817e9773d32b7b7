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

    async def handle(self, inbound: Inbound, then: Callable[[], None] | None = None) -> list[Outbound]:
        """The replies to inbound. Its handling is one transaction, with `then` (e.g. marking
        the update handled in the inbox) done in it last: all of it happens, or none of it.
        When the database fails, the person is told that the message was not handled, and
        `then` is tried on its own: an update they were told to send again is not done later."""
        async with self._locks[inbound.chat_key]:
            return await asyncio.to_thread(self.handle_blocking, inbound, then)

    def handle_blocking(self, inbound: Inbound, then: Callable[[], None] | None = None) -> list[Outbound]:
        """handle() in this thread, for one who keeps a chat's events in order already."""
        started = time.perf_counter()
        try:
            with self._chat_lock(inbound.chat_key):
                started = time.perf_counter()
                # the directory is asked before the transaction (who wrote; a /link password's bind),
                # so a slow one holds no lock; with no directory, who wrote is read inside it
                who = self.bot.who(inbound) if self.bot.desk.people.has_directory else None
                with self.bot.desk.in_one_transaction():
                    replies = self.bot.handle(inbound, who)
                    if then is not None:
                        then()
        except StorageUnavailable as error:  # the lock itself needs the database (PostgreSQL), or the commit failed
            replies = self.bot.unavailable(inbound, error)
            if then is not None:
                with contextlib.suppress(StorageUnavailable):
                    then()
        metrics.observe_update(inbound, time.perf_counter() - started)
        return replies
