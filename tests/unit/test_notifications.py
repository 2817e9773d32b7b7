"""Who hears about what: status changes, comments, the next role, replies, restarts.

Notifications are read the way a person reads them: delivered to their console
chat by the real OutboxDispatcher and rendered in their language.
"""
from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field

from bot.events import IncomingFile, Outbound
from bot.runtime.delivery import OutboxDispatcher
from core.notifications import CONSOLE
from tests.harness import PDF, STATUS_FA, ZWNJ, ChatHarness, plain, ref, said

USERS = ("maryam", "reza", "welfare", "insurance", "insurer", "finance", "treasurer", "admin")

COMMENT_BUTTON = "💬 نوشتن توضیح"
SHOW_BUTTON = "📄 جزئیات"








def labels(message: Outbound) -> list[str]:
    return [b.label for b in message.all_buttons()]




_platform_ids = itertools.count(5001)


@dataclass
class NumberingSender:
    """Like the harness's RecordingSender, but every sent message gets an id of its own,
    as a real platform gives, so a reply can name the message it answers."""

    platform: str = CONSOLE
    sent: list[tuple[str, Outbound]] = field(default_factory=list)

    async def send(self, address: str, message: Outbound) -> str | None:
        platform_id = str(next(_platform_ids))
        self.sent.append((platform_id, message))
        return platform_id


def deliver(desk: ChatHarness, username: str) -> list[tuple[str, Outbound]]:
    """Deliver username's console notifications; returns (platform id, message) pairs."""
    sender = NumberingSender()
    asyncio.run(OutboxDispatcher(desk.app.desk, sender, address=username).deliver_due())
    if sender.sent:
        desk.last[username] = [m for _, m in sender.sent]
    return sender.sent


def drain(desk: ChatHarness) -> None:
    for user in USERS:
        desk.inbox(user)


def outbox(desk: ChatHarness):  # noqa: ANN201 - list[OutboxMessage]
    with desk.app.database.uow() as uow:
        return uow.outbox.list()


# -- the requester hears every change ---------------------------------------------------------


def test_requester_hears_every_status_change_and_the_next_role_gets_its_buttons(desk: ChatHarness):
    """Walk the whole path by pressing the buttons on the notifications themselves."""
    n = desk.file_request("maryam")
    # the requester acted in this chat and got the direct reply; no second copy here
    assert desk.inbox("maryam") == []

    # (who acts, the button they press, answers to what is asked, new status, who acts next,
    #  the action buttons that role must see)
    steps = [
        (None, None, [], "submitted", "welfare", {"تأیید", "رد"}),
        ("welfare", "تأیید", [], "document_review", "insurance",
         {f"بازگشت به درخواست{ZWNJ}کننده", "ارجاع به شرکت بیمه"}),
        ("insurance", "بازگشت", ["کپی کارت ملی لازم است"], "returned", "maryam",
         {"ارسال دوباره", "لغو درخواست"}),
        ("maryam", "ارسال دوباره", ["کارت ملی پیوست شد", "@ارسال"], "document_review", "insurance",
         {f"بازگشت به درخواست{ZWNJ}کننده", "ارجاع به شرکت بیمه"}),
        ("insurance", "ارجاع", [], "company_review", "insurer",
         {f"بازگشت به درخواست{ZWNJ}کننده", f"صدور پیش{ZWNJ}نویس بیمه{ZWNJ}نامه"}),
        ("insurer", f"پیش{ZWNJ}نویس", [], "draft_policy", None, set()),
        ("insurer", None, ["/policy {n} 1403/12345"], "policy_issued", "finance", {"ثبت سند مالی"}),
        ("finance", "ثبت سند", ["88765"], "voucher_registered", "treasurer", {"صدور چک و پرداخت"}),
        ("treasurer", "صدور چک", ["776655", "25000000"], "paid", None, set()),
    ]
    requester_heard: list[str] = []
    for actor, button, answers, status, next_user, next_buttons in steps:
        if actor is not None:
            replies = desk.press(actor, button) if button else []
            for answer in answers:
                if answer.startswith("@"):
                    replies = desk.press(actor, answer[1:])
                else:
                    replies = desk.say(actor, answer.format(n=n))
            assert "انجام شد" in said(replies), (actor, said(replies))
        assert desk.ticket(n).status == status

        got = {user: desk.inbox(user) for user in USERS}
        if actor is not None:
            assert got[actor] == [], f"{actor} got a copy of their own act: {said(got[actor])}"
        if actor not in (None, "maryam"):
            assert len(got["maryam"]) == 1, (status, said(got["maryam"]))
            text = plain(got["maryam"][0].text)
            assert f"وضعیت درخواست {ref(n)} تغییر کرد: {STATUS_FA[status]}" in text, text
            requester_heard.append(status)
        if next_user is not None:
            assert len(got[next_user]) == 1, (status, next_user, said(got[next_user]))
            message = got[next_user][0]
            if next_user != "maryam":
                text = plain(message.text)
                assert f"درخواست {ref(n)}" in text and "منتظر اقدام شماست" in text, text
                assert f"وضعیت: {STATUS_FA[status]}" in text, text
            assert set(labels(message)) == next_buttons | {COMMENT_BUTTON, SHOW_BUTTON}, labels(message)
        for user in USERS:
            if user not in (actor, next_user, "maryam"):
                assert got[user] == [], (status, user, said(got[user]))

    assert requester_heard == ["document_review", "returned", "company_review", "draft_policy",
                               "policy_issued", "voucher_registered", "paid"]
    assert desk.ticket(n).status == "paid"


def test_status_notifications_carry_the_inputs_the_requester_should_read(desk: ChatHarness):
    n = desk.file_request("maryam")
    for user, command in [("welfare", "/approve {n}"), ("insurance", "/forward {n}"), ("insurer", "/draft {n}"),
                          ("insurer", "/policy {n} 1403/12345"), ("finance", "/voucher {n} 88765"),
                          ("treasurer", "/pay {n} 776655 25000000")]:
        desk.say(user, command.format(n=n))
    heard = [plain(m.text) for m in desk.inbox("maryam")]
    assert len(heard) == 6, heard
    for text, status in zip(heard, ["document_review", "company_review", "draft_policy",
                                    "policy_issued", "voucher_registered", "paid"]):
        assert STATUS_FA[status] in text, (status, text)
    assert f"شماره بیمه{ZWNJ}نامه: 1403/12345" in heard[3], heard[3]
    assert "شماره سند: 88765" in heard[4], heard[4]
    assert "شماره چک: 776655" in heard[5] and "ریال" in heard[5], heard[5]
    assert "نرگس خزانه" in heard[5]  # who did it
    # paid is final: nothing to act on, only the details
    assert labels(desk.last["maryam"][-1]) == [SHOW_BUTTON]


def test_rejection_reaches_the_requester_with_its_reason(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/reject {n} نامهٔ معرفی امضا ندارد")
    heard = desk.inbox("maryam")
    assert len(heard) == 1
    text = plain(heard[0].text)
    assert "رد شده" in text and "دلیل: نامهٔ معرفی امضا ندارد" in text, text
    assert "زهرا رفاهی" in text


# -- comments --------------------------------------------------------------------------------


def test_every_expert_comment_reaches_the_requester(desk: ChatHarness):
    n = desk.file_request("maryam")
    drain(desk)
    desk.say("welfare", f"/comment {n} لطفاً اصل نامه را هم بیاورید")
    desk.say("insurer", f"/comment {n} پیش{ZWNJ}نویس آماده است")
    heard = desk.inbox("maryam")
    assert len(heard) == 2, [m.text for m in heard]
    assert f"توضیح تازه برای درخواست {ref(n)} از زهرا رفاهی" in plain(heard[0].text)
    assert "لطفاً اصل نامه را هم بیاورید" in heard[0].text
    assert "سارا شرکت بیمه" in plain(heard[1].text)
    assert f"پیش{ZWNJ}نویس آماده است" in heard[1].text
    # the author does not get a copy, nor does anyone else
    for user in USERS:
        if user != "maryam":
            assert desk.inbox(user) == [], user


def test_an_expert_comment_written_through_the_prompt_reaches_the_requester(desk: ChatHarness):
    n = desk.file_request("maryam")
    drain(desk)
    desk.say("welfare", f"/show {n}")
    desk.press("welfare", "نوشتن توضیح")
    assert "ثبت و برای طرف مقابل فرستاده شد" in said(desk.say("welfare", "شماره نامه ناخواناست"))
    heard = desk.inbox("maryam")
    assert len(heard) == 1 and "شماره نامه ناخواناست" in heard[0].text


def test_a_requesters_comment_reaches_the_role_acting_now(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/approve {n}")
    desk.say("insurance", f"/forward {n}")
    drain(desk)

    text = said(desk.say("maryam", f"/comment {n} قرارداد جدید را فرستادم"))
    assert f"توضیح شما برای درخواست {ref(n)} ثبت" in text
    heard = desk.inbox("insurer")
    assert len(heard) == 1
    assert f"توضیح تازه برای درخواست {ref(n)} از مریم احمدی" in plain(heard[0].text)
    assert "قرارداد جدید را فرستادم" in heard[0].text
    for user in USERS:
        if user != "insurer":
            assert desk.inbox(user) == [], user


def test_a_requesters_comment_on_a_finished_ticket_reaches_the_last_expert(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/reject {n} ناقص")
    drain(desk)
    desk.say("maryam", f"/comment {n} چرا رد شد؟")
    heard = desk.inbox("welfare")
    assert len(heard) == 1 and "چرا رد شد؟" in heard[0].text


# -- the actor's own chat ------------------------------------------------------------------


def test_the_actor_gets_no_copy_in_the_chat_where_they_acted_but_does_elsewhere(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", "telegram", "4242")
    n = desk.file_request("maryam")
    rows = [m for m in outbox(desk) if m.user_id == desk.ticket(n).owner_id]
    # the submission is announced on her telegram, not in the console where she submitted
    assert [(m.platform, m.payload["to"]) for m in rows] == [("telegram", "submitted")]

    desk.say("welfare", f"/approve {n}")
    desk.say("insurance", f"/return {n} امضا ندارد")
    before = len(outbox(desk))
    desk.say("maryam", f"/resubmit {n} امضا شد")
    desk.press("maryam", "ارسال")
    new = outbox(desk)[before:]
    mine = [(m.platform, m.kind) for m in new if m.user_id == desk.ticket(n).owner_id]
    assert mine == [("telegram", "status_changed")], mine
    assert [m.address for m in new if m.kind == "ticket_waiting"] == ["insurance"]
    # the welfare expert who approved heard nothing of their own approval
    welfare = desk.app.desk.directory.find("welfare")
    assert [m.kind for m in outbox(desk) if m.user_id == welfare.id] == ["ticket_waiting"]  # only the new ticket


def test_the_requester_hears_on_every_linked_account(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", "telegram", "4242")
    desk.app.desk.directory.link("maryam", "bale", "77")
    n = desk.file_request("maryam")
    before = len(outbox(desk))
    desk.say("welfare", f"/approve {n}")
    owner = desk.ticket(n).owner_id
    got = sorted(m.platform for m in outbox(desk)[before:] if m.user_id == owner)
    assert got == ["bale", "console", "telegram"]


# -- replying to a notification ------------------------------------------------------------


def test_replying_to_a_notification_comments_on_that_ticket(desk: ChatHarness):
    first = desk.file_request("maryam")
    second = desk.file_request("maryam")
    for n in (first, second):
        desk.say("welfare", f"/approve {n}")
    drain(desk)
    desk.say("insurance", f"/comment {first} درباره اولی")
    desk.say("insurance", f"/comment {second} درباره دومی")
    sent = deliver(desk, "maryam")
    assert len(sent) == 2
    (id_first, msg_first), (id_second, msg_second) = sent
    assert "درباره اولی" in msg_first.text and "درباره دومی" in msg_second.text

    text = said(desk.say("maryam", "مدارک دومی را فردا می‌آورم", reply_to=id_second))
    assert f"توضیح شما برای درخواست {ref(second)} ثبت" in text, text
    comments = [c.text for c, _ in desk.app.desk.tickets.operator_details(second).comments]
    assert "مدارک دومی را فردا می‌آورم" in comments
    assert "مدارک دومی را فردا می‌آورم" not in [
        c.text for c, _ in desk.app.desk.tickets.operator_details(first).comments]
    heard = desk.inbox("insurance")
    assert len(heard) == 1 and f"درخواست {ref(second)}" in plain(heard[0].text)
    assert "مدارک دومی را فردا می‌آورم" in heard[0].text

    # a reply with a file is a comment with that file
    text = said(desk.say("maryam", files=(IncomingFile("letter.pdf", PDF),), reply_to=id_first))
    assert f"توضیح شما برای درخواست {ref(first)} ثبت" in text, text
    assert [a.filename for a in desk.app.desk.tickets.operator_details(first).attachments] == ["letter.pdf"]
    heard = desk.inbox("insurance")
    assert len(heard) == 1 and "۱ فایل پیوست شد" in plain(heard[0].text)


def test_a_reply_to_a_message_that_is_not_ours_is_not_a_comment(desk: ChatHarness):
    n = desk.file_request("maryam")
    drain(desk)
    text = said(desk.say("maryam", "سلام", reply_to="999999"))
    assert "متوجه نشدم" in text
    assert desk.app.desk.tickets.operator_details(n).comments == []
    assert desk.inbox("welfare") == []


def test_a_reply_by_someone_else_to_a_forwarded_notification_is_refused(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("insurance", f"/comment {n} لطفاً نامه را بفرستید")
    platform_id, _ = deliver(desk, "maryam")[0]
    # reza's chat never received that message: for him the id means nothing
    text = said(desk.say("reza", "این را ببینید", reply_to=platform_id))
    assert "متوجه نشدم" in text and "توضیح شما" not in text, text
    assert [c.text for c, _ in desk.app.desk.tickets.operator_details(n).comments] == ["لطفاً نامه را بفرستید"]


# -- durability ------------------------------------------------------------------------------


def test_notifications_survive_a_restart_and_are_delivered_once(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/approve {n}")
    waiting = [m for m in outbox(desk) if m.address == "maryam" and m.delivered_at is None]
    assert len(waiting) == 1  # written, not yet delivered

    desk.restart()
    heard = desk.inbox("maryam")
    assert len(heard) == 1
    assert STATUS_FA["document_review"] in heard[0].text
    assert desk.inbox("maryam") == []  # not twice

    desk.restart()
    assert desk.inbox("maryam") == []  # not again after another restart
    heard = desk.inbox("insurance")  # the other side's notification waited as well
    assert len(heard) == 1 and "منتظر اقدام شماست" in heard[0].text


def test_buttons_on_a_notification_delivered_after_a_restart_still_work(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.restart()
    desk.inbox("welfare")
    text = said(desk.press("welfare", "تأیید"))
    assert "انجام شد" in text
    assert desk.ticket(n).status == "document_review"


def test_an_expert_whose_action_leaves_the_next_step_to_them_gets_its_buttons_at_once(desk: ChatHarness):
    ticket_id = desk.file_request()
    desk.say("welfare", f"/approve {ticket_id}")
    desk.say("insurance", f"/forward {ticket_id}")
    replies = desk.say("insurer", f"/draft {ticket_id}")
    assert "پیش‌نویس بیمه‌نامه" in replies[-1].text
    replies = desk.press("insurer", "صدور بیمه‌نامه")  # the next action, right under the answer
    assert "شماره بیمه‌نامه" in replies[-1].text
    desk.say("insurer", "1403/12345")
    assert desk.ticket(ticket_id).status == "policy_issued"
