"""The payment order (حواله پرداخت خسارت): one PDF, a page per copy, shaped Persian text.

Copies, as the seed lists them: the claims office's archive, the policyholder (who
collects the cheque with it from accounting), the accounting and statistics department.
The form's fixed words are Persian here, like the receipt's; the codes it shows (claim
kind, breakdown rules, beneficiaries) are named by the caller's ``label``, which the
bot fills from its Persian catalog.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.insurance.pdf import line, persian_pdf
from core.insurance.receipts import rials
from core.jalali import TEHRAN, format_date

COPIES = ("claims_archive", "policyholder", "accounting")
COPY_TITLES = {
    "claims_archive": "نسخه بایگانی اداره خسارت حوادث",
    "policyholder": "نسخه بیمه‌گذار (برای دریافت چک از اداره کل حسابداری و آمار)",
    "accounting": "نسخه اداره کل حسابداری و آمار",
}


@dataclass(frozen=True)
class PaymentOrderData:
    order_number: int
    claim_number: int
    contract_number: int
    policyholder: str
    insured: str
    national_id: str
    kind: str
    incident_date: date
    amount: int
    breakdown: Sequence[tuple[str, int]]
    shares: Sequence[tuple[str, int]]
    ordered_at: datetime
    office: str


def rule_label(rule: str, label: Callable[[str], str]) -> str:
    """A breakdown line's name: ``disability_table:thumb`` is the table rule and its item."""
    code, _, item = rule.partition(":")
    text = label(f"claims.rule.{code}")
    return f"{text}: {label(f'claims.disability_item.{item}')}" if item else text


def beneficiary_label(name: str, label: Callable[[str], str]) -> str:
    """father and mother are codes; an heir of an inheritance certificate is named as given."""
    return label(f"claims.beneficiary.{name}") if name in ("father", "mother") else name


def payment_order_pdf(data: PaymentOrderData, font_dir: str | None = None,
                      label: Callable[[str], str] = str) -> bytes:
    pdf = persian_pdf(font_dir)
    pdf.set_title(f"Payment order {data.order_number} - claim {data.claim_number}")
    ordered_on = data.ordered_at.astimezone(TEHRAN).date()
    for copy in COPIES:
        pdf.add_page()
        line(pdf, "حواله پرداخت خسارت — بیمه حوادث گروهی مهدکودک‌ها", size=14, bold=True, height=10)
        line(pdf, COPY_TITLES[copy], size=10)
        pdf.ln(2)
        line(pdf, f"شماره حواله: {data.order_number}", bold=True)
        line(pdf, f"تاریخ حواله: {format_date(ordered_on, 'fa')}")
        line(pdf, f"شماره پرونده خسارت: {data.claim_number}")
        line(pdf, f"شماره قرارداد: {data.contract_number} — بیمه‌گذار: {data.policyholder}")
        line(pdf, f"بیمه‌شده: {data.insured} — کد ملی: {data.national_id}")
        line(pdf, f"نوع خسارت: {label(f'claims.kind.{data.kind}')} — تاریخ حادثه: {format_date(data.incident_date, 'fa')}")
        pdf.ln(1)
        for rule, amount in data.breakdown:
            line(pdf, f"{rule_label(rule, label)}: {rials(amount)} ریال", size=10, height=7)
        pdf.ln(1)
        line(pdf, f"مبلغ حواله: {rials(data.amount)} ریال", bold=True)
        for to, amount in data.shares:
            line(pdf, f"سهم {beneficiary_label(to, label)}: {rials(amount)} ریال", size=10, height=7)
        line(pdf, "مبلغ حواله برابر مبلغ مورد تأیید پزشک معتمد بیمه است.", size=9, height=6)
        pdf.ln(4)
        line(pdf, f"کارشناس اداره خسارت — {data.office}", size=10)
    return bytes(pdf.output())
