"""What a person does in a Telegram chat, through the real libraries and the fake Bot API over HTTP:
buttons pressed (and forged), a reply to a notification, their own contact card, the greeting, the
command menus and the persistent menu keyboard.

Both drivers where the difference matters (anything that crosses HTTP); the
shared journeys are in test_journeys.py, the burst in test_burst.py.
"""
from __future__ import annotations

import asyncio

from tests.harness import STATUS_FA, fa, ref
from tests.platforms import journeys
from tests.platforms.chat import plain
from tests.platforms.telegram.adapter import TELEGRAM_IDS, TelegramPlatform
from tests.platforms.telegram.fake_api import FakeBotApi
from tests.platforms.telegram.steps import until

MARYAM, WELFARE = TELEGRAM_IDS["maryam"], TELEGRAM_IDS["welfare"]


async def answered(fake: FakeBotApi, callback_id: str, timeout: float = 5.0) -> dict:
    for _ in range(int(timeout / 0.01)):
        for call in fake.sent("answerCallbackQuery"):
            if call.params.get("callback_query_id") == callback_id:
                return call.params
        await asyncio.sleep(0.01)
    raise AssertionError(f"callback {callback_id} never answered")


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


# -- replies, contact, dates, mixed text ------------------------------------------------------


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
