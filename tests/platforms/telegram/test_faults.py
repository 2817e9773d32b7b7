"""Faults that must lose nothing: `python -m bot run` (Telegram polling against the fake Bot
API) killed with SIGKILL at awkward moments, and stopped with SIGTERM mid-send."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage.db import Database
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG, ChatHarness
from tests.platforms.running import ROOT
from tests.platforms.telegram.adapter import TELEGRAM_IDS, TelegramPlatform
from tests.platforms.telegram.fake_api import Failure, FakeBotApi
from tests.unit.scale.test_database_away import database_away

MARYAM = TELEGRAM_IDS["maryam"]
HOLD_SECONDS = 2.0  # how long the fake Bot API sits on a send that the bot is killed in
LEASE_SECONDS = 2  # the killed process's claim on a notification runs out after this

# kill -9 and SIGTERM at timed moments: on one xdist worker, one after another
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults")]


class BotProcess:
    """`python -m bot run` over the test's database, polling the fake; started again after a kill."""

    def __init__(self, tmp_path: Path, fake: FakeBotApi) -> None:
        self.fake = fake
        self.config = tmp_path / "config.toml"
        example = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
            "outbox_claim_lease_seconds = 300", f"outbox_claim_lease_seconds = {LEASE_SECONDS}")
        self.config.write_text(example + f"""
[telegram]
api_base = "{fake.url}"
driver = "ptb"
mode = "polling"
poll_timeout_seconds = 1
""", encoding="utf-8")
        self.url = database_url(tmp_path / "bimeh.db")
        self.env = {**os.environ, "BIMEH_DATABASE_URL": self.url, "BIMEH_DATA_DIR": str(tmp_path / "data"),
                    "BIMEH_TELEGRAM_TOKEN": fake.token}
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(self.config), cwd=ROOT, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)

    async def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def until(self, done: Callable[[], bool], what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert self.process is not None and self.process.returncode is None, \
                (await self.process.stderr.read()).decode() if self.process and self.process.stderr else what
            assert time.monotonic() < deadline, f"never: {what}"
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


def prepare(tmp_path: Path, file_request: bool = False) -> int:
    """Link the demo people to Telegram; optionally file a request (its notifications wait in
    the outbox). Returns how many Telegram notifications wait."""
    harness = ChatHarness(tmp_path)
    try:
        for username, telegram_id in TELEGRAM_IDS.items():
            harness.app.desk.directory.link(username, "telegram", str(telegram_id))
        if file_request:
            harness.file_request("maryam")
        return waiting_notifications(harness.config.database.url)
    finally:
        harness.close()


def waiting_notifications(url: str) -> int:
    database = Database(url)
    try:
        return database.stats(datetime.now(timezone.utc)).outbox_depth.get("telegram", 0)
    finally:
        database.dispose()


def update_handled(url: str, update_id: int) -> bool:
    """The inbox row of that Telegram update is marked handled (in its handling's transaction)."""
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT handled_at IS NOT NULL FROM inbox WHERE platform = 'telegram' AND update_id = :id"),
                {"id": update_id}).scalar())
    finally:
        database.dispose()


def waiting_addresses(url: str) -> set[str]:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return set(connection.execute(text(
                "SELECT address FROM outbox WHERE platform = 'telegram' AND delivered_at IS NULL "
                "AND failed_at IS NULL")).scalars())
    finally:
        database.dispose()


def all_notifications(url: str) -> int:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM outbox WHERE platform = 'telegram'")).scalar_one()
    finally:
        database.dispose()


def hold_once(method: str, chat_id: int | None, failure: Failure,
              but_not: int | None = None) -> Callable[[str, dict[str, Any]], Failure | None]:
    """A fake Bot API rule: the first call of `method` (to `chat_id`; to any chat `but_not`)
    is answered as `failure`."""
    used = False

    def rule(called: str, params: dict[str, Any]) -> Failure | None:
        nonlocal used
        chat = str(params.get("chat_id"))
        if used or called != method or (chat_id is not None and chat != str(chat_id)) or chat == str(but_not):
            return None
        used = True
        return failure

    return rule


_message_ids = iter(range(1, 10_000))


async def say(fake: FakeBotApi, text: str, chat_id: int = MARYAM) -> int:
    who = {"id": chat_id, "is_bot": False, "first_name": "Maryam"}
    update = await fake.push({"message": {"message_id": next(_message_ids), "date": int(time.time()), "from": who,
                                          "chat": {"id": chat_id, "type": "private"}, "text": text}})
    return update["update_id"]


def asked(fake: FakeBotApi, step: str, chat_id: int = MARYAM) -> int:
    """How many times the form's question `step` ("۴ از ۹") was sent to the chat."""
    return sum(f"({step})" in text for text in fake.texts(chat_id))


def sending(fake: FakeBotApi, step: str) -> bool:
    """A send of question `step` reached the fake (it may still be held there)."""
    return any(c.method == "sendMessage" and f"({step})" in str(c.params.get("text")) for c in fake.calls)


async def test_kill_9_mid_form_keeps_the_draft_and_handles_the_update_stored_but_not_handled_once(
        tmp_path: Path, fake: FakeBotApi):
    prepare(tmp_path)
    bot = BotProcess(tmp_path, fake)
    try:
        await bot.start()
        await say(fake, "/new premium_issuance")
        await bot.until(lambda: asked(fake, "۱ از ۹") == 1, "the form's first question")
        for answer, step in (("مریم احمدی", "۲ از ۹"), ("2", "۳ از ۹")):
            await say(fake, answer)
            await bot.until(lambda step=step: asked(fake, step) == 1, f"question {step}")

        # two answers reach the bot in one getUpdates answer: the first is handled and its next
        # question held on the way out, never to reach her; the second waits behind it, received
        # and unhandled
        fake.rules.append(hold_once("sendMessage", MARYAM, Failure(disconnect=True, delay=HOLD_SECONDS)))
        await say(fake, "021-88776655")
        unhandled = await say(fake, "09121234567")
        # stored in the inbox and confirmed to Telegram (the next getUpdates' offset is past it):
        # after the kill only the inbox has it
        await bot.until(lambda: sending(fake, "۴ از ۹") and fake.confirmed > unhandled,
                        "the bot received both, stored and confirmed them, and handles the first")
        assert asked(fake, "۵ از ۹") == 0 and not sending(fake, "۵ از ۹")
        await bot.kill9()

        killed = time.monotonic()
        await bot.start()
        await bot.until(lambda: asked(fake, "۵ از ۹") == 1, "the update received before the kill is handled")
        recovered = time.monotonic() - killed
        # the question whose sending the kill cut off is sent after the restart, before the next one
        texts = fake.texts(MARYAM)
        assert asked(fake, "۴ از ۹") == 1
        assert [i for i, t in enumerate(texts) if "(۴ از ۹)" in t] < [i for i, t in enumerate(texts) if "(۵ از ۹)" in t]
        await say(fake, "1403/2345")  # the draft goes on where it was
        await bot.until(lambda: asked(fake, "۶ از ۹") == 1, "question 6")
        await asyncio.sleep(0.5)
        assert asked(fake, "۵ از ۹") == 1 and asked(fake, "۶ از ۹") == 1  # nothing handled twice
        # replies sent are marked so: another kill and start sends none of them again
        await bot.kill9()
        await bot.start()
        await say(fake, "1403/08/15")
        await bot.until(lambda: asked(fake, "۷ از ۹") == 1, "question 7")
        await asyncio.sleep(0.5)
        assert [asked(fake, f"{n} از ۹") for n in "۴۵۶۷"] == [1, 1, 1, 1]
        assert fake.times_handed_out[unhandled] == 1  # Telegram gave it once: the inbox kept it
        print(f"\nkilled mid-form: answered again {recovered:.2f} s after the kill")
    finally:
        await bot.close()


async def test_kill_9_between_writing_a_notification_and_sending_it_delivers_it_at_least_once(
        tmp_path: Path, fake: FakeBotApi):
    waiting = prepare(tmp_path, file_request=True)
    assert waiting >= 1
    bot = BotProcess(tmp_path, fake)
    try:
        # the first send is refused with 429, the next one is held: the bot is killed in it
        fake.rules.append(hold_once("sendMessage", None, Failure(status=429, description="Too Many Requests",
                                                                  retry_after=1)))
        fake.rules.append(hold_once("sendMessage", None, Failure(status=0, delay=HOLD_SECONDS)))
        await bot.start()
        await bot.until(lambda: len([c for c in fake.calls if c.method == "sendMessage"]) >= 2,
                        "a notification send in flight")
        held = next((c.params["chat_id"], c.params["text"]) for c in
                    [c for c in fake.calls if c.method == "sendMessage"][1:2])
        await bot.kill9()
        assert waiting_notifications(bot.url) >= waiting  # the one cut off was not marked delivered
        # Cut off: a send the fake received before the kill (answered, or held) whose row was
        # still waiting after it. The held one is; a 429 retried just before the kill may be too.
        before_kill = {(c.params["chat_id"], c.params["text"]) for c in fake.calls
                       if c.method == "sendMessage" and c.status in (200, 0)} | {held}
        still_waiting = waiting_addresses(bot.url)
        cut_off = {m for m in before_kill if str(m[0]) in still_waiting}
        assert held in cut_off

        killed = time.monotonic()
        await bot.start()
        await bot.until(lambda: waiting_notifications(bot.url) == 0, "every notification delivered")
        delivered_after = time.monotonic() - killed
        await asyncio.sleep(HOLD_SECONDS)  # the held send, cut off by the kill, lands in the fake too
        sent = [(c.params["chat_id"], c.params["text"]) for c in fake.calls
                if c.method == "sendMessage" and c.status == 200]
        duplicates = len(sent) - len(set(sent))
        notifications = all_notifications(bot.url)  # those of the filing, and reminders the jobs wrote
        assert len(set(sent)) == notifications  # each notification arrived
        # only the send that was cut off may arrive more than once (it landed late, and its
        # claim ran out before the new process marked it)
        assert {m for m in sent if sent.count(m) > 1} <= cut_off
        print(f"\n{notifications} notifications, {duplicates} duplicate(s); all delivered "
              f"{delivered_after:.2f} s after the kill")
    finally:
        await bot.close()


def refused(fake: FakeBotApi, method: str) -> int:
    return len([c for c in fake.calls if c.method == method and c.status >= 500])


async def test_kill_9_while_the_bot_api_is_down_everything_is_delivered_after_the_restart(
        tmp_path: Path, fake: FakeBotApi):
    notifications = prepare(tmp_path, file_request=True)
    bot = BotProcess(tmp_path, fake)
    down = True

    def outage(method: str, params: dict[str, Any]) -> Failure | None:
        # Telegram is down: 502 for everything but getMe (a bot that cannot check its token at
        # start stops, which is not what this test is about)
        return Failure(status=502, description="Bad Gateway") if down and method != "getMe" else None

    fake.rules.append(outage)
    try:
        await bot.start()
        await bot.until(lambda: refused(fake, "sendMessage") >= notifications and refused(fake, "deleteWebhook") >= 1,
                        "every notification tried and refused, polling refused")
        await say(fake, "/new premium_issuance")  # waits at Telegram while it is down
        await bot.kill9()
        assert waiting_notifications(bot.url) == all_notifications(bot.url)  # none was marked delivered
        assert not fake.sent("sendMessage")  # and none went out: nothing was cut off

        tried = refused(fake, "sendMessage")
        await bot.start()
        await bot.until(lambda: refused(fake, "sendMessage") > tried, "tried again after the restart, still down")
        down = False
        came_back = time.monotonic()
        await bot.until(lambda: waiting_notifications(bot.url) == 0, "every notification delivered")
        await bot.until(lambda: asked(fake, "۱ از ۹") == 1, "the message sent while Telegram was down answered")
        delivered_after = time.monotonic() - came_back
        await asyncio.sleep(0.5)
        sent = [(c.params["chat_id"], c.params["text"]) for c in fake.sent("sendMessage")]
        duplicates = len(sent) - len(set(sent))
        assert duplicates == 0  # no send was cut off, so none arrived twice
        assert len(sent) > all_notifications(bot.url)  # the notifications, and the answer to /new
        print(f"\nTelegram down across a kill -9: {all_notifications(bot.url)} notifications delivered "
              f"{delivered_after:.2f} s after it came back, {duplicates} duplicates")
    finally:
        await bot.close()


def delivered_to(url: str, chat_id: int) -> int:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return connection.execute(text(
                "SELECT count(*) FROM outbox WHERE platform = 'telegram' AND address = :chat "
                "AND delivered_at IS NOT NULL"), {"chat": str(chat_id)}).scalar_one()
    finally:
        database.dispose()


async def test_sigterm_finishes_the_update_in_hand_and_the_send_in_flight(tmp_path: Path, fake: FakeBotApi):
    prepare(tmp_path, file_request=True)
    bot = BotProcess(tmp_path, fake)
    slow = Failure(status=0, delay=HOLD_SECONDS)  # answered, but late
    try:
        # a notification, held longer: still in flight when the signal comes
        fake.rules.append(hold_once("sendMessage", None, Failure(status=0, delay=HOLD_SECONDS + 1), but_not=MARYAM))
        await bot.start()
        await say(fake, "/new premium_issuance")
        await bot.until(lambda: asked(fake, "۱ از ۹") == 1, "the form's first question")
        # "/start" with a draft open is answered with two messages: the greeting, held, then
        # the form's question again
        fake.rules.append(hold_once("sendMessage", MARYAM, slow))
        await say(fake, "/start")
        await bot.until(lambda: any(c.method == "sendMessage" and "خوش آمدید" in str(c.params.get("text"))
                                    for c in fake.calls), "the greeting being sent")
        staff = int(next(c.params["chat_id"] for c in fake.calls
                         if c.method == "sendMessage" and c.params.get("chat_id") != str(MARYAM)))
        assert delivered_to(bot.url, staff) == 0  # its notification is still in flight
        signalled = time.monotonic()
        assert bot.process is not None
        bot.process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(bot.process.communicate(), 20)
        took = time.monotonic() - signalled
        assert bot.process.returncode == 0, stderr.decode()
        assert asked(fake, "۱ از ۹") == 2  # the update in hand was finished: its second message went out
        assert delivered_to(bot.url, staff) == 1  # the send in flight was recorded, and no other begun
        print(f"\nSIGTERM: stopped {took:.2f} s after the signal, with sends held {HOLD_SECONDS} s")
    finally:
        await bot.close()


async def test_database_away_on_telegram_the_person_is_told_and_the_bot_comes_back(telegram: TelegramPlatform):
    await telegram.start()
    maryam = telegram.user("maryam")
    await maryam.say("/new premium_issuance")
    await maryam.expect("(۱ از ۹)")
    await telegram.settle(maryam)  # nothing of /new still in hand when the database goes
    assert telegram.app is not None
    with database_away(telegram.app):
        await maryam.say("/start")  # also refreshes the command menu, from the database
        await maryam.expect("سامانه برای چند لحظه در دسترس نیست")
        await maryam.say("مریم احمدی")
        await maryam.expect("سامانه برای چند لحظه در دسترس نیست")
    await maryam.say("مریم احمدی")  # no restart: the draft goes on
    await maryam.expect("(۲ از ۹)")


def approvals(tmp_path: Path, ticket_id: int) -> int:
    harness = ChatHarness(tmp_path)
    try:
        return [entry.action for entry, _ in harness.app.desk.tickets.operator_details(ticket_id).history
                ].count("approve")
    finally:
        harness.close()


async def test_kill_9_in_a_transition_it_happens_exactly_once(tmp_path: Path, fake: FakeBotApi):
    prepare(tmp_path, file_request=True)  # request 1, waiting for the welfare expert
    bot = BotProcess(tmp_path, fake)
    try:
        await bot.start()
        await bot.until(lambda: fake.confirmed > 0 or bool(fake.sent("getUpdates")), "polling")
        update = await say(fake, "/approve 1", chat_id=TELEGRAM_IDS["welfare"])
        await bot.until(lambda: update in fake.handed_out, "the bot received the approval")
        await bot.kill9()  # while it is being handled, or just after

        await bot.start()
        await bot.until(lambda: fake.confirmed > update, "the approval confirmed after the restart")
        # Confirmed may mean only stored in the inbox (before the kill): wait for its handling.
        await bot.until(lambda: update_handled(bot.url, update), "the approval handled, before the kill or after")
        # the approval, the inbox row marked handled and the message marked seen are one
        # transaction: killed before its commit, none of it happened and the restart handles the
        # update again; after it, the restart has nothing to do. Done exactly once.
        assert approvals(tmp_path, 1) == 1, fake.texts(TELEGRAM_IDS["welfare"])
    finally:
        await bot.close()
