"""The six-monthly statistics of paid claims of one contract (K13): three copies, laid out as the office's
form. The policyholder's, the contract's officers' (the Education region or office, who review and
approve it), the branch's archive; each with the orders paid in the period, their total in figures and in
words, and the boxes for the officers' approval.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import jdatetime

from core.insurance.contracts.quotes import A4
from core.insurance.contracts.receipts import DEFAULT_INSURER
from core.insurance.shared import form_layout as form
from core.insurance.shared.pdf import persian_pdf
from core.jalali import TEHRAN, format_date
from core.number_words import fa_amount

if TYPE_CHECKING:
    from core.insurance.reports.claims import SemiannualStatistics

COPIES = (
    "نسخه بیمه‌گذار",
    "نسخه مسئولین اجرای قرارداد در مناطق و ادارات آموزش و پرورش",
    "نسخه بایگانی شعبه",
)
COLUMNS = (form.Column("ردیف", 1.0, "C"), form.Column("شماره حواله", 1.3, "C"), form.Column("شماره پرونده", 1.3, "C"),
           form.Column("بیمه‌شده", 3.0), form.Column("نوع خسارت", 1.8), form.Column("تاریخ حادثه", 1.5, "C"),
           form.Column("تاریخ حواله", 1.5, "C"), form.Column("مبلغ (ریال)", 2.0, "C"))


def statistics_pdf(stats: SemiannualStatistics, label: Callable[[str], str] = str, font_dir: str | None = None,
                   code: str | None = None, insurer: str = DEFAULT_INSURER) -> bytes:
    last_day = (jdatetime.date.fromgregorian(date=stats.end) - jdatetime.timedelta(days=1)).togregorian()
    pdf = persian_pdf(font_dir, page=A4, code=code, made_on=last_day)
    pdf.set_title(f"Paid claims - contract {stats.contract_number} - period {stats.period}")
    head = form.Heading(insurer, stats.office, "آمار غرامت پرداختی شش‌ماهه", "شماره قرارداد",
                        str(stats.contract_number), last_day,
                        f"دوره {stats.period}: از {format_date(stats.start, 'fa')} تا {format_date(last_day, 'fa')}")
    lines = sorted(stats.lines, key=lambda x: (x.contract_number, x.order_number))
    rows = [(n, x.order_number, x.claim_number, x.insured, label(f"claims.kind.{x.kind}"),
             format_date(x.incident_date, "fa"), format_date(x.ordered_at.astimezone(TEHRAN), "fa"), fa_amount(x.amount))
            for n, x in enumerate(lines, start=1)]
    for index, copy in enumerate(COPIES, start=1):
        pdf.start_copy()
        form.heading(pdf, head)
        form.copy_band(pdf, copy, index, len(COPIES))
        form.fields(pdf, [("بیمه‌گذار", stats.policyholder), ("شماره قرارداد", stats.contract_number),
                          ("تعداد حواله‌ها", len(lines)), ("شعبه", stats.office)])
        if rows:
            form.table(pdf, COLUMNS, rows, total=("", "", "", "جمع", "", "", "", fa_amount(stats.total)))
        else:
            form.note(pdf, "در این دوره غرامتی پرداخت نشده است.", size=10)
        form.amount(pdf, "جمع غرامت پرداختی", stats.total)
        form.note(pdf, "پس از تطبیق با دفاتر حسابداری، به پیوست رونوشت حواله‌های مربوط.")
        form.signatures(pdf, ("رئیس شعبه", "رویت و تأیید مسئولین اجرای قرارداد", "بیمه‌گذار"))
    return bytes(pdf.output())
