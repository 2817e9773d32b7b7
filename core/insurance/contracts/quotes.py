"""The quote («طرح بیمه حوادث», K57): the premium of every person, sent to the policyholder before
the cheque. One PDF, laid out as the office's form: the terms, a table of each person's premium with
the rules applied, the total to pay in figures and in words, the issuing office's signature.

Its fixed words are Persian (like the receipt's); the rule and role names come from the
caller's `label` (the bot's Persian catalog: `insurance_chat.rule.<code>`, `role_label.<role>`),
so no code reaches the reader.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from core.insurance.contracts.receipts import DEFAULT_INSURER, PLAN_TITLES
from core.insurance.shared import form_layout as form
from core.insurance.shared.pdf import persian_pdf
from core.jalali import format_date
from core.number_words import fa_amount

A4 = (210, 297)
SUBJECT_TITLES = {
    "contract": "طرح بیمه حوادث گروهی مهدکودک‌ها",
    "renewal": "حق بیمه تمدید قرارداد (الحاقی تمدیدی)",
    "additional": "طرح الحاقی اضافی",
    "swap": "طرح الحاقی جابه‌جایی",
}
COLUMNS = (form.Column("ردیف", 1.0, "C"), form.Column("نام و نام خانوادگی", 3.2), form.Column("کد ملی", 1.7, "C"),
           form.Column("نسبت", 1.5), form.Column("قواعد اعمال‌شده", 4.2), form.Column("حق بیمه (ریال)", 1.9, "C"))


@dataclass(frozen=True)
class QuoteLine:
    national_id: str
    name: str
    role: str
    amount: int  # what this person is charged
    rules: Sequence[tuple[str, int, int]] = ()  # (rule code, percent, amount)


@dataclass(frozen=True)
class QuoteData:
    proposal_number: int
    subject: str  # contract | renewal | additional | swap
    policyholder: str
    plan: str
    death_capital: int
    medical_capital: int
    start: date  # the cover: the contract's start, or the endorsement's effective date
    end: date
    proposed_on: date
    office: str
    agency: str | None
    discount_percent: int
    lines: Sequence[QuoteLine]
    total: int
    contract_number: int | None = None  # the contract endorsed or renewed


def quote_pdf(data: QuoteData, label: Callable[[str], str], font_dir: str | None = None, code: str | None = None,
              insurer: str = DEFAULT_INSURER) -> bytes:
    pdf = persian_pdf(font_dir, page=A4, code=code, made_on=data.proposed_on)
    pdf.set_title(f"Proposal {data.proposal_number}")
    pdf.start_copy()
    form.heading(pdf, form.Heading(insurer, data.office, SUBJECT_TITLES.get(data.subject, data.subject),
                                   "شماره طرح", str(data.proposal_number), data.proposed_on,
                                   "بیمه حوادث گروهی مهدکودک‌ها — برای بیمه‌گذار"))
    pairs: list[tuple[str, object]] = [("بیمه‌گذار", data.policyholder)]
    if data.contract_number is not None:
        pairs.append(("شماره قرارداد", data.contract_number))
    pairs += [
        ("طرح", PLAN_TITLES.get(data.plan, data.plan)),
        ("سرمایه فوت و نقص عضو", f"{fa_amount(data.death_capital)} ریال"),
        ("سرمایه هزینه پزشکی", f"{fa_amount(data.medical_capital)} ریال" if data.medical_capital else "ندارد"),
        ("پوشش", f"از {format_date(data.start, 'fa')} تا {format_date(data.end, 'fa')}"),
        ("تعداد بیمه‌شدگان", f"{len(data.lines)} نفر"),
        ("تخفیف توافق‌شده", f"{data.discount_percent}٪"),
        ("نمایندگی معرف", data.agency or "ندارد"),
    ]
    form.fields(pdf, pairs, columns=3)
    rows = []
    for n, item in enumerate(data.lines, start=1):
        rules = "، ".join(f"{label(f'insurance_chat.rule.{code}')} {percent}٪: {fa_amount(amount)}"
                          for code, percent, amount in item.rules)
        rows.append((n, item.name or "—", item.national_id, label(f"role_label.{item.role}"), rules or "—",
                     fa_amount(item.amount)))
    form.table(pdf, COLUMNS, rows, total=("", "جمع", "", "", "", fa_amount(data.total)))
    form.amount(pdf, "مبلغ قابل پرداخت", data.total)
    form.note(pdf, "پس از دریافت چک حق بیمه، قبض رسید در چهار نسخه صادر و قرارداد یا الحاقیه صادر و "
                   "شماره‌گذاری می‌شود.")
    form.signatures(pdf, ("کارشناس صدور", "رئیس اداره صدور"))
    return bytes(pdf.output())
