"""Runs the (synchronous) bot off the event loop, one event at a time per chat."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from bot.events import Inbound, Outbound
from bot.handlers.router import Bot, Identified
from bot.runtime import metrics
from bot.runtime.desk_threads import DeskThreads
from core.desk import Desk
from core.errors import StorageUnavailable
from core.ports import OneTransaction


class _ChatTurn:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


# done last in an update's transaction, given the replies and the desk over that transaction (the
# inbox's handled mark keeps them); given the app's desk (own units) when the transaction failed
AfterHandling = Callable[[list[Outbound], Desk], None]
# handle_blocking's `who` when nobody asked the directory yet (None is "nobody we know")
_NOT_ASKED: Any = object()


class BotRunner:
    def __init__(self, bot: Bot, transaction: OneTransaction, threads: DeskThreads | None = None) -> None:
        self.bot = bot
        self.threads = threads or DeskThreads()
        # events of one chat are handled in arrival order; different chats run side by side.
        # A chat's lock lives while some of its events are in hand (a lock, how many use it):
        # kept for every chat ever seen, they were a slow leak in a long-running bot.
        self._chats: dict[str, _ChatTurn] = {}
        # an update's transaction (storage's Database.transaction), which holds the chat across
        # processes sharing a database too (PostgreSQL: an advisory lock)
        self._transaction = transaction

    async def handle(self, inbound: Inbound, then: AfterHandling | None = None) -> list[Outbound]:
        """The replies to inbound. Its handling is one transaction, with `then(replies, desk)` (e.g.
        marking the update handled in the inbox, on the desk over that transaction) done in it
        last: all of it happens, or none of it.
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
            # the directory is asked before the transaction (who wrote; a /link password's bind), and
            # a file for a form's file step read, so a slow one holds no lock; with no directory and no
            # file, who wrote is read inside it
            if who is _NOT_ASKED:
                who = self.bot.ahead(inbound) if self.bot.desk.people.has_directory or inbound.files else None
            # the update's transaction, opened here and handed to what handles it: every service of
            # the desk over it is built over it, each piece of their work a part of it (a write a
            # savepoint, a read none; docs/architecture.md, "The unit of work")
            with self._transaction(inbound.chat_key) as transaction:
                desk = self.bot.desk.within(transaction)
                replies = self.bot.handle(inbound, who, desk)
                if then is not None:
                    then(replies, desk)
        except StorageUnavailable as error:  # the lock itself needs the database (PostgreSQL), or the commit failed
            replies = self.bot.unavailable(inbound, error)
            if then is not None:
                with contextlib.suppress(StorageUnavailable):
                    then(replies, self.bot.desk)  # each piece a unit of its own
        metrics.observe_update(inbound, time.perf_counter() - started)
        return replies
