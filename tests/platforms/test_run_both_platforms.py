"""The real program with Telegram and Rocket.Chat configured at once: one desk, two platforms.

A requester files in Rocket.Chat; the expert, linked to Telegram, is notified there, approves
by button, and the requester hears of it back in Rocket.Chat. Ctrl-C stops both cleanly.
"""
from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.cli import main as cli_main
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG
from tests.platforms import journeys
from tests.platforms.chat import Seen
from tests.platforms.rocketchat.adapter import RcUser, seen
from tests.platforms.rocketchat.fake_server import FakeRocketChat
from tests.platforms.running import bot_run
from tests.platforms.telegram.adapter import TelegramUser, labels
from tests.platforms.telegram.fake_api import FakeBotApi

pytestmark = pytest.mark.slow
WELFARE_TELEGRAM_ID = 3003


async def test_a_request_filed_in_rocketchat_is_approved_from_telegram(tmp_path: Path, monkeypatch):
    telegram, rocketchat = FakeBotApi(), FakeRocketChat()
    await telegram.start()
    await rocketchat.start()
    rocketchat.add_user("maryam", "مریم احمدی")
    maryam = RcUser(SimpleNamespace(server=rocketchat), "maryam")  # type: ignore[arg-type]
    welfare = TelegramUser("welfare", WELFARE_TELEGRAM_ID, telegram)

    async def in_rocketchat(room, message: dict[str, Any]) -> None:  # noqa: ANN001
        if room.t == "d" and "maryam" in room.members:
            await maryam.received(seen(message))

    async def in_telegram(what: str, message: dict[str, Any]) -> None:
        if message["chat"]["id"] == WELFARE_TELEGRAM_ID:
            text = message.get("text") or ""
            if what == "sent":
                await welfare.received(Seen(str(message["message_id"]), text, labels(message), raw=message))
            else:
                await welfare.edited(str(message["message_id"]), text, labels(message))

    rocketchat.listeners.append(in_rocketchat)
    telegram.listeners.append(in_telegram)
    config = tmp_path / "config.toml"
    config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8") + f"""
[telegram]
api_base = "{telegram.url}"
poll_timeout_seconds = 1

[rocketchat]
server_url = "{rocketchat.url}"
user = "{rocketchat.bot}"
poll_interval_seconds = 0.1
""", encoding="utf-8")
    env = {**os.environ, "BIMEH_DATABASE_URL": database_url(tmp_path / "bimeh.db"),
           "BIMEH_DATA_DIR": str(tmp_path / "data"), "BIMEH_TELEGRAM_TOKEN": telegram.token,
           "BIMEH_ROCKETCHAT_PASSWORD": rocketchat.password}
    for key in ("BIMEH_DATABASE_URL", "BIMEH_DATA_DIR"):
        monkeypatch.setenv(key, env[key])
    assert cli_main(["users", "add", "welfare", "--telegram-id", str(WELFARE_TELEGRAM_ID),
                     "--config", str(config)]) == 0

    try:
        async with bot_run(config, env) as process:
            await rocketchat.wait_calls("subscriptions.get", 2)  # what was there before start is taken as read
            n = await journeys.file_request(maryam, with_file=False)

            note = await welfare.expect(journeys.waiting(n), timeout=20)
            assert "تأیید" in note.buttons
            await welfare.press("تأیید")
            await welfare.expect(journeys.done("تأیید", n, "document_review"))
            await maryam.expect(journeys.changed(n, "document_review"), timeout=20)

            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        await telegram.stop()
        await rocketchat.stop()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert telegram.token not in log and rocketchat.password not in log
