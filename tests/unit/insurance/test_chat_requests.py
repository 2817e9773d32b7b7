"""The insurer's requests in chat (issue 10, «From chat»): contract, endorsement and renewal requests
as data read by the same form and workflow engines, driven in-process as people would."""
from __future__ import annotations

from pathlib import Path

from bot.runtime.jobs import JobRunner
from core.insurance.contracts.service_types import ContractRequest
from tests.document_pages import text_of
from tests.harness import ChatHarness, fa, said
from tests.unit.insurance.chat_support import GOOD_ROSTER, approve, child, file_contract_request, pay, roster_csv
from tests.unit.insurance.support import j, nid, person


def pdf_text(path: str) -> str:
    return text_of(Path(path).read_bytes())


def test_contract_request_from_form_to_quote_cheque_receipt_and_contract(chat: ChatHarness):
    # the roster with bad rows: each reported by line and reason, nothing kept, the question asked again
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "عقد قرارداد")
    chat.press("kindergarten", "مهدکودک گل‌ها")
    assert "فقط با رقم بنویسید" in said(chat.say("kindergarten", "12"))  # too short: asked again
    for answer in ("۱۰۱۰۰۱۲۳۴۵۶", "1", "1", "100000000", "1000000", "1403/09/01"):
        chat.say("kindergarten", answer)
    bad = roster_csv(child(1), "0012345678,علی,رضایی,1398/01/01,child,,no", child(1),
                     f"{nid(7)},رضا,نوری,1398/13/01,child,,no", f"{nid(8)},زهرا,نوری,1398/01/01,child,hero,no")
    out = said(chat.send_file("kindergarten", "roster.csv", bad))
    assert "۴ ردیف نادرست" in out and "هیچ ردیفی وارد نشد" in out
    for line, reason in ((3, "رقم کنترل کد ملی"), (4, "تکراری"), (5, "تاریخ شمسی درست"), (6, "معافیت «hero»")):
        assert f"سطر {fa(line)}" in out and reason in out
    assert "لیست بیمه‌شدگان را به صورت فایل" in out  # asked again
    out = said(chat.send_file("kindergarten", "roster.csv", GOOD_ROSTER))
    assert "roster.csv (۵ نفر)" in out and "خلاصهٔ" in out
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id

    # the expert sees the premium per rule, approves with the group discount agreed (asked): the quote goes out
    assert f"#{fa(ticket_id)}" in said(chat.inbox("issuer"))
    seen = approve(chat, "issuer", ticket_id, discount="۱۰")
    # 5 × 1,000,000; exempt −1,000,000; age 83 (+80%) 800,000; extra risk +200,000; the review before the
    # discount: 5,000,000
    for part in ("۵ نفر × نرخ ۱,۰۰۰,۰۰۰ ریال = ۵,۰۰۰,۰۰۰", "معاف: ۱ نفر، -۱,۰۰۰,۰۰۰",
                 "سن بالای ۷۵ سال: ۱ نفر، ۸۰۰,۰۰۰", "ریسک اضافی: ۱ نفر، ۲۰۰,۰۰۰",
                 "حق بیمهٔ سالانه: ۵,۰۰۰,۰۰۰ ریال", "در حدود اختیارات", "تخفیف گروهی توافق‌شده"):
        assert part in seen, part
    assert chat.ticket(ticket_id).status == "quoted"
    assert chat.app.desk.insurance.contracts() == []  # nothing unpaid is in the register
    # with 10% agreed: 1,000,000 − 100,000; 1,800,000 (83, +80%) − 180,000; 1,200,000 − 120,000; exempt 0:
    # 900,000 × 2 + 1,620,000 + 1,080,000 = 4,500,000
    messages = chat.inbox("kindergarten")
    quote = [m for m in messages if m.document]
    assert len(quote) == 1 and Path(quote[0].document).name == "quote-1.pdf"
    told = said(messages)
    assert "طرح بیمه حوادث ۱: حق بیمهٔ قابل پرداخت ۴,۵۰۰,۰۰۰ ریال" in told
    text = pdf_text(quote[0].document)
    assert "مبلغ قابل پرداخت: 4,500,000 ریال" in text and "چهار میلیون و پانصد هزار ریال" in text

    # the cheque: the receipt, and only then the contract with its number
    assert "پیش از تاریخ طرح" in pay(chat, ticket_id, day="1403/08/29")  # the quote is of today, 1403/08/30
    assert chat.ticket(ticket_id).status == "quoted"
    pay(chat, ticket_id)
    assert chat.ticket(ticket_id).status == "issued"
    view = chat.app.desk.insurance.contract(300000)
    assert (view.contract.premium, len(view.members), view.balance) == (4_500_000, 5, 0)
    messages = chat.inbox("kindergarten")
    documents = [m for m in messages if m.document]
    assert len(documents) == 1 and "قبض رسید ۱ برای قرارداد ۳۰۰۰۰۰: ۴,۵۰۰,۰۰۰ ریال" in said(documents)
    assert "شمارهٔ قرارداد: ۳۰۰۰۰۰" in said(messages)
    text = pdf_text(documents[0].document)
    assert "حق بیمه قرارداد شماره 300000" in text and "چهار میلیون و پانصد هزار ریال" in text
    assert Path(documents[0].document).name == "receipt-1.pdf"
    # the requester was approved as a new policyholder's person: linked to it, with its identifier
    holder = chat.app.desk.insurance.policyholder_of(chat.app.desk.directory.find("kindergarten").id)
    assert (holder.name, holder.identifier) == ("مهدکودک گل‌ها", "10100123456")


def test_above_the_authority_limit_the_manager_approves(chat: ChatHarness):
    ticket_id = file_contract_request(chat, death_capital="6000000000")  # the limit is 5,000,000,000 per person
    seen = approve(chat, "issuer", ticket_id)
    assert "بیش از حدود اختیارات" in seen
    assert chat.ticket(ticket_id).status == "manager_review"
    assert chat.app.desk.insurance.proposals.listing() == []  # nothing quoted yet
    assert "تأیید" not in " ".join(b.label for m in chat.say("issuer", f"/show {ticket_id}") for b in m.all_buttons())
    assert "مدیر صدور" in said(chat.say("issuer", f"/approve {ticket_id}"))  # refused: the manager's role
    assert f"#{fa(ticket_id)}" in said(chat.inbox("issuemgr"))
    approve(chat, "issuemgr", ticket_id)
    assert chat.ticket(ticket_id).status == "quoted"
    pay(chat, ticket_id)
    assert [v.contract.number for v in chat.app.desk.insurance.contracts()] == [300000]


def test_below_the_limit_no_manager_step(chat: ChatHarness):
    ticket_id = file_contract_request(chat, death_capital="5000000000")  # exactly the limit: within it
    approve(chat, "issuer", ticket_id)
    assert chat.ticket(ticket_id).status == "quoted"
    assert chat.inbox("issuemgr") == []


def test_a_roster_that_costs_nothing_never_waits_for_a_cheque(chat: ChatHarness):
    ticket_id = file_contract_request(chat, roster=roster_csv(child(1, exemption="martyr_child"),
                                                              child(2, exemption="relief_student")))
    approve(chat, "issuer", ticket_id)
    assert chat.ticket(ticket_id).status == "issued"
    assert chat.app.desk.insurance.contract(300000).contract.premium == 0


def issue_for(chat: ChatHarness, holder: str, persons=None) -> int:  # noqa: ANN001
    issued = chat.app.desk.insurance.issue_contract(ContractRequest(
        holder, "death_disability", 100_000_000, 1_000_000, j(1403, 9, 1), persons or [person(1), person(2)]),
        paid_on=j(1403, 8, 30), cheque="1", actor="operator")
    return issued.contract.number


def test_endorsement_form_offers_own_contracts_and_asks_by_kind(chat: ChatHarness):
    mine = issue_for(chat, "مهدکودک گل‌ها")
    other = issue_for(chat, "مهدکودک دیگر")
    chat.say("kindergarten", "/new")
    out = chat.press("kindergarten", "الحاقیه")
    labels = [b.label for m in out for b in m.all_buttons()]
    assert any(fa(mine) in label for label in labels) and not any(fa(other) in label for label in labels)

    # a forged button naming another policyholder's contract is refused and changes nothing
    forged = chat.button("kindergarten", fa(mine)).data.replace(str(mine), str(other))
    assert "اعتبار ندارد" in said(chat.say("kindergarten", button=forged))
    assert chat.app.desk.conversations.get("console:kindergarten")["draft"]["values"] == {}
    # typed, the other contract's number is not an option either
    assert "این گزینه را نشناختم" in said(chat.say("kindergarten", str(other)))

    chat.press("kindergarten", fa(mine))
    chat.press("kindergarten", "برگشتی")
    out = said(chat.say("kindergarten", "1403/10/01"))
    assert "کد ملی افرادی را که کاسته می‌شوند" in out  # the return's question, not the additional's file
    refused = said(chat.say("kindergarten", nid(9)))
    assert "در لیست بیمه‌شدگان نیست" in refused and nid(9) in refused
    assert "درست نیست" in said(chat.say("kindergarten", "0012345678"))  # bad check digit
    summary = said(chat.say("kindergarten", nid(2)))
    assert "افراد کاسته" in summary and "افراد افزوده" not in summary and "اصلاحات" not in summary
    assert "(۳ از ۴)" not in summary

    # switching the kind to additional asks for the newly shown field before the summary
    chat.press("kindergarten", "ویرایش")
    chat.press("kindergarten", "نوع الحاقیه")
    out = said(chat.press("kindergarten", "اضافی"))
    assert "لیست افرادی را که افزوده می‌شوند" in out
    # a person already insured is refused by the contract's roster
    assert "از پیش در لیست" in said(chat.send_file("kindergarten", "add.csv", roster_csv(child(1))))
    summary = said(chat.send_file("kindergarten", "add.csv", roster_csv(child(11), child(12))))
    assert "افراد افزوده" in summary and "افراد کاسته" not in summary
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id
    fields = chat.ticket(ticket_id).fields
    assert "persons_leaving" not in fields and fields["persons_joining"]["count"] == 2

    # approval shows the prorated premium and sends the quote; the endorsement waits for the cheque
    seen = approve(chat, "issuer", ticket_id)
    assert "بدهی بیمه‌گذار" in seen and chat.ticket(ticket_id).status == "quoted"
    assert chat.app.desk.insurance.contract(mine).endorsements == []
    assert "طرح بیمه حوادث" in said(chat.inbox("kindergarten"))
    pay(chat, ticket_id)
    endorsement = chat.app.desk.insurance.contract(mine).endorsements[0]
    assert endorsement.kind == "additional" and endorsement.amount > 0
    told = chat.inbox("kindergarten")
    assert "شمارهٔ الحاقیه: ۱" in said(told)
    receipt = [m for m in told if m.document]
    assert "برای الحاقیه ۱ قرارداد" in said(receipt)
    assert "حق بیمه الحاقی اضافی شماره 1 قرارداد" in pdf_text(receipt[0].document)  # the receipt names it
    sent = {Path(m.document).name: m.document for m in receipt}
    assert "شماره الحاقیه: 1" in pdf_text(sent["endorsement-1.pdf"])  # and the endorsement itself goes with it


def test_a_requester_without_the_role_is_not_offered_the_insurer_requests(chat: ChatHarness):
    labels = [b.label for m in chat.say("maryam", "/new") for b in m.all_buttons()]
    assert labels == ["درخواست صدور و پرداخت حق بیمه"]
    out = said(chat.say("maryam", button="n:contract_request"))
    assert "این دکمه معتبر نیست" in out
    assert chat.app.desk.conversations.get("console:maryam") is None


def test_contract_command_for_its_policyholder_and_staff_only(chat: ChatHarness):
    mine = issue_for(chat, "مهدکودک گل‌ها")
    other = issue_for(chat, "مهدکودک دیگر")
    out = said(chat.say("kindergarten", f"/contract {mine}"))
    assert "مهدکودک گل‌ها" in out and "بیمه‌شدگان کنونی: ۲ نفر" in out and nid(1) in out
    for user, number in (("kindergarten", other), ("maryam", mine)):
        out = said(chat.say(user, f"/contract {number}"))
        assert "یافت نشد" in out and "مهدکودک" not in out
    assert "مهدکودک دیگر" in said(chat.say("issuer", f"/contract {other}"))


def test_monthly_report_for_report_readers(chat: ChatHarness):
    issue_for(chat, "مهدکودک گل‌ها")
    replies = chat.say("reports", "/report contracts 1403/08")
    assert replies[0].document and replies[0].document.endswith(".xlsx")
    assert Path(replies[0].document).read_bytes()[:2] == b"PK" and "۱ قرارداد" in said(replies)
    assert "فقط برای گیرندگان گزارش" in said(chat.say("kindergarten", "/report contracts 1403/08"))
    # the same in Persian words, typed on an Arabic keyboard with Persian digits
    replies = chat.say("reports", "گزارش قراردادها ۱۴۰۳/۰۸")
    assert replies[0].document and replies[0].document.endswith(".xlsx")


def test_contract_by_its_persian_word_and_the_insurer_commands_in_help(chat: ChatHarness):
    mine = issue_for(chat, "مهدکودک گل‌ها")
    assert "مهدکودک گل‌ها" in said(chat.say("kindergarten", "قرارداد " + str(mine).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))))
    assert "/contract N" in said(chat.say("kindergarten", "/help commands"))
    assert "/record_payment" not in said(chat.say("kindergarten", "/help commands"))
    staff = said(chat.say("issuer", "/help commands"))
    assert "/record_payment" in staff and "/report contracts" in staff
    assert "/contract" not in said(chat.say("maryam", "/help commands"))


def test_renewal_reminder_goes_once_even_across_a_restart(chat: ChatHarness):
    # ends 1403/09/15, fifteen days after the harness's today (1403/08/30)
    chat.app.desk.insurance.issue_contract(ContractRequest(
        "مهدکودک گل‌ها", "death_disability", 100_000_000, 1_000_000, j(1402, 9, 15), [person(1)]),
        paid_on=j(1402, 9, 10), cheque="1", actor="operator")
    assert JobRunner(chat.app.desk).run_once()["renewal_reminders"] == 1
    assert JobRunner(chat.app.desk).run_once()["renewal_reminders"] == 0
    chat.restart()
    assert JobRunner(chat.app.desk).run_once()["renewal_reminders"] == 0
    for user in ("kindergarten", "issuer"):
        told = [m.text for m in chat.inbox(user)]
        assert len(told) == 1 and "۳۰۰۰۰۰" in told[0] and "پایان می‌یابد" in told[0]
    assert chat.inbox("maryam") == []


def test_renewal_request_issues_the_next_contract(chat: ChatHarness):
    old = issue_for(chat, "مهدکودک گل‌ها")
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "تمدید")
    chat.press("kindergarten", fa(old))
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id
    seen = approve(chat, "issuer", ticket_id)
    assert f"تمدید قرارداد {fa(old)}" in seen and "حق بیمهٔ سالانه: ۲,۰۰۰,۰۰۰ ریال" in seen
    assert chat.ticket(ticket_id).status == "quoted"
    pay(chat, ticket_id)
    renewal = chat.app.desk.insurance.contract(old + 1).contract
    assert renewal.renewal_of is not None and renewal.start == chat.app.desk.insurance.contract(old).contract.end
    assert f"شمارهٔ قرارداد: {fa(old + 1)}" in said(chat.inbox("kindergarten"))
    # renewed: no longer offered for renewal (the renewal itself is)
    chat.say("kindergarten", "/new")
    labels = [b.label for m in chat.press("kindergarten", "تمدید") for b in m.all_buttons()]
    assert [label for label in labels if "قرارداد" in label and fa(old) in label] == []
    assert any(fa(old + 1) in label for label in labels)


def file_additional(chat: ChatHarness, number: int, roster: bytes) -> int:
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "الحاقیه")
    chat.press("kindergarten", fa(number))
    chat.press("kindergarten", "اضافی")
    chat.say("kindergarten", "1403/10/01")
    chat.send_file("kindergarten", "add.csv", roster)
    return chat.press("kindergarten", "ثبت")[-1].ticket_id


def test_an_effect_refused_at_approval_or_at_the_cheque_changes_nothing(chat: ChatHarness):
    number = issue_for(chat, "مهدکودک گل‌ها")
    first = file_additional(chat, number, roster_csv(child(31)))
    second = file_additional(chat, number, roster_csv(child(31)))  # the same child, asked twice
    third = file_additional(chat, number, roster_csv(child(31)))
    approve(chat, "issuer", first)
    approve(chat, "issuer", second)  # quoted too: the child is not insured until a cheque is paid
    assert "شمارهٔ الحاقیه: ۱" in pay(chat, first)  # the expert is told the number too
    out = pay(chat, second, cheque="556678")  # the second cheque would insure the child twice
    assert "از پیش در لیست بیمه‌شدگان است" in out and nid(31) in out
    assert chat.ticket(second).status == "quoted"
    out = approve(chat, "issuer", third)
    assert "از پیش در لیست بیمه‌شدگان است" in out and nid(31) in out
    assert chat.ticket(third).status == "issuance_review"
    assert len(chat.app.desk.insurance.contract(number).endorsements) == 1


def test_a_button_of_an_earlier_question_is_stale(chat: ChatHarness):
    number = issue_for(chat, "مهدکودک گل‌ها")
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "الحاقیه")
    chat.press("kindergarten", fa(number))
    old_kind = chat.button("kindergarten", "برگشتی")
    chat.press("kindergarten", "اضافی")
    out = said(chat.say("kindergarten", button=old_kind.data))
    assert "اعتبار ندارد" in out and "تاریخ اجرای الحاقیه" in out
    assert chat.app.desk.conversations.get("console:kindergarten")["draft"]["values"]["endorsement_kind"] == "additional"


def test_a_return_in_chat_is_issued_at_once_and_the_policyholder_sees_the_refund_owed(chat: ChatHarness):
    number = issue_for(chat, "مهدکودک گل‌ها")  # 1403/09/01 -> 1404/09/01: 366 days (a leap Esfand)
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "الحاقیه")
    chat.press("kindergarten", fa(number))
    chat.press("kindergarten", "برگشتی")
    chat.say("kindergarten", "1403/10/01")
    chat.say("kindergarten", nid(2))
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id
    approve(chat, "issuer", ticket_id)
    assert chat.ticket(ticket_id).status == "issued"  # a refund never waits for a cheque
    # 1403/10/01 -> 1404/09/01: 366 days less Azar's 30 = 336 left: 1,000,000 x 336 / 366 = 918,032.79 -> 918,033
    refund = -chat.app.desk.insurance.contract(number).endorsements[0].amount
    assert refund == 918_033
    told = said(chat.inbox("kindergarten"))
    assert "حق بیمهٔ برگشتی به بیمه‌گذار بدهکاریم" in told
    shown = said(chat.say("kindergarten", f"/contract {number}"))
    assert f"برگشتی پرداخت‌نشده به شما: {fa(f'{refund:,}')} ریال" in shown
    chat.app.desk.insurance.refunds.settle(1, j(1403, 8, 30), "ح-۱", actor="operator")
    assert "برگشتی پرداخت‌نشده" not in said(chat.say("kindergarten", f"/contract {number}"))
