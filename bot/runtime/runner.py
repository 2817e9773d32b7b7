"""Runs the (synchronous) bot off the event loop, one event at a time per chat."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from bot.events import Inbound, Outbound
from bot.handlers.router import Bot, Identified
from bot.runtime import metrics
from bot.runtime.desk_threads import DeskThreads
from core.errors import StorageUnavailable

ChatLock = Callable[[str], AbstractContextManager[None]]


def _no_lock(chat_key: str) -> AbstractContextManager[None]:
    return contextlib.nullcontext()


class _ChatTurn:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


# done last in an update's transaction, given the replies (the inbox's handled mark keeps them)
AfterHandling = Callable[[list[Outbound]], None]
# handle_blocking's `who` when nobody asked the directory yet (None is "nobody we know")
_NOT_ASKED: Any = object()


class BotRunner:
    def __init__(self, bot: Bot, chat_lock: ChatLock = _no_lock, threads: DeskThreads | None = None) -> None:
        self.bot = bot
        self.threads = threads or DeskThreads()
        # events of one chat are handled in arrival order; different chats run side by side.
        # A chat's lock lives while some of its events are in hand (a lock, how many use it):
        # kept for every chat ever seen, they were a slow leak in a long-running bot.
        self._chats: dict[str, _ChatTurn] = {}
        # the same across processes sharing a database (PostgreSQL: an advisory lock)
        self._chat_lock = chat_lock

    async def handle(self, inbound: Inbound, then: AfterHandling | None = None) -> list[Outbound]:
        """The replies to inbound. Its handling is one transaction, with `then(replies)` (e.g.
        marking the update handled in the inbox) done in it last: all of it happens, or none of it.
        When the database fails, the person is told that the message was not handled, and
        `then` is tried on its own: an update they were told to send again is not done later."""
        key = inbound.chat_key
        turn = self._chats.get(key) or self._chats.setdefault(key, _ChatTurn())
        turn.users += 1
        try:
            async with turn.lock:
                who = _NOT_ASKED
                # the directory may hang, a roster take seconds: in asyncio's threads, not the desk's
                if self.bot.desk.people.has_directory or inbound.files:
                    with contextlib.suppress(StorageUnavailable):  # met again, and told, in the handling
                        who = await asyncio.to_thread(self.bot.ahead, inbound)
                return await self.threads.run(self.handle_blocking, inbound, then, who)
        finally:
            turn.users -= 1
            if not turn.users:
                del self._chats[key]

    def chats_in_hand(self) -> int:
        """Chats with an event being handled or waiting its turn."""
        return len(self._chats)

    def handle_blocking(self, inbound: Inbound, then: AfterHandling | None = None,
                        who: Identified | None = _NOT_ASKED) -> list[Outbound]:
        """handle() in this thread, for one who keeps a chat's events in order already;
        `who` when the directory was asked already."""
        started = time.perf_counter()
        try:
            with self._chat_lock(inbound.chat_key):
                started = time.perf_counter()
                # the directory is asked before the transaction (who wrote; a /link password's bind), and
                # a file for a form's file step read, so a slow one holds no lock; with no directory and no
                # file, who wrote is read inside it
                if who is _NOT_ASKED:
                    who = self.bot.ahead(inbound) if self.bot.desk.people.has_directory or inbound.files else None
                with self.bot.desk.in_one_transaction():
                    replies = self.bot.handle(inbound, who)
                    if then is not None:
                        then(replies)
        except StorageUnavailable as error:  # the lock itself needs the database (PostgreSQL), or the commit failed
            replies = self.bot.unavailable(inbound, error)
            if then is not None:
                with contextlib.suppress(StorageUnavailable):
                    then(replies)
        metrics.observe_update(inbound, time.perf_counter() - started)
        return replies
