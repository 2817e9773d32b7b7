"""What is particular to Bale, through both drivers and the fake Bale Bot API over HTTP: a platform
of its own (its accounts, outbox, wording), its webhook (the secret in the URL's path), no
command menus, and linking with a code from the console."""
from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.events import Inbound
from core.notifications import BALE, CONSOLE, TELEGRAM
from tests.platforms import journeys
from tests.platforms.bale.adapter import BALE_IDS, BalePlatform
from tests.platforms.bale.fake_api import FakeBaleApi
from tests.platforms.running import free_port
from tests.platforms.telegram.steps import until

SECRET = "b4le-S3cret_path"


async def test_bale_has_its_own_accounts_outbox_and_words(bale: BalePlatform, fake_bale: FakeBaleApi):
    maryam, welfare = bale.user("maryam"), bale.user("welfare")
    n = await journeys.file_request(maryam, with_file=False)
    await welfare.expect(journeys.waiting(n))
    assert bale.app is not None
    with bale.app.database.uow() as uow:
        platforms = {m.platform for m in uow.outbox.list()}
    assert platforms == {BALE, CONSOLE}  # nothing waits for a Telegram that is not there
    assert bale.app.desk.directory.by_account(TELEGRAM, str(BALE_IDS["maryam"])) is None
    # Bale has no command menus: none is asked for (Telegram's experts get theirs)
    assert not [c for c in fake_bale.calls if c.method in ("setMyCommands", "deleteMyCommands")]

    stranger = bale.stranger(1_520_999_999)
    await stranger.say("/start")
    told = await stranger.expect("شناسهٔ شما در بله")
    assert "در bale" not in told.plain and "شناسهٔ شما در بله: 1520999999" in told.plain


async def test_link_in_bale_with_a_code_from_the_console(bale: BalePlatform):
    assert bale.app is not None
    console = Inbound(platform=CONSOLE, chat_id="reza", sender_id="reza", username="reza",
                      directory_username="reza", text="/linkcode")
    [shown] = await bale.app.runner.handle(console)
    assert "در بله بفرستید" in shown.text  # where to use it: the platform configured, by its name
    code = shown.text.split("/link ", 1)[1].split("\u2069", 1)[0].strip("\u2066 ")

    person = bale.stranger(1_530_000_001)
    await person.say(f"/link {code}")
    await person.expect("حساب بله شما به رضا")
    user = bale.app.desk.directory.by_account(BALE, "1530000001")
    assert user is not None and user.username == "reza"
    await person.say("/help commands")
    await person.expect("وصل کردن این حساب بله به حساب سازمانی")


@pytest.fixture
async def bale_webhook(tmp_path: Path, fake_bale: FakeBaleApi, driver: str):
    port = free_port()
    platform = BalePlatform(tmp_path, driver, fake_bale, mode="webhook", webhook_listen=f"127.0.0.1:{port}",
                            webhook_url="https://bot.example.org/bale/hook", secret_token=SECRET)
    await platform.start()
    platform.hook = f"http://127.0.0.1:{port}/bale/hook"
    yield platform
    await platform.stop()
    assert fake_bale.webhook == {}  # deleteWebhook on the way out


async def test_bale_webhook_takes_its_secret_in_the_path(bale_webhook: BalePlatform, fake_bale: FakeBaleApi):
    await until(lambda: bool(fake_bale.webhook))
    # Bale's setWebhook has no secret_token: the secret is the URL's last segment
    assert fake_bale.webhook == {"url": f"https://bot.example.org/bale/hook/{SECRET}"}
    maryam = bale_webhook.user("maryam")
    update = lambda text, uid: {"update_id": uid, "message": maryam.message(text=text)}  # noqa: E731
    async with aiohttp.ClientSession() as http:
        for path in ("", "/wrong", f"/{SECRET}-but-longer", f"/{SECRET[:-1]}"):
            async with http.post(bale_webhook.hook + path, json=update("/new", 1)) as response:
                assert response.status in (403, 404, 405)
        # Telegram's header is no way in either
        async with http.post(bale_webhook.hook, json=update("/new", 2),
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            assert response.status in (403, 404, 405)
        async with http.post(f"{bale_webhook.hook}/{SECRET}", json=update("/my", 3)) as response:
            assert response.status == 200
    await maryam.expect("درخواستی")  # /my answered
    assert not any("نوع درخواست را انتخاب کنید" in m.plain for m in maryam.messages)  # /new never handled
    assert [c for c in fake_bale.calls if c.method == "getUpdates"] == []
