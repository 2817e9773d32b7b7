"""/healthz and /metrics as an operator's scraper sees them."""
from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.events import Inbound
from bot.runtime import metrics
from bot.runtime.metrics import MetricsServer
from core.notifications import CONSOLE
from storage.db import Database
from tests.harness import ChatHarness
from tests.platforms.running import free_port


async def _get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.fixture
def endpoint(desk: ChatHarness):
    database = desk.app.database
    port = free_port()
    server = MetricsServer(("127.0.0.1", port), lambda: database.stats(desk.clock()), database.ping)
    return server, port


async def test_metrics_count_updates_and_show_tickets_drafts_and_the_outbox(desk: ChatHarness, endpoint) -> None:
    server, port = endpoint
    desk.file_request("maryam")  # a ticket, and notifications waiting for the experts
    desk.say("insurance", "/new")
    desk.press("insurance", "صدور و پرداخت حق بیمه")  # a draft in progress
    before = REGISTRY.get_sample_value("bimeh_updates_handled_total", {"platform": CONSOLE, "kind": "command"}) or 0
    inbound = Inbound(platform=CONSOLE, chat_id="maryam", sender_id="maryam", username="maryam",
                      directory_username="maryam", text="/my")
    await desk.app.runner.handle(inbound)
    desk.clock.advance(seconds=90)

    await server.start()
    try:
        status, body = await _get(port, "/metrics")
    finally:
        await server.stop()

    assert status == 200
    found = _samples(body)
    assert found[("bimeh_updates_handled_total", (("kind", "command"), ("platform", CONSOLE)))] == before + 1
    assert found[("bimeh_update_handling_seconds_count", (("platform", CONSOLE),))] >= 1
    assert found[("bimeh_tickets", (("request_type", "premium_issuance"), ("state", "submitted")))] == 1
    assert found[("bimeh_active_drafts", ())] == 1
    assert found[("bimeh_outbox_depth", (("platform", CONSOLE),))] >= 1
    assert found[("bimeh_outbox_oldest_age_seconds", (("platform", CONSOLE),))] == 90
    assert found[("bimeh_database_up", ())] == 1


async def test_healthz_is_200_when_all_is_well_and_503_with_the_reason_otherwise(endpoint) -> None:
    server, port = endpoint
    await server.start()
    try:
        metrics.transports.up("telegram")
        assert await _get(port, "/healthz") == (200, "ok\n")
        metrics.transports.down("telegram", "getUpdates failed: NetworkError")
        status, body = await _get(port, "/healthz")
    finally:
        metrics.transports.forget("telegram")
        await server.stop()

    assert status == 503
    assert "telegram: getUpdates failed: NetworkError" in body


async def test_healthz_says_when_the_database_does_not_answer(tmp_path: Path) -> None:
    gone = Database(f"sqlite:///{tmp_path / 'no such dir' / 'bimeh.db'}")
    port = free_port()
    server = MetricsServer(("127.0.0.1", port), lambda: gone.stats(None), gone.ping)  # type: ignore[arg-type]
    await server.start()
    try:
        status, body = await _get(port, "/healthz")
        _, scraped = await _get(port, "/metrics")
    finally:
        await server.stop()
        gone.dispose()

    assert status == 503
    assert body.startswith("database: OperationalError")
    assert _samples(scraped)[("bimeh_database_up", ())] == 0
