"""Replies kept until sent where there is no inbox: `python -m bot run` in Telegram's webhook mode
and in Rocket.Chat (poll and webhook), killed with SIGKILL after a message's handling committed
and before its reply was sent. After the restart the person gets that reply once, before the
answer to what they send next. A second process started beside a live one sends none of the
live one's replies (its lease)."""
from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text

from storage.db import Database
from tests.harness import EXAMPLE_CONFIG
from tests.platforms.chat import ChatUser
from tests.platforms.rocketchat.adapter import WEBHOOK_TOKEN, seen
from tests.platforms.rocketchat.fake_server import FakeRocketChat
from tests.platforms.running import free_port
from tests.platforms.telegram.fake_api import Failure, FakeBotApi
from tests.platforms.telegram.test_faults import MARYAM, BotProcess, asked, hold_once, prepare, sending

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults")]

HOLD_SECONDS = 2.0
SECRET = "s3cret-TOKEN"
_message_ids = iter(range(1, 10_000))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


def kept_replies(url: str) -> int:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM kept_replies")).scalar_one()
    finally:
        database.dispose()


# -- Telegram's webhook mode -------------------------------------------------------------------


class WebhookBot(BotProcess):
    """`python -m bot run` with Telegram in webhook mode, listening on a port of its own."""

    def __init__(self, tmp_path: Path, fake: FakeBotApi, name: str = "bot") -> None:
        super().__init__(tmp_path, fake)
        self.port = free_port()
        self.config = tmp_path / f"{name}.toml"
        self.config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8") + f"""
[telegram]
api_base = "{fake.url}"
mode = "webhook"
webhook_url = "https://bot.example.org/tg/hook"
webhook_listen = "127.0.0.1:{self.port}"
secret_token = "{SECRET}"
""", encoding="utf-8")

    async def say(self, words: str, timeout: float = 20) -> None:
        """Maryam writes; Telegram posts it to this process's webhook (again while it is not listening)."""
        who = {"id": MARYAM, "is_bot": False, "first_name": "Maryam"}
        update = {"update_id": next(_message_ids), "message": {
            "message_id": next(_message_ids), "date": int(time.time()), "from": who,
            "chat": {"id": MARYAM, "type": "private"}, "text": words}}
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while True:
                try:
                    async with http.post(f"http://127.0.0.1:{self.port}/tg/hook", json=update,
                                         headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
                        assert response.status == 200
                        return
                except aiohttp.ClientConnectionError:
                    assert time.monotonic() < deadline, "the webhook never listened"
                    await asyncio.sleep(0.05)


def in_order(texts: list[str], *steps: str) -> bool:
    """Each question of the form asked once, in this order."""
    found = [[i for i, t in enumerate(texts) if f"({step})" in t] for step in steps]
    return all(len(f) == 1 for f in found) and [f[0] for f in found] == sorted(f[0] for f in found)


async def test_telegram_webhook_kill_9_before_the_reply_is_sent_sends_it_after_the_restart_once(
        tmp_path: Path, fake: FakeBotApi):
    prepare(tmp_path)
    bot = WebhookBot(tmp_path, fake)
    try:
        await bot.start()
        await bot.say("/new premium_issuance")
        await bot.until(lambda: asked(fake, "۱ از ۹") == 1, "the form's first question")
        await bot.until(lambda: kept_replies(bot.url) == 0, "its reply forgotten once sent")
        # her answer is handled and committed; its reply (the next question) is held on the way out
        fake.rules.append(hold_once("sendMessage", MARYAM, Failure(disconnect=True, delay=HOLD_SECONDS)))
        await bot.say("مریم احمدی")
        await bot.until(lambda: sending(fake, "۲ از ۹"), "the next question on its way")
        assert kept_replies(bot.url) == 1  # kept with the handling, until sent
        await bot.kill9()
        assert asked(fake, "۲ از ۹") == 0  # the kill cut it off

        await bot.start()
        await bot.say("2")  # at once: answered only after the question she never got
        await bot.until(lambda: asked(fake, "۳ از ۹") == 1, "the answer after the restart")
        await asyncio.sleep(HOLD_SECONDS)  # anything late would show by now
        assert in_order(fake.texts(MARYAM), "۱ از ۹", "۲ از ۹", "۳ از ۹"), fake.texts(MARYAM)
        await bot.until(lambda: kept_replies(bot.url) == 0, "the sent replies forgotten")
    finally:
        await bot.close()


async def test_a_second_process_leaves_a_live_process_replies_to_it(tmp_path: Path, fake: FakeBotApi):
    prepare(tmp_path)
    first, second = WebhookBot(tmp_path, fake, "first"), WebhookBot(tmp_path, fake, "second")
    try:
        await first.start()
        await first.say("/new premium_issuance")
        await first.until(lambda: asked(fake, "۱ از ۹") == 1, "the form's first question")
        await first.until(lambda: kept_replies(first.url) == 0, "its reply forgotten once sent")
        # the first process's reply is slow to go out (answered late, but answered)
        fake.rules.append(hold_once("sendMessage", MARYAM, Failure(status=0, delay=3 * HOLD_SECONDS)))
        await first.say("مریم احمدی")
        await first.until(lambda: sending(fake, "۲ از ۹"), "the next question on its way")
        assert kept_replies(first.url) == 1

        await second.start()  # beside it, on the same database: it takes over nothing of a live one
        await second.until(lambda: fake.webhook.get("url") is not None and len(
            [c for c in fake.calls if c.method == "setWebhook"]) >= 2, "the second process listening")
        await first.until(lambda: asked(fake, "۲ از ۹") == 1, "the first process's reply delivered")
        await first.until(lambda: kept_replies(first.url) == 0, "and forgotten")
        await asyncio.sleep(1.0)
        assert asked(fake, "۲ از ۹") == 1  # once: the second process sent no copy
    finally:
        await first.close()
        await second.close()


# -- Rocket.Chat -------------------------------------------------------------------------------


class RocketChatBot(BotProcess):
    def __init__(self, tmp_path: Path, server: FakeRocketChat, mode: str) -> None:
        super().__init__(tmp_path, FakeBotApi())  # no Telegram: the fake is never started
        self.server = server
        self.mode = mode
        self.port = free_port()
        self.config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8") + f"""
[rocketchat]
server_url = "{server.url}"
user = "{server.bot}"
mode = "{mode}"
poll_interval_seconds = 0.1
webhook_listen = "127.0.0.1:{self.port}"
webhook_token = "{WEBHOOK_TOKEN}"
""", encoding="utf-8")
        self.env = {k: v for k, v in self.env.items() if k != "BIMEH_TELEGRAM_TOKEN"}
        self.env["BIMEH_ROCKETCHAT_PASSWORD"] = server.password
        if mode == "webhook":
            server.webhook_url = f"http://127.0.0.1:{self.port}/rocketchat"
            server.webhook_token = WEBHOOK_TOKEN

    async def ready(self) -> None:
        """Until it reads new messages: polled, or its webhook listening."""
        if self.mode == "poll":
            seen_before = len(self.server.calls("subscriptions.get"))
            await self.until(lambda: len(self.server.calls("subscriptions.get")) >= seen_before + 2, "polling")
            return
        deadline = time.monotonic() + 20
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            except OSError:
                assert time.monotonic() < deadline, "the webhook never listened"
                await asyncio.sleep(0.05)


def questions(maryam: ChatUser, step: str) -> int:
    return sum(f"({step})" in m.plain for m in maryam.messages)


async def test_rocketchat_kill_9_before_the_reply_is_sent_sends_it_after_the_restart_once(
        tmp_path: Path, rc_mode: str):
    server = FakeRocketChat()
    await server.start()
    server.add_user("maryam", "مریم احمدی")
    maryam = ChatUser("maryam")

    async def to_maryam(room: Any, message: dict[str, Any]) -> None:
        if room.t == "d" and "maryam" in room.members:
            await maryam.received(seen(message))

    server.listeners.append(to_maryam)
    bot = RocketChatBot(tmp_path, server, rc_mode)
    try:
        await bot.start()
        await bot.ready()
        await server.post("maryam", "/new premium_issuance")
        await maryam.expect("(۱ از ۹)", timeout=20)
        posts = len(server.calls("chat.postMessage"))
        # the answer's reply is held by the server past the kill, never to be posted
        server.stall("chat.postMessage", HOLD_SECONDS, status=504)
        await server.post("maryam", "مریم احمدی")
        await bot.until(lambda: len(server.calls("chat.postMessage")) > posts, "the next question on its way")
        assert kept_replies(bot.url) == 1
        await bot.kill9()
        await asyncio.sleep(HOLD_SECONDS)
        assert questions(maryam, "۲ از ۹") == 0

        await bot.start()
        await bot.ready()
        await server.post("maryam", "2")
        await maryam.expect("(۳ از ۹)", timeout=20)
        await asyncio.sleep(0.5)
        texts = [m.plain for m in maryam.messages]
        assert in_order(texts, "۱ از ۹", "۲ از ۹", "۳ از ۹"), texts
        await bot.until(lambda: kept_replies(bot.url) == 0, "the sent replies forgotten")
    finally:
        await bot.close()
        await server.stop()
