"""Reports of paid claims (payment orders issued).

- Monthly, to the three departments the seed names: the paid claims in detail, by
  contract, «به پیوست رونوشت حواله‌های صادر شده». XLSX right to left with Jalali dates,
  rial format and totals; CSV with the same lines and a total.
- Every six months from the contract's start, the statistics of paid claims of one
  contract in three copies: the policyholder's, the contract's officers' (the
  Education region or office, who review and approve it), the branch's archive.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import jdatetime

from core.insurance.reports import RIAL_FORMAT, workbook_with_cover
from core.jalali import TEHRAN, format_date

DEPARTMENTS = (
    "اداره کل آمار و اتکایی",
    "اداره کل حسابداری و آمار",
    "اداره نظارت بر خسارت بیمه‌نامه‌ها",
)
CSV_COLUMNS = ("order_number", "claim_number", "contract", "policyholder", "office", "insured", "kind",
               "incident_date", "ordered_on", "amount", "collected_on")
HEADERS_FA = ("شماره حواله", "شماره پرونده", "شماره قرارداد", "بیمه‌گذار", "اداره صدور", "بیمه‌شده", "نوع خسارت",
              "تاریخ حادثه", "تاریخ حواله", "مبلغ (ریال)", "تاریخ دریافت چک")
SEMIANNUAL_COPIES = (
    "نسخه بیمه‌گذار",
    "نسخه مسئولین اجرای قرارداد در مناطق و ادارات آموزش و پرورش",
    "نسخه بایگانی شعبه",
)


@dataclass(frozen=True)
class OrderLine:
    order_number: int
    claim_number: int
    contract_number: int
    policyholder: str
    office: str
    insured: str
    kind: str
    incident_date: date
    ordered_at: datetime
    amount: int
    collected_at: datetime | None

    def cells(self, kind: Callable[[str], str] = str) -> tuple[object, ...]:
        collected = format_date(self.collected_at.astimezone(TEHRAN), "en") if self.collected_at else ""
        return (self.order_number, self.claim_number, self.contract_number, self.policyholder, self.office,
                self.insured, kind(self.kind), format_date(self.incident_date, "en"),
                format_date(self.ordered_at.astimezone(TEHRAN), "en"), self.amount, collected)


def by_contract(lines: list[OrderLine]) -> list[tuple[int, str, int, int]]:
    """(contract, policyholder, orders, rials) by contract number."""
    grouped: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for x in lines:
        grouped[(x.contract_number, x.policyholder)][0] += 1
        grouped[(x.contract_number, x.policyholder)][1] += x.amount
    return [(number, holder, count, amount) for (number, holder), (count, amount) in sorted(grouped.items())]


@dataclass
class ClaimsMonthlyReport:
    year: int
    month: int
    lines: list[OrderLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year:04d}/{self.month:02d}"

    @property
    def total(self) -> int:
        return sum(x.amount for x in self.lines)


@dataclass
class SemiannualStatistics:
    contract_number: int
    policyholder: str
    office: str
    period: int
    start: date
    end: date  # exclusive
    lines: list[OrderLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(x.amount for x in self.lines)


def add_jalali_months(day: date, months: int) -> date:
    """The same Jalali day ``months`` later; the month's last day when it has fewer days."""
    j = jdatetime.date.fromgregorian(date=day)
    index = j.year * 12 + (j.month - 1) + months
    year, month = divmod(index, 12)
    for d in range(j.day, 0, -1):
        try:
            return jdatetime.date(year, month + 1, d).togregorian()
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a first day


def semiannual_period(start: date, period: int) -> tuple[date, date]:
    """The ``period``-th six months (1, 2, ...) from a contract's start: [from, until)."""
    return add_jalali_months(start, 6 * (period - 1)), add_jalali_months(start, 6 * period)


def _sorted(lines: list[OrderLine]) -> list[OrderLine]:
    return sorted(lines, key=lambda x: (x.contract_number, x.order_number))


def claims_report_csv(report: ClaimsMonthlyReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for x in _sorted(report.lines):
        writer.writerow(x.cells())
    writer.writerow(("total", "", "", "", "", "", "", "", "", report.total, ""))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def claims_report_xlsx(report: ClaimsMonthlyReport, label: Callable[[str], str] = str) -> bytes:
    from openpyxl.styles import Font

    def kind(code: str) -> str:
        return label(f"claims.kind.{code}")

    bold = Font(bold=True)
    book = workbook_with_cover(
        f"گزارش ریز هزینه‌های پرداخت شده به تفکیک قراردادها — بیمه حوادث گروهی مهدکودک‌ها — {report.title}",
        "به پیوست رونوشت حواله‌های صادر شده. گیرندگان:", DEPARTMENTS, 80)

    sheet = book.create_sheet("حواله‌ها")
    sheet.sheet_view.rightToLeft = True
    sheet.append(HEADERS_FA)
    bold_rows = [1]
    for contract, holder, count, amount in by_contract(report.lines):
        for x in _sorted([x for x in report.lines if x.contract_number == contract]):
            sheet.append(x.cells(kind))
        sheet.append(["", "", contract, holder, "", f"جمع قرارداد ({count} حواله)", "", "", "", amount, ""])
        bold_rows.append(sheet.max_row)
    sheet.append(["جمع کل", "", "", "", "", "", "", "", "", report.total, ""])
    bold_rows.append(sheet.max_row)
    for row in bold_rows:
        for cell in sheet[row]:
            cell.font = bold
    for row in sheet.iter_rows(min_row=2, min_col=10, max_col=10):
        row[0].number_format = RIAL_FORMAT
    for column, width in zip("ABCDEFGHIJK", (12, 12, 14, 30, 30, 24, 16, 12, 12, 18, 14)):
        sheet.column_dimensions[column].width = width

    summary = book.create_sheet("جمع به تفکیک قرارداد")
    summary.sheet_view.rightToLeft = True
    summary.append(("شماره قرارداد", "بیمه‌گذار", "تعداد حواله", "مبلغ (ریال)"))
    for contract, holder, count, amount in by_contract(report.lines):
        summary.append((contract, holder, count, amount))
    summary.append(("جمع کل", "", len(report.lines), report.total))
    for row in summary.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].number_format = RIAL_FORMAT
    for cell in summary[1] + summary[summary.max_row]:
        cell.font = bold
    summary.column_dimensions["B"].width = 40
    summary.column_dimensions["D"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def semiannual_pdf(stats: SemiannualStatistics, font_dir: str | None = None,
                   label: Callable[[str], str] = str, code: str | None = None) -> bytes:
    """The statistics in three copies, as the office's form (core/insurance/statistics_document.py); `code`:
    its verification code (InsuranceDocuments.statistics issues one)."""
    from core.insurance.statistics_document import statistics_pdf

    return statistics_pdf(stats, label, font_dir, code)


def semiannual_xlsx(stats: SemiannualStatistics, label: Callable[[str], str] = str) -> bytes:
    """The same statistics as a workbook: one right-to-left sheet per copy."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    book.remove(book.active)
    last_day = jdatetime.date.fromgregorian(date=stats.end) - jdatetime.timedelta(days=1)
    for number, copy in enumerate(SEMIANNUAL_COPIES, start=1):
        sheet = book.create_sheet(f"نسخه {number}")
        sheet.sheet_view.rightToLeft = True
        sheet.append([f"آمار غرامت پرداختی شش‌ماهه — قرارداد {stats.contract_number} — {stats.policyholder}"])
        sheet.append([copy])
        sheet.append([f"دوره {stats.period}: از {format_date(stats.start, 'en')} تا {format_date(last_day, 'en')}"])
        sheet.append(HEADERS_FA)
        header_row = sheet.max_row
        for x in _sorted(stats.lines):
            sheet.append(x.cells(lambda code: label(f"claims.kind.{code}")))
        sheet.append(["جمع", "", "", "", "", "", "", "", "", stats.total, ""])
        for cell in sheet[1] + sheet[header_row] + sheet[sheet.max_row]:
            cell.font = bold
        for row in sheet.iter_rows(min_row=header_row + 1, min_col=10, max_col=10):
            row[0].number_format = RIAL_FORMAT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
