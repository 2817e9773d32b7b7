"""End to end: the insurer's requests through `python -m bot console` as subprocesses, in the seed's
order: a contract request, its approval with the discount agreed and the quote sent, the cheque, the
receipt and the contract's number; an additional endorsement quoted and paid the same way; and a
cancellation by the policyholder (a refund, issued at once)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jdatetime
import pytest

from tests.e2e.driver import Deployment, plain
from tests.unit.insurance.chat_support import GOOD_ROSTER, child, roster_csv

pytestmark = pytest.mark.slow


@pytest.fixture
def deploy(tmp_path: Path) -> Deployment:
    return Deployment(tmp_path)


def contract_json(deploy: Deployment, number: int) -> dict:
    return json.loads(deploy.run("insurance", "contracts", "show", str(number), "--json").stdout.decode("utf-8"))


def approve(deploy: Deployment, ticket_id: int, discount: str | None = None) -> str:
    """The issuance expert approves, after the review, with the discount agreed when it is asked."""
    with deploy.session("issuer") as issuer:
        issuer.type(f"/approve {ticket_id}")
        issuer.expect("مطمئن هستید")
        issuer.press("بله")
        if discount is not None:
            issuer.expect("تخفیف گروهی توافق‌شده")
            issuer.type(discount)
        issuer.expect("انجام شد")
        return plain(issuer.close())


def record_cheque(deploy: Deployment, ticket_id: int, today: str) -> str:
    """The cheque of a quoted request: the receipt, then the issue."""
    return plain(deploy.console("issuer", [f"/record_payment {ticket_id} 556677 {today}"]))


def file_endorsement(deploy: Deployment, kind: str, today: str, roster: Path | None = None) -> int:
    with deploy.session("kindergarten") as holder:
        holder.type("/new")
        holder.press("الحاقیه")
        holder.press("۳۰۰۰۰۰")
        holder.press(kind)
        holder.type(today)
        if roster is not None:
            holder.expect("فایل")
            holder.type(str(roster))
        holder.expect("خلاصهٔ")
        holder.press("ثبت")
        out = plain(holder.expect("ثبت شد"))
        holder.close()
    return int(re.search(r"شمارهٔ #(\S+) ثبت شد", out).group(1).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))


@pytest.mark.one_backend("tests/unit/insurance/test_chat_requests.py::test_contract_request_from_form_to_quote_cheque_receipt_and_contract")
def test_contract_approval_receipt_endorsement_and_cancellation(deploy: Deployment) -> None:
    today = jdatetime.date.today().strftime("%Y/%m/%d")
    (deploy.root / "roster.csv").write_bytes(GOOD_ROSTER)
    (deploy.root / "add.csv").write_bytes(roster_csv(child(21), child(22)))

    # the policyholder files the contract request; a bad roster first
    (deploy.root / "bad.csv").write_bytes(roster_csv(child(1), child(1)))
    with deploy.session("kindergarten") as holder:
        holder.type("/new")
        holder.press("عقد قرارداد")
        holder.press("مهدکودک گل‌ها")
        for answer in ("10100123456", "1", "1", "100000000", "1000000", today):
            holder.type(answer)
        holder.expect("لیست بیمه‌شدگان را به صورت فایل")
        holder.type(str(deploy.root / "bad.csv"))
        assert "سطر ۳" in plain(holder.expect("تکراری"))
        holder.type(str(deploy.root / "roster.csv"))
        holder.expect("خلاصهٔ")
        holder.press("ثبت")
        out = plain(holder.expect("ثبت شد"))
        holder.close()
    ticket_id = int(re.search(r"شمارهٔ #(\S+) ثبت شد", out).group(1).translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))

    seen = approve(deploy, ticket_id, discount="۱۰")
    assert "حق بیمهٔ سالانه:" in seen and "تخفیف گروهی توافق‌شده" in seen  # the review, then the discount
    assert deploy.run("insurance", "contracts", "list", "--json").stdout.decode().strip() == "[]"  # unpaid
    # the quote reached the policyholder's console as a PDF
    out = plain(deploy.console("kindergarten", []))
    quoted = re.search(r"طرح بیمه حوادث ۱: حق بیمهٔ قابل پرداخت ([۰-۹,]+) ریال", out)
    assert quoted, out
    quote = re.search(r"\[📄 (.+quote-1\.pdf)\]", out).group(1)
    assert Path(quote).read_bytes().startswith(b"%PDF")

    record_cheque(deploy, ticket_id, today)
    contract = contract_json(deploy, 300000)
    assert (contract["persons"], contract["discount_percent"], contract["balance"]) == (5, 10, 0)
    assert f"{contract['premium']:,}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) == quoted.group(1)

    # the receipt reached the policyholder's console as a PDF
    out = plain(deploy.console("kindergarten", []))
    assert "شمارهٔ قرارداد: ۳۰۰۰۰۰" in out and "قبض رسید ۱ برای قرارداد ۳۰۰۰۰۰" in out
    receipt = re.search(r"\[📄 (.+receipt-1\.pdf)\]", out).group(1)
    assert Path(receipt).read_bytes().startswith(b"%PDF")

    # an additional endorsement: two children join, the premium for the remaining days, paid
    ticket_id = file_endorsement(deploy, "اضافی", today, deploy.root / "add.csv")
    approve(deploy, ticket_id)
    out = plain(deploy.console("kindergarten", []))
    assert "طرح بیمه حوادث ۲" in out  # the endorsement's quote
    record_cheque(deploy, ticket_id, today)
    out = plain(deploy.console("kindergarten", []))
    assert "شمارهٔ الحاقیه: ۱" in out and "قبض رسید ۲ برای الحاقیه ۱" in out

    # cancellation at the policyholder's request: the short-term tariff, a refund, nothing to pay
    ticket_id = file_endorsement(deploy, "فسخ به درخواست بیمه‌گذار", today)
    out = approve(deploy, ticket_id)
    assert "برگشتی به بیمه‌گذار" in out and "تعرفهٔ کوتاه‌مدت" in out
    contract = contract_json(deploy, 300000)
    assert contract["status"] == "cancelled"
    assert [e["kind"] for e in contract["endorsements"]] == ["additional", "cancel_policyholder"]
    assert contract["endorsements"][1]["amount"] < 0
