"""Health and Prometheus metrics: `[metrics] listen` serves /healthz and /metrics.

Counters live at module level (prometheus-client's default registry, which also
carries the process's CPU and memory); the runner and the outbox dispatcher
count into them whether or not anything serves them. What is in the database
(outbox depth, drafts, tickets by state) is read when /metrics is scraped.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.events import Inbound
from core.desk_gauges import DeskStats

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

UPDATES = Counter("bimeh_updates_handled", "Updates handled, by platform and kind", ["platform", "kind"])
HANDLING = Histogram("bimeh_update_handling_seconds", "Time to handle one update", ["platform"],
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
DELIVERIES = Counter("bimeh_deliveries", "Notifications delivered", ["platform"])
DELIVERY_FAILURES = Counter("bimeh_delivery_failures", "Failed notification sends, by reason "
                            "(429, blocked, timeout, other)", ["platform", "reason"])
CHECK_TIMEOUT_SECONDS = 5.0


def update_kind(inbound: Inbound) -> str:
    if inbound.button is not None:
        return "button"
    if inbound.files:
        return "file"
    if (inbound.text or "").lstrip().startswith("/"):
        return "command"
    return "text"


def observe_update(inbound: Inbound, seconds: float) -> None:
    UPDATES.labels(inbound.platform, update_kind(inbound)).inc()
    HANDLING.labels(inbound.platform).observe(seconds)


def failure_reason(error: BaseException) -> str:
    """The failure label of a send that raised `error` (429 and blocked are told by the dispatcher)."""
    name = type(error).__name__
    if isinstance(error, TimeoutError) or "Timeout" in name or "TimedOut" in name:
        return "timeout"
    return "other"


class TransportHealth:
    """Whether each running transport reaches its platform: None when it does, else why not."""

    def __init__(self) -> None:
        self._state: dict[str, str | None] = {}

    def starting(self, platform: str) -> None:
        self._state[platform] = "starting"

    def up(self, platform: str) -> None:
        self._state[platform] = None

    def down(self, platform: str, reason: str) -> None:
        self._state[platform] = reason

    def forget(self, platform: str) -> None:
        self._state.pop(platform, None)

    def problems(self) -> list[str]:
        return [f"{platform}: {reason}" for platform, reason in sorted(self._state.items()) if reason is not None]


transports = TransportHealth()


class DeskCollector(Collector):
    """Reads the desk's numbers from the database at each scrape."""

    def __init__(self, stats: Callable[[], DeskStats]) -> None:
        self._stats = stats

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("bimeh_database_up", "1 when the database answered this scrape")
        try:
            stats = self._stats()
        except Exception as error:  # noqa: BLE001 - a scrape reports the outage rather than failing
            log.warning("metrics: database unavailable: %s", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        depth = GaugeMetricFamily("bimeh_outbox_depth", "Notifications waiting to be sent", labels=["platform"])
        age = GaugeMetricFamily("bimeh_outbox_oldest_age_seconds", "Age of the oldest waiting notification",
                                labels=["platform"])
        for platform, count in sorted(stats.outbox_depth.items()):
            depth.add_metric([platform], count)
            age.add_metric([platform], stats.outbox_oldest_age_seconds.get(platform, 0.0))
        yield depth
        yield age
        yield GaugeMetricFamily("bimeh_active_drafts", "Conversations in progress (forms and questions)",
                                value=stats.active_drafts)
        tickets = GaugeMetricFamily("bimeh_tickets", "Tickets by request type and state",
                                    labels=["request_type", "state"])
        for (request_type, state), count in sorted(stats.tickets_by_state.items()):
            tickets.add_metric([request_type, state], count)
        yield tickets


class MetricsServer:
    """/healthz: 200 when the database answers and every transport is connected, else 503
    with the reasons; /metrics: the Prometheus text format."""

    def __init__(self, listen: tuple[str, int], stats: Callable[[], DeskStats], ping: Callable[[], Any]) -> None:
        self.host, self.port = listen
        self._ping = ping
        self._collector = DeskCollector(stats)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        from aiohttp import web  # the server only where [metrics] listen is set

        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        REGISTRY.register(self._collector)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            REGISTRY.unregister(self._collector)

    async def _healthz(self, request: web.Request) -> web.Response:
        from aiohttp import web

        problems = list(transports.problems())
        try:
            await asyncio.wait_for(asyncio.to_thread(self._ping), CHECK_TIMEOUT_SECONDS)
        except Exception as error:  # noqa: BLE001 - reported, not raised
            # the driver's error when storage reports it as StorageUnavailable
            problems.insert(0, f"database: {type(error.__cause__ or error).__name__}")
        if problems:
            return web.Response(status=503, text="\n".join(problems) + "\n")
        return web.Response(text="ok\n")

    async def _metrics(self, request: web.Request) -> web.Response:
        from aiohttp import web

        body = await asyncio.to_thread(generate_latest, REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
