"""The endorsement (الحاقیه): printed when it is issued and sent to the policyholder (K91, K94, K98).

Its number in the endorsement register, the contract it changes, the day it takes effect, each person
it adds, removes or corrects, and what it costs or returns, in figures and in words. Two copies: the
policyholder's, and the issuing office's, which goes with the register («اصل مدارک الحاقیه‌ها» are sent
with the monthly reports, K100–103). The seed does not say how many copies: the office's reading.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from core.insurance.contracts.quotes import A4
from core.insurance.contracts.receipts import DEFAULT_INSURER, PLAN_TITLES
from core.insurance.shared import form_layout as form
from core.insurance.shared.pdf import persian_pdf
from core.jalali import format_date
from core.number_words import fa_amount

KIND_TITLES = {
    "additional": "الحاقی اضافی",
    "return": "الحاقی برگشتی",
    "no_financial": "الحاقی بدون بار مالی",
    "swap": "الحاقی جابه‌جایی (افزایش و کاهش در یک تاریخ)",
    "cancel_insurer": "الحاقی فسخ قرارداد از سوی بیمه‌گر",
    "cancel_policyholder": "الحاقی فسخ قرارداد به درخواست بیمه‌گذار",
}
CHANGES = {"joins": "افزوده", "leaves": "کاسته", "corrected": "اصلاح مشخصات"}
COPIES = ("نسخه بیمه‌گذار", "نسخه اداره صدور (پیوست دفتر الحاقیه‌ها)")
COLUMNS = (form.Column("ردیف", 1.0, "C"), form.Column("نام و نام خانوادگی", 3.4), form.Column("کد ملی", 1.8, "C"),
           form.Column("نسبت", 1.6), form.Column("تغییر", 1.6), form.Column("مبلغ (ریال)", 2.0, "C"))


@dataclass(frozen=True)
class EndorsementPerson:
    national_id: str
    name: str
    role: str
    change: str  # joins | leaves | corrected
    amount: int | None  # what this person adds (+) or returns (−); None when not recorded


@dataclass(frozen=True)
class EndorsementData:
    number: int
    kind: str
    contract_number: int
    policyholder: str
    plan: str
    effective: date
    issued_on: date
    contract_end: date
    office: str
    agency: str | None
    amount: int  # positive: owed by the policyholder; negative: a refund to them
    persons: Sequence[EndorsementPerson]
    receipt_number: int | None = None  # the cheque's receipt, for one that was paid
    note: str = ""


def amount_label(amount: int) -> str:
    if amount > 0:
        return "حق بیمه اضافی (دریافت شد)"
    if amount < 0:
        return "حق بیمه برگشتی (قابل پرداخت به بیمه‌گذار)"
    return "اثر مالی"


def endorsement_pdf(data: EndorsementData, label: Callable[[str], str], font_dir: str | None = None,
                    code: str | None = None, insurer: str = DEFAULT_INSURER) -> bytes:
    pdf = persian_pdf(font_dir, page=A4, code=code, made_on=data.issued_on)
    pdf.set_title(f"Endorsement {data.number} - contract {data.contract_number}")
    title = KIND_TITLES.get(data.kind, "الحاقیه")
    head = form.Heading(insurer, data.office, f"الحاقیه — {title}", "شماره الحاقیه", str(data.number),
                        data.issued_on, f"به قرارداد بیمه حوادث گروهی مهدکودک‌ها شماره {data.contract_number}")
    pairs: list[tuple[str, object]] = [
        ("بیمه‌گذار", data.policyholder),
        ("شماره قرارداد", data.contract_number),
        ("طرح", PLAN_TITLES.get(data.plan, data.plan)),
        ("تاریخ اجرا", format_date(data.effective, "fa")),
        ("پایان قرارداد", format_date(data.contract_end, "fa")),
        ("تعداد افراد", f"{len(data.persons)} نفر"),
        ("نمایندگی معرف", data.agency or "ندارد"),
        ("قبض رسید", data.receipt_number if data.receipt_number is not None else "ندارد"),
    ]
    rows = [(n, p.name or "—", p.national_id, label(f"role_label.{p.role}") if p.role else "—",
             CHANGES.get(p.change, p.change), fa_amount(p.amount) if p.amount is not None else "—")
            for n, p in enumerate(data.persons, start=1)]
    for index, copy in enumerate(COPIES, start=1):
        pdf.start_copy()
        form.heading(pdf, head)
        form.copy_band(pdf, copy, index, len(COPIES))
        form.fields(pdf, pairs, columns=2)
        if rows:
            form.table(pdf, COLUMNS, rows, total=("", "جمع", "", "", "", fa_amount(data.amount)))
        form.amount(pdf, amount_label(data.amount), abs(data.amount))
        if data.note:
            form.note(pdf, f"توضیح: {data.note}")
        form.note(pdf, "سایر شرایط قرارداد بدون تغییر به قوت خود باقی است. این الحاقیه جزء لاینفک قرارداد است.")
        form.signatures(pdf, ("کارشناس صدور", "رئیس اداره صدور", "بیمه‌گذار"))
    return bytes(pdf.output())
