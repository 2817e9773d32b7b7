"""What the platform adapters share: serving a fake platform on 127.0.0.1, and running
the real bot (app + one transport) in-process over a test database that survives restarts."""
from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.app import App, build_app
from bot.config import AppConfig
from core.models import Ticket

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def serve_locally(app: web.Application) -> tuple[web.AppRunner, str]:
    """Serve `app` on 127.0.0.1 at a free port, without an access log (it would print tokens);
    returns the runner (cleanup() stops it) and the base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


class RunningBot:
    """The real bot with one transport, run as `python -m bot run` would, inside the test's loop."""

    def __init__(self, config: AppConfig, clock: Callable[[], Any], build_transport: Callable[[App], Any]) -> None:
        self.config = config
        self.clock = clock
        self.build_transport = build_transport
        self.app: App | None = None
        self.transport: Any = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start_bot(self, prepare: Callable[[App], None] | None = None) -> None:
        self.app = build_app(self.config, clock=self.clock)
        if prepare is not None:
            prepare(self.app)
        self.transport = self.build_transport(self.app)
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self.transport.run(self._stop))

    async def stop_bot(self, timeout: float = 15) -> None:
        self._stop.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, timeout)
            self._task = None
        if self.app is not None:
            self.app.close()
            self.app = None

    # -- the desk, for checks ----------------------------------------------------------

    def ticket(self, ticket_id: int) -> Ticket:
        assert self.app is not None
        return self.app.desk.tickets.operator_details(ticket_id).ticket

    def history(self, ticket_id: int) -> list[tuple[str, str]]:
        """(action, actor username) of every step, in order."""
        assert self.app is not None
        details = self.app.desk.tickets.operator_details(ticket_id)
        return [(entry.action, actor.username if actor else "?") for entry, actor in details.history]


@contextlib.asynccontextmanager
async def bot_run(config: Path, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """The real program, `python -m bot run --config FILE`, as a subprocess (killed if a test
    ends before it stopped)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
