"""The few threads in which the event loop's blocking calls into the desk (its database) run."""
from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# How the event loop runs a blocking call into the desk: DeskThreads.run, or asyncio.to_thread
# where no DeskThreads is given (tests of one part).
Blocking = Callable[..., Awaitable[Any]]


class DeskThreads:
    """Handling updates, storing them in the inbox, claiming and marking notifications: the
    desk's work is Python holding the interpreter lock, apart from the database's waits. Run
    in more threads, it only takes turns at that lock with the event loop, and every turn costs
    CPU (bench/README.md: six threads cost up to 1.5 times the CPU per update of two). The
    directory, the Rocket.Chat client and the health check wait in asyncio's own threads, so
    a hanging server holds none of these; so do the jobs' rounds, once a minute and maybe long."""

    def __init__(self, count: int = 2) -> None:
        self.count = count
        self._pool = ThreadPoolExecutor(count, thread_name_prefix="bimeh-desk")

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """func(*args) in one of these threads, with the caller's context (as asyncio.to_thread)."""
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._pool, context.run, func, *args)

    def close(self) -> None:
        """After the transports have stopped."""
        self._pool.shutdown(wait=True)
