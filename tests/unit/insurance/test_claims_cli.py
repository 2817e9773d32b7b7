"""`python -m bot insurance claims ...` as the claims office uses it: names, JSON keys, exit codes."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.clock import utc_now
from core.jalali import today_jalali
from tests.unit.insurance.support import nid
from tests.unit.insurance.test_cli import add_contract, cli, roster  # noqa: F401  (cli is a fixture)
from tests.unit.insurance.test_documents import pdf_text


def contract_paid(cli, tmp_path: Path) -> None:  # noqa: F811
    code, _, err = add_contract(cli, roster(tmp_path, count=3))
    assert code == 0, err
    code, _, err = cli("insurance", "contracts", "pay", "1", "--date", "1403/05/25", "--cheque", "12",
                       "--out", str(tmp_path / "receipt.pdf"))
    assert code == 0, err


def add_claim(cli, *extra: str, n: int = 1, kind: str = "medical", day: str = "1403/08/15"):  # noqa: F811
    code, out, err = cli("insurance", "claims", "add", "--contract", "300000", "--national-id", nid(n), "--kind",
                         kind, "--incident-date", day, "--incident-time", "۱۰:۳۰", "--description",
                         "در حیاط زمین خورد", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_claims_add_gives_the_file_number_eligibility_and_kardex_with_the_documented_keys(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)

    first = add_claim(cli)
    assert {"number", "eligible", "reasons", "kardex"} <= set(first)
    assert (first["number"], first["eligible"], first["reasons"], first["kardex"]) == (1, True, [], [])
    assert first["incident_time"] == "10:30" and first["name"] == "سارا محمدی"

    second = add_claim(cli, kind="disability")
    outside = add_claim(cli, day="1404/06/01")
    assert second["kardex"] == [1] and outside["kardex"] == [1, 2]
    assert (outside["eligible"], outside["reasons"]) == (False, ["outside_cover"])


def test_a_refused_notice_exits_2_with_the_reason_on_stderr(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    code, out, err = cli("insurance", "claims", "add", "--contract", "300000", "--national-id", nid(9), "--kind",
                         "medical", "--incident-date", "1403/08/15", "--description", "شرح", "--json")

    assert code == 2 and out == ""
    assert "هرگز در لیست بیمه‌شدگان" in err and "۳۰۰۰۰۰" in err


def test_assess_reads_a_bill_with_persian_items_and_gives_payable_breakdown_and_shares(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    number = add_claim(cli)["number"]
    bill = tmp_path / "bill.csv"
    bill.write_text("item,amount,approved\nجراحی,\"5,000,000\",4000000\nهمراه,500000,\nآمبولانس,2000000,\n",
                    encoding="utf-8")

    code, out, err = cli("insurance", "claims", "assess", str(number), "--bill", str(bill), "--primary-paid",
                         "1000000", "--json")

    assert code == 0, err
    data = json.loads(out)
    # 7,500,000 billed − 1,000,000 by the analysis − 500,000 companion − ambulance above 20% of 4,000,000
    # (2,000,000 − 800,000) − 1,000,000 the primary insurer paid = 3,800,000
    assert data["payable"] == 3_800_000
    assert data["breakdown"] == [
        {"rule": "medical_billed", "amount": 7_500_000}, {"rule": "medical_doctor_analysis", "amount": -1_000_000},
        {"rule": "medical_non_payable", "amount": -500_000}, {"rule": "medical_ambulance_cap", "amount": -1_200_000},
        {"rule": "medical_primary_insurer", "amount": -1_000_000}]
    assert data["shares"] == []

    bill.write_text("item,amount\nسونوگرافی قلب,100\n", encoding="utf-8")
    code, _, err = cli("insurance", "claims", "assess", str(number), "--bill", str(bill))
    assert code == 2 and "شناخته نیست" in err and "سونوگرافی قلب" in err


def test_order_writes_the_pdf_and_a_second_order_of_the_same_case_is_refused(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    first = add_claim(cli, kind="death")["number"]
    code, out, err = cli("insurance", "claims", "assess", str(first), "--responsible", "father", "--json")
    assert code == 0, err
    assert json.loads(out)["shares"] == [{"to": "mother", "amount": 50_000_000}]  # a minor: half each, father's kept

    code, out, err = cli("insurance", "claims", "order", str(first), "--out", str(tmp_path / "order.pdf"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["order_number"], data["amount"]) == (1, 50_000_000)
    assert "policyholder_request" in err or "درخواست کتبی" in err  # documents not all ticked: said on stderr
    text = pdf_text((tmp_path / "order.pdf").read_bytes(), tmp_path)
    assert "50,000,000" in text and "مادر" in text

    again = add_claim(cli, kind="death")
    assert again["kardex"] == [1]
    cli("insurance", "claims", "assess", str(again["number"]))
    code, out, err = cli("insurance", "claims", "order", str(again["number"]), "--json")
    assert code == 2 and out == "" and "پیش‌تر پرداخت شده است" in err
    code, _, err = cli("insurance", "claims", "order", str(first))
    assert code == 2 and "پیش‌تر حواله" in err


def test_an_ineligible_claim_is_ordered_only_after_an_override(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    number = add_claim(cli, kind="disability", day="1404/06/01")["number"]
    cli("insurance", "claims", "assess", str(number), "--teeth", "2", "--item", "thumb")

    code, _, err = cli("insurance", "claims", "order", str(number))
    assert code == 2 and "شرایط پرداخت را ندارد (حادثه بیرون از مدت پوشش بیمه است)" in err
    code, _, err = cli("insurance", "claims", "override", str(number), "--reason", "تمدید در جریان بود")
    assert code == 0, err
    code, out, err = cli("insurance", "claims", "order", str(number), "--json")
    assert code == 0, err
    assert json.loads(out)["amount"] == 38_000_000

    code, out, _ = cli("insurance", "claims", "show", str(number), "--json")
    shown = json.loads(out)
    assert shown["override_reason"] == "تمدید در جریان بود" and shown["status"] == "ordered"
    assert "override" in [h["action"] for h in shown["history"]]


def test_documents_return_resubmit_show_and_collected(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    number = str(add_claim(cli)["number"])

    code, out, err = cli("insurance", "claims", "documents", number, "--tick", "original_bills", "doctor_certificate",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["ticked"] == ["original_bills", "doctor_certificate"]
    assert cli("insurance", "claims", "return", number, "--note", "گزارش حادثه نیست")[0] == 0
    assert json.loads(cli("insurance", "claims", "show", number, "--json")[1])["status"] == "returned"
    assert cli("insurance", "claims", "resubmit", number)[0] == 0
    code, out, _ = cli("insurance", "claims", "inquiry", number, "--confirm")
    assert code == 0 and json.loads(out)["contract"] == 300000

    bill = tmp_path / "bill.csv"
    bill.write_text("item,amount\nsurgery,1000000\n", encoding="utf-8")
    cli("insurance", "claims", "assess", number, "--bill", str(bill))
    order = json.loads(cli("insurance", "claims", "order", number, "--json")[1])["order_number"]
    code, out, err = cli("insurance", "claims", "collected", str(order), "--cheque", "۸۸۱", "--json")
    assert code == 0, err
    assert json.loads(out)["collected"] is True and json.loads(out)["cheque"] == "881"
    code, _, err = cli("insurance", "claims", "collected", str(order))
    assert code == 2 and "پیش‌تر دریافت شده" in err

    shown = json.loads(cli("insurance", "claims", "show", number, "--json")[1])
    assert {"number", "status", "eligible", "reasons", "kardex", "payable", "breakdown", "shares", "order",
            "missing_documents", "history"} <= set(shown)
    assert shown["status"] == "collected" and shown["order"]["order_number"] == order
    code, out, _ = cli("insurance", "claims", "show", number)
    assert code == 0 and "سارا محمدی" in out


def test_reports_claims_writes_the_months_orders_as_xlsx_or_csv(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    number = str(add_claim(cli, kind="disability")["number"])
    cli("insurance", "claims", "assess", number, "--disability-percent", "12.5")
    cli("insurance", "claims", "order", number)
    month = today_jalali(utc_now()).strftime("%Y/%m")  # the orders were issued today

    code, out, err = cli("insurance", "reports", "claims", month, "--out", str(tmp_path / "claims.csv"))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "claims.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "1" and rows[1][9] == "12500000" and rows[-1][9] == "12500000"
    code, _, err = cli("insurance", "reports", "claims", month, "--out", str(tmp_path / "claims.xlsx"))
    assert code == 0, err
    assert load_workbook(tmp_path / "claims.xlsx")["حواله‌ها"].sheet_view.rightToLeft
    code, _, err = cli("insurance", "reports", "claims", month, "--out", str(tmp_path / "claims.txt"))
    assert code == 2 and err

    code, _, err = cli("insurance", "reports", "claims-semiannual", "300000", "--period", "1", "--out",
                       str(tmp_path / "stats.pdf"))
    assert code == 0, err
    assert len([p for p in pdf_text((tmp_path / "stats.pdf").read_bytes(), tmp_path).split("\f") if p.strip()]) == 3


def test_a_claim_returned_after_its_assessment_is_resubmitted_back_to_it_with_its_analysis(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)
    number = str(add_claim(cli)["number"])
    # one line, several items: 3,000,000 approved at 2,500,000, less 500,000 the primary insurer paid
    code, out, err = cli("insurance", "claims", "assess", number, "--analysis",
                         "جراحی 3,000,000 2,500,000؛ بیمه پایه 500,000", "--json")
    assert code == 0 and json.loads(out)["payable"] == 2_000_000, err
    assert cli("insurance", "claims", "return", number, "--note", "اعلام بیمه‌گر پایه نرسیده")[0] == 0
    assert cli("insurance", "claims", "resubmit", number)[0] == 0

    shown = json.loads(cli("insurance", "claims", "show", number, "--json")[1])
    assert (shown["status"], shown["payable"]) == ("assessed", 2_000_000)  # not "filed": no new analysis needed
    assert shown["analysis"]["primary_insurer_paid"] == 500_000


def test_a_report_month_before_1300_is_refused(cli, tmp_path, capsys):  # noqa: F811
    with pytest.raises(SystemExit) as refused:  # argparse's own refusal, as for any other bad argument
        cli("insurance", "reports", "claims", "0999/01", "--out", str(tmp_path / "r.xlsx"))
    assert refused.value.code == 2 and "1300" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()
