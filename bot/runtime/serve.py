"""Runs every configured chat transport side by side until Ctrl-C (or SIGTERM).

A transport owns its platform end to end: reading updates, answering them through
the shared BotRunner, and delivering its platform's outbox rows within the
platform's limits. Platform libraries are imported only when configured.
"""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


class Transport(Protocol):
    platform: str

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set, then release what was opened."""


def configured_transports(app: App) -> list[Transport]:
    transports: list[Transport] = []
    if app.config.telegram is not None and app.config.telegram.enabled:
        from bot.transports.telegram import build_transport as telegram

        transports.append(telegram(app))
    if app.config.bale is not None and app.config.bale.enabled:
        from bot.transports.telegram import build_bale_transport as bale

        transports.append(bale(app))
    if app.config.rocketchat is not None and app.config.rocketchat.enabled:
        from bot.transports.rocketchat import build_transport as rocketchat

        transports.append(rocketchat(app))
    if transports and app.config.metrics.listen:
        from bot.runtime import metrics

        for transport in transports:
            metrics.transports.starting(transport.platform)
        transports.append(MetricsEndpoint(app))
    return transports


def background_jobs(app: App) -> list[Transport]:
    """Deadline reminders and the daily digest, run beside the transports."""
    from bot.runtime.jobs import JobRunner

    return [JobRunner(app.desk, app.config.jobs.interval_seconds)]


class MetricsEndpoint:
    """Serves /healthz and /metrics beside the chat transports ([metrics] listen)."""

    platform = "metrics"

    def __init__(self, app: App) -> None:
        from bot.config.checks import host_port
        from bot.runtime.metrics import MetricsServer

        database, clock = app.database, app.desk.clock
        self.server = MetricsServer(host_port(app.config.metrics.listen), lambda: database.stats(clock()),
                                    database.ping)

    async def run(self, stop: asyncio.Event) -> None:
        await self.server.start()
        try:
            await stop.wait()
        finally:
            await self.server.stop()


async def serve(transports: list[Transport], stop: asyncio.Event) -> None:
    """Run all transports; if one ends on its own (it failed), stop the others too."""
    tasks = [asyncio.create_task(t.run(stop), name=f"transport-{t.platform}") for t in transports]
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stopper and task.exception() is not None:
                log.error("transport %s stopped: %s", task.get_name(), type(task.exception()).__name__)
    finally:
        stop.set()
        stopper.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException) and not isinstance(r, asyncio.CancelledError)]
    if failed:
        raise failed[0]


def run_until_signalled(transports: list[Transport]) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve(transports, stop)

    asyncio.run(main())
