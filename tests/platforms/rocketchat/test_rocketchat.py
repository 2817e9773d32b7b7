"""What is particular to Rocket.Chat: button tokens, duplicates, own and system messages,
poll cursors across restarts, the webhook token, re-login, retries, files, the expert channel."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.transports.rocketchat.messages import parse_time
from core.notifications import ROCKETCHAT
from tests.harness import GOOD_ANSWERS, PDF, fa
from tests.platforms.journeys import file_request, start_form, waiting
from tests.platforms.rocketchat.adapter import RcPlatform

UNKNOWN_BUTTON = "این دکمه مال این گفتگو نیست"
HELP = "فرمان‌ها"  # the first word of /help
MY_EMPTY = "هنوز درخواستی"  # /my with no requests


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for state another task changes (the outbox, the database), checking as it goes."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "condition never became true"
        await asyncio.sleep(0.02)



@pytest.fixture
async def webhook_rc(tmp_path: Path) -> AsyncIterator[RcPlatform]:
    platform = RcPlatform(tmp_path, mode="webhook")
    await platform.start()
    yield platform
    await platform.close()


@pytest.fixture
async def channel_rc(rc_mode: str, tmp_path: Path) -> AsyncIterator[RcPlatform]:
    platform = RcPlatform(tmp_path, mode=rc_mode, expert_channel=True)
    await platform.start()
    yield platform
    await platform.close()


def dm_answers(rc: RcPlatform, username: str) -> list[str]:
    return [m["msg"] for m in rc.server.bot_messages(rc.server.dm(username))]


# -- buttons -------------------------------------------------------------------------------


async def test_buttons_are_message_actions_with_numbered_lines_that_work_typed(rc: RcPlatform) -> None:
    maryam = rc.user("maryam")
    await maryam.say("/new")
    menu = await maryam.expect("نوع درخواست را انتخاب کنید")
    [action] = menu.raw["attachments"][0]["actions"]
    assert action["type"] == "button" and action["msg_in_chat_window"] is True
    assert action["text"] == "درخواست صدور و پرداخت حق بیمه"
    assert "1) درخواست صدور و پرداخت حق بیمه" in menu.plain
    await maryam.say("۱")  # typing the number (Persian digits too) presses it
    await maryam.expect(f"({fa(1)} از ۹)")


async def test_requester_pressing_an_experts_button_text_is_refused_and_nothing_changes(rc: RcPlatform) -> None:
    maryam, welfare = rc.user("maryam"), rc.user("welfare")
    n = await file_request(maryam, with_file=False)
    await welfare.expect(waiting(n))
    experts_press = await welfare.button_msg("تأیید")

    await maryam.say(experts_press)  # the exact text the expert's button would post
    await maryam.expect(UNKNOWN_BUTTON)
    assert rc.ticket(n).status == "submitted" and rc.history(n) == [("submit", "maryam")]

    await welfare.say(experts_press)  # in the expert's own chat the same press works
    await welfare.expect("انجام شد")
    assert rc.ticket(n).status == "document_review"


async def test_a_button_keeps_working_after_a_restart(poll_rc: RcPlatform) -> None:
    maryam = poll_rc.user("maryam")
    await maryam.say("/new")
    await maryam.expect("نوع درخواست را انتخاب کنید")
    await poll_rc.restart()
    await maryam.press("درخواست صدور و پرداخت حق بیمه")
    await maryam.expect(f"({fa(1)} از ۹)")


# -- what is not handled, or handled once -------------------------------------------------------


async def test_duplicate_delivery_of_one_message_is_handled_once_also_after_a_restart(rc: RcPlatform) -> None:
    maryam = rc.user("maryam")
    message = await maryam.say("/my")
    await maryam.expect(MY_EMPTY)
    await rc.server.redeliver(message)
    await maryam.say("/help")  # handled after the duplicate: the duplicate got no answer
    await maryam.expect(HELP)
    assert [m for m in dm_answers(rc, "maryam") if MY_EMPTY in m] and len(dm_answers(rc, "maryam")) == 2

    await rc.restart()
    await rc.server.redeliver(message)
    await maryam.say("/lang en")
    await maryam.expect("English")
    assert len(dm_answers(rc, "maryam")) == 3


async def test_own_and_system_messages_are_ignored(rc: RcPlatform) -> None:
    maryam = rc.user("maryam")
    room = rc.server.dm("maryam")
    await rc.server.post(rc.server.bot, "/help", room=room)  # the bot's own message
    await rc.server.post("maryam", "/help", system="uj")  # "maryam joined"
    await maryam.say("/my")
    await maryam.expect(MY_EMPTY)
    assert len(dm_answers(rc, "maryam")) == 2  # the bot's own line and the answer to /my


async def test_restart_in_the_middle_of_polling_neither_rehandles_nor_skips(poll_rc: RcPlatform) -> None:
    maryam = poll_rc.user("maryam")
    await maryam.say("/help")
    await maryam.expect(HELP)
    await poll_rc.stop_bot()
    await maryam.say("/my")  # written while the bot is down
    await maryam.say("/lang en")
    await poll_rc.start_bot()
    await maryam.expect(MY_EMPTY)
    await maryam.expect("English")
    await maryam.say("/help")
    await maryam.expect("Help — everything starts from a menu button")
    answers = dm_answers(poll_rc, "maryam")
    assert len(answers) == 4 and sum(HELP in a for a in answers) == 1
    since = [c.query["updatedSince"] for c in poll_rc.server.calls("subscriptions.get") if "updatedSince" in c.query]
    assert since and all(s.endswith("Z") and parse_time(s) for s in since)


async def test_the_first_start_does_not_answer_what_was_written_before(tmp_path: Path) -> None:
    platform = RcPlatform(tmp_path, mode="poll")
    await platform.start_server()
    try:
        maryam = platform.user("maryam")
        await platform.server.post("maryam", "/help")  # before the bot ever ran
        await platform.start_bot()
        await maryam.say("/my")
        await maryam.expect(MY_EMPTY)
        assert dm_answers(platform, "maryam") == [maryam.messages[0].text]
    finally:
        await platform.close()


# -- webhook ---------------------------------------------------------------------------------


async def test_webhook_with_a_wrong_or_missing_token_gets_403_and_is_not_processed(webhook_rc: RcPlatform) -> None:
    server = webhook_rc.server
    maryam = webhook_rc.user("maryam")
    url, server.webhook_url = server.webhook_url, None  # post without the automatic call
    message = await server.post("maryam", "/help")
    server.webhook_url = url
    assert await server.notify_webhook(server.dm("maryam"), message, token="not-the-token") == 403
    assert await server.notify_webhook(server.dm("maryam"), message, token=None) == 403
    assert await maryam.quiet(0.3) == []
    assert server.calls("chat.getMessage") == []

    assert await server.notify_webhook(server.dm("maryam"), message) == 200
    await maryam.expect(HELP)


async def test_webhook_answers_at_once_and_ignores_bot_flagged_calls(webhook_rc: RcPlatform) -> None:
    server = webhook_rc.server
    maryam = webhook_rc.user("maryam")
    server.stall("chat.postMessage", 0.5)  # a slow reply must not hold the webhook answer
    message = await server.post("maryam", "/help")
    assert server.webhook_answers[-1] == 200
    await maryam.expect(HELP)
    assert server._client is not None
    async with server._client.post(server.webhook_url, json={  # type: ignore[arg-type]
        "token": "webhook-secret-token", "bot": {"i": "x"}, "channel_id": message["rid"],
        "message_id": message["_id"], "user_name": "maryam", "text": "/help"}) as response:
        assert response.status == 200
    assert await maryam.quiet(0.3) == []


# -- the server misbehaving -------------------------------------------------------------------


async def test_expired_login_logs_in_again(rc: RcPlatform) -> None:
    maryam = rc.user("maryam")
    logins = len(rc.server.calls("/login"))
    rc.server.expire_logins()
    await maryam.say("/help")
    await maryam.expect(HELP)
    assert len(rc.server.calls("/login")) == logins + 1
    assert any(c.status == 401 for c in rc.server.requests)


async def test_personal_access_token_needs_no_login(tmp_path: Path) -> None:
    platform = RcPlatform(tmp_path, personal_token=True)
    await platform.start()
    try:
        maryam = platform.user("maryam")
        await maryam.say("/help")
        await maryam.expect(HELP)
        assert platform.server.calls("/login") == []
    finally:
        await platform.close()


async def test_server_errors_and_timeouts_are_retried(rc: RcPlatform) -> None:
    maryam = rc.user("maryam")
    rc.server.fail("chat.postMessage", status=502, times=2)
    rc.server.stall("chat.postMessage", 1.3)  # longer than the client's 1 s timeout
    await maryam.say("/help")
    await maryam.expect(HELP)
    assert len(dm_answers(rc, "maryam")) == 1  # sent once, after three failed attempts
    statuses = [c.status for c in rc.server.calls("chat.postMessage")]
    # the third call timed out on the client's side while the server still stalled
    assert len(statuses) == 4 and statuses[:2] == [502, 502] and statuses[3] == 200


async def test_poll_errors_are_retried(poll_rc: RcPlatform) -> None:
    maryam = poll_rc.user("maryam")
    poll_rc.server.fail("dm.history", status=500, times=5)  # more than one call's retries
    poll_rc.server.fail("subscriptions.get", status=503, times=5)
    await maryam.say("/help")
    await maryam.expect(HELP)
    assert len(dm_answers(poll_rc, "maryam")) == 1


async def test_a_user_without_a_rocketchat_account_is_marked_unreachable(tmp_path: Path) -> None:
    platform = RcPlatform(tmp_path, not_on_server=("welfare",))
    await platform.start()
    try:
        n = await file_request(platform.user("maryam"), with_file=False)
        desk = platform.app.desk  # type: ignore[union-attr]
        welfare = desk.directory.get("welfare")

        def given_up() -> bool:
            return any(a.platform == ROCKETCHAT and a.undeliverable_reason for a in desk.directory.accounts(welfare))

        await eventually(given_up)
        [account] = [a for a in desk.directory.accounts(welfare) if a.platform == ROCKETCHAT]
        assert account.address == "welfare" and account.undeliverable_reason == "invalid-channel"
        assert platform.ticket(n).status == "submitted"
    finally:
        await platform.close()


# -- files and threads ------------------------------------------------------------------------


async def test_a_file_attached_to_a_message_is_downloaded_with_the_bots_headers_and_stored(rc: RcPlatform) -> None:
    maryam = rc.user("maryam")
    n = await file_request(maryam, with_file=True)
    [attachment] = rc.app.desk.tickets.operator_details(n).attachments  # type: ignore[union-attr]
    assert attachment.filename == "scan.pdf" and attachment.size == len(PDF)
    [download] = rc.server.calls("scan.pdf")
    assert download.status == 200 and download.headers["X-Auth-Token"] in rc.server.tokens


async def test_a_reply_in_the_thread_of_a_notification_comments_on_its_ticket(rc: RcPlatform) -> None:
    maryam, welfare = rc.user("maryam"), rc.user("welfare")
    n = await file_request(maryam, with_file=False)
    note = await welfare.expect(waiting(n))
    await rc.server.post("welfare", "لطفاً کارت ملی را هم بفرستید", thread=note.message_id)
    await welfare.expect("فرستاده شد")
    comment = await maryam.expect("لطفاً کارت ملی را هم بفرستید")
    assert f"#{fa(n)}" in comment.plain


# -- the expert channel -----------------------------------------------------------------------


async def test_expert_channel_gets_waiting_notifications_and_only_the_role_can_act(channel_rc: RcPlatform) -> None:
    maryam = channel_rc.user("maryam")
    welfare = channel_rc.user("welfare")
    insurance = channel_rc.user("insurance")
    in_channel = {name: channel_rc.in_channel(name) for name in ("maryam", "welfare", "insurance")}
    n = await file_request(maryam, with_file=False)
    note = await in_channel["maryam"].expect(waiting(n))
    assert {"تأیید", "رد"} <= set(note.buttons)
    assert "1)" not in note.plain  # numbers are for typing in one's own chat

    await in_channel["maryam"].press("تأیید")  # a member without the role
    await maryam.expect("اجازه")
    await in_channel["insurance"].press("تأیید")  # staff, but not the welfare expert
    await insurance.expect("اجازه")
    assert channel_rc.ticket(n).status == "submitted"

    await channel_rc.server.post("insurance", "سلام، کسی این را دیده؟", room=channel_rc.channel_room)
    await in_channel["welfare"].press("تأیید")  # the role: acts, and hears back in the DM
    await welfare.expect("انجام شد")
    assert channel_rc.ticket(n).status == "document_review"
    assert channel_rc.history(n) == [("submit", "maryam"), ("approve", "welfare")]
    await in_channel["insurance"].expect(waiting(n))  # the next role's notification, in the channel too
    assert not [m for m in insurance.messages if "نشناختم" in m.plain or "متوجه" in m.plain]


async def test_form_hint_says_how_to_send_a_file(poll_rc: RcPlatform) -> None:
    maryam = poll_rc.user("maryam")
    await start_form(maryam)
    for step, answer in enumerate(GOOD_ANSWERS, start=2):
        await maryam.say(answer)
        await maryam.expect(f"({fa(step)} از ۹)")
    assert "بارگذاری کنید" in maryam.messages[-1].plain


async def test_webhook_payloads_tokens_and_what_people_typed_stay_out_of_the_logs(
    webhook_rc: RcPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    maryam = webhook_rc.user("maryam")
    await start_form(maryam)
    for step, answer in enumerate(GOOD_ANSWERS[:4], start=2):
        await maryam.say(answer)
        await maryam.expect(f"({fa(step)} از ۹)")
    webhook_rc.server.expire_logins()
    webhook_rc.server.fail("chat.postMessage", status=500)
    await webhook_rc.server.notify_webhook(webhook_rc.server.dm("maryam"), {
        "_id": "x", "ts": "2024-11-20T07:30:00.000Z", "msg": "09351112233", "u": {"_id": "u", "username": "maryam"}},
        token="wrong-token")
    await maryam.say("/help")
    await maryam.expect(HELP)
    logged = caplog.text
    for secret in ("09121234567", "09351112233", "webhook-secret-token", webhook_rc.server.password,
                   *webhook_rc.server.tokens):
        assert secret not in logged
    assert "refused a call without the right token" in logged


# -- pictures ----------------------------------------------------------------------------------


async def test_stats_sends_its_chart_as_an_image_after_the_text(rc: RcPlatform) -> None:
    admin = rc.user("admin")
    room = rc.server.dm("admin")
    await admin.say("/stats 1403/08")
    await eventually(lambda: any(m.get("file") for m in rc.server.bot_messages(room)), timeout=20)
    messages = rc.server.bot_messages(room)
    [image] = [m for m in messages if m.get("file")]
    texts = [m for m in messages if not m.get("file")]
    assert texts and messages.index(texts[-1]) < messages.index(image)  # the figures, then their chart
    name, data, mime = rc.server.files[image["file"]["_id"]]
    assert mime == "image/png" and data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert name.endswith(".png") and image["attachments"][0]["image_url"].endswith(name)
    [upload] = rc.server.calls("rooms.media/" + room.id)
    assert upload.headers["X-Auth-Token"] in rc.server.tokens
    assert not rc.server.pending_uploads  # confirmed, so people see it


# -- reminders, escalation and the digest --------------------------------------------------------


async def test_reminder_escalation_and_digest_reach_rocketchat_with_buttons_that_work(rc: RcPlatform) -> None:
    import datetime as dt

    from core.jalali import TEHRAN

    maryam, welfare = rc.user("maryam"), rc.user("welfare")
    n = await file_request(maryam, with_file=False)
    desk = rc.app.desk
    calendar = desk.sla.calendar
    filed = rc.clock.now
    rc.clock.now = calendar.add_working_hours(filed, 9)  # past half of the 16 working hours
    assert desk.sla.check()["sla_reminder"] == 1
    welfare_room, admin_room = rc.server.dm("welfare"), rc.server.dm("admin")
    number = fa(n)
    await eventually(lambda: any(number in m["msg"] and m.get("attachments")
                                 for m in rc.server.bot_messages(welfare_room)), timeout=20)
    day = (filed + dt.timedelta(days=14)).astimezone(TEHRAN).date()
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    rc.clock.now = dt.datetime.combine(day, dt.time(10, 0), TEHRAN).astimezone(dt.timezone.utc)
    assert desk.sla.check()["sla_escalation"] == 1
    assert desk.digest.run() >= 1
    in_english = f"#{n}"  # admin reads English
    await eventually(lambda: any(in_english in m["msg"] for m in rc.server.bot_messages(admin_room)), timeout=20)
    escalation = next(m for m in rc.server.bot_messages(admin_room) if in_english in m["msg"])
    assert escalation["attachments"][0]["actions"] and "1)" in escalation["msg"]
    await eventually(lambda: len([m for m in rc.server.bot_messages(welfare_room) if m.get("attachments")]) >= 3,
                     timeout=20)
    digest = rc.server.bot_messages(welfare_room)[-1]
    assert "{" not in digest["msg"] and digest["attachments"][0]["actions"]
    seen_before = len(rc.server.bot_messages(welfare_room))
    assert "صف من" in digest["msg"]
    await welfare.press("صف من")  # the digest's only button: the queue
    await eventually(lambda: len(rc.server.bot_messages(welfare_room)) > seen_before, timeout=20)
    queue = rc.server.bot_messages(welfare_room)[-1]["msg"]
    assert "منتظر اقدام شما (۱)" in queue and number in queue


async def test_the_menu_is_message_buttons_and_long_messages_are_split_under_the_limit(poll_rc: RcPlatform) -> None:
    assert poll_rc.config.rocketchat is not None
    poll_rc.config.rocketchat.message_limit = 400  # a server that takes short messages only
    maryam = poll_rc.user("maryam")
    await maryam.say("منو")
    greeting = await maryam.expect("منوی اصلی")  # the greeting's last part, with the menu's buttons
    assert "📝 درخواست تازه" in greeting.buttons and "📋 درخواست‌های من" in greeting.buttons
    answers = dm_answers(poll_rc, "maryam")
    assert len(answers) >= 2 and all(len(a.encode("utf-16-le")) // 2 <= 400 for a in answers), answers
    assert "سلام" in answers[0] and all(not m.buttons for m in maryam.messages[:-1])
    await maryam.press("درخواست‌های من")
    await maryam.expect("هنوز درخواستی ثبت نکرده‌اید")
