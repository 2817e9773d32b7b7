"""Button data comes back from the platform and is not to be trusted.

Whatever is pressed, a forged, truncated, oversized, foreign or stale button is
refused with a message a person understands, and nothing changes: not the
ticket's status or version, not its history, not the outbox.
"""
from __future__ import annotations

import pytest

from tests.harness import ZWNJ, ChatHarness, ref, said

BAD_BUTTON = "این دکمه معتبر نیست؛ چیزی تغییر نکرد."










def state(desk: ChatHarness):  # noqa: ANN201
    """Everything a press could change: every ticket (status, version, history, comments) and the outbox."""
    tickets = []
    for ticket in desk.app.desk.tickets.all_tickets():
        details = desk.app.desk.tickets.operator_details(ticket.id)
        tickets.append((ticket.id, ticket.status, ticket.version, len(details.history), len(details.comments)))
    with desk.app.database.uow() as uow:
        rows = [(m.id, m.delivered_at, m.failed_at) for m in uow.outbox.list()]
    return sorted(tickets), rows


def press_data(desk: ChatHarness, user: str, data: str) -> str:
    before = state(desk)
    replies = desk.say(user, button=data)
    text = said(replies)
    assert text.strip(), f"{data!r} got no answer"
    assert "✅" not in text and "انجام شد" not in text, text
    assert "خطایی پیش آمد" not in text, f"{data!r} crashed: {text}"
    assert state(desk) == before, f"{data!r} changed something"
    return text


@pytest.fixture
def ticket(desk: ChatHarness) -> int:
    n = desk.file_request("maryam")
    for user in ("maryam", "welfare"):
        desk.inbox(user)
    return n


# -- garbage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    "a:1:approve",  # cut short
    "x",
    "",
    "a:1:approve:1:extra",
    "a:-1:approve:1",
    "a:1:APPROVE:1",
    "a:1:approve:1 ",
    "a:1:approve:" + "1" * 7,  # a version longer than any we build
    "a:1:approve:1" + " " * 57,  # 70 bytes
    "a:" + "1" * 60 + ":approve:1",
    "ت" * 35,  # 70 bytes of Persian
    "a:1:zzz:1",  # no such action anywhere
    "a:1:approve:1\n",
    "s:publish",
    "s:submit",  # a form button without the draft's version
    "f:org_unit:0",
    "e:mobile",
    "d:continue",
    "s:submit:" + "1" * 9,  # a version longer than any we build
    "f:org_unit:0:1:2",
    "d:everything",
    "n:no_such_type",
])
def test_garbage_button_data_is_refused(desk: ChatHarness, ticket: int, data: str):
    for user in ("welfare", "maryam", "admin"):
        text = press_data(desk, user, data)
        if user != "admin":
            assert BAD_BUTTON in text or "معتبر نیست" in text, (data, text)
        else:
            assert "not valid" in text, (data, text)
    assert desk.ticket(ticket).status == "submitted"


def test_a_forged_version_is_refused_as_stale_and_names_the_status(desk: ChatHarness, ticket: int):
    text = press_data(desk, "welfare", f"a:{ticket}:approve:99")
    assert "کهنه شده است" in text
    assert "در انتظار بررسی کارشناس بیمه اداره رفاه" in text


def test_another_tickets_id_is_refused(desk: ChatHarness, ticket: int):
    rezas = desk.file_request("reza")
    desk.inbox("welfare")
    version = desk.ticket(ticket).version
    # reza forges maryam's buttons
    for data in (f"a:{ticket}:cancel:{version}", f"k:{ticket}:cancel:{version}", f"v:{ticket}", f"c:{ticket}"):
        text = press_data(desk, "reza", data)
        assert f"درخواست {ref(ticket)} پیدا نشد" in text, (data, text)
        assert "مریم" not in text
    # a ticket that does not exist
    text = press_data(desk, "welfare", "a:999:approve:1")
    assert f"درخواست {ref(999)} پیدا نشد" in text
    # maryam points her own cancel button at reza's ticket
    text = press_data(desk, "maryam", f"a:{rezas}:cancel:1")
    assert f"درخواست {ref(rezas)} پیدا نشد" in text
    # and no prompt was left open by the comment button
    assert "prompt" not in (desk.app.desk.conversations.get("console:reza") or {})


@pytest.mark.parametrize(("user", "action"), [
    ("insurance", "forward"),  # the right role, the wrong status
    ("insurer", "draft"),
    ("treasurer", "pay"),
    ("maryam", "resubmit"),  # the owner, but the ticket was not returned
])
def test_an_action_not_valid_in_the_state_is_refused(desk: ChatHarness, ticket: int, user: str, action: str):
    text = press_data(desk, user, f"a:{ticket}:{action}:1")
    assert "ممکن نیست" in text, text
    assert "در انتظار بررسی کارشناس بیمه اداره رفاه" in text, text


@pytest.mark.parametrize(("user", "action", "whose"), [
    ("welfare", "forward", "کارشناس بیمه"),  # valid in another status, for another role
    ("maryam", "pay", f"خزانه{ZWNJ}دار"),  # a requester pressing a treasurer's button
    ("maryam", "forward", "کارشناس بیمه"),  # the owner herself
])
def test_an_action_the_presser_may_never_take_is_refused_for_the_role_before_the_state(
        desk: ChatHarness, ticket: int, user: str, action: str, whose: str):
    text = press_data(desk, user, f"a:{ticket}:{action}:1")
    assert "را ندارید" in text and whose in text, text
    assert "ممکن نیست" not in text, text


def test_a_requester_pressing_pay_when_it_is_due_is_refused(desk: ChatHarness):
    n = desk.file_request("maryam")
    for user, command in [("welfare", "/approve {n}"), ("insurance", "/forward {n}"), ("insurer", "/draft {n}"),
                          ("insurer", "/policy {n} 1403/1"), ("finance", "/voucher {n} 22")]:
        desk.say(user, command.format(n=n))
    version = desk.ticket(n).version
    for user in ("maryam", "reza", "finance", "welfare"):
        text = press_data(desk, user, f"a:{n}:pay:{version}")
        if user == "reza":
            assert "پیدا نشد" in text
        else:
            assert f"شما اجازهٔ «صدور چک و پرداخت» را ندارید؛ این کار با خزانه{ZWNJ}دار است" in text, text
    assert desk.ticket(n).status == "voucher_registered"
    assert "prompt" not in (desk.app.desk.conversations.get("console:maryam") or {})


def test_a_forged_confirm_button_is_refused(desk: ChatHarness, ticket: int):
    version = desk.ticket(ticket).version
    # an expert cannot be walked into cancelling somebody's request
    text = press_data(desk, "welfare", f"k:{ticket}:cancel:{version}")
    assert f"را فقط خود درخواست{ZWNJ}کننده" in text, text
    assert not [b for m in desk.last["welfare"] for b in m.all_buttons()]
    # an action that does not exist shows no raw catalog key
    text = press_data(desk, "maryam", f"k:{ticket}:zzz:{version}")
    assert "action_name" not in text, text


def test_a_stale_button_names_the_current_status(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.say("welfare", f"/approve {n}")
    old = desk.inbox("insurance")[0]
    forward = next(b.data for b in old.all_buttons() if "ارجاع" in b.label)
    # the ticket goes round and comes back to the same status with a new version
    desk.say("insurance", f"/return {n} امضا ندارد")
    desk.say("maryam", f"/resubmit {n} امضا شد")
    desk.press("maryam", "ارسال")
    assert desk.ticket(n).status == "document_review"
    desk.inbox("insurance")

    text = press_data(desk, "insurance", forward)
    assert f"این دکمه کهنه شده است: درخواست {ref(n)} تغییر کرده" in text, text
    assert "«بررسی اولیه مدارک»" in text, text
    assert "مریم احمدی" in text  # who acted last
    # the fresh notification's button does work
    desk.say("insurance", f"/show {n}")
    assert "انجام شد" in said(desk.press("insurance", "ارجاع"))
    assert desk.ticket(n).status == "company_review"


def test_a_button_whose_action_already_happened_says_so(desk: ChatHarness, ticket: int):
    desk.say("welfare", f"/approve {ticket}")
    old_approve = f"a:{ticket}:approve:1"
    text = press_data(desk, "welfare", old_approve)
    assert "«بررسی اولیه مدارک»" in text, text
    assert "زهرا رفاهی" in text, text


# -- the form's own buttons -------------------------------------------------------------------------


def test_a_form_choice_from_an_earlier_step_is_stale_and_the_question_is_asked_again(desk: ChatHarness):
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور و پرداخت حق بیمه")
    name_button = desk.button("maryam", "مریم احمدی").data
    desk.say("maryam", "مریم احمدی")
    org_buttons = [b.data for m in desk.last["maryam"] for b in m.all_buttons()]
    assert org_buttons, "the org unit question offers buttons"
    desk.say("maryam", "2")  # معاونت درمان, by its number

    # now at the contact number; press an org unit button and the name button from before
    for data in (org_buttons[0], name_button):
        replies = desk.say("maryam", button=data)
        text = said(replies)
        assert "این دکمه مربوط به پرسش دیگری یا به نسخهٔ قبلی این فرم است و دیگر اعتبار ندارد" in text, text
        assert "شماره تماس (تلفن ثابت محل کار) را بنویسید" in text, text
        draft = desk.app.desk.conversations.get("console:maryam")["draft"]
        assert draft["step"] == "contact_number"
        assert draft["values"]["org_unit"] == "معاونت درمان"

    # an option number the list never had, drawn for the current version
    version = desk.app.desk.conversations.get("console:maryam")["draft"]["version"]
    replies = desk.say("maryam", button=f"f:org_unit:99:{version}")
    assert "دیگر اعتبار ندارد" in said(replies)
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["values"]["org_unit"] == "معاونت درمان"


def test_a_form_button_without_a_draft_changes_nothing(desk: ChatHarness, ticket: int):
    text = press_data(desk, "reza", "f:org_unit:0:1")
    assert "این فرم دیگر باز نیست" in text
    text = press_data(desk, "reza", "s:submit:1")
    assert "این فرم دیگر باز نیست" in text
    assert desk.app.desk.tickets.mine(desk.app.desk.directory.find("reza")) == []


def test_summary_buttons_pressed_mid_form_are_stale(desk: ChatHarness):
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور و پرداخت حق بیمه")
    desk.say("maryam", "مریم احمدی")
    version = desk.app.desk.conversations.get("console:maryam")["draft"]["version"]
    text = said(desk.say("maryam", button=f"s:submit:{version}"))
    assert "دیگر اعتبار ندارد" in text
    assert "واحد سازمانی خود را انتخاب کنید" in text
    assert desk.app.desk.tickets.all_tickets() == []


def test_the_longest_form_button_fits_telegrams_64_bytes():
    from bot import buttons

    longest = [buttons.field("a" * 24, "b" * 24, 99_999_999), buttons.edit("a" * 24, 99_999_999),
               buttons.summary("submit", 99_999_999), buttons.draft("continue", 99_999_999)]
    for data in longest:
        assert len(data.encode()) <= buttons.MAX_BYTES and buttons.parse(data) is not None, data
