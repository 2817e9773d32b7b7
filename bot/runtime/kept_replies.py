"""A transport's direct replies kept until sent (core.kept_replies), and this process's lease.

Telegram polling keeps them in its inbox rows; Telegram and Bale webhooks and Rocket.Chat,
which have no inbox, keep them here: written in the handling's transaction, cleared once
sent (marked together, every MARK_SECONDS), and at a start, or later once a dead process's
lease has lapsed, taken over and sent before anything newer of their chat.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.events import Outbound
from bot.runtime.desk_threads import Blocking
from core.errors import StorageUnavailable
from core.kept_replies import Holder, KeptReplies

log = logging.getLogger(__name__)

# how often the replies sent meanwhile are marked so (one statement for all of them)
MARK_SECONDS = 0.1


class SentMarks:
    """Ids of kept replies that were sent, marked so together: a kill before the mark sends them
    again at the next start (at least once)."""

    def __init__(self, mark: Callable[[list[int]], None], blocking: Blocking) -> None:
        self._mark = mark
        self._blocking = blocking
        self._ids: list[int] = []

    def add(self, kept_id: int) -> None:
        self._ids.append(kept_id)

    async def run(self, done: asyncio.Event) -> None:
        while not done.is_set():
            await sleep_unless(done, MARK_SECONDS)
            await self.flush()

    async def flush(self) -> None:
        if not self._ids:
            return
        ids, self._ids = self._ids, []
        try:
            await self._blocking(self._mark, ids)
        except StorageUnavailable:
            self._ids[:0] = ids  # tried again with the next ones
            log.warning("replies could not be marked sent (database unavailable)")


def process_alive(pid: int) -> bool:
    """Whether a process of that id runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's, but alive
    return True


class ProcessLease:
    """This process's claim on the replies it keeps, for all its transports: written when the first
    starts, renewed every third of its length, dropped when the last stops."""

    def __init__(self, kept: KeptReplies, blocking: Blocking, seconds: float) -> None:
        self.kept = kept
        self.seconds = seconds
        self.holder = Holder(uuid.uuid4().hex, socket.gethostname(), self._other_alive)
        self._blocking = blocking
        self._users = 0
        self._renewal: asyncio.Task[None] | None = None

    @staticmethod
    def _other_alive(pid: int) -> bool:
        # a lease of this host with this very pid is an earlier process's (a container's pid 1)
        return pid != os.getpid() and process_alive(pid)

    async def acquire(self) -> None:
        self._users += 1
        if self._users == 1:
            await self._hold()
            self._renewal = asyncio.create_task(self._renew())

    async def release(self) -> None:
        self._users -= 1
        if self._users:
            return
        if self._renewal is not None:
            self._renewal.cancel()
            await asyncio.gather(self._renewal, return_exceptions=True)
            self._renewal = None
        try:
            await self._blocking(self.kept.release, self.holder.owner)
        except StorageUnavailable:
            log.warning("the reply lease could not be released (database unavailable); it lapses by itself")

    async def _hold(self) -> None:
        try:
            await self._blocking(self.kept.hold, self.holder, os.getpid(), timedelta(seconds=self.seconds))
        except StorageUnavailable:
            log.warning("the reply lease could not be renewed (database unavailable)")

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(self.seconds / 3)
            await self._hold()


@dataclass(frozen=True)
class Unsent:
    """Replies a kill kept from being sent, now this process's to send."""

    kept_id: int
    chat_id: str
    replies: list[Outbound]


class ReplyKeeper:
    """One transport's kept replies: keep() in the handling's transaction, sent() once out."""

    def __init__(self, kept: KeptReplies, lease: ProcessLease, platform: str, blocking: Blocking) -> None:
        self.kept = kept
        self.lease = lease
        self.platform = platform
        self._blocking = blocking
        self.marks = SentMarks(kept.sent, blocking)

    def keep(self, chat_id: str, replies: list[Outbound], within: KeptReplies) -> int | None:
        """In the handling's transaction (blocking; `within`: the kept replies of the desk over it);
        the id to pass to sent(), None when nothing was."""
        if not replies:
            return None
        return within.keep(self.platform, chat_id, self.lease.holder.owner, [r.to_json() for r in replies])

    def sent(self, kept_id: int) -> None:
        self.marks.add(kept_id)

    async def adopt(self) -> list[Unsent]:
        """The replies of processes that are gone, taken over (oldest first)."""
        try:
            adopted = await self._blocking(self.kept.adopt, self.platform, self.lease.holder)
        except StorageUnavailable:
            log.warning("unsent replies could not be read (database unavailable); tried again later")
            return []
        if adopted:
            log.warning("%d unsent %s replies of a stopped process taken over", len(adopted), self.platform)
        return [Unsent(r.id, r.chat_id, [Outbound.from_json(m) for m in r.messages]) for r in adopted]

    async def run(self, done: asyncio.Event, resend: Callable[[Unsent], Awaitable[None]]) -> None:
        """Marks sent replies; every third of the lease, takes over what lapsed leases left."""
        marks = asyncio.create_task(self.marks.run(done))
        try:
            while not done.is_set():
                await sleep_unless(done, self.lease.seconds / 3)
                if not done.is_set():
                    for unsent in await self.adopt():
                        await resend(unsent)
        finally:
            await marks
            await self.marks.flush()


async def sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
