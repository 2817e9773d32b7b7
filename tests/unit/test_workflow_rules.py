"""The premium issuance workflow as DESIGN.md §2 states it, checked through the chat.

The status table below is written out by hand from the design, on purpose: it is
not read from core.workflow, so a workflow that drifted from the design fails here.
Every move is made with the real commands (and buttons) a person would use.
"""
from __future__ import annotations

import re

import pytest

from bot.events import IncomingFile
from tests.harness import PDF, STATUS_FA, ZWNJ, ChatHarness, fa, plain, ref, said

OWNER = "owner"
_FROM_FA = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")

ALL_USERS = ("maryam", "reza", "welfare", "insurance", "insurer", "finance", "treasurer", "admin")
STAFF = ("welfare", "insurance", "insurer", "finance", "treasurer", "admin")



ACTION_FA = {
    "approve": "تأیید",
    "reject": "رد",
    "return": f"بازگشت به درخواست{ZWNJ}کننده",
    "forward": "ارجاع به شرکت بیمه",
    "resubmit": "ارسال دوباره",
    "draft": f"صدور پیش{ZWNJ}نویس بیمه{ZWNJ}نامه",
    "policy": f"صدور بیمه{ZWNJ}نامه",
    "voucher": "ثبت سند مالی",
    "pay": "صدور چک و پرداخت",
    "cancel": "لغو درخواست",
}
ROLE_FA = {
    "welfare": "کارشناس بیمه اداره رفاه",
    "insurance": "کارشناس بیمه",
    "insurer": "کارشناس شرکت بیمه",
    "finance": "کارشناس مالی",
    "treasurer": f"خزانه{ZWNJ}دار",
}

# from, action, to, who (a demo user holding the role, or OWNER = maryam, who files the tickets)
TABLE = [
    ("submitted", "approve", "document_review", "welfare"),
    ("submitted", "reject", "rejected", "welfare"),
    ("document_review", "return", "returned", "insurance"),
    ("document_review", "forward", "company_review", "insurance"),
    ("returned", "resubmit", "document_review", OWNER),
    ("company_review", "return", "returned", "insurer"),
    ("company_review", "draft", "draft_policy", "insurer"),
    ("draft_policy", "policy", "policy_issued", "insurer"),
    ("policy_issued", "voucher", "voucher_registered", "finance"),
    ("voucher_registered", "pay", "paid", "treasurer"),
    ("submitted", "cancel", "cancelled", OWNER),
    ("document_review", "cancel", "cancelled", OWNER),
    ("returned", "cancel", "cancelled", OWNER),
]

# The command each action is taken with, inputs included, and what history must keep of them.
COMMAND = {
    "approve": ("/approve {n}", {}),
    "reject": ("/reject {n} نامهٔ معرفی پیوست نشده است", {"reason": "نامهٔ معرفی پیوست نشده است"}),
    "return": ("/return {n} کپی کارت ملی لازم است", {"reason": "کپی کارت ملی لازم است"}),
    "forward": ("/forward {n}", {}),
    "resubmit": ("/resubmit {n} کپی کارت ملی پیوست شد", {"comment": "کپی کارت ملی پیوست شد"}),
    "draft": ("/draft {n}", {}),
    "policy": ("/policy {n} 1403/12345", {"policy_number": "1403/12345"}),
    "voucher": ("/voucher {n} 88765", {"voucher_number": "88765"}),
    "pay": ("/pay {n} 776655 25000000", {"cheque_number": "776655", "amount": 25000000}),
    "cancel": ("/cancel {n}", {}),
}

# How to bring a fresh ticket to each status with the real commands.
ROUTE = {
    "submitted": [],
    "document_review": [("welfare", "/approve {n}")],
    "returned": [("welfare", "/approve {n}"), ("insurance", "/return {n} مدرک ناقص است")],
    "company_review": [("welfare", "/approve {n}"), ("insurance", "/forward {n}")],
    "draft_policy": [("welfare", "/approve {n}"), ("insurance", "/forward {n}"), ("insurer", "/draft {n}")],
    "policy_issued": [
        ("welfare", "/approve {n}"), ("insurance", "/forward {n}"), ("insurer", "/draft {n}"),
        ("insurer", "/policy {n} 1403/777"),
    ],
    "voucher_registered": [
        ("welfare", "/approve {n}"), ("insurance", "/forward {n}"), ("insurer", "/draft {n}"),
        ("insurer", "/policy {n} 1403/777"), ("finance", "/voucher {n} 5544"),
    ],
}










def refs_in(text: str) -> set[int]:
    return {int(m.translate(_FROM_FA)) for m in re.findall(r"#([0-9۰-۹]+)", plain(text))}


def drive(desk: ChatHarness, status: str, owner: str = "maryam") -> int:
    n = desk.file_request(owner)
    for user, command in ROUTE[status]:
        replies = desk.say(user, command.format(n=n))
        assert "✅" in said(replies), said(replies)
    assert desk.ticket(n).status == status
    return n


def snapshot(desk: ChatHarness, n: int):  # noqa: ANN201
    details = desk.app.desk.tickets.operator_details(n)
    return details.ticket.status, details.ticket.version, len(details.history), len(details.comments)


def history(desk: ChatHarness, n: int):  # noqa: ANN201
    return [entry for entry, _ in desk.app.desk.tickets.operator_details(n).history]


def actor_of(who: str) -> str:
    return "maryam" if who == OWNER else who


def take(desk: ChatHarness, user: str, action: str, n: int):  # noqa: ANN201
    """Take `action` the way a person would; returns the replies to the last step."""
    command, _ = COMMAND[action]
    replies = desk.say(user, command.format(n=n))
    if action == "cancel" and any("بله" in b.label for r in replies for b in r.all_buttons()):
        replies = desk.press(user, "بله")
    elif action == "resubmit" and any("ارسال" in b.label for r in replies for b in r.all_buttons()):
        replies = desk.press(user, "ارسال")
    return replies


# -- the table, row by row ---------------------------------------------------------


@pytest.mark.parametrize(("from_status", "action", "to_status", "who"), TABLE,
                         ids=[f"{r[0]}-{r[1]}" for r in TABLE])
def test_only_the_right_role_moves_the_ticket(desk: ChatHarness, from_status, action, to_status, who):
    n = drive(desk, from_status)
    right = actor_of(who)
    label = ACTION_FA[action]
    before = snapshot(desk, n)

    for user in ALL_USERS:
        if user == right:
            continue
        replies = take(desk, user, action, n)
        text = said(replies)
        assert text.strip(), f"{user} got no answer"
        assert "✅" not in text and "Done" not in text, f"{user} could {action}: {text}"
        assert snapshot(desk, n) == before, f"{user} changed the ticket with {action}"
        # no leftover question that a later message would answer
        assert desk.app.desk.conversations.get(f"console:{user}") is None or \
            "prompt" not in desk.app.desk.conversations.get(f"console:{user}"), user
        if user == "reza":  # someone else's ticket does not even exist for him
            assert f"درخواست {ref(n)} پیدا نشد" in text, text
        elif user == "admin":  # English reader
            assert ("You may not" in text) or ("Only the requester" in text), text
        elif who == OWNER:
            assert f"«{label}» را فقط خود درخواست{ZWNJ}کننده می{ZWNJ}تواند انجام دهد" in text, text
        else:
            assert f"شما اجازهٔ «{label}» را ندارید؛ این کار با {ROLE_FA[who]} است" in text, text

    replies = take(desk, right, action, n)
    text = said(replies)
    assert f"«{label}» برای درخواست {ref(n)} انجام شد" in text, text
    assert f"وضعیت تازه: {STATUS_FA[to_status]}" in text, text
    ticket = desk.ticket(n)
    assert ticket.status == to_status
    assert ticket.version == before[1] + 1
    last = history(desk, n)[-1]
    assert (last.action, last.from_status, last.to_status) == (action, from_status, to_status)
    for name, value in COMMAND[action][1].items():
        assert last.inputs.get(name) == value, last.inputs


def test_the_whole_path_to_paid_follows_the_table_in_order(desk: ChatHarness):
    n = desk.file_request("maryam")
    path = ["approve", "return", "resubmit", "forward", "draft", "policy", "voucher", "pay"]
    rows = {(f, a): (t, w) for f, a, t, w in TABLE}
    status = "submitted"
    for action in path:
        to_status, who = rows[(status, action)]
        take(desk, actor_of(who), action, n)
        assert desk.ticket(n).status == to_status, action
        status = to_status
    assert status == "paid"
    assert [(h.action, h.to_status) for h in history(desk, n)] == [
        ("submit", "submitted"),
        ("approve", "document_review"),
        ("return", "returned"),
        ("resubmit", "document_review"),
        ("forward", "company_review"),
        ("draft", "draft_policy"),
        ("policy", "policy_issued"),
        ("voucher", "voucher_registered"),
        ("pay", "paid"),
    ]
    shown = said(desk.say("maryam", f"/show {n}"))
    assert f"وضعیت: {STATUS_FA['paid']}" in shown
    # the inputs the experts gave are on the record the requester reads
    assert "1403/12345" in shown and "88765" in shown and "776655" in shown


@pytest.mark.parametrize("status", ["company_review", "draft_policy", "policy_issued", "voucher_registered"])
def test_no_action_of_a_later_or_earlier_status_applies(desk: ChatHarness, status):
    """Every action outside the table's rows for `status` is refused, by whoever has the role."""
    n = drive(desk, status)
    before = snapshot(desk, n)
    allowed = {a for f, a, _, _ in TABLE if f == status}
    for action, who in [("approve", "welfare"), ("reject", "welfare"), ("forward", "insurance"),
                        ("draft", "insurer"), ("policy", "insurer"), ("voucher", "finance"),
                        ("pay", "treasurer"), ("resubmit", "maryam"), ("cancel", "maryam")]:
        if action in allowed:
            continue
        text = said(take(desk, who, action, n))
        assert "ممکن نیست" in text, (action, text)
        assert f"«{STATUS_FA[status]}»" in text, (action, text)
        assert snapshot(desk, n) == before, action


# -- inputs ------------------------------------------------------------------------


def test_a_missing_reason_is_asked_for_and_then_kept(desk: ChatHarness):
    n = drive(desk, "submitted")
    text = said(desk.say("welfare", f"/reject {n}"))
    assert "دلیل را بنویسید" in text
    assert desk.ticket(n).status == "submitted"
    text = said(desk.say("welfare", "فرم امضا نشده است"))
    assert f"«رد» برای درخواست {ref(n)} انجام شد" in text
    assert desk.ticket(n).status == "rejected"
    assert history(desk, n)[-1].inputs == {"reason": "فرم امضا نشده است"}


def test_pay_asks_for_the_amount_until_it_is_a_positive_number_of_rials(desk: ChatHarness):
    n = drive(desk, "voucher_registered")
    before = snapshot(desk, n)

    text = said(desk.say("treasurer", f"/pay {n} 776655 abc"))
    assert "مبلغ را فقط با رقم و به ریال بنویسید" in text, text
    assert "مبلغ را بنویسید" in text, text  # the question again
    assert snapshot(desk, n) == before

    text = said(desk.say("treasurer", "-5"))
    assert "مبلغ باید بیشتر از صفر باشد" in text, text
    assert "مبلغ را بنویسید" in text, text
    assert snapshot(desk, n) == before

    text = said(desk.say("treasurer", "۲۵٬۰۰۰٬۰۰۰"))
    assert f"«صدور چک و پرداخت» برای درخواست {ref(n)} انجام شد" in text, text
    assert desk.ticket(n).status == "paid"
    # the cheque number given first was kept while the amount was asked again
    assert history(desk, n)[-1].inputs == {"cheque_number": "776655", "amount": 25000000}


def test_pay_without_inputs_asks_cheque_then_amount(desk: ChatHarness):
    n = drive(desk, "voucher_registered")
    assert "شماره چک را بنویسید" in said(desk.say("treasurer", f"/pay {n}"))
    assert "مبلغ را بنویسید" in said(desk.say("treasurer", "776655"))
    assert desk.ticket(n).status == "voucher_registered"
    assert "انجام شد" in said(desk.say("treasurer", "1000000"))
    assert history(desk, n)[-1].inputs == {"cheque_number": "776655", "amount": 1000000}


def test_a_bad_policy_number_is_refused_and_asked_again(desk: ChatHarness):
    n = drive(desk, "draft_policy")
    before = snapshot(desk, n)
    text = said(desk.say("insurer", f"/policy {n} !!"))
    assert f"این شماره فقط می{ZWNJ}تواند رقم" in text, text
    assert f"شماره بیمه{ZWNJ}نامه را بنویسید" in text, text
    assert snapshot(desk, n) == before
    text = said(desk.say("insurer", "1403/98765"))
    assert "انجام شد" in text
    assert desk.ticket(n).status == "policy_issued"
    assert history(desk, n)[-1].inputs == {"policy_number": "1403/98765"}


def test_a_bad_voucher_number_changes_nothing(desk: ChatHarness):
    n = drive(desk, "policy_issued")
    before = snapshot(desk, n)
    text = said(desk.say("finance", f"/voucher {n} ؟؟؟"))
    assert f"این شماره فقط می{ZWNJ}تواند رقم" in text, text
    assert "شماره سند را بنویسید" in text
    assert snapshot(desk, n) == before
    text = said(desk.say("finance", "/cancel"))
    assert "چیزی تغییر نکرد" in text
    assert snapshot(desk, n) == before


# -- resubmit ----------------------------------------------------------------------


def test_resubmit_needs_a_comment_or_a_file(desk: ChatHarness):
    n = drive(desk, "returned")
    before = snapshot(desk, n)
    desk.say("maryam", f"/resubmit {n}")
    text = said(desk.press("maryam", "ارسال"))
    assert f"دست{ZWNJ}کم یک توضیح یا یک فایل لازم است" in text, text
    assert snapshot(desk, n) == before

    replies = desk.say("maryam", files=(IncomingFile("card.pdf", PDF),))
    assert "card.pdf" in said(replies)
    text = said(desk.press("maryam", "ارسال"))
    assert f"«ارسال دوباره» برای درخواست {ref(n)} انجام شد" in text, text
    assert desk.ticket(n).status == "document_review"
    assert history(desk, n)[-1].inputs.get("files") == 1
    assert len(desk.app.desk.tickets.operator_details(n).attachments) == 1


def test_resubmit_with_a_comment_keeps_it_as_a_comment(desk: ChatHarness):
    n = drive(desk, "returned")
    take(desk, "maryam", "resubmit", n)
    details = desk.app.desk.tickets.operator_details(n)
    assert details.ticket.status == "document_review"
    assert [c.text for c, _ in details.comments] == ["کپی کارت ملی پیوست شد"]


# -- cancel ------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "document_review", "returned"])
def test_owner_cancels_after_confirming(desk: ChatHarness, status):
    n = drive(desk, status)
    replies = desk.say("maryam", f"/cancel {n}")
    assert f"آیا از «لغو درخواست» برای درخواست {ref(n)} مطمئن هستید؟" in said(replies)
    assert desk.ticket(n).status == status  # asking changes nothing
    text = said(desk.press("maryam", "بله"))
    assert f"«لغو درخواست» برای درخواست {ref(n)} انجام شد" in text
    assert desk.ticket(n).status == "cancelled"


def test_owner_may_say_no_to_cancelling(desk: ChatHarness):
    n = drive(desk, "submitted")
    desk.say("maryam", f"/cancel {n}")
    text = said(desk.press("maryam", "خیر"))
    assert "چیزی تغییر نکرد" in text
    assert desk.ticket(n).status == "submitted"


def test_cancel_is_not_possible_once_at_the_insurer(desk: ChatHarness):
    n = drive(desk, "document_review")
    replies = desk.say("maryam", f"/cancel {n}")
    confirm = desk.button("maryam", "بله").data  # asked while still cancellable
    desk.say("insurance", f"/forward {n}")
    before = snapshot(desk, n)

    text = said(desk.say("maryam", f"/cancel {n}"))
    assert "ممکن نیست" in text and STATUS_FA["company_review"] in text, text
    assert not [b for r in desk.last["maryam"] for b in r.all_buttons() if "بله" in b.label]
    text = said(desk.say("maryam", button=confirm))  # the old "yes" button
    assert "انجام شد" not in text
    assert STATUS_FA["company_review"] in text, text
    assert snapshot(desk, n) == before
    assert replies  # (the first /cancel did ask)


# -- who sees what -----------------------------------------------------------------


def test_a_requester_never_reaches_another_requesters_ticket(desk: ChatHarness):
    n = drive(desk, "returned")
    for user in ALL_USERS:
        desk.inbox(user)  # what the route itself announced
    before = snapshot(desk, n)
    not_found = f"درخواست {ref(n)} پیدا نشد"
    for command in (f"/show {n}", f"/comment {n} این درخواست من نیست", f"/comment {n}",
                    f"/resubmit {n} سلام", f"/cancel {n}", f"/approve {n}"):
        text = said(desk.say("reza", command))
        assert not_found in text, (command, text)
        assert "مریم" not in text and "1403/2345" not in text, (command, text)
    for data in (f"v:{n}", f"c:{n}", f"a:{n}:resubmit:{before[1]}", f"a:{n}:cancel:{before[1]}",
                 f"k:{n}:cancel:{before[1]}"):
        text = said(desk.say("reza", button=data))
        assert not_found in text, (data, text)
    assert snapshot(desk, n) == before
    for user in ALL_USERS:
        assert desk.inbox(user) == [], user  # no comment or change reached anyone


def test_my_lists_only_own_tickets_and_filters_by_type(desk: ChatHarness):
    mine = {desk.file_request("maryam"), desk.file_request("maryam")}
    rezas = desk.file_request("reza")

    text = said(desk.say("maryam", "/my"))
    assert f"درخواست{ZWNJ}های من — صفحهٔ {fa(1)}" in text, text
    assert refs_in(text) == mine
    assert "در انتظار بررسی کارشناس بیمه اداره رفاه" in text

    assert refs_in(said(desk.say("reza", "/my"))) == {rezas}
    assert refs_in(said(desk.say("maryam", "/my premium_issuance"))) == mine
    assert refs_in(said(desk.say("maryam", "/my صدور و پرداخت"))) == mine

    text = said(desk.say("maryam", "/my kindergarten_fire"))
    assert f"این نوع درخواست را نمی{ZWNJ}شناسم" in text, text
    assert "درخواست صدور و پرداخت حق بیمه" in text  # the types by their names, not their codes
    assert not refs_in(text)

    assert f"هنوز درخواستی ثبت نکرده{ZWNJ}اید" in said(desk.say("welfare", "/my"))


def test_staff_may_show_any_ticket(desk: ChatHarness):
    n = drive(desk, "company_review", owner="reza")
    for user in STAFF:
        text = said(desk.say(user, f"/show {n}"))
        assert "رضا کریمی" in text, (user, text)
        assert "پیدا نشد" not in text and "not found" not in text
    text = said(desk.say("insurer", f"/show {n}"))
    assert f"وضعیت: {STATUS_FA['company_review']}" in text
    assert "ارجاع به شرکت بیمه" in text  # the history is there
    labels = [b.label for r in desk.last["insurer"] for b in r.all_buttons()]
    assert ACTION_FA["draft"] in labels and ACTION_FA["return"] in labels
    labels = [b.label for r in desk.say("welfare", f"/show {n}") for b in r.all_buttons()]
    assert ACTION_FA["draft"] not in labels and ACTION_FA["approve"] not in labels


def test_queue_lists_exactly_the_tickets_waiting_for_the_role(desk: ChatHarness):
    at = {status: drive(desk, status, owner=owner) for status, owner in [
        ("submitted", "maryam"), ("document_review", "reza"), ("returned", "maryam"),
        ("company_review", "maryam"), ("draft_policy", "reza"), ("policy_issued", "maryam"),
        ("voucher_registered", "reza"),
    ]}
    paid = drive(desk, "voucher_registered")
    desk.say("treasurer", f"/pay {paid} 1 1000")
    rejected = drive(desk, "submitted")
    desk.say("welfare", f"/reject {rejected} ناقص")
    cancelled = drive(desk, "submitted")
    take(desk, "maryam", "cancel", cancelled)
    assert {desk.ticket(paid).status, desk.ticket(rejected).status, desk.ticket(cancelled).status} == \
        {"paid", "rejected", "cancelled"}

    expected = {
        "welfare": {at["submitted"]},
        "insurance": {at["document_review"]},
        "insurer": {at["company_review"], at["draft_policy"]},
        "finance": {at["policy_issued"]},
        "treasurer": {at["voucher_registered"]},
    }
    for user, ids in expected.items():
        text = said(desk.say(user, "/queue"))
        assert f"منتظر اقدام شما ({fa(len(ids))})" in text, (user, text)
        assert refs_in(text) == ids, (user, text)

    assert refs_in(said(desk.say("admin", "/queue"))) == set()
    text = said(desk.say("maryam", "/queue"))
    assert "صف کار فقط برای کارشناسان است" in text
    assert not refs_in(text)
