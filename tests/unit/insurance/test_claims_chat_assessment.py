"""Claims in chat after the notice (issue 22): an adult's death completed with the heirs typed at the
doctor's step, the analysis's items on one line, amounts and dates out of bounds refused and asked
again, and a claim returned for documents at the assessment going back there when resubmitted."""
from __future__ import annotations

from core.insurance.contracts.service_types import ContractRequest
from tests.harness import PDF, ChatHarness, fa, said
from tests.unit.insurance.support import j, nid, person
from tests.unit.insurance.test_claims_chat import HOLDER, contract, file_claim, tick_all


def to_the_doctor(chat: ChatHarness, ticket_id: int) -> None:
    chat.say("claims", f"/inquire {ticket_id}")
    chat.say("issuer", f"/confirm_inquiry {ticket_id}")
    assert chat.ticket(ticket_id).status == "medical_analysis"


def test_an_adults_death_is_completed_in_chat_with_the_heirs_typed_at_the_doctors_step(chat: ChatHarness):
    insurance = chat.app.desk.insurance
    number = insurance.issue_contract(ContractRequest(
        HOLDER, "death_disability_medical", 100_000_000, 1_000_000, j(1403, 6, 1),
        [person(1), person(5, birth=j(1360, 1, 1), role="staff", first="مریم", last="کریمی")],
        10_000_000), paid_on=j(1403, 5, 25), cheque="123456", actor="operator").contract.number
    ticket_id = file_claim(chat, number, n=5, kind="فوت", documents=False)
    view = chat.app.desk.claims.claim_for_ticket(ticket_id)
    assert "inheritance_certificate" in view.missing  # an adult: paid by the inheritance certificate
    to_the_doctor(chat, ticket_id)

    chat.say("doctor", f"/analyse {ticket_id}")
    out = said(chat.say("doctor", "فوت در اثر سقوط از پله، تأیید شد"))
    assert "وراث و سهم هر یک" in out and "همسر ۱/۲؛ فرزند ۱/۴" in out  # the heirs asked for next
    out = said(chat.say("doctor", "همسر ۱/۲؛ فرزند ۱/۳"))
    assert "اکنون ۵/۶ است" in out and "وراث و سهم هر یک" in out  # refused with the sum, asked again
    assert chat.ticket(ticket_id).status == "medical_analysis"
    chat.say("doctor", "همسر ۱/۲؛ فرزند ۱/۴؛ فرزند ۱/۴؛ مسئول فرزند ۲")
    assert chat.ticket(ticket_id).status == "assessment"

    # 100,000,000 by 1/2, 1/4, 1/4: the spouse 50,000,000, the first child 25,000,000, the second child's
    # 25,000,000 kept back (responsible for the accident): 75,000,000
    seen = said(chat.say("claims", f"/show {ticket_id}"))
    assert "قابل پرداخت: ۷۵,۰۰۰,۰۰۰ ریال" in seen and "سهم همسر: ۵۰,۰۰۰,۰۰۰ ریال" in seen
    assert "سهم فرزند ۱: ۲۵,۰۰۰,۰۰۰ ریال" in seen and "کسر سهم ذینفع مسئول حادثه: -۲۵,۰۰۰,۰۰۰ ریال" in seen
    assert "سهم همسر: ۵۰,۰۰۰,۰۰۰ ریال" in said(chat.inbox("kindergarten"))  # told the payout and its shares
    for code in view.missing:
        if code != "policy_inquiry":
            chat.app.desk.claims.tick_document(view.number, code, actor="operator")
    chat.say("claims", f"/order {ticket_id}")
    chat.press("claims", "بله")
    assert chat.ticket(ticket_id).status == "ordered"
    order = chat.app.desk.claims.claim_for_ticket(ticket_id).order
    assert order.amount == 75_000_000 and order.shares == [{"to": "همسر", "amount": 50_000_000},
                                                           {"to": "فرزند ۱", "amount": 25_000_000}]


def test_the_analysis_on_one_line_and_an_amount_above_a_bigint_refused_and_asked_again(chat: ChatHarness):
    ticket_id = file_claim(chat, contract(chat))
    to_the_doctor(chat, ticket_id)
    chat.say("doctor", f"/analyse {ticket_id}")
    out = said(chat.say("doctor", "جراحی 3000000 2500000؛ آزمایش 99999999999999999999"))
    assert "مبلغ قلم ۲ بیش از بیشترین مبلغی است" in out and "آنالیز پزشکی" in out  # asked again
    assert chat.ticket(ticket_id).status == "medical_analysis"
    chat.say("doctor", "جراحی ۳,۰۰۰,۰۰۰ ۲,۵۰۰,۰۰۰؛ همراه ۴۰۰,۰۰۰؛ بیمه پایه ۵۰۰,۰۰۰")
    # billed 3,400,000 − 500,000 by the analysis − 400,000 the companion − 500,000 the primary insurer paid
    seen = said(chat.say("claims", f"/show {ticket_id}"))
    assert chat.ticket(ticket_id).status == "assessment" and "قابل پرداخت: ۲,۰۰۰,۰۰۰ ریال" in seen
    assert "کسر سهم پرداخت‌شده بیمه‌گر پایه: -۵۰۰,۰۰۰ ریال" in seen


def test_an_incident_before_1300_is_refused_in_the_form_and_asked_again(chat: ChatHarness):
    number = contract(chat)
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "اعلام خسارت")
    chat.press("kindergarten", fa(number))
    out = said(chat.say("kindergarten", "1299/12/29 10:00"))
    assert "پیش از ۱۳۰۰" in out and "تاریخ و ساعت حادثه" in out


def test_a_claim_returned_at_the_assessment_goes_back_to_it_with_the_inquiry_and_analysis_kept(chat: ChatHarness):
    ticket_id = file_claim(chat, contract(chat))
    to_the_doctor(chat, ticket_id)
    chat.say("doctor", f"/analyse {ticket_id}")
    chat.say("doctor", "جراحی 3000000 2500000؛ بیمه پایه 500000")  # 2,500,000 − 500,000 = 2,000,000
    missing = chat.app.desk.claims.claim_for_ticket(ticket_id).missing
    assert "primary_insurer_statement" in missing  # a primary insurer paid part: its statement is needed

    chat.say("claims", f"/return {ticket_id} اعلام رسمی بیمه‌گر پایه نرسیده است")
    assert chat.ticket(ticket_id).status == "returned"
    chat.say("kindergarten", f"/resubmit {ticket_id}")
    tick_all(chat)
    chat.press("kindergarten", "ارسال")

    # back at the assessment, not at the first review: no new inquiry, no new analysis
    assert chat.ticket(ticket_id).status == "assessment"
    view = chat.app.desk.claims.claim_for_ticket(ticket_id)
    assert view.claim.status == "assessed" and view.claim.payable == 2_000_000
    assert [e.action for e in view.events].count("inquiry") == 1 and view.claim.analysis["primary_insurer_paid"]
    assert f"#{fa(ticket_id)}" in said(chat.inbox("claims"))  # the claims expert is told it is back
    chat.say("claims", f"/order {ticket_id}")
    out = said(chat.press("claims", "بله"))
    assert chat.ticket(ticket_id).status == "ordered", out
    assert [m.document for m in chat.inbox("kindergarten") if m.document]


def test_a_claim_returned_at_the_first_review_goes_back_to_that_review(chat: ChatHarness):
    ticket_id = file_claim(chat, contract(chat), documents=False)
    chat.say("claims", f"/return {ticket_id} مدارک ناقص است")
    chat.say("kindergarten", f"/resubmit {ticket_id}")
    chat.press("kindergarten", "اصل صورتحساب")
    chat.send_file("kindergarten", "bill.pdf", PDF)
    chat.press("kindergarten", "ارسال")
    assert chat.ticket(ticket_id).status == "claim_review"
    assert chat.app.desk.claims.claim_for_ticket(ticket_id).claim.status == "filed"
    assert nid(1) == chat.app.desk.claims.claim_for_ticket(ticket_id).claim.national_id
