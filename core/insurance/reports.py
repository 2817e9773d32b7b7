"""Monthly reports of contracts and endorsements issued (گزارش ماهانه قراردادها و الحاقیه‌ها).

One report goes to each of the four departments the seed names; its body is the
same for all: the month's contracts (renewals among them) and endorsements, then
totals by issuing office, by introducing agency, and for the whole company.
The XLSX sheets are right to left, dates Jalali, amounts in rials with thousands
separators; the CSV holds the same lines and a total.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.jalali import TEHRAN, format_date

DEPARTMENTS = (
    "اداره کل حسابداری و آمار",
    "اداره کل آمار و اتکایی",
    "اداره نظارت بر صدور بیمه‌نامه‌ها",
    "اداره کل بیمه‌های اشخاص",
)
KIND_TITLES = {
    "contract": "قرارداد",
    "renewal": "تمدید",
    "additional": "الحاقی اضافی",
    "return": "الحاقی برگشتی",
    "no_financial": "الحاقی بدون بار مالی",
    "cancel_insurer": "فسخ از طرف بیمه‌گر",
    "cancel_policyholder": "فسخ از طرف بیمه‌گذار",
}
DIRECT = "مستقیم (بدون نمایندگی)"
COMPANY = "کل شرکت"
CSV_COLUMNS = ("record", "number", "contract", "kind", "issued_on", "policyholder", "office", "agency",
               "persons", "amount")
HEADERS_FA = ("نوع سند", "شماره", "شماره قرارداد", "شرح", "تاریخ صدور", "بیمه‌گذار", "اداره صدور",
              "نمایندگی", "تعداد نفرات", "مبلغ (ریال)")


@dataclass(frozen=True)
class ReportLine:
    record: str  # contract | renewal | endorsement
    number: int
    contract_number: int
    kind: str  # plan for a contract, endorsement kind otherwise
    issued_at: datetime
    policyholder: str
    office: str
    agency: str | None
    persons: int
    amount: int

    def cells(self) -> tuple[object, ...]:
        return (self.record, self.number, self.contract_number, self.kind, format_date(self.issued_at.astimezone(TEHRAN), "en"),
                self.policyholder, self.office, self.agency or "", self.persons, self.amount)


@dataclass
class MonthlyReport:
    year: int
    month: int
    contracts: list[ReportLine] = field(default_factory=list)
    endorsements: list[ReportLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year:04d}/{self.month:02d}"

    def lines(self) -> list[ReportLine]:
        return self.contracts + self.endorsements

    def totals(self) -> list[tuple[str, str, int, int]]:
        """(level, name, count, amount) by office, by agency, then the company."""
        rows: list[tuple[str, str, int, int]] = []
        for level, key in (("office", lambda x: x.office), ("agency", lambda x: x.agency or DIRECT)):
            grouped: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for x in self.lines():
                grouped[key(x)][0] += 1
                grouped[key(x)][1] += x.amount
            rows += [(level, name, count, amount) for name, (count, amount) in sorted(grouped.items())]
        rows.append(("company", COMPANY, len(self.lines()), sum(x.amount for x in self.lines())))
        return rows


def in_month(moment: datetime, year: int, month: int) -> bool:
    """Whether a UTC instant falls in a Jalali month, on Tehran's calendar."""
    import jdatetime

    local = jdatetime.date.fromgregorian(date=moment.astimezone(TEHRAN).date())
    return (local.year, local.month) == (year, month)


def report_csv(report: MonthlyReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in report.lines():
        writer.writerow(line.cells())
    writer.writerow(("total", "", "", "", "", "", "", "", sum(x.persons for x in report.lines()),
                     sum(x.amount for x in report.lines())))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


RIAL_FORMAT = "#,##0;-#,##0"


def workbook_with_cover(title: str, recipients_intro: str, departments: tuple[str, ...], width: int) -> Any:
    """A right-to-left workbook whose first sheet names the report and the departments it goes to."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    cover = book.active
    cover.title = "گزارش"
    cover.sheet_view.rightToLeft = True
    cover.append([title])
    cover["A1"].font = Font(bold=True)
    cover.append([recipients_intro])
    for department in departments:
        cover.append([department])
    cover.column_dimensions["A"].width = width
    return book


def report_xlsx(report: MonthlyReport) -> bytes:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = workbook_with_cover(
        f"گزارش ماهانه قراردادها و الحاقیه‌های بیمه حوادث گروهی مهدکودک‌ها — {report.title}",
        "گیرندگان:", DEPARTMENTS, 70)

    for title, lines in (("قراردادها", report.contracts), ("الحاقیه‌ها", report.endorsements)):
        sheet = book.create_sheet(title)
        sheet.sheet_view.rightToLeft = True
        sheet.append(HEADERS_FA)
        for line in lines:
            cells = list(line.cells())
            cells[0] = KIND_TITLES.get(line.record, line.record)
            cells[3] = KIND_TITLES.get(line.kind, line.kind)
            sheet.append(cells)
        sheet.append(["جمع", "", "", "", "", "", "", "", sum(x.persons for x in lines), sum(x.amount for x in lines)])
        for cell in sheet[1] + sheet[sheet.max_row]:
            cell.font = bold
        for row in sheet.iter_rows(min_row=2, min_col=10, max_col=10):
            row[0].number_format = RIAL_FORMAT
        for column, width in zip("ABCDEFGHIJ", (14, 10, 12, 22, 12, 30, 30, 24, 10, 18)):
            sheet.column_dimensions[column].width = width

    summary = book.create_sheet("جمع‌ها")
    summary.sheet_view.rightToLeft = True
    summary.append(("سطح", "نام", "تعداد", "مبلغ (ریال)"))
    level_titles = {"office": "اداره", "agency": "نمایندگی", "company": "شرکت"}
    for level, name, count, amount in report.totals():
        summary.append((level_titles[level], name, count, amount))
    for row in summary.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].number_format = RIAL_FORMAT
    for cell in summary[1] + summary[summary.max_row]:
        cell.font = bold
    summary.column_dimensions["B"].width = 40
    summary.column_dimensions["D"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
