"""Reports of paid claims (payment orders issued).

- Monthly, to the three departments the seed names (K201–204): the paid claims in detail, by
  contract, «به پیوست رونوشت حواله‌های صادر شده». XLSX right to left with Jalali dates,
  rial format and totals; CSV with the same lines and a total.
- Every six months from the contract's start (K13), the statistics of paid claims of one
  contract in three copies: the policyholder's, the contract's officers' (the Education region
  or office, who review and approve it), the branch's archive.

Every word of the workbooks and CSV comes from the catalogs through `t` (the departments' copy is
Persian); the PDF's wording is the documents' own (core/insurance/shared/pdf.py).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import jdatetime

from core.insurance.reports.monthly import CLAIMS, DEPARTMENTS, Label, cover_rows, jalali
from core.insurance.reports.spreadsheets import add_sheet, csv_bytes, new_workbook, workbook_bytes
from core.jalali import format_date

COLUMNS = ("order", "claim", "contract", "policyholder", "office", "insured", "claim_kind", "incident_on",
           "ordered_on", "amount", "collected_on")
WIDTHS = (12, 12, 14, 30, 30, 24, 16, 12, 12, 18, 14)
AMOUNT_COLUMN = 10
SEMIANNUAL_COPIES = (
    "نسخه بیمه‌گذار",
    "نسخه مسئولین اجرای قرارداد در مناطق و ادارات آموزش و پرورش",
    "نسخه بایگانی شعبه",
)
SEMIANNUAL_COPY_KEYS = ("policyholder", "officers", "archive")


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

    def cells(self, t: Label) -> list[object]:
        return [self.order_number, self.claim_number, self.contract_number, self.policyholder, self.office,
                self.insured, t(f"claims.kind.{self.kind}"), jalali(self.incident_date), jalali(self.ordered_at),
                self.amount, jalali(self.collected_at) if self.collected_at else ""]


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


def _header(t: Label) -> list[object]:
    return [t(f"report.column.{c}") for c in COLUMNS]


def _total_row(t: Label, label: str, amount: int) -> list[object]:
    return [t(label), *([""] * (AMOUNT_COLUMN - 2)), amount, ""]


def claims_report_csv(report: ClaimsMonthlyReport, t: Label) -> bytes:
    return csv_bytes([_header(t), *(x.cells(t) for x in _sorted(report.lines)),
                      _total_row(t, "report.total", report.total)])


def claims_report_xlsx(report: ClaimsMonthlyReport, t: Label) -> bytes:
    book = new_workbook()
    title = t(f"report.title.{CLAIMS}", month=report.title)
    add_sheet(book, t("report.sheet.cover"), cover_rows(title, t, DEPARTMENTS[CLAIMS], t(f"report.attached.{CLAIMS}")),
              widths=(90,), bold_rows=(1,))
    rows: list[list[object]] = [_header(t)]
    bold = [1]
    for contract, holder, count, amount in by_contract(report.lines):
        rows += [x.cells(t) for x in _sorted([x for x in report.lines if x.contract_number == contract])]
        rows.append(["", "", contract, holder, "", t("report.contract_total", orders=count), "", "", "", amount, ""])
        bold.append(len(rows))
    rows.append(_total_row(t, "report.grand_total", report.total))
    add_sheet(book, t("report.sheet.orders"), rows, money_columns=(AMOUNT_COLUMN,), widths=WIDTHS,
              bold_rows=(*bold, len(rows)))
    summary: list[list[object]] = [[t("report.column.contract"), t("report.column.policyholder"),
                                    t("report.column.orders"), t("report.column.amount")]]
    summary += [[contract, holder, count, amount] for contract, holder, count, amount in by_contract(report.lines)]
    summary.append([t("report.grand_total"), "", len(report.lines), report.total])
    add_sheet(book, t("report.sheet.by_contract"), summary, money_columns=(4,), widths=(14, 40, 12, 18),
              bold_rows=(1, len(summary)))
    return workbook_bytes(book)


def semiannual_pdf(stats: SemiannualStatistics, font_dir: str | None = None,
                   label: Callable[[str], str] = str, code: str | None = None) -> bytes:
    """The statistics in three copies, as the office's form (statistics_document.py); `code`: its
    verification code (InsuranceDocuments.statistics issues one)."""
    from core.insurance.reports.statistics_document import statistics_pdf

    return statistics_pdf(stats, label, font_dir, code)


def semiannual_xlsx(stats: SemiannualStatistics, t: Label) -> bytes:
    """The same statistics as a workbook: one right-to-left sheet per copy."""
    book = new_workbook()
    last_day = jdatetime.date.fromgregorian(date=stats.end) - jdatetime.timedelta(days=1)
    for number, copy in enumerate(SEMIANNUAL_COPY_KEYS, start=1):
        rows: list[list[object]] = [
            [t("report.title.semiannual", contract=stats.contract_number, policyholder=stats.policyholder)],
            [t(f"report.copy.{copy}")],
            [t("report.period", period=stats.period, start=format_date(stats.start, "en"),
               end=format_date(last_day, "en"))],
            _header(t),
            *(x.cells(t) for x in _sorted(stats.lines)),
            _total_row(t, "report.total", stats.total),
        ]
        add_sheet(book, t("report.sheet.copy", number=number), rows, money_columns=(AMOUNT_COLUMN,), widths=WIDTHS,
                  bold_rows=(1, 4, len(rows)))
    return workbook_bytes(book)
