"""One stack of conversations per chat (bot/context.py).

While a prompt is open, a typed line that is a command's word is not taken as its answer
unasked; a state saved before the stack (someone mid-form when the desk is upgraded) is read
into it; each handler module's routes are merged without two claiming one name.
"""
from __future__ import annotations

import pytest

from bot.handlers.routes import Routes
from tests.harness import GOOD_ANSWERS, ChatHarness, fa, ref, said

FORM_TYPE = "صدور و پرداخت حق بیمه"
MEANT = "شبیه یک فرمان است"
REASON_QUESTION = "دلیل را بنویسید"


def state(desk: ChatHarness, user: str = "maryam") -> dict:
    return desk.app.desk.conversations.get(f"console:{user}") or {}


def reject_entry(desk: ChatHarness, n: int):  # noqa: ANN201 - core history entry
    history = desk.app.desk.tickets.operator_details(n).history
    return next(entry for entry, _ in history if entry.action == "reject")


# -- a command's word typed while a prompt asks ------------------------------------------------


def test_a_command_word_typed_as_a_reason_is_asked_about_not_taken(desk: ChatHarness):
    n = desk.file_request("maryam")
    assert REASON_QUESTION in said(desk.say("welfare", f"/reject {n}"))

    replies = desk.say("welfare", f"تأیید {fa(n)}")

    assert MEANT in said(replies) and f"تأیید {fa(n)}" in said(replies)
    assert desk.ticket(n).status == "submitted"  # neither rejected with it as the reason, nor approved
    replies = desk.press("welfare", "بله، همین پاسخ من است")
    assert "«رد»" in said(replies) and desk.ticket(n).status == "rejected"
    assert reject_entry(desk, n).inputs["reason"] == f"تأیید {fa(n)}"
    assert "prompt" not in state(desk, "welfare")


def test_no_drops_the_line_and_asks_the_question_again(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/reject {n}")
    desk.say("welfare", "درخواست‌های من")

    replies = desk.press("welfare", "نه")

    assert REASON_QUESTION in said(replies) and ref(n) in said(replies)
    assert desk.ticket(n).status == "submitted"
    assert "typed" not in state(desk, "welfare")["prompt"]  # the line is dropped
    desk.say("welfare", "گواهی پزشکی پیوست نشده است")
    assert desk.ticket(n).status == "rejected"
    assert reject_entry(desk, n).inputs["reason"] == "گواهی پزشکی پیوست نشده است"


def test_a_plain_answer_is_taken_at_once_and_the_question_survives_a_restart(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/reject {n}")
    desk.say("welfare", f"رد {fa(n)}")
    desk.restart()  # the line asked about is kept with the prompt

    replies = desk.say("welfare", "/start")
    assert MEANT in said(replies)  # the open question, after the greeting, is the one about the line
    desk.press("welfare", "بله")
    assert reject_entry(desk, n).inputs["reason"] == f"رد {fa(n)}"


def test_an_old_button_of_the_question_about_the_line_changes_nothing(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/reject {n}")
    desk.say("welfare", f"تأیید {fa(n)}")
    yes = desk.button("welfare", "بله").data
    desk.say("welfare", "نیاز به بررسی بیشتر")  # a new line: the one asked about is dropped, this one taken

    replies = desk.say("welfare", button=yes)
    assert desk.ticket(n).status == "rejected"
    assert reject_entry(desk, n).inputs["reason"] == "نیاز به بررسی بیشتر"
    assert "چیزی تغییر نکرد" in said(replies)


# -- a state saved before the stack ---------------------------------------------------------


def _old_shape(desk: ChatHarness, foreground: str | None) -> int:
    """A draft at its second step and a comment prompt, saved in the shape before the stack."""
    n = desk.file_request("maryam")
    desk.say("maryam", "/new")
    desk.press("maryam", FORM_TYPE)
    desk.say("maryam", GOOD_ANSWERS[0])
    draft = state(desk)["draft"]
    old = {"draft": draft, "prompt": {"mode": "comment", "ticket_id": n, "attachments": [], "revision": 7}}
    if foreground is not None:
        old["foreground"] = foreground
    maryam = desk.app.desk.directory.find("maryam")
    desk.app.desk.conversations.put("console:maryam", maryam.id, old)
    return n


def test_a_draft_in_front_in_the_old_shape_gets_the_next_line(desk: ChatHarness):
    n = _old_shape(desk, foreground="draft")

    desk.say("maryam", GOOD_ANSWERS[1])

    assert state(desk)["draft"]["values"]["org_unit"]
    assert state(desk)["stack"] == ["prompt", "draft"] and "foreground" not in state(desk)
    assert desk.app.desk.tickets.operator_details(n).comments == []


def test_the_old_shape_without_foreground_answers_the_prompt_first_and_the_form_comes_back(desk: ChatHarness):
    n = _old_shape(desk, foreground=None)

    replies = desk.say("maryam", "نسخهٔ امضاشده را فردا می‌فرستم")

    assert [c.text for c, _ in desk.app.desk.tickets.operator_details(n).comments] == [
        "نسخهٔ امضاشده را فردا می‌فرستم"]
    assert "فرم نیمه‌کارهٔ شما هنوز باز است" in said(replies)  # the draft under it asks again
    assert state(desk)["stack"] == ["draft"] and "org_unit" not in state(desk)["draft"]["values"]


# -- routes ---------------------------------------------------------------------------------


def test_two_modules_claiming_one_command_are_refused():
    def handler(ctx, args):  # noqa: ANN001, ANN202
        return []

    with pytest.raises(ValueError, match="show"):
        Routes(commands={"show": handler}) + Routes(commands={"show": handler})
    merged = Routes(commands={"show": handler}) + Routes(buttons={"show": handler})
    assert set(merged.commands) == {"show"} and set(merged.buttons) == {"show"}
