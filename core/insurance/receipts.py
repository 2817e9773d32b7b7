"""The receipt (قبض رسید) for a premium cheque: one PDF, a page per copy.

Four copies, as the seed lists them (K58–61, K121–125): the customer, the accounting and
statistics department, the introducing agency (when there is none, that copy is marked for
the issuing office), the archive. An endorsement's receipt names the endorsement.
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
    "no_agency": "نسخه اداره صدور (بیمه‌گذار نمایندگی معرف ندارد)",
    "archive": "نسخه بایگانی اداره صدور",
}
SUBJECT_TITLES = {
    "contract": "حق بیمه قرارداد",
    "renewal": "حق بیمه الحاقی تمدیدی",
    "additional": "حق بیمه الحاقی اضافی",
    "swap": "حق بیمه الحاقی جابه‌جایی",
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
    subject: str = "contract"  # contract | renewal | additional | swap: what the cheque paid for
    endorsement_number: int | None = None


def receipt_copies(agency: str | None) -> tuple[str, ...]:
    """Always four (K58): without an introducing agency, its copy stays with the issuing office."""
    return tuple("no_agency" if c == "agency" and not agency else c for c in COPIES)


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
        line(pdf, f"بابت: {SUBJECT_TITLES.get(data.subject, data.subject)}")
        if data.endorsement_number is not None:
            line(pdf, f"شماره الحاقیه: {data.endorsement_number}")
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
