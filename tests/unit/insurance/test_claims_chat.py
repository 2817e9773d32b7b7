"""Claims from chat (issue 11), driven in-process as people would: the notice with its checks,
the documents checklist, who may act at each step, and the claims manager's override."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import buttons
from core.insurance.contracts.service_types import ContractRequest, EndorsementRequest
from tests.harness import PDF, ChatHarness, fa, said
from tests.unit.insurance.support import j, nid, person

HOLDER = "مهدکودک گل‌ها"  # the policyholder the "kindergarten" user speaks for (config.example.toml)
FALL = "در حیاط مهد از سرسره افتاد و دستش شکست؛ به بیمارستان برده شد."


def contract(chat: ChatHarness, paid_on: date = j(1403, 5, 25), holder: str = HOLDER) -> int:
    """A contract from 1403/06/01 with medical cover for persons 1-3, its premium paid on ``paid_on``."""
    insurance = chat.app.desk.insurance
    return insurance.issue_contract(ContractRequest(holder, "death_disability_medical", 100_000_000, 1_000_000,
                                                    j(1403, 6, 1), [person(n) for n in (1, 2, 3)], 10_000_000),
                                    paid_on=paid_on, cheque="123456", actor="operator").contract.number


def tick_all(chat: ChatHarness, user: str = "kindergarten") -> str:
    """Press each document still missing and send its file; returns the last reply."""
    out = ""
    while True:
        items = [b.label for m in chat.last[user] for b in m.all_buttons() if b.label.startswith("📎")]
        if not items:
            return out
        chat.press(user, items[0])
        out = said(chat.send_file(user, "scan.pdf", PDF))


def file_claim(chat: ChatHarness, number: int, n: int = 1, kind: str = "هزینه پزشکی",
               when: str = "1403/08/20 10:30", documents: bool = True) -> int:
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "اعلام خسارت")
    chat.press("kindergarten", fa(number))
    chat.say("kindergarten", when)
    chat.say("kindergarten", nid(n))
    chat.press("kindergarten", "بله")
    chat.press("kindergarten", kind)
    chat.say("kindergarten", FALL)
    if documents:
        tick_all(chat)
    chat.press("kindergarten", "مدارک")  # done, or later
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id
    assert ticket_id is not None
    return ticket_id


def to_assessment(chat: ChatHarness, ticket_id: int, analysis: str = "جراحی 3000000 2500000\nهمراه 400000") -> None:
    chat.say("claims", f"/inquire {ticket_id}")
    chat.say("issuer", f"/confirm_inquiry {ticket_id}")
    chat.say("doctor", f"/analyse {ticket_id}")
    chat.say("doctor", analysis)
    assert chat.ticket(ticket_id).status == "assessment"


def test_the_notice_checks_the_person_on_the_incident_date_offers_the_name_and_ticks_documents(chat: ChatHarness):
    number = contract(chat)
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "اعلام خسارت")
    chat.press("kindergarten", fa(number))
    assert "هنوز نرسیده" in said(chat.say("kindergarten", "1403/08/30 12:00"))  # an hour not yet come today
    out = said(chat.say("kindergarten", "1403/09/02 08:00"))
    assert "هنوز نرسیده" in out and "تاریخ و ساعت حادثه" in out  # asked again
    out = said(chat.say("kindergarten", "1403/05/20 09:00"))  # before the contract began: told with its cover
    assert f"بیرون از مدت پوشش قرارداد {fa(number)} است (از ۱۴۰۳/۰۶/۰۱ تا ۱۴۰۴/۰۵/۳۱)" in out
    assert "تاریخ و ساعت حادثه" in out  # asked again
    leaving = EndorsementRequest(number, "return", j(1403, 8, 1), national_ids=[nid(3)])
    chat.app.desk.insurance.endorsements.add(leaving, actor="operator")
    chat.say("kindergarten", "1403/08/20 10:30")
    out = said(chat.say("kindergarten", nid(3)))  # taken off the roster by a return endorsement before that day
    assert f"در تاریخ حادثه در فهرست بیمه‌شدگان قرارداد {fa(number)} نبود" in out and "کد ملی" in out
    assert "نیست و پیش‌تر هم نبوده" in said(chat.say("kindergarten", nid(9)))  # never on it
    chat.say("kindergarten", "/back")
    chat.say("kindergarten", "۱۴۰۳/۰۸/۲۰ ۱۰:۳۰")
    assert "سارا محمدی (کد ملی" in said(chat.say("kindergarten", nid(2)))  # the name offered back
    assert "کد ملی بیمه‌شده" in said(chat.press("kindergarten", "نه"))  # not them: asked again
    chat.say("kindergarten", nid(1))
    chat.press("kindergarten", "بله")
    chat.press("kindergarten", "هزینه پزشکی")
    out = said(chat.say("kindergarten", FALL))
    assert "⬜ اصل صورتحساب بیمارستانی و درمانی" in out and "⬜ گواهی مدت زمان بیهوشی" in out
    assert "استعلام بیمه‌نامه" not in out  # the issuing office's, not the requester's

    # an item pressed, then its file; a file sent first waits until its item is named
    chat.press("kindergarten", "گواهی پزشک")
    out = said(chat.send_file("kindergarten", "doctor.pdf", PDF))
    assert "✅ گواهی پزشک معالج یا قانونی رسید" in out and "✅ گواهی پزشک" in out.split("رسید", 1)[1]
    assert "کدام مدرک" in said(chat.send_file("kindergarten", "bill.pdf", PDF))
    out = said(chat.press("kindergarten", "اصل صورتحساب"))
    assert "✅ اصل صورتحساب بیمارستانی و درمانی" in out and "⬜ گزارش‌های حادثه" in out
    forged = chat.button("kindergarten", "گزارش‌های حادثه").data.rsplit(":", 2)
    assert "اعتبار ندارد" in said(chat.say("kindergarten", button=f"{forged[0]}:d99:{forged[2]}"))
    summary = said(chat.press("kindergarten", "پایان ارسال مدارک"))
    assert "۲ مدرک رسید" in summary and "۱۴۰۳/۰۸/۲۰ ۱۰:۳۰" in summary
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id

    # filed at once in the claims register, the two documents ticked, the rest shown as missing
    view = chat.app.desk.claims.claim_for_ticket(ticket_id)
    assert view is not None and view.claim.eligible and view.claim.incident_time.strftime("%H:%M") == "10:30"
    assert {d.code for d in view.documents} == {"doctor_certificate", "original_bills"}
    mine = said(chat.say("kindergarten", f"/show {ticket_id}"))
    assert f"پرونده خسارت {fa(view.number)}" in mine and "⬜ گزارش‌های حادثه" in mine
    assert "شرایط پرداخت" not in mine  # the eligibility is the office's to read
    seen = said(chat.say("claims", f"/show {ticket_id}"))
    assert "✅ شرایط پرداخت برقرار است" in seen and "کارتکس: خسارت دیگری" in seen and "⬜ استعلام بیمه‌نامه" in seen


def test_only_the_steps_role_may_act_and_forged_or_stale_buttons_change_nothing(chat: ChatHarness):
    ticket_id = file_claim(chat, contract(chat), documents=False)
    version = chat.ticket(ticket_id).version
    for user in ("kindergarten", "doctor", "issuer", "accountant"):
        out = said(chat.say(user, f"/inquire {ticket_id}"))
        assert "کارشناس خسارت" in out, user  # refused: the claims expert's step
    assert "پزشک معتمد" in said(chat.say("claims", f"/analyse {ticket_id}"))  # the doctor's step, later
    # a button drawn for an older version, and one naming an action of another step
    assert "کهنه شده" in said(chat.say("claims", button=buttons.act(ticket_id, "inquire", version - 1)))
    assert "ممکن نیست" in said(chat.say("claims", button=buttons.act(ticket_id, "order", version)))
    assert "شناخته نشد" in said(chat.say("claims", button=f"a:{ticket_id}:pay:{version}"))
    assert chat.ticket(ticket_id).status == "claim_review" and chat.ticket(ticket_id).version == version
    # the return names what is missing; the requester's resubmission ticks against the checklist
    chat.say("claims", f"/return {ticket_id} مدارک ناقص است")
    out = said(chat.say("kindergarten", f"/resubmit {ticket_id}"))
    assert "⬜ اصل صورتحساب بیمارستانی و درمانی" in out and "استعلام" not in out.split("ارسال دوباره")[0]
    assert "فایل «اصل صورتحساب" in said(chat.press("kindergarten", "اصل صورتحساب"))
    chat.send_file("kindergarten", "bill.pdf", PDF)
    assert "ارسال دوباره" in said(chat.press("kindergarten", "ارسال"))
    view = chat.app.desk.claims.claim_for_ticket(ticket_id)
    assert "original_bills" in {d.code for d in view.documents} and chat.ticket(ticket_id).status == "claim_review"


def test_an_ineligible_claim_is_paid_only_after_the_managers_override_and_never_twice(chat: ChatHarness):
    number = contract(chat, paid_on=j(1403, 7, 10))  # paid before the incident, but after the deadline
    ticket_id = file_claim(chat, number)
    seen = said(chat.say("claims", f"/show {ticket_id}"))
    assert "⚠️ شرایط پرداخت برقرار نیست" in seen and "❌ پرداخت حق بیمه" in seen
    assert "حق بیمه پس از ضرب‌الاجل پرداخت شد" in seen
    to_assessment(chat, ticket_id)
    chat.say("claims", f"/order {ticket_id}")
    out = said(chat.press("claims", "بله"))
    assert chat.ticket(ticket_id).status == "override_review" and chat.app.desk.claims.claims()[0].status == "assessed"
    assert "مدیر خسارت" in said(chat.say("claims", f"/override {ticket_id} موافقت"))  # not the expert's to give
    assert f"#{fa(ticket_id)}" in said(chat.inbox("claimsmgr"))
    chat.say("claimsmgr", f"/override {ticket_id}")
    said(chat.say("claimsmgr", "تأخیر یک‌روزه به‌خاطر تعطیلی بانک بود"))
    assert chat.ticket(ticket_id).status == "assessment"
    assert "تعطیلی بانک" in said(chat.say("claims", f"/show {ticket_id}"))  # the reason in the history
    chat.say("claims", f"/order {ticket_id}")
    out = said(chat.press("claims", "بله"))
    assert chat.ticket(ticket_id).status == "ordered", out
    documents = [m for m in chat.inbox("kindergarten") if m.document]
    assert [Path(m.document).name for m in documents] == ["payment-order-1.pdf"]

    # the same case filed again: reviewed like any claim, but its order is refused
    again = file_claim(chat, number)
    assert "همین مورد" in said(chat.say("claims", f"/show {again}"))  # the kardex warns at once
    to_assessment(chat, again)
    chat.say("claims", f"/order {again}")
    chat.press("claims", "بله")
    chat.say("claimsmgr", f"/override {again} همان دلیل")
    chat.say("claims", f"/order {again}")
    out = said(chat.press("claims", "بله"))
    assert chat.ticket(again).status == "assessment" and "پیش‌تر پرداخت شده است" in out
    assert len(chat.app.desk.claims.claims()) == 2
    assert [o for o in (chat.app.desk.claims.claim_for_ticket(again).order,) if o] == []
