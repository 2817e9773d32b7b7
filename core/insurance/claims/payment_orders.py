"""The payment order (حواله پرداخت خسارت): one PDF, a page per copy, laid out as the office's form.

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

from core.insurance.contracts.quotes import A4
from core.insurance.contracts.receipts import DEFAULT_INSURER
from core.insurance.shared import form_layout as form
from core.insurance.shared.pdf import persian_pdf
from core.jalali import TEHRAN, format_date
from core.number_words import fa_amount

COPIES = ("claims_archive", "policyholder", "accounting")
COPY_TITLES = {
    "claims_archive": "نسخه بایگانی اداره خسارت حوادث",
    "policyholder": "نسخه بیمه‌گذار (برای دریافت چک از اداره کل حسابداری و آمار)",
    "accounting": "نسخه اداره کل حسابداری و آمار",
}
ITEM_COLUMNS = (form.Column("ردیف", 1, "C"), form.Column("شرح", 6), form.Column("مبلغ (ریال)", 2.4, "C"))
SHARE_COLUMNS = (form.Column("سهم", 6), form.Column("مبلغ (ریال)", 2.4, "C"))
SIGNATURES = ("کارشناس اداره خسارت", "رئیس اداره خسارت", "دریافت‌کننده چک")


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
                      label: Callable[[str], str] = str, code: str | None = None,
                      insurer: str = DEFAULT_INSURER) -> bytes:
    ordered_on = data.ordered_at.astimezone(TEHRAN).date()
    pdf = persian_pdf(font_dir, page=A4, code=code, made_on=ordered_on)
    pdf.set_title(f"Payment order {data.order_number} - claim {data.claim_number}")
    head = form.Heading(insurer, data.office, "حواله پرداخت خسارت", "شماره حواله", str(data.order_number),
                        ordered_on, "بیمه حوادث گروهی مهدکودک‌ها")
    rows = [(n, rule_label(rule, label), fa_amount(amount)) for n, (rule, amount) in enumerate(data.breakdown, start=1)]
    for index, copy in enumerate(COPIES, start=1):
        pdf.start_copy()
        form.heading(pdf, head)
        form.copy_band(pdf, COPY_TITLES[copy], index, len(COPIES))
        form.fields(pdf, [
            ("شماره پرونده خسارت", data.claim_number),
            ("شماره قرارداد", data.contract_number),
            ("بیمه‌گذار", data.policyholder),
            ("بیمه‌شده", data.insured),
            ("کد ملی", data.national_id),
            ("نوع خسارت", label(f"claims.kind.{data.kind}")),
            ("تاریخ حادثه", format_date(data.incident_date, "fa")),
            ("تاریخ حواله", format_date(ordered_on, "fa")),
        ])
        form.table(pdf, ITEM_COLUMNS, rows, total=("", "جمع", fa_amount(sum(a for _, a in data.breakdown))))
        form.amount(pdf, "مبلغ حواله", data.amount)
        if data.shares:
            form.table(pdf, SHARE_COLUMNS, [(beneficiary_label(to, label), fa_amount(amount)) for to, amount in data.shares])
        form.note(pdf, "مبلغ حواله برابر مبلغ مورد تأیید پزشک معتمد بیمه است. بیمه‌گذار با ارائه نسخه خود چک را از "
                       "اداره کل حسابداری و آمار دریافت می‌کند.")
        form.signatures(pdf, SIGNATURES)
    return bytes(pdf.output())
