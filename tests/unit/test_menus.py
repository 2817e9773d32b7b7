"""The main menu, Persian command words, and the one pager of /my, the queue and /find, in-process."""
from __future__ import annotations

from bot import buttons
from bot.events import Outbound
from bot.i18n import Translator
from core.requests.registry import REQUEST_TYPES
from tests.harness import GOOD_ANSWERS, ChatHarness, fa, plain, ref, said

BAD_BUTTON = Translator("fa")("error.bad_button")


def _submit_many(desk: ChatHarness, count: int, username: str = "maryam") -> list[int]:
    owner = desk.app.desk.directory.find(username)
    return [desk.app.desk.tickets.submit(owner, "premium_issuance", {"full_name": "مریم احمدی",
                                                                      "letter_number": f"77/{i}"}).ticket.id
            for i in range(count)]


def _refs(replies: list[Outbound]) -> list[str]:
    return [line.split(" ")[0] for line in said(replies).splitlines() if line.startswith("#")]


def _menu_labels(reply: Outbound) -> list[str]:
    assert reply.menu is not None and not reply.menu.hidden, reply
    return [b.label for b in reply.menu.all_buttons()]


def test_paging_through_35_requests_forwards_and_back(desk: ChatHarness):
    ids = _submit_many(desk, 35)
    newest_first = [ref(i) for i in reversed(ids)]
    page = desk.say("maryam", "درخواست‌های من")
    assert "صفحهٔ ۱" in said(page) and _refs(page) == newest_first[:10]
    labels = [b.label for b in page[0].all_buttons()]
    assert "بعدی »" in labels and "« قبلی" not in labels
    assert plain(labels[0]).startswith(ref(ids[-1]))  # each line is a button that opens the request
    assert page[0].all_buttons()[0].data == buttons.show(ids[-1])
    seen = list(_refs(page))
    for number in (2, 3, 4):
        page = desk.press("maryam", "بعدی")
        assert f"صفحهٔ {fa(number)}" in said(page)
        seen += _refs(page)
    assert seen == newest_first  # all 35, each once, newest first
    assert len(_refs(page)) == 5 and not any("بعدی" in b.label for b in page[0].all_buttons())
    for number in (3, 2, 1):
        page = desk.press("maryam", "قبلی")
        assert _refs(page) == newest_first[(number - 1) * 10:number * 10]
    assert not any("قبلی" in b.label for b in page[0].all_buttons())


def test_page_buttons_are_checked_not_trusted(desk: ChatHarness):
    _submit_many(desk, 12)
    first = desk.say("maryam", "/my")
    next_data = desk.button("maryam", "بعدی").data
    _, name, token, number = next_data.split(":")
    refused = said(desk.say("maryam", button=f"l:my:{token}:9"))  # a page never reached
    assert BAD_BUTTON in refused and "#" not in refused
    assert "دیگر باز نیست" in said(desk.say("maryam", button=f"l:queue:{token}:1"))  # not the open list
    desk.say("maryam", "/my")  # a new list: the older one's buttons are stale
    assert "دیگر باز نیست" in said(desk.say("maryam", button=next_data))
    assert BAD_BUTTON in said(desk.say("maryam", button="y:my:kindergarten_fire"))  # no such type
    # someone else pressing maryam's page sees their own list, never hers
    assert first and ref(1) not in said(desk.say("reza", button=next_data))


def test_the_type_filter_is_a_row_of_buttons_named_as_the_types(desk: ChatHarness):
    _submit_many(desk, 3)
    [listed] = desk.say("maryam", "/my")
    names = [plain(b.label) for b in listed.all_buttons() if b.data.startswith("y:")]
    assert names == [Translator("fa")(f"request_type.{code}") for code in REQUEST_TYPES]  # whatever types exist
    assert "premium_issuance" not in said([listed])
    filtered = desk.press("maryam", "درخواست صدور و پرداخت حق بیمه")
    assert "(فقط درخواست صدور و پرداخت حق بیمه)" in said(filtered) and len(_refs(filtered)) == 3
    assert any("✓" in b.label for b in filtered[0].all_buttons())
    everything = desk.press("maryam", "همهٔ انواع")
    assert "فقط" not in said(everything) and len(_refs(everything)) == 3
    # the queue has the same row
    [queue] = desk.say("welfare", "کارتابل")
    assert any(b.data == buttons.filter_by("queue", "premium_issuance") for b in queue.all_buttons())
    assert len(_refs(desk.press("welfare", "درخواست صدور و پرداخت حق بیمه"))) == 3


def test_the_menu_is_hidden_while_the_form_asks_and_shown_after(desk: ChatHarness):
    [greeting] = desk.say("maryam", "/start")
    assert _menu_labels(greeting) == ["📝 درخواست تازه", "📋 درخواست‌های من", "🔎 جست‌وجو", "❓ راهنما",
                                      "🌐 English / فارسی"]
    desk.say("maryam", "📝 درخواست تازه")  # what Telegram's keyboard sends
    started = desk.press("maryam", "صدور و پرداخت حق بیمه")
    assert started[0].menu is not None and started[0].menu.hidden  # hidden as the form starts asking
    for answer in GOOD_ANSWERS:
        assert all(reply.menu is None for reply in desk.say("maryam", answer))  # and stays so
    desk.press("maryam", "مدرکی ندارم")
    submitted = desk.press("maryam", "ثبت")
    assert "ثبت شد" in said(submitted) and "📝 درخواست تازه" in _menu_labels(submitted[-1])
    # a comment is a conversation too: hidden when it asks, back when it is sent
    asked = desk.say("maryam", "توضیح ۱")
    assert asked[0].menu is not None and asked[0].menu.hidden
    sent = desk.say("maryam", "لطفاً پیگیری کنید")
    assert "ثبت و برای طرف مقابل فرستاده شد" in said(sent) and _menu_labels(sent[-1])
    # cancelling by the word ends it as well
    desk.say("maryam", "/comment 1")
    cancelled = desk.say("maryam", "انصراف")
    assert "انجام نشد" in said(cancelled) and _menu_labels(cancelled[-1])


def test_the_menu_follows_roles_and_language(desk: ChatHarness):
    assert "📥 کارتابل" in _menu_labels(desk.say("welfare", "/start")[0])
    admin = _menu_labels(desk.say("admin", "/start")[0])
    assert "📊 Statistics" in admin  # a manager (admin speaks English in the example config)
    assert "📥 کارتابل" not in _menu_labels(desk.say("maryam", "/start")[0])
    english = desk.say("maryam", "🌐 English / فارسی")  # the menu's language item switches
    assert _menu_labels(english[-1])[:2] == ["📝 New request", "📋 My requests"]
    assert "فارسی" in said(desk.say("maryam", "🌐 English / فارسی"))


def test_persian_command_words_with_arabic_letters_zwnj_variants_and_persian_digits(desk: ChatHarness):
    n = desk.file_request()
    for typed in ("درخواستهاي من", "درخواست های من", "📋 درخواست‌های من"):
        assert ref(n) in said(desk.say("maryam", typed)), typed
    done = said(desk.say("welfare", f"تأييد {chr(0x660 + n)}"))  # Arabic ي, an Arabic-Indic digit
    assert "«تأیید» برای درخواست" in done
    returned = said(desk.say("insurance", f"بازگشت {fa(n)} گواهی پزشکی نیست"))
    assert "بازگشت به درخواست‌کننده" in returned and desk.ticket(n).status == "returned"
    assert "کاری در جریان نیست" in said(desk.say("maryam", "لغو"))  # nothing open to stop
    # the same words typed as an answer are the answer, not a command
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور و پرداخت حق بیمه")
    desk.say("maryam", GOOD_ANSWERS[0])
    desk.say("maryam", "1")
    desk.say("maryam", GOOD_ANSWERS[2])
    desk.say("maryam", GOOD_ANSWERS[3])
    desk.say("maryam", GOOD_ANSWERS[4])
    desk.say("maryam", GOOD_ANSWERS[5])
    desk.say("maryam", "درخواست‌های من گم شده است")  # the description
    draft = desk.app.desk.conversations.get("console:maryam")["draft"]
    assert draft["values"]["description"] == "درخواست‌های من گم شده است"


def test_search_from_the_menu_asks_what_to_look_for(desk: ChatHarness):
    n = desk.file_request()
    asked = desk.say("maryam", "🔎 جست‌وجو")
    assert "چه چیزی را بجویم" in said(asked) and asked[0].menu is not None and asked[0].menu.hidden
    found = desk.say("maryam", "۱۴۰۳/۲۳۴۵")
    assert ref(n) in said(found) and _menu_labels(found[-1])


def test_every_command_word_is_short_enough_to_be_recognised_typed_with_an_emoji_and_spaces():
    from bot.handlers.menu import _LONGEST_WORD_TEXT, WORD_SEPARATOR, is_word
    from bot.i18n import LANGUAGES, catalog

    for lang in LANGUAGES:
        for key, phrases in catalog(lang).items():
            if key.startswith("words."):
                for phrase in filter(str.strip, phrases.split(WORD_SEPARATOR)):
                    assert len(f"✅  {phrase}  ") <= _LONGEST_WORD_TEXT, (lang, key, phrase)
                    assert is_word(f"✅  {phrase}  ", key.removeprefix("words.")), (lang, key, phrase)
