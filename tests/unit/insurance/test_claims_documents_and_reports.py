"""The payment order PDF (its text read back with pypdf), the paid-claims reports and the catalog labels."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.i18n import Translator, catalog
from core.insurance.claims.bill_items import BILL_ITEMS
from core.insurance.claims.disability_table import default_table
from core.insurance.claims.documents import all_document_codes
from core.insurance.claims.eligibility import (
    NOT_COVERED,
    NOT_INSURED,
    OUTSIDE_COVER,
    PREMIUM_LATE,
    PREMIUM_UNPAID,
)
from core.insurance.claims.kinds import CLAIM_KINDS
from core.insurance.claims.models import CLAIM_STATUSES
from core.insurance.claims.payment_orders import PaymentOrderData, payment_order_pdf
from core.insurance.claims.service import DoctorAnalysis
from core.insurance.reports.claims import (
    ClaimsMonthlyReport,
    OrderLine,
    add_jalali_months,
    claims_report_csv,
    claims_report_xlsx,
    semiannual_pdf,
    semiannual_period,
    semiannual_xlsx,
)
from storage.db import Database
from tests.unit.insurance.claims_support import LATER, issue, notice, services
from tests.unit.insurance.support import j
from tests.unit.insurance.test_documents import pdf_text

FA = Translator("fa")
ORDERED_AT = datetime(2024, 11, 10, 20, 45, tzinfo=timezone.utc)  # 1403/08/21 00:15 in Tehran


def field(text: str, name: str) -> str:
    """The figure on the first line that starts with a field's name (digits and commas)."""
    found = next(line[line.index(name):] for line in text.splitlines() if name in line)
    return re.sub(r"[^\d,]", "", found[len(name):])


def order_data() -> PaymentOrderData:
    return PaymentOrderData(order_number=4127, claim_number=58, contract_number=300_042,
                            policyholder="مهدکودک گل‌های بهاری", insured="سارا محمدی", national_id="0000000019",
                            kind="death", incident_date=j(1403, 8, 15), amount=31_000_000,
                            breakdown=[("death_capital", 100_000_000), ("death_disability_already_paid", -38_000_000),
                                       ("death_responsible_share", -31_000_000)],
                            shares=[("mother", 31_000_000)], ordered_at=ORDERED_AT, office="اداره صدور")


@pytest.mark.no_database
def test_the_payment_order_pdf_holds_number_amount_and_shaped_persian_in_three_copies(tmp_path: Path):
    text = pdf_text(payment_order_pdf(order_data(), label=FA), tmp_path)

    assert field(text, "شماره حواله") == "4127"
    assert field(text, "مبلغ حواله") == "31,000,000"
    assert "31,000,000" in text and "100,000,000" in text
    assert "300042" in text and "مهدکودک گل‌های بهاری" in text and "سارا محمدی" in text
    assert "1403/08/15" in text and "1403/08/21" in text  # Jalali; the order date in Tehran's day
    assert "فوت" in text and "مادر" in text and "سرمایه فوت" in text  # labels from the Persian catalog
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 3
    for page, title in zip(pages, ("نسخه بایگانی اداره خسارت", "نسخه بیمه‌گذار", "نسخه اداره کل حسابداری و آمار")):
        assert title in page and "4127" in page


def test_the_service_writes_the_order_pdf_of_an_issued_order(database: Database, tmp_path: Path):
    insurance, claims = services(database)
    view = claims.file(notice(issue(insurance), kind="medical"), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(bill=[]), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis.from_json(
        {"bill": [{"item": "surgery", "billed": 2_500_000, "approved": None}]}), actor="operator")
    claims.assess(view.number, actor="operator")
    order = claims.order_payment(view.number, require_documents=False, actor="operator")

    text = pdf_text(claims.order_pdf(order.number, FA), tmp_path)
    assert field(text, "شماره حواله") == str(order.number) and field(text, "مبلغ حواله") == "2,500,000"
    assert "هزینه پزشکی" in text


def line(order: int, contract: int, amount: int, holder: str = "مهد الف", kind: str = "medical",
         at: datetime = ORDERED_AT, collected: datetime | None = None) -> OrderLine:
    return OrderLine(order, order + 100, contract, holder, "اداره صدور", "سارا محمدی", kind, j(1403, 8, 1), at,
                     amount, collected)


def monthly() -> ClaimsMonthlyReport:
    return ClaimsMonthlyReport(1403, 8, [line(2, 300_001, 5_000_000, "مهد ب", "death"),
                                         line(1, 300_000, 1_200_000, collected=ORDERED_AT),
                                         line(3, 300_000, 800_000)])


def test_the_monthly_xlsx_is_right_to_left_by_contract_with_jalali_dates_rial_format_and_totals():
    book = load_workbook(io.BytesIO(claims_report_xlsx(monthly(), FA)))

    cover = book["گزارش"]
    assert cover.sheet_view.rightToLeft
    departments = [row[0] for row in cover.iter_rows(values_only=True)]
    for department in ("اداره کل آمار و اتکایی", "اداره کل حسابداری و آمار", "اداره نظارت بر خسارت بیمه‌نامه‌ها"):
        assert department in departments
    orders = book["حواله‌ها"]
    assert orders.sheet_view.rightToLeft
    rows = list(orders.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:3]] == [1, 3]  # contract 300000 first, its orders in number order
    assert rows[1][6] == "هزینه پزشکی" and rows[1][8] == "1403/08/21" and rows[1][10] == "1403/08/21"
    assert rows[3][2] == 300_000 and rows[3][9] == 2_000_000  # the contract's subtotal
    assert rows[-1][0] == "جمع کل" and rows[-1][9] == 7_000_000
    assert orders.cell(row=2, column=10).number_format == "#,##0;-#,##0"
    totals = list(book["جمع به تفکیک قرارداد"].iter_rows(values_only=True))
    assert totals[1:] == [(300_000, "مهد الف", 2, 2_000_000), (300_001, "مهد ب", 1, 5_000_000),
                          ("جمع کل", None, 3, 7_000_000)]


def test_the_monthly_csv_has_every_order_and_a_total():
    rows = list(csv.reader(io.StringIO(claims_report_csv(monthly(), FA).decode("utf-8-sig"))))

    assert rows[0][:3] == ["شماره حواله", "شماره پرونده", "شماره قرارداد"]
    assert [r[0] for r in rows[1:-1]] == ["1", "3", "2"]
    assert [r[6] for r in rows[1:-1]] == ["هزینه پزشکی", "هزینه پزشکی", "فوت"]  # the kind named, not its code
    assert rows[-1][0] == "جمع" and rows[-1][9] == "7000000"


def test_the_monthly_report_takes_the_orders_of_that_jalali_month(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)
    view = claims.file(notice(contract, kind="disability"), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(teeth=3), actor="operator")
    claims.assess(view.number, actor="operator")
    claims.order_payment(view.number, require_documents=False, actor="operator")  # ordered at LATER: 1404/08/01

    assert [x.amount for x in claims.monthly_report(1404, 8).lines] == [3_000_000]
    assert claims.monthly_report(1404, 7).lines == []


def test_six_month_periods_count_jalali_months_from_the_start():
    assert semiannual_period(j(1403, 6, 1), 1) == (j(1403, 6, 1), j(1403, 12, 1))
    assert semiannual_period(j(1403, 6, 1), 2) == (j(1403, 12, 1), j(1404, 6, 1))
    assert add_jalali_months(j(1403, 5, 31), 1) == j(1403, 6, 31)
    assert add_jalali_months(j(1403, 6, 31), 1) == j(1403, 7, 30)  # the second half has 30-day months


def test_the_semiannual_statistics_are_three_copies_for_the_policyholder_and_the_contracts_officers(
        database: Database, tmp_path: Path):
    insurance, claims = services(database, now=LATER)
    contract = issue(insurance)
    view = claims.file(notice(contract, kind="disability"), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(disability_items=["little_finger"]), actor="operator")
    claims.assess(view.number, actor="operator")
    claims.order_payment(view.number, require_documents=False, actor="operator")  # 1404/08/01: in the third six months

    assert claims.semiannual_statistics(contract, 1).lines == []
    assert claims.semiannual_statistics(contract, 2).lines == []
    stats = claims.semiannual_statistics(contract, 3)
    assert (stats.start, stats.end, stats.total) == (j(1404, 6, 1), j(1404, 12, 1), 10_000_000)
    text = pdf_text(semiannual_pdf(stats, label=FA), tmp_path)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 3 and "نسخه بیمه‌گذار" in pages[0] and "آموزش و پرورش" in pages[1]
    assert all("10,000,000" in p and str(contract) in p for p in pages)
    book = load_workbook(io.BytesIO(semiannual_xlsx(stats, FA)))
    assert len(book.worksheets) == 3 and all(s.sheet_view.rightToLeft for s in book.worksheets)


# ---- every code has a label in both languages ------------------------------------------------

INSURANCE = Path(__file__).resolve().parents[3] / "core" / "insurance"
SERVICE = (INSURANCE / "claims" / "service.py", INSURANCE / "claims" / "register.py")
RULES = ("medical_billed", "medical_doctor_analysis", "medical_non_payable", "medical_ambulance_cap",
         "medical_primary_insurer", "medical_capital_cap", "disability_table", "disability_assessed",
         "disability_teeth", "disability_none", "disability_cap_100_percent", "disability_already_paid",
         "death_capital", "death_disability_already_paid", "death_responsible_share", "death_already_paid",
         "disability_death_already_paid", "medical_kidney_purchase", "medical_lithotripsy")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_claims_code_has_a_label(lang):
    keys = set(catalog(lang))
    expected = (
        {f"claims.document.{c}" for c in all_document_codes()}
        | {f"claims.reason.{c}" for c in (OUTSIDE_COVER, NOT_INSURED, PREMIUM_UNPAID, PREMIUM_LATE, NOT_COVERED)}
        | {f"claims.rule.{c}" for c in RULES}
        | {f"claims.kind.{c}" for c in CLAIM_KINDS}
        | {f"claims.status.{c}" for c in CLAIM_STATUSES}
        | {f"claims.bill_item.{c}" for c in BILL_ITEMS}
        | {f"claims.disability_item.{c}" for c in default_table().items}
        | {f"claims.check.{c}" for c in ("cover_period", "insured", "premium", "covered")}
    )
    refusals = {code for path in SERVICE
                for code in re.findall(r'ClaimRefused\("([a-z_]+)"', path.read_text(encoding="utf-8"))}
    expected |= {f"claims.refusal.{c}" for c in refusals | {"national_id_format", "national_id_check_digit"}}
    assert not expected - keys
