"""What the bot sends to Telegram, through the real libraries and the fake Bot API over HTTP: long text
in parts under the limit, a chart as a photo, and sends that fail: 429 and 5xx answers, dropped
connections and timeouts (sent again, delivered once), and a blocked account (marked undeliverable
until they write again)."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from bot.events import Button, Outbound
from bot.transports.telegram.mapping import split_text, utf16_len
from core.notifications import TELEGRAM
from tests.harness import STATUS_FA
from tests.platforms import journeys
from tests.platforms.telegram.adapter import TELEGRAM_IDS, TelegramPlatform
from tests.platforms.telegram.fake_api import Failure, FakeBotApi
from tests.platforms.telegram.steps import until

MARYAM = TELEGRAM_IDS["maryam"]


# -- long text ---------------------------------------------------------------------------------


def test_split_keeps_every_part_under_the_limit_and_cuts_at_line_ends():
    lines = [f"خط {i} — ticket #{i} ✅ 📥" for i in range(600)]
    text = "\n".join(lines)
    parts = split_text(text)
    assert len(parts) > 1 and all(utf16_len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text  # nothing lost, cut only between lines
    one_long_line = "ش" * 9000
    parts = split_text(one_long_line)
    assert "".join(parts) == one_long_line and all(utf16_len(p) <= 4096 for p in parts)
    emoji = "📥" * 3000  # two UTF-16 units each
    assert all(utf16_len(p) <= 4096 for p in split_text(emoji)) and "".join(split_text(emoji)) == emoji


async def test_a_long_message_is_sent_in_parts_with_the_buttons_on_the_last(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    text = "\n".join(f"سطر {i}: یک متن نسبتاً بلند برای آزمودن" for i in range(300))
    await telegram.transport.deliver(MARYAM, Outbound(text, [[Button("جزئیات", "v:1")]]))
    sent = telegram.fake.sent("sendMessage", MARYAM)
    assert len(sent) >= 3
    assert all(utf16_len(c.params["text"]) <= 4096 for c in sent)
    assert "\n".join(c.params["text"] for c in sent) == text
    assert [bool(c.params.get("reply_markup")) for c in sent] == [False] * (len(sent) - 1) + [True]
    assert maryam.messages[-1].buttons == ["جزئیات"]


# -- a blocked account -------------------------------------------------------------------------


async def test_a_blocked_account_is_marked_undeliverable_and_comes_back_when_they_write(
        telegram: TelegramPlatform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    maryam, welfare = telegram.user("maryam"), telegram.user("welfare")
    n = await journeys.file_request(maryam, with_file=False)
    telegram.fake.blocked.add(MARYAM)
    await welfare.expect(journeys.waiting(n))
    await welfare.press("تأیید")
    await welfare.expect(journeys.done("تأیید", n, "document_review"))
    for _ in range(500):
        account = _account(telegram, "maryam")
        if account.undeliverable_reason:
            break
        await asyncio.sleep(0.01)
    assert "blocked" in account.undeliverable_reason

    monkeypatch.setenv("BIMEH_DATABASE_URL", telegram.config.database_url)
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))
    assert cli_main(["users", "list", "--json", "--config", str(Path("config.example.toml").resolve())]) == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert listed["maryam"]["accounts"][0]["undeliverable"] == "Forbidden: bot was blocked by the user"

    telegram.fake.blocked.discard(MARYAM)  # she unblocks the bot and writes
    await maryam.say("/my")
    await maryam.expect(STATUS_FA["document_review"])
    assert _account(telegram, "maryam").undeliverable_reason is None
    await welfare.say(f"/comment {n} خبر تازه")
    await maryam.expect("خبر تازه")  # notifications reach her again


def _account(platform: TelegramPlatform, username: str):  # noqa: ANN202
    directory = platform.app.desk.directory
    return next(a for a in directory.accounts(directory.find(username)) if a.platform == TELEGRAM)


# -- failures ---------------------------------------------------------------------------------


async def test_replies_survive_429_5xx_and_dropped_connections(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    telegram.fake.fail("sendMessage", Failure(429, "Too Many Requests: retry after 1", retry_after=1),
                       Failure(502, "Bad Gateway"), Failure(disconnect=True))
    await maryam.say("/my")
    await maryam.expect("")
    failed = [c for c in telegram.fake.calls if c.method == "sendMessage" and c.status != 200]
    ok = telegram.fake.sent("sendMessage", MARYAM)
    assert [c.status for c in failed] == [429, 502, 0]
    assert ok[0].at - failed[0].at >= 1.0  # retry_after honoured
    assert len(ok) == 1  # delivered once


async def test_a_reply_that_times_out_is_sent_again(tmp_path: Path, fake: FakeBotApi, driver: str):
    platform = TelegramPlatform(tmp_path, driver, fake, request_timeout_seconds=0.5)
    await platform.start()
    try:
        maryam = platform.user("maryam")
        fake.fail("sendMessage", Failure(503, "Service Unavailable", delay=2.0))  # answers after the timeout
        await maryam.say("/help")
        await maryam.expect("/help commands")
        first_try, *_ = [c for c in fake.calls if c.method == "sendMessage"]
        retried = fake.sent("sendMessage", MARYAM)
        assert len(retried) == 1
        # sent again once the timeout gave up on the first try, not when its late 503 came
        assert 0.5 <= retried[0].at - first_try.at < 2.0
    finally:
        await platform.stop()


async def test_notifications_survive_5xx_and_are_delivered_once(telegram: TelegramPlatform):
    maryam, welfare = telegram.user("maryam"), telegram.user("welfare")
    n = await journeys.file_request(maryam, with_file=False)
    await welfare.expect(journeys.waiting(n))
    failed: list[float] = []

    def first_to_maryam(method: str, params: dict) -> Failure | None:
        if method == "sendMessage" and int(params["chat_id"]) == MARYAM and not failed:
            failed.append(asyncio.get_running_loop().time())
            return Failure(503, "Service Unavailable")
        return None

    telegram.fake.rules.append(first_to_maryam)
    telegram.fake.fail("sendMessage", Failure(500, "Internal Server Error"))  # welfare's own answer
    await welfare.say(f"/approve {n}")
    await welfare.expect(journeys.done("تأیید", n, "document_review"))  # a reply: retried at once
    await maryam.expect(journeys.changed(n, "document_review"), timeout=15)  # a notification: after back-off
    assert failed
    heard = [t for t in telegram.fake.texts(MARYAM) if STATUS_FA["document_review"] in t]
    assert len(heard) == 1

    def failed_row():  # noqa: ANN202
        with telegram.app.database.uow() as uow:
            return next(m for m in uow.outbox.list() if m.address == str(MARYAM) and m.last_error)

    await until(lambda: failed_row().delivered_at is not None)  # marked once Telegram has answered
    assert failed_row().attempts == 1


# -- a chart -----------------------------------------------------------------------------------


async def test_stats_come_as_text_and_a_chart_sent_as_a_photo(telegram: TelegramPlatform):
    admin = telegram.user("admin")
    await admin.say("/stats 1404/08")
    await admin.expect("Figures for")
    await until(lambda: telegram.fake.sent("sendPhoto"))
    [call] = telegram.fake.sent("sendPhoto")
    assert int(call.params["chat_id"]) == TELEGRAM_IDS["admin"]
    assert call.params["photo_head"] == b"\x89PNG\r\n\x1a\n"
