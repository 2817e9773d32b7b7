"""The real program with Telegram and Bale configured at once: one desk, two platforms with the
same Bot API shape, each with its own accounts, outbox and rate. A person linked in both (by
`users add --telegram-id --bale-id`) files in Telegram; the expert, linked to Bale only, is
notified there and approves by button; the requester hears of it in Telegram and in Bale."""
from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main as cli_main
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG
from tests.platforms import journeys
from tests.platforms.bale.adapter import BALE_IDS
from tests.platforms.bale.fake_api import FakeBaleApi
from tests.platforms.chat import Seen
from tests.platforms.running import bot_run
from tests.platforms.telegram.adapter import TELEGRAM_IDS, TelegramUser, labels
from tests.platforms.telegram.fake_api import FakeBotApi

pytestmark = pytest.mark.slow


def listen(fake: FakeBotApi, user: TelegramUser) -> None:
    async def on_message(what: str, message: dict[str, Any]) -> None:
        if message["chat"]["id"] == user.telegram_id:
            text = message.get("text") or ""
            if what == "sent":
                await user.received(Seen(str(message["message_id"]), text, labels(message), raw=message))
            else:
                await user.edited(str(message["message_id"]), text, labels(message))

    fake.listeners.append(on_message)


async def test_one_desk_serves_telegram_and_bale_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]):
    telegram, bale = FakeBotApi(), FakeBaleApi()
    await telegram.start()
    await bale.start()
    maryam_tg = TelegramUser("maryam", TELEGRAM_IDS["maryam"], telegram)
    maryam_bale = TelegramUser("maryam", BALE_IDS["maryam"], bale)
    welfare = TelegramUser("welfare", BALE_IDS["welfare"], bale)
    for fake, user in ((telegram, maryam_tg), (bale, maryam_bale), (bale, welfare)):
        listen(fake, user)
    config = tmp_path / "config.toml"
    config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8") + f"""
[telegram]
api_base = "{telegram.url}"
poll_timeout_seconds = 1

[bale]
api_base = "{bale.url}"
driver = "aiogram"
poll_timeout_seconds = 1
""", encoding="utf-8")
    env = {**os.environ, "BIMEH_DATABASE_URL": database_url(tmp_path / "bimeh.db"),
           "BIMEH_DATA_DIR": str(tmp_path / "data"), "BIMEH_TELEGRAM_TOKEN": telegram.token,
           "BIMEH_BALE_TOKEN": bale.token}
    for key in ("BIMEH_DATABASE_URL", "BIMEH_DATA_DIR"):
        monkeypatch.setenv(key, env[key])
    # linked as a Telegram account is: by an administrator, with the id the bot told them
    assert cli_main(["users", "add", "maryam", "--telegram-id", str(TELEGRAM_IDS["maryam"]),
                     "--bale-id", str(BALE_IDS["maryam"]), "--config", str(config)]) == 0
    assert cli_main(["users", "add", "welfare", "--bale-id", "۱۵۲۰۰۰۰۱۰۳", "--config", str(config)]) == 0
    assert cli_main(["users", "add", "reza", "--bale-id", "reza", "--config", str(config)]) == 2
    assert "شناسهٔ بله عددی است" in capsys.readouterr().err
    assert cli_main(["users", "add", "reza", "--bale-id", str(BALE_IDS["welfare"]), "--config", str(config)]) == 2
    assert "شناسهٔ بله ۱۵۲۰۰۰۰۱۰۳ اکنون به welfare وصل است" in capsys.readouterr().err
    assert cli_main(["users", "list", "--config", str(config)]) == 0
    listed = capsys.readouterr().out
    assert f"telegram:{TELEGRAM_IDS['maryam']} bale:{BALE_IDS['maryam']}" in listed
    assert f"bale:{BALE_IDS['welfare']}" in listed

    try:
        async with bot_run(config, env) as process:
            n = await journeys.file_request(maryam_tg, with_file=False)
            note = await welfare.expect(journeys.waiting(n), timeout=20)  # in Bale
            assert "تأیید" in note.buttons
            await welfare.press("تأیید")
            await welfare.expect(journeys.done("تأیید", n, "document_review"))
            await maryam_tg.expect(journeys.changed(n, "document_review"), timeout=20)
            await maryam_bale.expect(journeys.changed(n, "document_review"), timeout=20)  # each account told
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        await telegram.stop()
        await bale.stop()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert telegram.token not in log and bale.token not in log
    # each platform's own Bot API was asked for its own accounts only
    assert all(c.params.get("chat_id") in (None, str(TELEGRAM_IDS["maryam"]), TELEGRAM_IDS["maryam"])
               for c in telegram.calls if c.method == "sendMessage")
    assert {str(c.params.get("chat_id")) for c in bale.calls if c.method == "sendMessage"} == \
        {str(BALE_IDS["maryam"]), str(BALE_IDS["welfare"])}
