"""The real program: `python -m bot run` polling the fake Bot API; Ctrl-C stops it cleanly."""
from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main as cli_main
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG
from tests.platforms.running import bot_run, free_port
from tests.platforms.telegram.fake_api import FakeBotApi


@pytest.mark.slow
async def test_python_m_bot_run_answers_on_telegram_and_stops_on_sigint(tmp_path: Path, fake: FakeBotApi,
                                                                          monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "config.toml"
    metrics_port = free_port()
    example = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    example = example.replace('listen = ""', f'listen = "127.0.0.1:{metrics_port}"')
    config.write_text(example + f"""
[telegram]
api_base = "{fake.url}"
driver = "ptb"
mode = "polling"
poll_timeout_seconds = 1
""", encoding="utf-8")
    env = {**os.environ, "BIMEH_DATABASE_URL": database_url(tmp_path / "bimeh.db"),
           "BIMEH_DATA_DIR": str(tmp_path / "data"), "BIMEH_TELEGRAM_TOKEN": fake.token}
    for key in ("BIMEH_DATABASE_URL", "BIMEH_DATA_DIR"):
        monkeypatch.setenv(key, env[key])
    assert cli_main(["users", "add", "maryam", "--telegram-id", "1001", "--config", str(config)]) == 0

    async with bot_run(config, env) as process:
        who = {"id": 1001, "is_bot": False, "first_name": "Maryam"}
        await fake.push({"message": {"message_id": 1, "date": int(time.time()), "from": who,
                                     "chat": {"id": 1001, "type": "private"}, "text": "/start"}})
        deadline = time.monotonic() + 20
        while not any("مریم احمدی" in text for text in fake.texts(1001)):
            assert time.monotonic() < deadline, "the bot never greeted"
            assert process.returncode is None, (await process.stderr.read()).decode()
            await asyncio.sleep(0.05)
        assert [c for c in fake.calls if c.method == "deleteWebhook"]  # polling starts by clearing a webhook
        async with aiohttp.ClientSession(f"http://127.0.0.1:{metrics_port}") as http:
            async with http.get("/healthz") as health:
                assert (health.status, await health.text()) == (200, "ok\n")
            async with http.get("/metrics") as scraped:
                assert 'bimeh_updates_handled_total{kind="command",platform="telegram"} 1.0' in await scraped.text()
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), 15)
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert fake.token not in stderr.decode()  # no URL with the token in any log line
