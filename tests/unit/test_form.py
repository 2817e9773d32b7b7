"""The request form as a person fills it: every step checked, nothing typed lost."""
from __future__ import annotations

import pytest

from tests.harness import BAD_INPUT_AT_EVERY_STEP, GOOD_ANSWERS, PDF, PNG, ChatHarness, text


def start_form(desk: ChatHarness, user: str = "maryam") -> None:
    desk.say(user, "/new")
    desk.press(user, "صدور و پرداخت حق بیمه")


def answer_up_to(desk: ChatHarness, step: int, user: str = "maryam") -> None:
    for answer in GOOD_ANSWERS[:step]:
        replies = desk.say(user, answer)
        assert "(" in replies[-1].text  # each good answer is followed by the next question


@pytest.mark.parametrize("step,bad,expected", [c for c in BAD_INPUT_AT_EVERY_STEP if c[2]])
def test_bad_input_at_every_step_is_explained_and_asked_again(desk: ChatHarness, step, bad, expected):
    start_form(desk)
    answer_up_to(desk, step)
    question_before = desk.last["maryam"][-1].text

    replies = desk.say("maryam", bad)

    assert expected in replies[0].text, replies[0].text
    assert replies[-1].text == question_before  # the same question again
    draft = desk.app.desk.conversations.get("console:maryam")["draft"]
    assert len(draft["values"]) == step  # earlier answers kept, the bad one not stored


def test_empty_description_is_refused(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 6)
    assert "پیام خالی" in text(desk.say("maryam", "   "))
    assert "خالی" in text(desk.say("maryam", "\u200f\u200e"))  # only invisible marks


def test_persian_digits_and_other_mobile_forms_are_normalised(desk: ChatHarness):
    answers = list(GOOD_ANSWERS)
    answers[2] = "(۰۲۱) ۸۸۷۷ ۶۶۵۵ داخلی ۱۲"
    answers[3] = "+98 912 123 4567"
    answers[5] = "۱۴۰۳-۸-۱۵"
    ticket_id = desk.file_request(answers=answers)
    fields = desk.ticket(ticket_id).fields
    assert fields["mobile"] == "09121234567"
    assert fields["contact_number"] == "021-88776655 ext 12"
    assert fields["incident_date"] == "2024-11-05"  # stored ISO, Gregorian


def test_whole_form_gives_summary_then_ticket_with_every_field(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 8)
    desk.send_file("maryam", "scan.pdf", PDF)
    desk.send_file("maryam", "photo.png", PNG)
    summary = desk.press("maryam", "پایان ارسال مدارک")[-1]
    assert "خلاصه" in summary.text
    for shown in ("مریم احمدی", "معاونت درمان", "۰۹۱۲۱۲۳۴۵۶۷", "1403/2345", "۱۴۰۳/۰۸/۱۵", "زیاد", "۲ فایل"):
        assert shown in summary.text
    replies = desk.press("maryam", "ثبت")
    assert "ثبت شد" in replies[-1].text and "در انتظار بررسی کارشناس بیمه اداره رفاه" in replies[-1].text
    details = desk.app.desk.tickets.operator_details(replies[-1].ticket_id)
    assert details.ticket.status == "submitted"
    assert details.ticket.fields["org_unit"] == "معاونت درمان"
    assert details.ticket.fields["priority"] == "high"
    assert sorted(a.filename for a in details.attachments) == ["photo.png", "scan.pdf"]
    assert desk.app.desk.conversations.get("console:maryam") is None  # the draft is gone


def test_prefilled_name_button_and_choices_by_label(desk: ChatHarness):
    start_form(desk)
    desk.press("maryam", "مریم احمدی")
    desk.say("maryam", "معاونت بهداشت")  # typed label instead of the number
    for answer in GOOD_ANSWERS[2:7]:
        desk.say("maryam", answer)
    desk.say("maryam", "فوري")  # Arabic yeh typed
    desk.press("maryam", "مدرکی ندارم")
    ticket_id = desk.press("maryam", "ثبت")[-1].ticket_id
    fields = desk.ticket(ticket_id).fields
    assert (fields["full_name"], fields["org_unit"], fields["priority"]) == ("مریم احمدی", "معاونت بهداشت", "urgent")


def test_date_buttons_today_and_yesterday(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 5)
    replies = desk.press("maryam", "دیروز")
    assert "شرح" in replies[-1].text
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["values"]["incident_date"] == "2024-11-19"


def test_back_keeps_answers_and_shows_the_current_value(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 4)
    replies = desk.say("maryam", "/back")
    assert "همراه" in replies[-1].text and "۰۹۱۲۱۲۳۴۵۶۷" in replies[-1].text  # the mobile question, value kept
    desk.say("maryam", "09351112233")
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["values"]["mobile"] == "09351112233"
    start = desk.say("maryam", "/back")
    for _ in range(4):
        start = desk.say("maryam", "/back")
    assert "اولین پرسش" in start[0].text


def test_cancel_discards_the_draft(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 3)
    assert "لغو شد" in text(desk.say("maryam", "/cancel"))
    assert desk.app.desk.conversations.get("console:maryam") is None
    assert "در جریان نیست" in text(desk.say("maryam", "/cancel"))


def test_edit_one_field_from_the_summary(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 8)
    desk.press("maryam", "مدرکی ندارم")
    desk.press("maryam", "ویرایش")
    desk.press("maryam", "شماره نامه")
    summary = desk.say("maryam", "1403/9999/ص")[-1]
    assert "خلاصه" in summary.text and "1403/9999/ص" in summary.text  # straight back to the summary
    ticket_id = desk.press("maryam", "ثبت")[-1].ticket_id
    assert desk.ticket(ticket_id).fields["letter_number"] == "1403/9999/ص"


def test_draft_survives_a_restart(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 5)
    desk.restart()
    replies = desk.say("maryam", GOOD_ANSWERS[5])  # continue exactly where we were
    assert "شرح" in replies[-1].text
    desk.say("maryam", GOOD_ANSWERS[6])
    desk.say("maryam", GOOD_ANSWERS[7])
    desk.press("maryam", "مدرکی ندارم")
    ticket_id = desk.press("maryam", "ثبت")[-1].ticket_id
    assert desk.ticket(ticket_id).fields["mobile"] == "09121234567"
    assert len(desk.app.desk.tickets.all_tickets()) == 1


def test_new_while_a_draft_is_open_offers_continue_or_discard(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 2)
    replies = desk.say("maryam", "/new")
    assert "نیمه‌کاره" in replies[0].text
    assert "شماره تماس" in desk.press("maryam", "ادامه")[-1].text
    desk.say("maryam", "/new")
    replies = desk.press("maryam", "حذف آن")
    assert "نوع درخواست" in replies[-1].text
    assert desk.app.desk.conversations.get("console:maryam") is None


def test_a_file_sent_at_a_text_step_is_kept_not_dropped(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 3)
    replies = desk.send_file("maryam", "scan.pdf", PDF)
    assert "scan.pdf" in replies[0].text and "همراه" in replies[-1].text
    assert len(desk.app.desk.conversations.get("console:maryam")["draft"]["attachments"]) == 1


def test_a_file_that_is_not_an_image_or_pdf_is_refused(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 8)
    replies = desk.send_file("maryam", "virus.pdf", b"MZ\x90\x00 not a pdf")
    assert "پذیرفته نمی‌شود" in replies[0].text
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["attachments"] == []


def test_other_commands_mid_form_keep_the_draft_and_repeat_the_question(desk: ChatHarness):
    start_form(desk)
    answer_up_to(desk, 4)
    replies = desk.say("maryam", "/my")
    assert "هنوز درخواستی" in replies[0].text
    assert "نیمه‌کاره" in replies[-1].text and "شماره نامه" in replies[-1].text
    replies = desk.say("maryam", GOOD_ANSWERS[4])
    assert "تاریخ وقوع" in replies[-1].text


def test_two_requests_of_one_user_stay_two_tickets(desk: ChatHarness):
    first = desk.file_request()
    second = desk.file_request()
    assert first != second
    assert [t.id for t in desk.app.desk.tickets.mine(desk.app.desk.directory.get("maryam"))] == [second, first]


def test_english_speaker_gets_english(desk: ChatHarness):
    desk.say("maryam", "/lang en")
    replies = desk.say("maryam", "/new")
    assert "Choose the type of request" in replies[0].text
    desk.press("maryam", "premium")
    replies = desk.say("maryam", "ab")
    assert "name" in replies[0].text.lower() and "two words of at least 2 letters" in replies[0].text


def test_the_mobile_question_offers_one_tap_sharing_labelled_in_the_persons_language(desk: ChatHarness):
    start_form(desk, "maryam")
    for answer in GOOD_ANSWERS[:3]:
        replies = desk.say("maryam", answer)
    assert replies[-1].contact_label == "📱 ارسال شمارهٔ من"
    assert desk.say("maryam", GOOD_ANSWERS[3])[-1].contact_label is None  # the next question asks no number
    desk.say("reza", "/lang en")
    desk.say("reza", "/new")
    desk.press("reza", "premium")
    for answer in GOOD_ANSWERS[:3]:
        replies = desk.say("reza", answer)
    assert replies[-1].contact_label == "📱 Share my number"


def test_a_command_that_asks_its_own_question_is_not_followed_by_a_reminder(desk: ChatHarness):
    ticket_id = desk.file_request()
    start_form(desk, "welfare")
    replies = desk.say("welfare", f"/reject {ticket_id}")
    assert len(replies) == 1 and "دلیل" in replies[0].text
    replies = desk.say("welfare", "/my")  # unrelated: the open question comes back once
    assert "دلیل" in replies[-1].text and sum("دلیل" in r.text for r in replies) == 1
    desk.say("welfare", "مدارک ناقص است")
    assert desk.ticket(ticket_id).status == "rejected"
    assert "نام و نام خانوادگی" in desk.say("welfare", "/help")[-1].text  # the form is still there
