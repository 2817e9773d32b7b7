"""The receipt PDF (its text read back with pypdf) and the monthly report files."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import load_workbook

from core.insurance.receipts import ReceiptData, receipt_copies, receipt_pdf
from core.insurance.reports import MonthlyReport, ReportLine, report_csv, report_xlsx
from core.text import normalize_digits
from tests.pdf_reading import pdf_text as read_pdf
from tests.unit.insurance.support import NOW, j

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data: bytes, tmp_path: Path) -> str:
    return normalize_digits(BIDI_MARKS.sub("", read_pdf(data)))


def receipt(agency: str | None) -> ReceiptData:
    return ReceiptData(receipt_number=17, contract_number=300_042, policyholder="مهدکودک گل‌های بهاری",
                       plan="death_disability_medical", amount=11_400_000, cheque="778899", paid_on=j(1403, 6, 5),
                       start=j(1403, 6, 1), end=j(1404, 6, 1), persons=12, office="اداره صدور", agency=agency)


def test_the_receipt_pdf_holds_number_amount_name_and_jalali_dates_in_four_copies(tmp_path: Path):
    text = pdf_text(receipt_pdf(receipt("نمایندگی ۱۲")), tmp_path)

    assert "300042" in text
    assert "11,400,000" in text
    assert "مهدکودک گل‌های بهاری" in text  # shaped, yet extracted in logical order
    assert "1403/06/05" in text and "1403/06/01" in text and "1404/06/01" in text
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == 4
    for title in ("نسخه بیمه‌گذار", "نسخه اداره کل حسابداری و آمار", "نسخه نمایندگی معرف", "نسخه بایگانی"):
        assert title in text


def test_without_an_introducing_agency_there_are_still_four_copies_the_third_for_the_issuing_office(tmp_path: Path):
    # K58-61: four copies; the agency's "if there is one": without it, that copy is marked for the office
    assert receipt_copies(None) == ("customer", "accounting", "no_agency", "archive")
    text = pdf_text(receipt_pdf(receipt(None)), tmp_path)
    assert "نسخه نمایندگی معرف" not in text and "نمایندگی معرف ندارد" in text
    assert len([p for p in text.split("\f") if p.strip()]) == 4


def _report() -> MonthlyReport:
    report = MonthlyReport(1403, 6)
    report.contracts += [
        ReportLine("contract", 300_000, 300_000, "death_disability", NOW, "مهد الف", "اداره صدور", None, 12, 11_400_000),
        ReportLine("renewal", 300_001, 300_001, "death_disability", NOW, "مهد ب", "شعبه ۲", "نمایندگی ۱۲", 5,
                   5_000_000),
    ]
    report.endorsements.append(
        ReportLine("endorsement", 1, 300_000, "return", NOW, "مهد الف", "اداره صدور", None, 1, -713_798))
    return report


def test_the_xlsx_report_is_right_to_left_with_jalali_dates_rial_format_and_totals():
    book = load_workbook(io.BytesIO(report_xlsx(_report())))

    assert book.sheetnames == ["گزارش", "قراردادها", "الحاقیه‌ها", "جمع‌ها"]
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    cover = [row[0] for row in book["گزارش"].iter_rows(values_only=True)]
    assert "اداره کل آمار و اتکایی" in cover and "اداره نظارت بر صدور بیمه‌نامه‌ها" in cover
    contracts = book["قراردادها"]
    assert contracts["E2"].value == "1403/06/11"  # issued 2024-09-01, Tehran's calendar
    assert contracts["J2"].number_format == "#,##0;-#,##0"
    assert [c.value for c in contracts[4]][0] == "جمع" and contracts["J4"].value == 16_400_000
    totals = {(row[0], row[1]): row[3] for row in book["جمع‌ها"].iter_rows(min_row=2, values_only=True)}
    assert totals[("اداره", "اداره صدور")] == 11_400_000 - 713_798
    assert totals[("نمایندگی", "نمایندگی ۱۲")] == 5_000_000
    assert totals[("شرکت", "کل شرکت")] == 16_400_000 - 713_798


def test_the_csv_report_has_every_line_and_a_total():
    rows = list(csv.reader(io.StringIO(report_csv(_report()).decode("utf-8-sig"))))
    assert rows[0] == ["record", "number", "contract", "kind", "issued_on", "policyholder", "office", "agency",
                       "persons", "amount"]
    assert rows[1][:5] == ["contract", "300000", "300000", "death_disability", "1403/06/11"]
    assert rows[-1][0] == "total" and rows[-1][-1] == str(16_400_000 - 713_798)
