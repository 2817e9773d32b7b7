"""/help commands lists the commands each person may use: identity and search for all, /take for experts,
/assign and /stats for managers, /link and /unlink only in Telegram."""
from __future__ import annotations

from bot.events import Inbound
from core.notifications import TELEGRAM
from tests.harness import ChatHarness, said


def test_a_requester_sees_search_and_who_am_i_but_no_staff_commands(desk: ChatHarness):
    text = said(desk.say("maryam", "/help commands"))
    assert "/find" in text and "/whoami" in text and "/linkcode" in text
    assert "/take" not in text and "/assign" not in text and "/stats" not in text
    assert "/unlink" not in text  # in the console one's account is the directory's own: nothing to unlink


def test_an_expert_sees_take_but_not_the_managers_commands(desk: ChatHarness):
    text = said(desk.say("welfare", "/help commands"))
    assert "/take" in text and "/find" in text
    assert "/assign" not in text and "/stats" not in text


def test_a_manager_sees_assign_and_stats(desk: ChatHarness):
    text = said(desk.say("admin", "/help commands"))
    assert "/assign" in text and "/stats" in text


def test_help_in_telegram_offers_link_and_unlink(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", TELEGRAM, "4242")
    inbound = Inbound(platform=TELEGRAM, chat_id="4242", sender_id="4242", text="/help commands", message_id="4242:1")
    text = said(desk.app.bot.handle(inbound))
    assert "/link" in text and "/unlink" in text and "/whoami" in text and "/linkcode" in text


def test_help_names_the_managers_commands_in_both_languages(desk: ChatHarness):
    desk.say("admin", "/lang en")
    text = said(desk.say("admin", "/help commands"))
    assert "Manager commands" in text and "/stats" in text and "/whoami" in text
    desk.say("admin", "/lang fa")
    assert "فرمان‌های مدیر" in said(desk.say("admin", "/help commands"))


def test_help_shows_the_menu_items_and_a_button_to_start_not_a_list_of_commands(desk: ChatHarness):
    [reply] = desk.say("maryam", "/help")
    text = said([reply])
    assert "📝 درخواست تازه:" in text and "📋 درخواست‌های من:" in text and "🔎 جست‌وجو:" in text
    assert "📥 کارتابل" not in text  # a requester has no queue
    assert "/find" not in text and "/whoami" not in text and "/help commands" in text
    started = desk.press("maryam", "شروع یک درخواست تازه")
    assert "نوع درخواست را انتخاب کنید" in said(started)
    staff = said(desk.say("welfare", "راهنما"))  # the word works as well as /help
    assert "📥 کارتابل:" in staff
    assert "/approve" in said(desk.say("welfare", "راهنما فرمان‌ها"))
