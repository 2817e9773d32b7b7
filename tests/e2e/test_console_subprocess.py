"""End to end: the real program, `python -m bot console --user NAME`, run as a
subprocess on its own SQLite file, with lines typed into its stdin.

What a person sees on stdout is asserted, and the stored state through
`python -m bot tickets show N --json`.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.driver import (
    GOOD_ANSWERS,
    PDF,
    Deployment,
    button_number,
    buttons,
    fa_digits,
    fa_ref,
    plain,
)
from tests.harness import NAMES
from tests.harness import STATUS_FA as STATUS

pytestmark = pytest.mark.slow

CHANGED = "🔔 وضعیت درخواست {ref} تغییر کرد: {status}"
NOT_FOUND = "درخواست {ref} پیدا نشد، یا شما به آن دسترسی ندارید."


@pytest.fixture
def deploy(tmp_path: Path) -> Deployment:
    return Deployment(tmp_path)


def done(action: str, ref: str, status: str) -> str:
    return f"✅ «{action}» برای درخواست {ref} انجام شد. وضعیت تازه: {STATUS[status]}"


def changed(ref: str, status: str, action: str, actor: str) -> str:
    return CHANGED.format(ref=ref, status=STATUS[status]) + f"\n({action} توسط {NAMES[actor]})"


# -- 1 ---------------------------------------------------------------------------------------


@pytest.mark.one_backend("tests/platforms/console/test_journeys.py::test_full_life")
def test_ticket_life_from_submitted_to_paid_with_a_return(deploy: Deployment) -> None:
    (deploy.root / "scan.pdf").write_bytes(PDF)
    (deploy.root / "extra.pdf").write_bytes(PDF + b"%second\n")

    # maryam files the request
    with deploy.session("maryam") as maryam:
        maryam.type("/new")
        maryam.expect("نوع درخواست را انتخاب کنید")
        maryam.press("درخواست صدور و پرداخت حق بیمه")
        maryam.expect("(۱ از ۹)")
        for step, answer in enumerate(GOOD_ANSWERS, start=2):
            maryam.type(answer)
            maryam.expect(f"({fa_digits(step)} از ۹)")
        maryam.type("./scan.pdf")
        maryam.expect("📎 فایل «scan.pdf» دریافت شد")
        maryam.press("پایان ارسال مدارک")
        summary = plain(maryam.expect("اگر همه‌چیز درست است"))
        assert "• مدارک: ۱ فایل" in summary
        assert "• اولویت: زیاد" in summary
        maryam.press("ثبت")
        submitted = plain(maryam.expect("ثبت شد"))
        out = plain(maryam.close())
    assert "✅ درخواست شما با شمارهٔ #۱ ثبت شد." in submitted
    assert f"وضعیت: {STATUS['submitted']}" in submitted
    assert "Traceback" not in out

    [listed] = deploy.tickets()
    n, ref = listed["id"], fa_ref(listed["id"])
    assert (n, listed["status"], listed["owner"], listed["request_type"]) == (1, "submitted", "maryam",
                                                                             "premium_issuance")
    ticket = deploy.ticket(n)
    assert ticket["fields"] == {
        "full_name": "مریم احمدی",
        "org_unit": "معاونت درمان",
        "contact_number": "021-88776655",
        "mobile": "09121234567",
        "letter_number": "1403/2345",
        "incident_date": "2024-11-05",  # 1403/08/15
        "description": "بیمه‌نامهٔ حوادث گروهی مهدکودک برای سال ۱۴۰۴",  # free text keeps its digits as typed
        "priority": "high",
    }
    assert [(a["filename"], a["content_type"], a["size"]) for a in ticket["attachments"]] == [
        ("scan.pdf", "application/pdf", len(PDF))
    ]

    # welfare opens the console, sees the waiting request and presses «تأیید» by its number
    with deploy.session("welfare") as welfare:
        waiting = plain(welfare.expect(f"📥 درخواست {ref} (درخواست صدور و پرداخت حق بیمه) منتظر اقدام شماست."))
        assert f"وضعیت: {STATUS['submitted']}" in waiting
        labels = [label for _, label in buttons(waiting)]
        assert "تأیید" in labels and "رد" in labels, labels
        number = welfare.press("تأیید")
        assert number == button_number(waiting, "تأیید")
        welfare.expect(done("تأیید", ref, "document_review"))
        welfare.close()
    assert deploy.ticket(n)["status"] == "document_review"

    # insurance returns it: documents missing
    out = plain(deploy.console("insurance", [f"/return {n} مدارک ناقص است"]))
    assert "منتظر اقدام شماست" in out  # the waiting notification on opening the console
    assert done("بازگشت به درخواست‌کننده", ref, "returned") in out
    ticket = deploy.ticket(n)
    assert ticket["status"] == "returned"
    assert ticket["history"][-1]["inputs"] == {"reason": "مدارک ناقص است"}

    # maryam opens her console: the approval and the return (with its reason) are waiting for her;
    # she resubmits with a comment and another file
    with deploy.session("maryam") as maryam:
        shown = plain(maryam.expect("مدارک ناقص است"))
        assert changed(ref, "document_review", "تأیید", "welfare") in shown
        assert changed(ref, "returned", "بازگشت به درخواست‌کننده", "insurance") + "\nدلیل: مدارک ناقص است" in shown
        assert "ارسال دوباره" in [label for _, label in buttons(shown)]
        assert shown.index(STATUS["document_review"]) < shown.index(STATUS["returned"])
        maryam.type(f"/resubmit {n}")
        maryam.expect(f"ارسال دوبارهٔ درخواست {ref}")
        maryam.type("مدارک تکمیلی پیوست شد")
        maryam.expect("تا اینجا: توضیح: بله · فایل: ۰")
        maryam.type("./extra.pdf")
        assert "📎 فایل «extra.pdf» دریافت شد" in plain(maryam.expect("تا اینجا: توضیح: بله · فایل: ۱"))
        maryam.press("ارسال")
        maryam.expect(done("ارسال دوباره", ref, "document_review"))
        maryam.close()
    ticket = deploy.ticket(n)
    assert ticket["status"] == "document_review"
    assert [a["filename"] for a in ticket["attachments"]] == ["scan.pdf", "extra.pdf"]
    assert [(c["author"], c["text"]) for c in ticket["comments"]] == [("maryam", "مدارک تکمیلی پیوست شد")]

    # insurance forwards to the insurance company
    out = plain(deploy.console("insurance", [f"/forward {n}"]))
    assert done("ارجاع به شرکت بیمه", ref, "company_review") in out
    assert deploy.ticket(n)["status"] == "company_review"

    # the insurer drafts and issues the policy
    out = plain(deploy.console("insurer", [f"/draft {n}", f"/policy {n} 1403/12345"]))
    assert done("صدور پیش‌نویس بیمه‌نامه", ref, "draft_policy") in out
    assert done("صدور بیمه‌نامه", ref, "policy_issued") in out
    assert deploy.ticket(n)["status"] == "policy_issued"

    # finance registers the voucher
    out = plain(deploy.console("finance", [f"/voucher {n} 88765"]))
    assert done("ثبت سند مالی", ref, "voucher_registered") in out
    assert deploy.ticket(n)["status"] == "voucher_registered"

    # the treasurer pays, giving the cheque number only; the bot asks for the amount
    with deploy.session("treasurer") as treasurer:
        treasurer.type(f"/pay {n} 776655")
        asked = plain(treasurer.expect(f"برای «صدور چک و پرداخت» درخواست {ref}، مبلغ را بنویسید."))
        assert "انجام شد" not in asked
        treasurer.type("25,000,000 ریال")
        treasurer.expect(done("صدور چک و پرداخت", ref, "paid"))
        treasurer.close()

    ticket = deploy.ticket(n)
    assert ticket["status"] == "paid"
    assert [(h["action"], h["actor"], h["from"], h["to"]) for h in ticket["history"]] == [
        ("submit", "maryam", None, "submitted"),
        ("approve", "welfare", "submitted", "document_review"),
        ("return", "insurance", "document_review", "returned"),
        ("resubmit", "maryam", "returned", "document_review"),
        ("forward", "insurance", "document_review", "company_review"),
        ("draft", "insurer", "company_review", "draft_policy"),
        ("policy", "insurer", "draft_policy", "policy_issued"),
        ("voucher", "finance", "policy_issued", "voucher_registered"),
        ("pay", "treasurer", "voucher_registered", "paid"),
    ]
    inputs = {h["action"]: h["inputs"] for h in ticket["history"]}
    assert inputs["return"] == {"reason": "مدارک ناقص است"}
    assert inputs["policy"] == {"policy_number": "1403/12345"}
    assert inputs["voucher"] == {"voucher_number": "88765"}
    assert inputs["pay"] == {"cheque_number": "776655", "amount": 25_000_000}
    assert inputs["resubmit"].get("comment") == "مدارک تکمیلی پیوست شد"
    assert ticket["version"] > 1

    # maryam's console shows every status change made since she last looked
    out = plain(deploy.console("maryam", []))
    for status, action, actor in [
        ("company_review", "ارجاع به شرکت بیمه", "insurance"),
        ("draft_policy", "صدور پیش‌نویس بیمه‌نامه", "insurer"),
        ("policy_issued", "صدور بیمه‌نامه", "insurer"),
        ("voucher_registered", "ثبت سند مالی", "finance"),
        ("paid", "صدور چک و پرداخت", "treasurer"),
    ]:
        assert changed(ref, status, action, actor) in out, out
    # delivered once: opening the console again shows nothing new
    assert "🔔" not in deploy.console("maryam", [])


# -- 2 ---------------------------------------------------------------------------------------


@pytest.mark.one_backend("tests/unit/test_workflow_rules.py::test_a_missing_reason_is_asked_for_and_then_kept")
def test_missing_reason_is_asked_for_and_stored(deploy: Deployment) -> None:
    n, _ = deploy.file_request()
    ref = fa_ref(n)
    with deploy.session("welfare") as welfare:
        welfare.expect("منتظر اقدام شماست")
        welfare.type(f"/reject {n}")
        asked = plain(welfare.expect(f"برای «رد» درخواست {ref}، دلیل را بنویسید."))
        assert "انجام شد" not in asked
        assert deploy.ticket(n)["status"] == "submitted"  # nothing happens until the reason is given
        welfare.type("نامهٔ معرفی امضا ندارد")
        welfare.expect(done("رد", ref, "rejected"))
        welfare.close()
    ticket = deploy.ticket(n)
    assert ticket["status"] == "rejected"
    assert ticket["history"][-1]["action"] == "reject"
    assert ticket["history"][-1]["actor"] == "welfare"
    assert ticket["history"][-1]["inputs"] == {"reason": "نامهٔ معرفی امضا ندارد"}
    out = plain(deploy.console("maryam", []))
    assert changed(ref, "rejected", "رد", "welfare") + "\nدلیل: نامهٔ معرفی امضا ندارد" in out


# -- 3 ---------------------------------------------------------------------------------------


@pytest.mark.one_backend("tests/unit/test_buttons_security.py")
def test_refusals_change_nothing_and_leak_nothing(deploy: Deployment) -> None:
    n, _ = deploy.file_request()
    ref = fa_ref(n)
    before = deploy.ticket(n)
    role_refusal = "شما اجازهٔ «تأیید» را ندارید؛ این کار با کارشناس بیمه اداره رفاه است."

    out = plain(deploy.console("maryam", [f"/approve {n}"]))
    assert role_refusal in out
    assert "انجام شد" not in out

    out = plain(deploy.console("finance", [f"/approve {n}"]))
    assert role_refusal in out
    assert "انجام شد" not in out

    out = plain(deploy.console("reza", [f"/show {n}", f"/approve {n}"]))
    assert out.count(NOT_FOUND.format(ref=ref)) == 2
    for secret in ["09121234567", fa_digits("09121234567"), GOOD_ANSWERS[6], "مهدکودک", "مریم", "maryam", "021-88776655",
                   fa_digits("021-88776655"), "1403/2345"]:
        assert secret not in out, secret

    out = plain(deploy.console("welfare", ["/approve 999"]))
    assert NOT_FOUND.format(ref="#۹۹۹") in out
    assert "انجام شد" not in out

    assert deploy.ticket(n) == before
    assert len(deploy.tickets()) == 1


# -- 4 ---------------------------------------------------------------------------------------


@pytest.mark.one_backend("tests/platforms/telegram/test_journeys.py::test_restart_in_the_middle")
def test_form_resumes_where_the_console_stopped(deploy: Deployment) -> None:
    out = plain(deploy.console("maryam", ["/new", "1", *GOOD_ANSWERS[:4]]))
    assert "(۵ از ۹) شماره نامه‌ای را که مکاتبه شده است بنویسید." in out  # then end of input
    assert deploy.tickets() == []

    with deploy.session("maryam") as maryam:
        # the 5th answer, typed straight away, is taken as the answer to the 5th question
        maryam.type(GOOD_ANSWERS[4])
        maryam.expect("(۶ از ۹)")
        # asking for a new request now offers to continue the half-filled one
        maryam.type("/new")
        offer = plain(maryam.expect("نیمه‌کاره دارید"))
        assert "«درخواست صدور و پرداخت حق بیمه» نیمه‌کاره" in offer
        maryam.button("حذف آن و شروع تازه")
        maryam.press("ادامهٔ فرم قبلی")
        maryam.expect("(۶ از ۹)")
        for step, answer in enumerate(GOOD_ANSWERS[5:], start=7):
            maryam.type(answer)
            maryam.expect(f"({fa_digits(step)} از ۹)")
        maryam.press("مدرکی ندارم")
        maryam.press("ثبت")
        maryam.expect("ثبت شد")
        maryam.close()

    [ticket] = deploy.tickets()
    assert ticket["owner"] == "maryam"
    assert ticket["status"] == "submitted"
    assert ticket["fields"]["full_name"] == "مریم احمدی"
    assert ticket["fields"]["org_unit"] == "معاونت درمان"
    assert ticket["fields"]["contact_number"] == "021-88776655"
    assert ticket["fields"]["mobile"] == "09121234567"
    assert ticket["fields"]["letter_number"] == "1403/2345"
    assert ticket["fields"]["priority"] == "high"


# -- 5 ---------------------------------------------------------------------------------------


def test_two_experts_approving_at_once_one_wins(deploy: Deployment) -> None:
    deploy.run("users", "add", "welfare2", "--name", "پریسا رفاهی دوم", "--role", "welfare_expert")
    names = {**NAMES, "welfare2": "پریسا رفاهی دوم"}
    n, _ = deploy.file_request()
    ref = fa_ref(n)

    with deploy.session("welfare") as first, deploy.session("welfare2") as second:
        # both are up and looking at the same waiting request
        first.expect("منتظر اقدام شماست")
        second.expect("منتظر اقدام شماست")
        first.type(f"/approve {n}")
        second.type(f"/approve {n}")
        outputs = {}
        for session in (first, second):
            session.expect(f"درخواست {ref}", timeout=30)
            outputs[session.user] = plain(session.close())

    ticket = deploy.ticket(n)
    approvals = [h for h in ticket["history"] if h["action"] == "approve"]
    assert len(approvals) == 1, ticket["history"]
    assert ticket["status"] == "document_review"
    winner = approvals[0]["actor"]
    loser = "welfare2" if winner == "welfare" else "welfare"
    assert done("تأیید", ref, "document_review") in outputs[winner]
    lost = outputs[loser]
    assert "انجام شد" not in lost
    assert (f"«تأیید» برای درخواست {ref} در وضعیت فعلی («{STATUS['document_review']}») ممکن نیست." in lost
            or f"هم‌زمان کس دیگری روی درخواست {ref} اقدام کرد" in lost), lost
    assert f"آخرین اقدام: تأیید توسط {names[winner]}" in lost, lost


# -- 6 ---------------------------------------------------------------------------------------


@pytest.mark.one_backend("tests/unit/test_cli_users.py")
def test_cli_users_and_tickets(deploy: Deployment) -> None:
    out = deploy.run("users", "add", "naser", "--name", "ناصر بیمه", "--role", "insurance_expert",
                     "--role", "insurer_expert").stdout.decode("utf-8")
    assert "کاربر naser ذخیره شد." in out
    users = {u["username"]: u for u in deploy.users()}
    assert users["naser"] == {"username": "naser", "name": "ناصر بیمه",
                              "roles": ["insurance_expert", "insurer_expert"], "lang": "fa", "accounts": [],
                              "role_sources": {"insurance_expert": ["database"], "insurer_expert": ["database"]},
                              "disabled": False}
    assert users["welfare"]["roles"] == ["welfare_expert"]  # the demo users from the config are there too
    assert users["maryam"]["roles"] == []

    bad = deploy.run("users", "add", "x", "--name", "y", "--role", "nonsense", expect_rc=None)
    assert bad.returncode != 0
    assert "nonsense" in bad.stderr.decode("utf-8")
    assert "x" not in {u["username"] for u in deploy.users()}

    missing = deploy.run("tickets", "show", "999", "--json", expect_rc=None)
    assert missing.returncode != 0
    assert "درخواست ۹۹۹ پیدا نشد." in missing.stderr.decode("utf-8")
    assert missing.stdout == b""  # nothing a JSON reader would choke on
    assert deploy.tickets() == []
