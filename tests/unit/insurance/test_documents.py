"""The receipt PDF (its text layer read back with pypdf). The monthly reports: test_monthly_reports.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.insurance.contracts.receipts import ReceiptData, receipt_copies, receipt_pdf
from tests.document_pages import text_of
from tests.unit.insurance.support import j


def pdf_text(data: bytes, tmp_path: Path | None = None) -> str:
    """The PDF's text layer in reading order (pypdf), Persian digits and «٬» read as Latin ones."""
    return text_of(data)


def receipt(agency: str | None) -> ReceiptData:
    return ReceiptData(receipt_number=17, contract_number=300_042, policyholder="مهدکودک گل‌های بهاری",
                       plan="death_disability_medical", amount=11_400_000, cheque="778899", paid_on=j(1403, 6, 5),
                       start=j(1403, 6, 1), end=j(1404, 6, 1), persons=12, office="اداره صدور", agency=agency)


@pytest.mark.no_database
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


@pytest.mark.no_database
def test_without_an_introducing_agency_there_are_still_four_copies_the_third_for_the_issuing_office(tmp_path: Path):
    # K58-61: four copies; the agency's "if there is one": without it, that copy is marked for the office
    assert receipt_copies(None) == ("customer", "accounting", "no_agency", "archive")
    text = pdf_text(receipt_pdf(receipt(None)), tmp_path)
    assert "نسخه نمایندگی معرف" not in text and "نمایندگی معرف ندارد" in text
    assert len([p for p in text.split("\f") if p.strip()]) == 4
