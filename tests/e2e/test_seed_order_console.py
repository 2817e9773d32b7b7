"""End to end, issue 22: a contract, an endorsement, a claim and its payment order, through the command
line and the consoles as subprocesses, in the seed's order (K57–63, K88–91, K138–200):

1. the contract's quote (a proposal, no register number), its cheque and four-copy receipt, and only then
   the contract with its number (the office enters it two months after the fact, with --date);
2. an additional endorsement asked in chat: the quote to the policyholder, the cheque recorded by the
   issuing expert, the receipt naming the endorsement, and its number;
3. a claim for a person insured from the start: the notice, the inquiry, the trusted doctor's analysis
   and the payment order in three copies.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.driver import PDF, Deployment, fa_ref, plain
from tests.e2e.test_claims_console import HOLDER, file_claim, jalali
from tests.unit.insurance.chat_support import child, roster_csv

pytestmark = pytest.mark.slow


@pytest.fixture
def deploy(tmp_path: Path) -> Deployment:
    return Deployment(tmp_path)


def cli_json(deploy: Deployment, *args: str) -> dict:
    return json.loads(deploy.run("insurance", *args, "--json").stdout.decode("utf-8"))


def test_contract_endorsement_claim_and_payment_order_in_the_seeds_order(deploy: Deployment) -> None:
    (deploy.root / "roster.csv").write_bytes(roster_csv(child(1), child(2)))
    (deploy.root / "add.csv").write_bytes(roster_csv(child(21)))
    (deploy.root / "scan.pdf").write_bytes(PDF)

    # 1. the quote: no number in the contract register until the cheque
    quote = cli_json(deploy, "contracts", "add", "--policyholder", HOLDER, "--plan", "death_disability_medical",
                     "--death-capital", "100000000", "--medical-capital", "10000000", "--rate", "1000000",
                     "--start", jalali(60), "--date", jalali(70), "--roster", str(deploy.root / "roster.csv"),
                     "--discount", "10", "--out", str(deploy.root / "quote.pdf"))
    assert (quote["status"], quote["number"], quote["premium"]) == ("proposed", None, 1_800_000)  # 2 x 900,000
    assert (deploy.root / "quote.pdf").read_bytes().startswith(b"%PDF")
    assert cli_json(deploy, "contracts", "list") == []
    paid = cli_json(deploy, "contracts", "pay", str(quote["proposal"]), "--date", jalali(65), "--cheque", "1001",
                    "--out", str(deploy.root / "receipt.pdf"))
    assert (paid["status"], paid["number"], paid["receipt_number"]) == ("issued", 300000, 1)
    assert (deploy.root / "receipt.pdf").read_bytes().startswith(b"%PDF")

    # 2. an additional endorsement asked in chat, quoted, paid, issued
    with deploy.session("kindergarten") as holder:
        holder.type("/new")
        holder.press("الحاقیه")
        holder.press("۳۰۰۰۰۰")
        holder.press("اضافی")
        holder.type(jalali(30))
        holder.expect("فایل")
        holder.type(str(deploy.root / "add.csv"))
        holder.expect("خلاصهٔ")
        holder.press("ثبت")
        out = plain(holder.expect("ثبت شد"))
        holder.close()
    ticket_id = int(re.search(r"شمارهٔ #(\S+) ثبت شد", out).group(1).translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    with deploy.session("issuer") as issuer:
        issuer.type(f"/approve {ticket_id}")
        issuer.expect("مطمئن هستید")
        issuer.press("بله")
        issuer.expect("انجام شد")
        issuer.close()
    assert cli_json(deploy, "contracts", "show", "300000")["endorsements"] == []  # unpaid: not in the register
    told = plain(deploy.console("kindergarten", []))
    assert "طرح بیمه حوادث ۲" in told and re.search(r"\[📄 (.+quote-2\.pdf)\]", told)
    out = plain(deploy.console("issuer", [f"/record_payment {ticket_id} 2002 {jalali(0)}"]))
    assert "انجام شد" in out
    told = plain(deploy.console("kindergarten", []))
    assert "قبض رسید ۲ برای الحاقیه ۱ قرارداد ۳۰۰۰۰۰" in told
    shown = cli_json(deploy, "contracts", "show", "300000")
    assert [(e["number"], e["kind"]) for e in shown["endorsements"]] == [(1, "additional")]
    assert [p["receipt_number"] for p in shown["payments"]] == [1, 2] and shown["balance"] == 0

    # 3. a claim for person 1, insured and paid for since before the incident, to its payment order
    with deploy.session("kindergarten") as holder, deploy.session("claims") as expert:
        claim_ticket = file_claim(holder, 300000, "هزینه پزشکی", "در حیاط مهد زمین خورد و دستش شکست.",
                                  leave_out="(none left out)")
        expert.expect(f"{fa_ref(claim_ticket)} (اعلام خسارت) منتظر اقدام شماست")
        expert.type(f"/inquire {claim_ticket}")
        expert.expect("انجام شد")
        assert "انجام شد" in plain(deploy.console("issuer", [f"/confirm_inquiry {claim_ticket}"]))
        assert "انجام شد" in plain(deploy.console("doctor", [f"/analyse {claim_ticket}",
                                                              "جراحی 3,000,000 2,500,000"]))
        expert.expect("محاسبه خسارت")
        expert.type(f"/order {claim_ticket}")
        seen = plain(expert.expect("مطمئن هستید"))
        expert.press("بله")
        expert.expect("انجام شد")
        sent = plain(holder.expect("payment-order-"))
        holder.close()
        expert.close()
    assert "✅ شرایط پرداخت برقرار است" in seen and "قابل پرداخت: ۲,۵۰۰,۰۰۰ ریال" in seen
    order = re.search(r"\[📄 (.+payment-order-\d+\.pdf)\]", sent).group(1)
    assert Path(order).read_bytes().startswith(b"%PDF")
    claim = cli_json(deploy, "claims", "show", "1")
    assert (claim["contract"], claim["payable"], claim["eligible"]) == (300000, 2_500_000, True)
