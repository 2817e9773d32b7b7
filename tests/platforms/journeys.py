"""The scenario suite every chat platform runs: the same journeys, seen from each person's chat.

Written once against `ChatUser`/`ChatPlatform` (tests/platforms/chat.py); each
platform's tests call these with an adapter that talks to the real bot through
the real platform library and a local fake server over HTTP.
"""
from __future__ import annotations

from typing import Any

from tests.harness import BAD_INPUT_AT_EVERY_STEP, GOOD_ANSWERS, PDF, STATUS_FA, fa, ref
from tests.platforms.chat import ChatPlatform, ChatUser, Seen

REQUEST_TYPE = "درخواست صدور و پرداخت حق بیمه"


def done(action: str, n: int, status: str) -> str:
    return f"✅ «{action}» برای درخواست {ref(n)} انجام شد. وضعیت تازه: {STATUS_FA[status]}"


def changed(n: int, status: str) -> str:
    return f"🔔 وضعیت درخواست {ref(n)} تغییر کرد: {STATUS_FA[status]}"


def waiting(n: int) -> str:
    return f"📥 درخواست {ref(n)} ({REQUEST_TYPE}) منتظر اقدام شماست."


async def start_form(user: ChatUser) -> None:
    await user.say("/new")
    await user.expect("نوع درخواست را انتخاب کنید")
    await user.press(REQUEST_TYPE)
    await user.expect(f"({fa(1)} از ۹)")


async def file_request(user: ChatUser, with_file: bool = True) -> int:
    """Fill the whole form (with one PDF) and submit; returns the ticket number shown."""
    await start_form(user)
    for step, answer in enumerate(GOOD_ANSWERS, start=2):
        await user.say(answer)
        await user.expect(f"({fa(step)} از ۹)")
    if with_file:
        await user.send_file("scan.pdf", PDF)
        await user.expect("📎 فایل «scan.pdf» دریافت شد")
        await user.press("پایان ارسال مدارک")
    else:
        await user.press("مدرکی ندارم")
    summary = await user.expect("اگر همه‌چیز درست است")
    assert "• اولویت: زیاد" in summary.plain
    await user.press("ثبت")
    submitted = await user.expect("ثبت شد")
    number = submitted.plain.split("شمارهٔ #", 1)[1].split(" ", 1)[0]
    return int(number.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))


async def full_life(platform: ChatPlatform) -> int:
    """From /new to paid: experts act by button (from their notification) and by command,
    the request is returned and resubmitted, and the requester hears of every change."""
    maryam, welfare, insurance = platform.user("maryam"), platform.user("welfare"), platform.user("insurance")
    insurer, finance, treasurer = platform.user("insurer"), platform.user("finance"), platform.user("treasurer")

    n = await file_request(maryam)
    assert platform.ticket(n).status == "submitted"
    assert platform.ticket(n).fields["mobile"] == "09121234567"

    # welfare is notified with the buttons of the state and approves by button
    note = await welfare.expect(waiting(n))
    assert {"تأیید", "رد"} <= set(note.buttons), note.buttons
    await welfare.press("تأیید")
    await welfare.expect(done("تأیید", n, "document_review"))
    await maryam.expect(changed(n, "document_review"))

    # insurance returns it by command, with the reason on the same line
    await insurance.expect(waiting(n))
    await insurance.say(f"/return {n} مدارک ناقص است")
    await insurance.expect(done("بازگشت به درخواست‌کننده", n, "returned"))
    returned = await maryam.expect(changed(n, "returned"))
    assert "دلیل: مدارک ناقص است" in returned.plain

    # maryam resubmits from the button on that notification, with a comment
    await maryam.press("ارسال دوباره")
    await maryam.expect(f"ارسال دوبارهٔ درخواست {ref(n)}")
    await maryam.say("مدارک تکمیلی پیوست شد")
    await maryam.expect("تا اینجا: توضیح: بله")
    await maryam.press("ارسال")
    await maryam.expect(done("ارسال دوباره", n, "document_review"))

    # insurance forwards by button; the insurer drafts by button and issues by command
    await insurance.expect(waiting(n))
    await insurance.press("ارجاع به شرکت بیمه")
    await insurance.expect(done("ارجاع به شرکت بیمه", n, "company_review"))
    await insurer.expect(waiting(n))
    await insurer.press("صدور پیش‌نویس بیمه‌نامه")
    await insurer.expect(done("صدور پیش‌نویس بیمه‌نامه", n, "draft_policy"))
    await insurer.say(f"/policy {n} 1403/12345")
    await insurer.expect(done("صدور بیمه‌نامه", n, "policy_issued"))

    # finance registers the voucher by button: the number is asked for
    await finance.expect(waiting(n))
    await finance.press("ثبت سند مالی")
    await finance.expect("شماره")
    await finance.say("88765")
    await finance.expect(done("ثبت سند مالی", n, "voucher_registered"))

    # the treasurer pays by command, giving the cheque only; the amount is asked for
    await treasurer.expect(waiting(n))
    await treasurer.say(f"/pay {n} 776655")
    await treasurer.expect("مبلغ را بنویسید")
    await treasurer.say("25,000,000 ریال")
    await treasurer.expect(done("صدور چک و پرداخت", n, "paid"))

    for status in ("company_review", "draft_policy", "policy_issued", "voucher_registered", "paid"):
        await maryam.expect(changed(n, status))
    assert platform.ticket(n).status == "paid"
    assert platform.history(n) == [
        ("submit", "maryam"), ("approve", "welfare"), ("return", "insurance"), ("resubmit", "maryam"),
        ("forward", "insurance"), ("draft", "insurer"), ("policy", "insurer"), ("voucher", "finance"),
        ("pay", "treasurer"),
    ]
    return n


async def bad_input_at_every_step(platform: ChatPlatform, max_text: int | None = None) -> None:
    """Every bad answer is explained and the same question asked again; the good one goes on.
    `max_text`: the longest message the platform lets a person send (longer bad inputs are skipped)."""
    maryam = platform.user("maryam")
    await start_form(maryam)
    for step, answer in enumerate(GOOD_ANSWERS):
        for bad_step, bad, expected in BAD_INPUT_AT_EVERY_STEP:
            if bad_step != step or expected is None or (max_text is not None and len(bad) > max_text):
                continue
            await maryam.say(bad)
            await maryam.expect(expected)
            await maryam.expect(f"({fa(step + 1)} از ۹)")  # the same question again
        await maryam.say(answer)
        await maryam.expect(f"({fa(step + 2)} از ۹)")
    await maryam.say("/approve 1")  # not an expert: refused, and the form question comes back
    await maryam.expect("دسترسی ندارید")  # a requester sees only her own requests (there is no #1 yet)
    await maryam.expect(f"({fa(9)} از ۹)")


async def restart_in_the_middle(platform: ChatPlatform) -> None:
    """A restart mid-form loses no answer: the next message goes on where the person was."""
    maryam = platform.user("maryam")
    await start_form(maryam)
    for step, answer in enumerate(GOOD_ANSWERS[:4], start=2):
        await maryam.say(answer)
        await maryam.expect(f"({fa(step)} از ۹)")
    await platform.restart()
    for step, answer in enumerate(GOOD_ANSWERS[4:], start=6):
        await maryam.say(answer)
        await maryam.expect(f"({fa(step)} از ۹)")
    await maryam.press("مدرکی ندارم")
    await maryam.expect("اگر همه‌چیز درست است")
    await maryam.press("ثبت")
    await maryam.expect("ثبت شد")
    [ticket] = [platform.ticket(1)]
    assert ticket.fields["mobile"] == "09121234567" and ticket.fields["full_name"] == "مریم احمدی"


# -- the menu, Persian words, lists that page ---------------------------------------------------

MENU_NEW, MENU_MY, MENU_QUEUE = "📝 درخواست تازه", "📋 درخواست‌های من", "📥 کارتابل"
MENU_SHOWN = "منوی اصلی"


async def menu_shown(user: ChatUser, seen: Seen) -> None:
    """The main menu came back with (or right after) `seen`."""
    keyboard = getattr(user, "reply_keyboard", False)
    if keyboard is not False:  # Telegram: a reply keyboard, on the message or on a note after it
        await user.settle(user)  # type: ignore[attr-defined]
        assert user.reply_keyboard and MENU_NEW in user.reply_keyboard, user.reply_keyboard  # type: ignore[attr-defined]
    else:  # buttons (Rocket.Chat) or numbered lines (console) under the message
        assert MENU_SHOWN in seen.plain and MENU_NEW in seen.buttons, (seen.plain, seen.buttons)


def menu_hidden(user: ChatUser, since: int) -> None:
    """While the form asks, no menu: Telegram's keyboard removed, no menu under the questions elsewhere."""
    if getattr(user, "reply_keyboard", False) is not False:
        assert user.reply_keyboard is None, user.reply_keyboard  # type: ignore[attr-defined]
    assert not any(MENU_NEW in m.buttons for m in user.messages[since:]), [m.buttons for m in user.messages[since:]]


def arabic(text: str) -> str:
    """As typed on an Arabic keyboard: ي and ك, Arabic-Indic digits."""
    return text.translate(str.maketrans("یک۰۱۲۳۴۵۶۷۸۹", "يك٠١٢٣٤٥٦٧٨٩"))


async def menu_life(platform: ChatPlatform) -> int:
    """From the menu to paid with menu buttons, list buttons and Persian words: no slash typed."""
    maryam, welfare, insurance = platform.user("maryam"), platform.user("welfare"), platform.user("insurance")
    insurer, finance, treasurer = platform.user("insurer"), platform.user("finance"), platform.user("treasurer")

    greeting = await (await _said(maryam, "شروع")).expect("سلام")
    await menu_shown(maryam, greeting)
    await maryam.press_menu(MENU_NEW)
    await maryam.expect("نوع درخواست را انتخاب کنید")
    await maryam.press(REQUEST_TYPE)
    asked_from = len(maryam.messages)
    await maryam.expect(f"({fa(1)} از ۹)")
    for step, answer in enumerate(GOOD_ANSWERS, start=2):
        await maryam.say(answer)
        await maryam.expect(f"({fa(step)} از ۹)")
    menu_hidden(maryam, asked_from)
    await maryam.press("مدرکی ندارم")
    await maryam.expect("اگر همه‌چیز درست است")
    await maryam.press("ثبت")
    submitted = await maryam.expect("ثبت شد")
    await menu_shown(maryam, submitted)
    n = int(submitted.plain.split("شمارهٔ #", 1)[1].split(" ", 1)[0].translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))

    # welfare approves by the word, typed on an Arabic keyboard with Arabic-Indic digits
    await welfare.expect(waiting(n))
    await welfare.say(arabic(f"تأیید {fa(n)}"))
    await welfare.expect(done("تأیید", n, "document_review"))

    # insurance opens the queue from the menu, the request from its line, and returns it by the word
    await insurance.expect(waiting(n))
    await insurance.say("منو")  # the menu, as after /start
    await menu_shown(insurance, await insurance.expect("سلام"))
    await insurance.press_menu(MENU_QUEUE)
    await insurance.expect("کارتابل: منتظر اقدام شما")
    await insurance.press(ref(n))
    await insurance.expect(f"درخواست {ref(n)}")
    await insurance.say(f"بازگشت {fa(n)} مدارک ناقص است")
    await insurance.expect(done("بازگشت به درخواست‌کننده", n, "returned"))

    # maryam finds it in her requests and resubmits from its details
    await maryam.expect(changed(n, "returned"))
    await maryam.press_menu(MENU_MY)
    await maryam.expect("درخواست‌های من — صفحهٔ ۱")
    await maryam.press(ref(n))
    details = await maryam.expect(f"درخواست {ref(n)}")
    assert any("ارسال دوباره" in b for b in details.buttons) and any("لغو درخواست" in b for b in details.buttons)
    await maryam.press("ارسال دوباره")
    await maryam.expect(f"ارسال دوبارهٔ درخواست {ref(n)}")
    await maryam.say("مدارک تکمیلی پیوست شد")
    await maryam.expect("تا اینجا: توضیح: بله")
    await maryam.press("ارسال")
    resubmitted = await maryam.expect(done("ارسال دوباره", n, "document_review"))
    await menu_shown(maryam, resubmitted)

    await insurance.expect(waiting(n))
    await insurance.say(f"ارجاع {n}")
    await insurance.expect(done("ارجاع به شرکت بیمه", n, "company_review"))
    await insurer.expect(waiting(n))
    await insurer.say(f"پیش‌نویس {fa(n)}")
    await insurer.expect(done("صدور پیش‌نویس بیمه‌نامه", n, "draft_policy"))
    await insurer.say(f"بیمه نامه {fa(n)} ۱۴۰۳/۱۲۳۴۵")  # a space for the ZWNJ
    await insurer.expect(done("صدور بیمه‌نامه", n, "policy_issued"))
    await finance.expect(waiting(n))
    await finance.say(arabic(f"ثبت سند {fa(n)} ۸۸۷۶۵"))
    await finance.expect(done("ثبت سند مالی", n, "voucher_registered"))
    await treasurer.expect(waiting(n))
    await treasurer.say(f"پرداخت {fa(n)} ۷۷۶۶۵۵")
    await treasurer.expect("مبلغ را بنویسید")
    await treasurer.say("۲۵٬۰۰۰٬۰۰۰ ریال")
    paid = await treasurer.expect(done("صدور چک و پرداخت", n, "paid"))
    await menu_shown(treasurer, paid)

    assert platform.ticket(n).status == "paid"
    assert platform.history(n) == [
        ("submit", "maryam"), ("approve", "welfare"), ("return", "insurance"), ("resubmit", "maryam"),
        ("forward", "insurance"), ("draft", "insurer"), ("policy", "insurer"), ("voucher", "finance"),
        ("pay", "treasurer"),
    ]
    return n


async def _said(user: ChatUser, text: str) -> ChatUser:
    await user.say(text)
    return user


async def file_over_the_limit(platform: ChatPlatform, send: Any = None) -> ChatUser:
    """A file one byte past the desk's limit (the platform's config: 1 MB) at the files step: refused
    whole with the reason, the question asked again, nothing kept; the same file within it is kept.
    `send(user, name, data)` sends it another way than the user's own (e.g. without its declared size)."""
    maryam = platform.user("maryam")
    await start_form(maryam)
    for step, answer in enumerate(GOOD_ANSWERS, start=2):
        await maryam.say(answer)
        await maryam.expect(f"({fa(step)} از ۹)")
    limit = 2**20  # the platform is set up with [forms] attachment_max_mb = 1
    over = PDF + b"%" * (limit + 1 - len(PDF))
    await (send(maryam, "big.pdf", over) if send else maryam.send_file("big.pdf", over))
    await maryam.expect("از ۱ مگابایت بزرگ‌تر است و خوانده نشد")
    await maryam.expect(f"({fa(9)} از ۹)")  # the files question again
    await maryam.send_file("small.pdf", over[:limit])
    await maryam.expect(f"📎 فایل «small.pdf» دریافت شد ({fa(1)} فایل تا اینجا)")  # the big one was not kept
    return maryam


async def command_word_in_a_prompt(platform: ChatPlatform) -> None:
    """An expert asked for a reason types another command's word («تأیید N» after /reject N):
    the desk asks whether it was meant as the reason; «نه» asks for the reason again, «بله» takes it."""
    maryam, welfare = platform.user("maryam"), platform.user("welfare")
    n = await file_request(maryam, with_file=False)
    await welfare.expect(waiting(n))
    await welfare.say(f"/reject {n}")
    await welfare.expect("دلیل را بنویسید")
    await welfare.say(f"تأیید {fa(n)}")
    await welfare.expect("شبیه یک فرمان است")
    await welfare.press("نه")
    await welfare.expect("دلیل را بنویسید")
    assert platform.ticket(n).status == "submitted"
    await welfare.say(f"تأیید {fa(n)}")
    await welfare.expect("شبیه یک فرمان است")
    await welfare.press("بله، همین پاسخ من است")
    await welfare.expect(done("رد", n, "rejected"))
    assert platform.history(n) == [("submit", "maryam"), ("reject", "welfare")]
