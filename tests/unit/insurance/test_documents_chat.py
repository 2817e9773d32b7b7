"""Documents in chat (issue 23): /verify for anyone, /print for those a document belongs to, and a payment
that stands when its receipt cannot be made or kept, the requester told why and how to have it again."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from tests.document_pages import text_of
from tests.harness import ChatHarness, said
from tests.unit.insurance.chat_support import approve, file_contract_request, pay


def quoted(chat: ChatHarness) -> int:
    ticket_id = file_contract_request(chat)
    approve(chat, "issuer", ticket_id, discount="10")
    chat.inbox("kindergarten")  # the quote
    return ticket_id


def code_of(pdf: Path) -> str:
    found = re.search(r"verify ([A-Z]{10})", text_of(pdf.read_bytes()))
    assert found, "no verification code on the document"
    return found.group(1)


def test_verify_answers_anyone_and_print_gives_the_same_receipt_to_its_policyholder(chat: ChatHarness):
    ticket_id = quoted(chat)
    pay(chat, ticket_id)
    receipt = Path(next(m.document for m in chat.inbox("kindergarten") if m.document))
    code = code_of(receipt)

    # anyone may check a sheet: the kind, number, amount and date, and nothing personal
    for who in ("maryam", "nobody-the-desk-knows"):
        answer = said(chat.say(who, f"/verify {code[:5].lower()}-{code[5:]}"))
        assert "✅" in answer and "قبض رسید شماره ۱" in answer and "۴,۵۰۰,۰۰۰ ریال" in answer
        assert "۱۴۰۳/۰۸/۳۰" in answer and "مهدکودک" not in answer
    assert "⛔" in said(chat.say("maryam", "/verify ZZZZZZZZZZ"))
    assert "✅" in said(chat.say("maryam", f"تصدیق {code}"))  # by its word
    assert "/verify" in said(chat.say("maryam", "/verify"))  # the usage

    # the policyholder has its receipt again: the same file, the same code
    again = chat.say("kindergarten", "/print قبض ۱")
    assert "نسخه دوباره" in said(again) and code in said(again)
    assert Path(again[0].document).read_bytes() == receipt.read_bytes()
    assert Path(chat.say("kindergarten", "چاپ طرح ۱")[0].document).name == "quote-1.pdf"
    # anyone else is told it was not found, as for a number that does not exist
    for who, asked in (("maryam", "/print receipt 1"), ("claims", "/print قبض ۱"), ("kindergarten", "/print قبض ۹")):
        replies = chat.say(who, asked)
        assert "پیدا نشد" in said(replies) and not any(m.document for m in replies)
    assert "/print" in said(chat.say("kindergarten", "/print دفترچه ۱"))  # an unknown kind: the usage
    issuer = chat.say("issuer", "/print receipt 1")
    assert Path(issuer[0].document).read_bytes() == receipt.read_bytes()


def test_the_payment_stands_when_its_receipt_cannot_be_made(chat: ChatHarness, tmp_path: Path):
    ticket_id = quoted(chat)
    insurance = chat.app.desk.insurance
    shipped = insurance.settings
    insurance.settings = dataclasses.replace(shipped, font_dir=str(tmp_path))  # a folder without the fonts
    pay(chat, ticket_id)

    assert chat.ticket(ticket_id).status == "issued" and insurance.contract(300000).paid == 4_500_000
    told = chat.inbox("kindergarten")
    assert not any(m.document for m in told)
    assert "فایل قبض رسید شماره ۱ ساخته نشد (قلم فارسی سند پیدا نشد)" in said(told)
    assert "«چاپ قبض ۱»" in said(told)
    insurance.settings = shipped
    again = chat.say("kindergarten", "چاپ قبض ۱")
    assert Path(again[0].document).name == "receipt-1.pdf"
    with chat.app.database.uow(write=False) as uow:  # the code issued with the payment is the one printed
        assert uow.document_codes.latest("receipt", 1).code in said(again)


def test_the_payment_stands_when_the_file_store_cannot_keep_its_receipt(chat: ChatHarness, monkeypatch):
    ticket_id = quoted(chat)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(chat.app.desk.attachments._files, "save", full)
    pay(chat, ticket_id)

    assert chat.ticket(ticket_id).status == "issued"
    told = said(chat.inbox("kindergarten"))
    assert "فایل receipt-1.pdf نگه داشته نشد" in told.replace("\u2066", "").replace("\u2069", "")
    assert "«چاپ قبض ۱»" in told
