"""How updates come from Telegram, through the real libraries and the fake Bot API over HTTP: a webhook
that checks its secret token, polling that goes on after getUpdates fails, and the inbox: each update
stored and confirmed at once, marked handled once it is, and its replies kept until they are sent."""
from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.app import build_app
from bot.events import Button, Outbound
from core.notifications import TELEGRAM
from tests.harness import PNG
from tests.platforms.running import free_port
from tests.platforms.telegram.adapter import TelegramPlatform
from tests.platforms.telegram.fake_api import Failure, FakeBotApi
from tests.platforms.telegram.steps import reach_attachments, until

# -- webhook ----------------------------------------------------------------------------------


@pytest.fixture
async def webhook_platform(tmp_path: Path, fake: FakeBotApi, driver: str):
    port = free_port()
    platform = TelegramPlatform(tmp_path, driver, fake, mode="webhook", webhook_listen=f"127.0.0.1:{port}",
                                webhook_url="https://bot.example.org/tg/hook", secret_token="s3cret-TOKEN")
    await platform.start()
    platform.hook = f"http://127.0.0.1:{port}/tg/hook"
    yield platform
    await platform.stop()
    assert fake.webhook == {}  # deleteWebhook on the way out


async def test_webhook_checks_the_secret_token(webhook_platform: TelegramPlatform, fake: FakeBotApi):
    await until(lambda: bool(fake.webhook))
    assert fake.webhook == {"url": "https://bot.example.org/tg/hook", "secret_token": "s3cret-TOKEN"}
    maryam = webhook_platform.user("maryam")
    update = lambda text, uid: {"update_id": uid, "message": maryam.message(text=text)}  # noqa: E731
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                        {"X-Telegram-Bot-Api-Secret-Token": "s3cret-TOKEN-but-longer"}):
            async with http.post(webhook_platform.hook, json=update("/new", 1), headers=headers) as response:
                assert response.status == 403
        async with http.post(webhook_platform.hook, json=update("/my", 2),
                             headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-TOKEN"}) as response:
            assert response.status == 200
    await maryam.expect("درخواستی")  # /my answered
    assert not any("نوع درخواست را انتخاب کنید" in m.plain for m in maryam.messages)  # /new never handled
    assert [c for c in fake.calls if c.method == "getUpdates"] == []


# -- polling and the inbox ---------------------------------------------------------------------


async def test_polling_goes_on_after_getupdates_fails(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    telegram.fake.fail("getUpdates", Failure(502, "Bad Gateway"), Failure(disconnect=True),
                       Failure(429, "Too Many Requests: retry after 1", retry_after=1))
    await maryam.say("/my")
    await maryam.expect("هنوز درخواستی ثبت نکرده‌اید")
    statuses = [c.status for c in telegram.fake.calls if c.method == "getUpdates"]
    assert {502, 0, 429} <= set(statuses)


def unhandled_in_inbox(telegram: TelegramPlatform) -> list[int]:
    assert telegram.app is not None
    return [u["update_id"] for u in telegram.app.desk.inbox.unhandled("telegram")]


async def test_an_update_is_stored_and_confirmed_at_once_and_left_unhandled_in_the_inbox_until_handled(
        telegram: TelegramPlatform):
    """Polling stores each update in the inbox and confirms it to Telegram at once (so no
    getUpdates brings it again), and marks it handled only once it has been: a crash
    mid-handling leaves it to the next start. Other chats are not held up meanwhile."""
    maryam, welfare = telegram.user("maryam"), telegram.user("welfare")
    await reach_attachments(maryam)
    telegram.fake.fail("getFile", Failure(status=0, delay=1.5))  # a slow download
    await maryam.send_photo(PNG)
    photo_id = telegram.fake._updates[-1]["update_id"]
    await welfare.say("/queue")
    await welfare.expect("منتظر")  # another chat is answered meanwhile
    await until(lambda: telegram.fake.confirmed > photo_id)  # confirmed while still being handled
    await until(lambda: unhandled_in_inbox(telegram) == [photo_id])  # /queue is marked handled, the photo not
    await maryam.expect("دریافت شد", timeout=10)
    await until(lambda: not unhandled_in_inbox(telegram))
    # confirmed at once, no update was fetched twice (the photo was handled for 1.5 s)
    assert set(telegram.fake.times_handed_out.values()) == {1}


def unsent_replies(telegram: TelegramPlatform) -> list[int]:
    assert telegram.app is not None
    return [update_id for update_id, _ in telegram.app.desk.inbox.unsent_replies("telegram")]


async def test_replies_are_kept_until_sent_and_a_restart_sends_those_it_finds_first(telegram: TelegramPlatform):
    """An update's replies are written with its handled mark and cleared once sent. A start that
    finds some (the process died between the commit and the send) sends them before handling
    anything newer of that chat: the person sees the answer to what they sent, then the next."""
    maryam = telegram.user("maryam")
    await maryam.say("/my")
    await maryam.expect("هنوز درخواستی ثبت نکرده‌اید")
    await until(lambda: not unsent_replies(telegram))  # sent, so marked
    await telegram.stop()

    # what a kill -9 after the commit of update 9001 (and before its reply) leaves behind,
    # with the chat's next update stored and not yet handled
    app = build_app(telegram.config, clock=telegram.clock)
    try:
        app.desk.inbox.store(TELEGRAM, [(9001, {"update_id": 9001}),
                                        (9002, {"update_id": 9002, "message": maryam.message(text="/my")})])
        kept = Outbound("پرسش ۴ از ۹: شماره تلفن ثابت", buttons=[[Button("انصراف", "x:cancel")]])
        app.desk.inbox.handled(TELEGRAM, 9001, {"chat": str(maryam.telegram_id), "messages": [kept.to_json()]})
    finally:
        app.close()

    await telegram.start()
    resent = await maryam.expect("پرسش ۴ از ۹")
    assert resent.buttons == ["انصراف"]
    await maryam.expect("هنوز درخواستی ثبت نکرده‌اید")  # then the answer to the next update, after it
    await until(lambda: not unsent_replies(telegram) and not unhandled_in_inbox(telegram))
    assert sum("پرسش ۴ از ۹" in m.plain for m in maryam.messages) == 1
