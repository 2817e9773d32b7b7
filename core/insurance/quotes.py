"""The quote («طرح بیمه حوادث», K57): the premium of every person, sent to the policyholder before
the cheque. One PDF: the terms, each person's premium with the rules applied, the total to pay.

Its fixed words are Persian (like the receipt's); the rule and role names come from the
caller's `label` (the bot's Persian catalog: `insurance_chat.rule.<code>`, `role_label.<role>`),
so no code reaches the reader.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from core.insurance.pdf import line, persian_pdf
from core.insurance.receipts import PLAN_TITLES, rials
from core.jalali import format_date

SUBJECT_TITLES = {
    "contract": "طرح بیمه حوادث گروهی مهدکودک‌ها",
    "renewal": "حق بیمه تمدید قرارداد (الحاقی تمدیدی)",
    "additional": "طرح الحاقی اضافی",
    "swap": "طرح الحاقی جابه‌جایی",
}


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


def quote_pdf(data: QuoteData, label: Callable[[str], str], font_dir: str | None = None) -> bytes:
    pdf = persian_pdf(font_dir)
    pdf.set_title(f"Proposal {data.proposal_number}")
    pdf.add_page()
    line(pdf, SUBJECT_TITLES.get(data.subject, data.subject), size=14, bold=True, height=10)
    line(pdf, f"شماره طرح: {data.proposal_number} — تاریخ: {format_date(data.proposed_on, 'fa')}")
    if data.contract_number is not None:
        line(pdf, f"شماره قرارداد: {data.contract_number}")
    line(pdf, f"بیمه‌گذار: {data.policyholder}")
    line(pdf, f"طرح: {PLAN_TITLES.get(data.plan, data.plan)} — سرمایه فوت و نقص عضو: {rials(data.death_capital)}"
              f" ریال" + (f" — هزینه پزشکی: {rials(data.medical_capital)} ریال" if data.medical_capital else ""))
    line(pdf, f"پوشش: از {format_date(data.start, 'fa')} تا {format_date(data.end, 'fa')}"
              f" — {len(data.lines)} نفر — تخفیف توافق‌شده: {data.discount_percent}٪")
    line(pdf, f"اداره صدور: {data.office}" + (f" — نمایندگی معرف: {data.agency}" if data.agency else ""))
    pdf.ln(2)
    for n, item in enumerate(data.lines, start=1):
        rules = "، ".join(f"{label(f'insurance_chat.rule.{code}')} {percent}٪: {rials(amount)}"
                          for code, percent, amount in item.rules)
        line(pdf, f"{n}. {item.name} ({item.national_id}) — {label(f'role_label.{item.role}')} — "
                  f"{rials(item.amount)} ریال"
                  + (f" — {rules}" if rules else ""), size=9, height=6)
    pdf.ln(2)
    line(pdf, f"مبلغ قابل پرداخت: {rials(data.total)} ریال", size=12, bold=True)
    line(pdf, "پس از دریافت چک حق بیمه، قبض رسید در چهار نسخه صادر و قرارداد صادر و شماره‌گذاری می‌شود.", size=9)
    return bytes(pdf.output())
