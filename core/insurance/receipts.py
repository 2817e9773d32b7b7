"""The receipt (قبض رسید) for a premium cheque: one PDF, a page per copy.

Copies, as the seed lists them: the customer, the accounting and statistics
department, the introducing agency (only when there is one), the archive.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.insurance.pdf import line, persian_pdf
from core.jalali import format_date

COPIES = ("customer", "accounting", "agency", "archive")
COPY_TITLES = {
    "customer": "نسخه بیمه‌گذار",
    "accounting": "نسخه اداره کل حسابداری و آمار",
    "agency": "نسخه نمایندگی معرف",
    "archive": "نسخه بایگانی اداره صدور",
}
PLAN_TITLES = {
    "death_disability": "فوت و نقص عضو",
    "death_disability_medical": "فوت و نقص عضو و هزینه پزشکی",
}


@dataclass(frozen=True)
class ReceiptData:
    receipt_number: int
    contract_number: int
    policyholder: str
    plan: str
    amount: int
    cheque: str
    paid_on: date
    start: date
    end: date
    persons: int
    office: str
    agency: str | None


def receipt_copies(agency: str | None) -> tuple[str, ...]:
    return tuple(c for c in COPIES if c != "agency" or agency)


def rials(amount: int) -> str:
    return f"{amount:,}"


def receipt_pdf(data: ReceiptData, font_dir: str | None = None) -> bytes:
    pdf = persian_pdf(font_dir)
    pdf.set_title(f"Receipt {data.receipt_number} - contract {data.contract_number}")
    for copy in receipt_copies(data.agency):
        pdf.add_page()
        line(pdf, "قبض رسید حق بیمه — بیمه حوادث گروهی مهدکودک‌ها", size=14, bold=True, height=10)
        line(pdf, COPY_TITLES[copy], size=10)
        pdf.ln(2)
        line(pdf, f"شماره قبض رسید: {data.receipt_number}")
        line(pdf, f"شماره قرارداد: {data.contract_number}")
        line(pdf, f"بیمه‌گذار: {data.policyholder}")
        line(pdf, f"طرح: {PLAN_TITLES.get(data.plan, data.plan)}")
        line(pdf, f"مدت: از {format_date(data.start, 'fa')} تا {format_date(data.end, 'fa')} — {data.persons} نفر")
        line(pdf, f"مبلغ دریافتی: {rials(data.amount)} ریال")
        line(pdf, f"چک شماره: {data.cheque}")
        line(pdf, f"تاریخ پرداخت: {format_date(data.paid_on, 'fa')}")
        line(pdf, f"اداره صدور: {data.office}")
        if data.agency:
            line(pdf, f"نمایندگی معرف: {data.agency}")
    return bytes(pdf.output())
