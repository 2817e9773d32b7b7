"""End to end, issues 11 and 22: claims through `python -m bot console` as subprocesses, from the notice
to the payment order: a death claim for a minor (the benefit split between the parents) and a medical
claim, each returned once for a missing document and resubmitted; an adult's death, its heirs typed on
one line at the doctor's step, returned at the assessment and back there after the resubmission."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import jdatetime
import pytest

from tests.e2e.driver import PDF, Deployment, fa_digits, fa_ref, plain
from tests.unit.insurance.chat_support import child, roster_csv
from tests.unit.insurance.support import nid

pytestmark = pytest.mark.slow
HOLDER = "مهدکودک گل‌ها"  # the policyholder the "kindergarten" user speaks for (config.example.toml)
SCAN = "./scan.pdf"  # every document's file (the consoles run in the deployment's directory)


@pytest.fixture
def deploy(tmp_path: Path) -> Deployment:
    return Deployment(tmp_path)


def jalali(days_ago: int) -> str:
    return (jdatetime.date.today() - timedelta(days=days_ago)).strftime("%Y/%m/%d")


ADULT = f"{nid(5)},مریم,کریمی,1360/01/10,staff,,no"  # a member of staff: an adult, paid to the heirs


def paid_contract(deploy: Deployment) -> int:
    """A contract with medical cover that began two months ago, its premium paid before it began."""
    (deploy.root / "roster.csv").write_bytes(roster_csv(child(1), child(2), ADULT))
    added = deploy.run("insurance", "contracts", "add", "--policyholder", HOLDER, "--plan", "death_disability_medical",
                       "--death-capital", "100000000", "--medical-capital", "10000000", "--rate", "1000000",
                       "--start", jalali(60), "--date", jalali(66), "--roster", str(deploy.root / "roster.csv"),
                       "--json")
    proposal = json.loads(added.stdout.decode("utf-8"))["proposal"]
    paid = deploy.run("insurance", "contracts", "pay", str(proposal), "--date", jalali(65), "--cheque", "1001",
                      "--out", str(deploy.root / "receipt.pdf"), "--json")
    return json.loads(paid.stdout.decode("utf-8"))["number"]


def file_claim(holder, contract: int, kind: str, description: str, leave_out: str,  # noqa: ANN001
               national_id: str = child(1).split(",")[0]) -> int:
    """The policyholder's notice, every document sent but ``leave_out``; returns the ticket id."""
    holder.type("/new")
    holder.press("اعلام خسارت")
    holder.press(fa_digits(contract))
    holder.type(f"{jalali(1)} 10:30")
    holder.type(national_id)  # the name is offered back
    holder.expect("درست است؟")
    holder.press("بله")
    holder.press(kind)
    holder.type(description)
    while True:
        holder.expect("فهرست مدارک")
        items = [label for label in re.findall(r"^\d+\) 📎 (.*)$", plain(holder.since_typed), re.M)
                 if leave_out not in label]
        if not items:
            break
        holder.press(items[0])
        holder.type(SCAN)
    holder.press("پایان ارسال مدارک")
    holder.press("ثبت")
    out = plain(holder.expect("ثبت شد"))
    return int(re.search(r"شمارهٔ #(\S+) ثبت شد", out).group(1).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))


def journey(deploy: Deployment, kind: str, description: str, missing: str, analysis: str) -> tuple[int, str, str]:
    """Notice, a return for the ``missing`` document and its resubmission, the inquiry, the doctor's
    analysis and the payment order, with the policyholder and the claims expert in their consoles
    throughout; returns (ticket id, what the expert saw before ordering, what the policyholder was sent)."""
    (deploy.root / "scan.pdf").write_bytes(PDF)
    contract = paid_contract(deploy)
    with deploy.session("kindergarten") as holder, deploy.session("claims") as expert:
        ticket_id = file_claim(holder, contract, kind, description, missing)
        expert.expect(f"{fa_ref(ticket_id)} (اعلام خسارت) منتظر اقدام شماست")
        expert.type(f"/show {ticket_id}")
        assert f"⬜ {missing}" in plain(expert.expect("تاریخچه"))
        expert.type(f"/return {ticket_id} {missing} نرسیده است")
        expert.expect("انجام شد")

        holder.expect("بازگشت به درخواست")
        holder.type(f"/resubmit {ticket_id}")
        holder.press(missing)
        holder.type(SCAN)
        holder.expect("همهٔ مدارک رسید")
        holder.press("ارسال")
        holder.expect("انجام شد")

        expert.expect("منتظر اقدام شماست")  # back from the requester
        expert.type(f"/inquire {ticket_id}")
        expert.expect("انجام شد")
        out = plain(deploy.console("issuer", [f"/show {ticket_id}", f"/confirm_inquiry {ticket_id}"]))
        assert "استعلام بیمه عمر و حوادث — قرارداد" in out and "انجام شد" in out
        assert "انجام شد" in plain(deploy.console("doctor", [f"/analyse {ticket_id}", analysis]))
        expert.expect("محاسبه خسارت")
        expert.type(f"/order {ticket_id}")
        seen = plain(expert.expect("مطمئن هستید"))
        expert.press("بله")
        expert.expect("انجام شد")

        sent = plain(holder.expect("payment-order-"))
        order = re.search(r"\[📄 (.+payment-order-\d+\.pdf)\]", sent).group(1)
        assert Path(order).read_bytes().startswith(b"%PDF")
        holder.close()
        expert.close()
    return ticket_id, seen, sent


@pytest.mark.one_backend("tests/unit/insurance/test_claims_chat.py::test_the_notice_checks_the_person_on_the_incident_date_offers_the_name_and_ticks_documents")
def test_a_death_claim_for_a_minor_from_notice_to_payment_order(deploy: Deployment) -> None:
    ticket_id, seen, sent = journey(deploy, "فوت", "در استخر مهد غرق شد و در بیمارستان درگذشت.",
                                    "خلاصه رونوشت وفات", "علت فوت غرق‌شدگی، طبق گواهی پزشکی قانونی")
    assert "✅ شرایط پرداخت برقرار است" in seen and "قابل پرداخت: ۱۰۰,۰۰۰,۰۰۰ ریال" in seen
    assert "سهم پدر: ۵۰,۰۰۰,۰۰۰ ریال" in seen and "سهم مادر: ۵۰,۰۰۰,۰۰۰ ریال" in seen  # a minor's: the parents
    assert "حوالهٔ پرداخت خسارت ۱" in sent
    assert "انجام شد" in plain(deploy.console("accountant", [f"/collected {ticket_id}"]))
    shown = json.loads(deploy.run("insurance", "claims", "show", "1", "--json").stdout.decode("utf-8"))
    assert shown["status"] == "collected" and shown["payable"] == 100_000_000


@pytest.mark.one_backend("tests/unit/insurance/test_claims_service.py::test_medical_payout_by_the_doctors_analysis_capped_by_what_is_left_of_the_medical_capital")
def test_a_medical_claim_from_notice_to_payment_order(deploy: Deployment) -> None:
    ticket_id, seen, sent = journey(deploy, "هزینه پزشکی", "در حیاط مهد زمین خورد و دستش شکست.",
                                    "اصل صورتحساب بیمارستانی و درمانی", "جراحی 3,000,000 2,500,000")
    assert "قابل پرداخت: ۲,۵۰۰,۰۰۰ ریال" in seen and "کسر طبق آنالیز پزشکی (تعرفه): -۵۰۰,۰۰۰ ریال" in seen
    assert "شمارهٔ حواله: ۱" in sent or "شماره حواله: ۱" in sent
    assert "مبلغ: ۲,۵۰۰,۰۰۰ ریال" in sent
    assert deploy.ticket(ticket_id)["status"] == "ordered"


@pytest.mark.one_backend("tests/unit/insurance/test_claims_chat_assessment.py::test_an_adults_death_is_completed_in_chat_with_the_heirs_typed_at_the_doctors_step")
def test_an_adults_death_with_the_heirs_on_one_line_returned_at_the_assessment_and_back_to_it(
        deploy: Deployment) -> None:
    (deploy.root / "scan.pdf").write_bytes(PDF)
    contract = paid_contract(deploy)
    certificate = "گواهی حصر وراثت"
    with deploy.session("kindergarten") as holder, deploy.session("claims") as expert:
        ticket_id = file_claim(holder, contract, "فوت", "از پلهٔ مهد افتاد و درگذشت.", certificate, nid(5))
        expert.expect("منتظر اقدام شماست")
        expert.type(f"/inquire {ticket_id}")
        expert.expect("انجام شد")
        assert "انجام شد" in plain(deploy.console("issuer", [f"/confirm_inquiry {ticket_id}"]))
        # the console reads a line at a time: the analysis's items and the heirs each on one line
        out = plain(deploy.console("doctor", [f"/analyse {ticket_id}", "فوت در اثر سقوط؛ تعرفه رعایت شد",
                                              "همسر ۱/۲؛ فرزند ۱/۳", "همسر ۱/۲؛ فرزند ۱/۴؛ فرزند ۱/۴"]))
        assert "وراث و سهم هر یک" in out and "اکنون ۵/۶ است" in out and "انجام شد" in out
        # 100,000,000 by the certificate: 50,000,000, 25,000,000 and 25,000,000
        expert.expect("محاسبه خسارت")
        expert.type(f"/show {ticket_id}")
        seen = plain(expert.expect("تاریخچه"))
        assert "سهم همسر: ۵۰,۰۰۰,۰۰۰ ریال" in seen and "سهم فرزند ۲: ۲۵,۰۰۰,۰۰۰ ریال" in seen
        assert f"⬜ {certificate}" in seen
        expert.type(f"/return {ticket_id} {certificate} نرسیده است")
        expert.expect("انجام شد")

        holder.expect("بازگشت به درخواست")
        holder.type(f"/resubmit {ticket_id}")
        holder.press(certificate)
        holder.type(SCAN)
        holder.expect("همهٔ مدارک رسید")
        holder.press("ارسال")
        holder.expect("انجام شد")

        expert.expect("منتظر اقدام شماست")  # back at the assessment: no new inquiry, no new analysis
        assert deploy.ticket(ticket_id)["status"] == "assessment"
        expert.type(f"/order {ticket_id}")
        expert.expect("مطمئن هستید")
        expert.press("بله")
        expert.expect("انجام شد")
        sent = plain(holder.expect("payment-order-"))
        assert "حوالهٔ پرداخت خسارت ۱" in sent
        holder.close()
        expert.close()
    shown = json.loads(deploy.run("insurance", "claims", "show", "1", "--json").stdout.decode("utf-8"))
    assert shown["status"] == "ordered" and shown["payable"] == 100_000_000
    assert shown["shares"] == [{"to": "همسر", "amount": 50_000_000}, {"to": "فرزند ۱", "amount": 25_000_000},
                               {"to": "فرزند ۲", "amount": 25_000_000}]
    assert [e["action"] for e in shown["history"]].count("inquiry") == 1
