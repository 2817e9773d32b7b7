"""One conversation in the foreground per chat: what is typed goes only to the one that asked last.

A prompt (a comment, a resubmission, an action's missing input) asked over a form
puts the form in the background; when the prompt ends the form's question comes
back. Starting a form sets an open prompt aside and says so. Form buttons carry
the draft's version: a button drawn before the draft last changed is refused.
"""
from __future__ import annotations

import pytest

from bot.events import Inbound
from core.notifications import TELEGRAM
from tests.harness import GOOD_ANSWERS, PDF, ChatHarness, ref, said

FORM_TYPE = "صدور و پرداخت حق بیمه"
NAME_QUESTION = "نام و نام خانوادگی خود را بنویسید"
CONTACT_QUESTION = "شماره تماس (تلفن ثابت محل کار) را بنویسید"


def state(desk: ChatHarness, user: str = "maryam") -> dict:
    return desk.app.desk.conversations.get(f"console:{user}") or {}


def comments(desk: ChatHarness, ticket_id: int) -> list[str]:
    return [c.text for c, _ in desk.app.desk.tickets.operator_details(ticket_id).comments]


def returned_ticket(desk: ChatHarness) -> int:
    n = desk.file_request("maryam")
    desk.say("welfare", f"/approve {n}")
    desk.say("insurance", f"/return {n} امضا ندارد")
    return n


# -- prompt, then form ---------------------------------------------------------------------


def test_a_comment_prompt_is_set_aside_when_a_form_starts_and_the_answers_go_to_the_form(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.inbox("welfare")  # the new ticket's notice
    desk.say("maryam", f"/show {n}")
    desk.press("maryam", "نوشتن توضیح")

    replies = desk.say("maryam", "/new")
    assert f"توضیح نیمه‌کاره برای درخواست {ref(n)} کنار گذاشته شد" in said(replies)
    assert NAME_QUESTION in said(desk.press("maryam", FORM_TYPE))
    replies = desk.say("maryam", "مریم احمدی")

    assert "واحد سازمانی" in said(replies)
    assert comments(desk, n) == []  # the name did not become a comment
    assert desk.inbox("welfare") == []
    assert state(desk)["draft"]["values"] == {"full_name": "مریم احمدی"}
    assert "prompt" not in state(desk)


def test_a_resubmit_prompt_is_set_aside_when_a_form_starts_and_cannot_be_sent_from_the_form(desk: ChatHarness):
    n = returned_ticket(desk)
    desk.say("maryam", f"/resubmit {n}")
    send = desk.button("maryam", "ارسال").data

    replies = desk.say("maryam", "/new")
    assert f"ارسال دوبارهٔ نیمه‌کاره برای درخواست {ref(n)} کنار گذاشته شد" in said(replies)
    desk.press("maryam", FORM_TYPE)
    for answer in GOOD_ANSWERS[:3]:
        desk.say("maryam", answer)
    replies = desk.say("maryam", button=send)  # the old prompt's «send», as "1" in a console would be

    assert desk.ticket(n).status == "returned"
    assert comments(desk, n) == []
    assert "شماره تلفن همراه" in said(replies)  # the form's question is in front again
    assert state(desk)["draft"]["values"]["contact_number"] == "021-88776655"


def test_a_prompt_opened_while_the_type_list_is_shown_is_set_aside_when_the_type_is_picked(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("maryam", "/new")
    type_button = desk.button("maryam", FORM_TYPE).data
    desk.say("maryam", f"/comment {n}")
    replies = desk.say("maryam", button=type_button)
    assert f"توضیح نیمه‌کاره برای درخواست {ref(n)} کنار گذاشته شد" in said(replies)
    desk.say("maryam", "مریم احمدی")
    assert comments(desk, n) == []


# -- form, then prompt -----------------------------------------------------------------------


def test_a_comment_asked_mid_form_takes_the_next_line_then_the_form_question_comes_back(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    desk.say("maryam", GOOD_ANSWERS[0])
    desk.say("maryam", GOOD_ANSWERS[1])
    desk.say("maryam", f"/comment {n}")

    replies = desk.say("maryam", "لطفاً سریع‌تر بررسی شود")
    assert comments(desk, n) == ["لطفاً سریع‌تر بررسی شود"]
    assert "فرم نیمه‌کارهٔ شما هنوز باز است" in said(replies) and CONTACT_QUESTION in replies[-1].text

    desk.say("maryam", GOOD_ANSWERS[2])
    assert state(desk)["draft"]["values"]["contact_number"] == "021-88776655"


def test_a_file_sent_to_a_prompt_over_a_form_goes_to_the_prompt(desk: ChatHarness):
    n = returned_ticket(desk)
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    desk.say("maryam", f"/resubmit {n}")
    desk.send_file("maryam", "signed.pdf", PDF)
    assert state(desk)["draft"]["attachments"] == []
    replies = desk.press("maryam", "ارسال")
    assert desk.ticket(n).status == "document_review"
    assert NAME_QUESTION in replies[-1].text  # back to the form


def test_cancelling_an_expert_prompt_mid_form_brings_the_form_back(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", "/new")
    desk.press("welfare", FORM_TYPE)
    desk.say("welfare", "/reject " + str(n))
    replies = desk.say("welfare", "/cancel")
    assert "انجام نشد" in said(replies) and NAME_QUESTION in replies[-1].text
    assert sum(NAME_QUESTION in r.text for r in replies) == 1
    assert desk.ticket(n).status == "submitted"
    assert "draft" in state(desk, "welfare") and "prompt" not in state(desk, "welfare")


def test_a_form_button_pressed_while_a_prompt_asks_is_refused_and_the_prompt_stays(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    desk.say("maryam", GOOD_ANSWERS[0])
    org = desk.button("maryam", "معاونت").data
    desk.say("maryam", f"/comment {n}")

    replies = desk.say("maryam", button=org)
    assert "اول به پرسش باز پاسخ دهید" in said(replies)
    assert f"توضیح خود را دربارهٔ درخواست {ref(n)} بنویسید" in said(replies[-1:])
    assert "org_unit" not in state(desk)["draft"]["values"]
    assert state(desk)["prompt"]["ticket_id"] == n


def test_a_new_prompt_sets_the_open_one_aside_and_says_so(desk: ChatHarness):
    first = desk.file_request("maryam")
    second = desk.file_request("maryam")
    desk.say("welfare", f"/reject {first}")
    replies = desk.say("welfare", f"/comment {second}")
    assert f"«رد» نیمه‌کاره برای درخواست {ref(first)} کنار گذاشته شد" in said(replies)
    desk.say("welfare", "نامه را ببینید")
    assert comments(desk, second) == ["نامه را ببینید"]
    assert desk.ticket(first).status == "submitted"


def test_the_foreground_survives_a_restart(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    desk.say("maryam", f"/comment {n}")
    desk.restart()
    desk.say("maryam", "پس از راه‌اندازی دوباره")
    assert comments(desk, n) == ["پس از راه‌اندازی دوباره"]
    assert state(desk)["draft"]["values"] == {}


def test_a_set_aside_prompts_send_button_does_not_send_the_prompt_now_open(desk: ChatHarness):
    first, second = returned_ticket(desk), returned_ticket(desk)
    desk.say("maryam", f"/resubmit {first}")
    send_first = desk.button("maryam", "ارسال").data
    desk.say("maryam", f"/resubmit {second}")
    desk.say("maryam", "امضا شد")

    replies = desk.say("maryam", button=send_first)  # under «ارسال دوبارهٔ درخواست #1»
    assert "این دکمه مربوط به پرسش دیگری است" in said(replies)
    assert f"ارسال دوبارهٔ درخواست {ref(second)}" in said(replies[-1:])  # the open question again
    assert desk.ticket(first).status == desk.ticket(second).status == "returned"
    desk.press("maryam", "ارسال")  # the button under the question now shown works
    assert desk.ticket(second).status == "document_review"


def test_a_confirmations_no_does_not_cancel_a_prompt_opened_since(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("maryam", f"/cancel {n}")
    no = desk.button("maryam", "خیر").data
    desk.say("maryam", f"/comment {n}")
    replies = desk.say("maryam", button=no)
    assert f"توضیح خود را دربارهٔ درخواست {ref(n)} بنویسید" in said(replies[-1:])
    desk.say("maryam", "هنوز منتظرم")
    assert comments(desk, n) == ["هنوز منتظرم"]


def in_telegram(desk: ChatHarness, text: str) -> list:
    """maryam writing from her linked Telegram account (chat 555)."""
    return desk.app.runner.handle_blocking(Inbound(platform=TELEGRAM, chat_id="555", sender_id="555", text=text))


def test_a_link_step_is_set_aside_when_a_form_starts_and_the_answers_go_to_the_form(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", TELEGRAM, "555")
    code = desk.app.desk.people.issue_code(desk.app.desk.directory.find("reza"))
    assert "گذرواژهٔ سازمانی" in said(in_telegram(desk, f"/link {code}"))  # the holder's password, please

    replies = in_telegram(desk, "/new صدور و پرداخت حق بیمه")
    assert "پیوند نیمه‌کارهٔ حساب" in said(replies) and "کنار گذاشته شد" in said(replies)
    replies = in_telegram(desk, "مریم احمدی")  # not taken for maryam's password (and deleted)
    assert "واحد سازمانی" in said(replies) and not replies[0].delete_inbound
    draft = desk.app.desk.conversations.get(f"{TELEGRAM}:555")
    assert draft["draft"]["values"] == {"full_name": "مریم احمدی"} and "link" not in draft
    assert desk.app.desk.directory.by_account(TELEGRAM, "555").username == "maryam"


def _link_asked_over_a_form(desk: ChatHarness) -> None:
    """maryam's Telegram chat: a form at its second question, then /link with reza's code
    (the holder's proof is asked next)."""
    desk.app.desk.directory.link("maryam", TELEGRAM, "555")
    in_telegram(desk, "/new صدور و پرداخت حق بیمه")
    in_telegram(desk, GOOD_ANSWERS[0])
    assert "گذرواژهٔ سازمانی" in said(
        in_telegram(desk, f"/link {desk.app.desk.people.issue_code(desk.app.desk.directory.find('reza'))}"))


def test_a_link_step_asked_over_a_form_hands_the_form_back_when_cancelled(desk: ChatHarness):
    _link_asked_over_a_form(desk)
    replies = in_telegram(desk, "/cancel")
    assert "پیوند حساب لغو شد" in said(replies) and "واحد سازمانی" in replies[-1].text


def _move_expires(desk: ChatHarness) -> list:
    desk.clock.advance(minutes=11)
    return in_telegram(desk, "any-proof")


def _too_many_wrong_proofs(desk: ChatHarness) -> list:
    for _ in range(4):
        in_telegram(desk, "12345678")  # a code nobody made
    return in_telegram(desk, "12345678")


def _own_code(desk: ChatHarness) -> list:  # a new /link with maryam's own code: she is linked already
    return in_telegram(desk, f"/link {desk.app.desk.people.issue_code(desk.app.desk.directory.find('maryam'))}")


def _expired_code(desk: ChatHarness) -> list:
    code = desk.app.desk.people.issue_code(desk.app.desk.directory.find("reza"))
    desk.clock.advance(minutes=10)
    return in_telegram(desk, f"/link {code}")


@pytest.mark.parametrize("end, told", [
    (_move_expires, "زمان جابه‌جایی پیوند گذشت"),
    (_too_many_wrong_proofs, "بسته است"),
    (_own_code, "همین حالا به شما"),
    (_expired_code, "کد درست نیست"),
], ids=["move_expired", "locked", "own_code", "expired_code"])
def test_a_link_step_asked_over_a_form_hands_the_form_back_however_it_ends(desk: ChatHarness, end, told):
    _link_asked_over_a_form(desk)
    replies = end(desk)
    assert told in said(replies)
    assert "واحد سازمانی" in replies[-1].text  # the form's open question, in front again
    replies = in_telegram(desk, GOOD_ANSWERS[1])  # and the next line answers it
    assert CONTACT_QUESTION in said(replies) and not replies[0].delete_inbound
    assert desk.app.desk.conversations.get(f"{TELEGRAM}:555")["draft"]["values"]["org_unit"]
    assert desk.app.desk.directory.by_account(TELEGRAM, "555").username == "maryam"


def test_a_link_moved_to_someone_else_does_not_hand_them_the_holders_draft(desk: ChatHarness):
    _link_asked_over_a_form(desk)
    maryams_code = desk.app.desk.people.issue_code(desk.app.desk.directory.find("maryam"))
    assert "رضا کریمی" in said(in_telegram(desk, maryams_code))  # the chat is reza's now

    replies = in_telegram(desk, "2")
    assert "واحد سازمانی" not in said(replies) and "شماره تماس" not in said(replies)
    assert desk.app.desk.conversations.get(f"{TELEGRAM}:555") is None
    assert "مریم" not in said(in_telegram(desk, "/new"))  # no draft of hers offered to continue


# -- stale form buttons ----------------------------------------------------------------------


def test_a_summary_seen_before_another_chat_edited_the_draft_cannot_submit_it(desk: ChatHarness):
    # two consoles of the same person share one chat: "A" reads the summary, then "B" edits
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    for answer in GOOD_ANSWERS:
        desk.say("maryam", answer)
    summary_a = desk.press("maryam", "مدرکی ندارم")
    submit_a = desk.button("maryam", "ثبت").data
    assert "بیمه‌نامهٔ حوادث گروهی" in summary_a[-1].text

    desk.press("maryam", "ویرایش")
    desk.press("maryam", "شرح درخواست")
    desk.say("maryam", "شرحی که A ندیده است")

    replies = desk.say("maryam", button=submit_a)
    assert "نسخهٔ قبلی این فرم" in said(replies) and "دیگر اعتبار ندارد" in said(replies)
    assert "شرحی که A ندیده است" in replies[-1].text  # what would be filed now
    assert desk.app.desk.tickets.all_tickets() == []

    ticket_id = desk.press("maryam", "ثبت")[-1].ticket_id  # the summary just shown works
    assert desk.ticket(ticket_id).fields["description"] == "شرحی که A ندیده است"


def test_every_saved_change_bumps_the_draft_version(desk: ChatHarness):
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    versions = [state(desk)["draft"]["version"]]
    desk.say("maryam", GOOD_ANSWERS[0])
    versions.append(state(desk)["draft"]["version"])
    desk.send_file("maryam", "scan.pdf", PDF)
    versions.append(state(desk)["draft"]["version"])
    desk.say("maryam", "/back")
    versions.append(state(desk)["draft"]["version"])
    assert versions == sorted(set(versions)) and len(versions) == 4


def test_an_old_discard_offer_does_not_discard_a_newer_draft(desk: ChatHarness):
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    desk.say("maryam", "/new")
    discard = desk.button("maryam", "حذف آن").data
    desk.say("maryam", "/new")
    desk.press("maryam", "ادامه")
    desk.say("maryam", GOOD_ANSWERS[0])
    replies = desk.say("maryam", button=discard)
    assert "نیمه‌کاره" in said(replies)  # asked again, with fresh buttons
    assert state(desk)["draft"]["values"] == {"full_name": "مریم احمدی"}
