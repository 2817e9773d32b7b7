"""What is particular to Telegram, through the real libraries and the fake Bot API over HTTP.

Both drivers where the difference matters (anything that crosses HTTP); the
shared journeys are in test_journeys.py, the burst in test_burst.py.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest

from bot.app import build_app
from bot.cli import main as cli_main
from bot.events import Button, Outbound
from bot.transports.telegram.mapping import split_text, utf16_len
from core.notifications import TELEGRAM
from tests.harness import PNG, STATUS_FA, fa, ref
from tests.platforms import journeys
from tests.platforms.chat import plain
from tests.platforms.running import free_port
from tests.platforms.telegram.adapter import TELEGRAM_IDS, TelegramPlatform, TelegramUser
from tests.platforms.telegram.fake_api import Failure, FakeBotApi

MARYAM, WELFARE = TELEGRAM_IDS["maryam"], TELEGRAM_IDS["welfare"]


async def answered(fake: FakeBotApi, callback_id: str, timeout: float = 5.0) -> dict:
    for _ in range(int(timeout / 0.01)):
        for call in fake.sent("answerCallbackQuery"):
            if call.params.get("callback_query_id") == callback_id:
                return call.params
        await asyncio.sleep(0.01)
    raise AssertionError(f"callback {callback_id} never answered")


async def until(condition, timeout: float = 5.0) -> None:  # noqa: ANN001
    """Wait for something the bot does in the background (polling a condition, not sleeping blind)."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never happened")


def last_callback_id(fake: FakeBotApi) -> str:
    return [c for c in fake.calls if c.method == "getUpdates"] and fake._updates[-1]["callback_query"]["id"]


# -- buttons --------------------------------------------------------------------------------


async def test_a_press_acts_is_answered_and_the_message_shows_who_did_what(telegram: TelegramPlatform):
    maryam, welfare = telegram.user("maryam"), telegram.user("welfare")
    n = await journeys.file_request(maryam, with_file=False)
    note = await welfare.expect(journeys.waiting(n))
    await welfare.press("تأیید")
    await welfare.expect(journeys.done("تأیید", n, "document_review"))
    await answered(telegram.fake, last_callback_id(telegram.fake))
    pressed = next(m for m in welfare.messages if m.message_id == note.message_id)
    assert "✅ تأیید — زهرا رفاهی" in pressed.plain  # edited in place
    assert pressed.buttons == []  # and its buttons taken away
    assert pressed.plain.startswith(plain(note.text.split("\n\n✅")[0]))


FORGED = [
    "a:{n}:approve:{v}",  # another role's action on her own ticket
    "a:999:cancel:1",  # a ticket that does not exist
    "a:{n}:explode:{v}",  # no such action
    "a:{n}:cancel:{stale}",  # an old version
    "not-our-data",  # malformed
    "a:" + "1" * 70,  # longer than Telegram's 64 bytes
]


async def test_forged_buttons_from_a_requester_are_refused_answered_and_change_nothing(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    n = await journeys.file_request(maryam, with_file=False)
    submitted = next(m for m in reversed(maryam.messages) if "ثبت شد" in m.plain)
    before = telegram.ticket(n)
    for template in FORGED:
        data = template.format(n=n, v=before.version, stale=before.version + 5)
        await maryam.press_data(submitted, data)
        callback_id = telegram.fake._updates[-1]["callback_query"]["id"]
        await answered(telegram.fake, callback_id)
        refusal = await maryam.expect("")  # every forged press gets a message
        assert "✅" not in refusal.plain and "انجام شد" not in refusal.plain, (data, refusal.plain)
    after = telegram.ticket(n)
    assert (after.status, after.version) == (before.status, before.version)
    assert telegram.history(n) == [("submit", "maryam")]
    assert telegram.fake.sent("editMessageText") == []


# -- replies, files, contact, dates -----------------------------------------------------------


async def test_a_reply_to_a_notification_comments_on_its_ticket(telegram: TelegramPlatform):
    maryam, welfare = telegram.user("maryam"), telegram.user("welfare")
    n = await journeys.file_request(maryam, with_file=False)
    note = await welfare.expect(journeys.waiting(n))
    await telegram.recorded(welfare, note)
    await welfare.reply(note, "لطفاً تصویر نامه را هم بفرستید")
    await welfare.expect(f"توضیح شما برای درخواست {ref(n)} ثبت")
    heard = await maryam.expect("لطفاً تصویر نامه را هم بفرستید")
    assert ref(n) in heard.plain
    assert telegram.app.desk.tickets.operator_details(n).comments[0][0].text == "لطفاً تصویر نامه را هم بفرستید"


async def test_share_my_number_accepts_only_the_senders_own_contact(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await journeys.start_form(maryam)
    for answer in journeys.GOOD_ANSWERS[:3]:
        await maryam.say(answer)
    question = await maryam.expect(f"({fa(4)} از ۹)")
    keyboard = telegram.fake.sent_params[int(question.message_id)]["reply_markup"]
    assert keyboard["keyboard"][0][0]["request_contact"] is True
    assert "شمارهٔ من" in keyboard["keyboard"][0][0]["text"]

    await maryam.share_contact("989350000000", user_id=TELEGRAM_IDS["reza"])  # someone else's card
    await maryam.expect("این شمارهٔ شما نیست")
    await maryam.expect(f"({fa(4)} از ۹)")  # asked again
    await maryam.share_contact("989121234567", user_id=MARYAM)  # her own, as Telegram sends it
    after = await maryam.expect(f"({fa(5)} از ۹)")
    assert telegram.fake.sent_params[int(after.message_id)]["reply_markup"] == {"remove_keyboard": True}
    draft = telegram.app.desk.conversations.get(f"telegram:{MARYAM}")
    assert draft["draft"]["values"]["mobile"] == "09121234567"  # normalised by the form's own validator

    await maryam.say(journeys.GOOD_ANSWERS[4])
    date_question = await maryam.expect(f"({fa(6)} از ۹)")
    assert {"امروز", "دیروز"} <= set(date_question.buttons)
    await maryam.press("دیروز")
    await maryam.expect(f"({fa(7)} از ۹)")
    assert telegram.app.desk.conversations.get(f"telegram:{MARYAM}")["draft"]["values"]["incident_date"]


async def reach_attachments(user: TelegramUser) -> None:
    await journeys.start_form(user)
    for step, answer in enumerate(journeys.GOOD_ANSWERS, start=2):
        await user.say(answer)
        await user.expect(f"({fa(step)} از ۹)")


async def test_a_photo_alone_is_kept_never_dropped(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await reach_attachments(maryam)
    await maryam.send_photo(PNG)
    kept = await maryam.expect("دریافت شد")
    assert "photo_" in kept.plain
    large_file = [c for c in telegram.fake.calls if c.method == "file"]
    assert len(large_file) == 1  # the largest size only
    await maryam.press("پایان ارسال مدارک")
    await maryam.expect("اگر همه‌چیز درست است")
    await maryam.press("ثبت")
    n = int(journeys.fa(1).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    await maryam.expect("ثبت شد")
    [attachment] = telegram.app.desk.tickets.operator_details(n).attachments
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)


async def test_a_file_over_the_limit_is_refused_before_downloading(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await reach_attachments(maryam)
    await maryam.send_photo(PNG, declared_size=25 * 1024 * 1024)
    await maryam.expect("از ۲۰ مگابایت بزرگ‌تر است و خوانده نشد")
    await maryam.expect(f"({fa(9)} از ۹)")  # the question again
    assert [c for c in telegram.fake.calls if c.method in ("getFile", "file")] == []


# -- long and mixed text --------------------------------------------------------------------


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


async def test_mixed_persian_and_latin_is_isolated(telegram: TelegramPlatform):
    maryam, welfare = telegram.user("maryam"), telegram.user("welfare")
    n = await journeys.file_request(maryam, with_file=False)
    note = await welfare.expect(journeys.waiting(n))
    assert f"\u2066#{fa(n)}\u2069" in note.text  # the ticket number cannot flip the sentence
    await welfare.say(f"/show {n}")
    details = await welfare.expect(STATUS_FA["submitted"])
    assert "\u20661403/2345\u2069" in details.text  # the letter number, Latin digits and slash
    assert "\u2066۰۹۱۲۱۲۳۴۵۶۷\u2069" in details.text


# -- people ---------------------------------------------------------------------------------


async def test_an_unknown_telegram_user_is_told_how_to_get_linked(telegram: TelegramPlatform):
    stranger = telegram.stranger(777001)
    await stranger.say("/new")
    told = await stranger.expect("777001")
    assert "مدیر" in told.plain
    await stranger.say("/my")
    await stranger.expect("777001")
    assert telegram.app.desk.tickets.all_tickets() == []


async def test_start_greets_and_shows_the_menu(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await maryam.say("/start")
    greeting = await maryam.expect("مریم احمدی")
    assert "📝 درخواست تازه:" in greeting.plain and "/help commands" in greeting.plain
    await telegram.settle(maryam)
    assert maryam.reply_keyboard and "📋 درخواست‌های من" in maryam.reply_keyboard


async def test_command_menus_default_for_requesters_per_chat_for_experts(telegram: TelegramPlatform):
    await until(lambda: len(telegram.fake.sent("setMyCommands")) >= 3 + 5)  # default menus, then 5 experts
    calls = telegram.fake.sent("setMyCommands")
    default = [c for c in calls if not c.params.get("scope") or c.params["scope"]["type"] == "default"]
    chats = {c.params["scope"]["chat_id"]: c for c in calls if c.params.get("scope", {}).get("type") == "chat"}
    assert default, "no default menu"
    for call in default:
        names = [c["command"] for c in call.params["commands"]]
        assert "new" in names and "approve" not in names
    persian = next(c for c in default if c.params.get("language_code") == "fa")
    assert any(c["description"] == "ثبت درخواست تازه" for c in persian.params["commands"])
    experts = {TELEGRAM_IDS[u] for u in ("welfare", "insurance", "insurer", "finance", "treasurer")}
    assert experts <= {int(chat_id) for chat_id in chats}
    assert MARYAM not in {int(chat_id) for chat_id in chats}
    welfare_menu = [c["command"] for c in chats[WELFARE].params["commands"]] if WELFARE in chats \
        else [c["command"] for c in chats[str(WELFARE)].params["commands"]]
    assert {"new", "queue", "approve", "reject", "pay", "take", "find", "whoami"} <= set(welfare_menu)
    assert not {"assign", "stats"} & set(welfare_menu)  # managers' only
    for call in default:  # everyone: search their own requests, and who they are and their link
        names = {c["command"] for c in call.params["commands"]}
        assert {"find", "whoami", "link", "unlink", "linkcode"} <= names
        assert not {"take", "assign", "stats", "queue"} & names
    assert any(c["description"] == "وصل کردن این حساب تلگرام به حساب سازمانی" for c in persian.params["commands"])
    english = next(c for c in default if c.params.get("language_code") == "en")
    assert any(c["description"] == "Search requests" for c in english.params["commands"])
    admin = TELEGRAM_IDS["admin"]
    await until(lambda: any(c.params.get("scope", {}).get("chat_id") in (admin, str(admin))
                            for c in telegram.fake.sent("setMyCommands")))
    admin_call = next(c for c in telegram.fake.sent("setMyCommands")
                      if c.params.get("scope", {}).get("chat_id") in (admin, str(admin)))
    admin_menu = {c["command"]: c["description"] for c in admin_call.params["commands"]}
    assert {"assign", "stats", "take", "find"} <= set(admin_menu)
    assert admin_menu["stats"] == "The month's figures with a chart"  # in the admin's language
    for call in calls:
        for command in call.params["commands"]:
            assert 1 <= len(command["command"]) <= 32 and 1 <= len(command["description"]) <= 256


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


async def test_stats_come_as_text_and_a_chart_sent_as_a_photo(telegram: TelegramPlatform):
    admin = telegram.user("admin")
    await admin.say("/stats 1404/08")
    await admin.expect("Figures for")
    await until(lambda: telegram.fake.sent("sendPhoto"))
    [call] = telegram.fake.sent("sendPhoto")
    assert int(call.params["chat_id"]) == TELEGRAM_IDS["admin"]
    assert call.params["photo_head"] == b"\x89PNG\r\n\x1a\n"


# -- the main menu as a reply keyboard ------------------------------------------------------------


async def test_the_menu_is_a_persistent_reply_keyboard_removed_while_text_is_asked(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await maryam.say("منو")
    await maryam.expect("سلام")
    await telegram.settle(maryam)
    [greeting] = [c for c in telegram.fake.sent("sendMessage", TELEGRAM_IDS["maryam"]) if "سلام" in c.params["text"]]
    keyboard = greeting.params["reply_markup"]
    assert keyboard["is_persistent"] is True and keyboard["resize_keyboard"] is True
    assert [b["text"] for b in keyboard["keyboard"][0]] == ["📝 درخواست تازه", "📋 درخواست‌های من"]
    await maryam.press_menu("درخواست‌های من")  # the keyboard's text, typed by Telegram
    await maryam.expect("هنوز درخواستی ثبت نکرده‌اید")
    await maryam.press_menu("درخواست تازه")
    await maryam.press(journeys.REQUEST_TYPE)
    await maryam.expect(f"({fa(1)} از ۹)")
    await telegram.settle(maryam)
    assert maryam.reply_keyboard is None  # removed with the form's first message, before any free text
    await maryam.say("انصراف")  # the word stops the form; the keyboard comes back
    await maryam.expect("لغو شد")
    await telegram.settle(maryam)
    assert maryam.reply_keyboard and "📥 کارتابل" not in maryam.reply_keyboard


async def test_the_persian_menu_word_refreshes_an_experts_command_list_as_start_does(telegram: TelegramPlatform):
    welfare = telegram.user("welfare")
    await welfare.say("/start")
    await welfare.expect("سلام")
    await telegram.settle(welfare)

    def scoped() -> int:
        return sum(1 for c in telegram.fake.sent("setMyCommands")
                   if str(c.params.get("scope", {}).get("chat_id")) == str(TELEGRAM_IDS["welfare"]))

    before = scoped()
    await welfare.say("منو")
    await welfare.expect("سلام")
    await telegram.settle(welfare)
    assert scoped() == before + 1
