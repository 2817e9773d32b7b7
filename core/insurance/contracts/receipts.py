"""The receipt (قبض رسید) for a premium cheque: one PDF, a page per copy, laid out as the office's form.

Four copies, as the seed lists them (K58–61, K121–125): the customer, the accounting and
statistics department, the introducing agency (when there is none, that copy is marked for
the issuing office), the archive. An endorsement's receipt names the endorsement and its number
(an additional or swap endorsement in the endorsement register, a renewal in the contract register).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from core.insurance.shared import form_layout as form
from core.insurance.shared.models import ADDITIONAL, SWAP, Payment
from core.insurance.shared.pdf import persian_pdf
from core.jalali import format_date
from core.number_words import fa_amount
from core.ports import UnitOfWork

if TYPE_CHECKING:
    from core.insurance.contracts.service import InsuranceService

DEFAULT_INSURER = "شرکت بیمه"
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
SIGNATURES = ("صندوق / اداره کل حسابداری و آمار", "رئیس اداره صدور", "بیمه‌گذار (تحویل‌گیرنده)")


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


def paid_for(data: ReceiptData) -> str:
    """What the cheque paid for, with the endorsement's number: «حق بیمه الحاقی اضافی شماره ۱۲ قرارداد ۳۰۰۰۴۲»."""
    title = SUBJECT_TITLES.get(data.subject, SUBJECT_TITLES["contract"])
    if data.subject == "renewal":  # the renewal endorsement is numbered in the contract register (K126)
        return f"{title} شماره {data.contract_number}"
    if data.endorsement_number is not None:
        return f"{title} شماره {data.endorsement_number} قرارداد {data.contract_number}"
    return f"{title} شماره {data.contract_number}"


def receipt_pdf(data: ReceiptData, font_dir: str | None = None, code: str | None = None,
                insurer: str = DEFAULT_INSURER) -> bytes:
    pdf = persian_pdf(font_dir, code=code, made_on=data.paid_on)
    pdf.set_title(f"Receipt {data.receipt_number} - contract {data.contract_number}")
    head = form.Heading(insurer, data.office, "قبض رسید حق بیمه", "شماره قبض رسید", str(data.receipt_number),
                        data.paid_on, f"بیمه حوادث گروهی مهدکودک‌ها — بابت {paid_for(data)}")
    copies = receipt_copies(data.agency)
    for index, copy in enumerate(copies, start=1):
        pdf.start_copy()
        form.heading(pdf, head)
        form.copy_band(pdf, COPY_TITLES[copy], index, len(copies))
        form.fields(pdf, [
            ("بیمه‌گذار", data.policyholder),
            ("شماره قرارداد", data.contract_number),
            ("طرح", PLAN_TITLES.get(data.plan, data.plan)),
            ("تعداد بیمه‌شدگان", f"{data.persons} نفر"),
            ("مدت", f"از {format_date(data.start, 'fa')} تا {format_date(data.end, 'fa')}"),
            ("نمایندگی معرف", data.agency or "ندارد"),
            ("چک شماره", data.cheque),
            ("تاریخ دریافت چک", format_date(data.paid_on, "fa")),
        ])
        form.table(pdf, (form.Column("ردیف", 1, "C"), form.Column("شرح", 6), form.Column("مبلغ (ریال)", 2.4, "C")),
                   [(1, paid_for(data), fa_amount(data.amount))], total=("", "جمع", fa_amount(data.amount)))
        form.amount(pdf, "مبلغ دریافتی", data.amount)
        form.note(pdf, "این قبض بی مهر و امضای صندوق معتبر نیست؛ درستی آن را با کد تصدیق پای برگ بپرسید.")
        form.signatures(pdf, SIGNATURES)
    return bytes(pdf.output())


def receipt_data(uow: UnitOfWork, service: InsuranceService, payment: Payment) -> ReceiptData:
    """What a payment's receipt says: the contract, and the endorsement when it paid for one."""
    contract = uow.contracts.get(payment.contract_id)
    assert contract is not None
    holder = service._holder(uow, contract)
    endorsement = uow.endorsements.get(payment.endorsement_id) if payment.endorsement_id else None
    subject = (endorsement.kind if endorsement else "renewal" if contract.renewal_of else "contract")
    persons = uow.members.count_insured_on(contract.id, max(payment.paid_on, contract.start))
    if endorsement is not None:
        persons = len(endorsement.details.get("persons", []))
    return ReceiptData(payment.receipt_number, contract.number, holder.name, contract.plan, payment.amount,
                       payment.cheque, payment.paid_on, contract.start, contract.end, persons, contract.office,
                       contract.agency, subject if subject in (ADDITIONAL, SWAP, "renewal") else "contract",
                       endorsement.number if endorsement else None)
