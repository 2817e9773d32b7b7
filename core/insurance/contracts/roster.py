"""Rosters (لیست اسامی بیمه‌شدگان) as XLSX or CSV: read, check every row, write a template.

Every bad row is reported with its line number (the header is line 1) and the
reason; the caller imports nothing unless `RosterResult.ok`.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jdatetime

from core.insurance.contracts import roster_files
from core.insurance.contracts.insurable import person_problem
from core.insurance.contracts.roster_files import BadRow, RosterUnreadable, csv_line_count, read_rows, too_many_rows
from core.insurance.shared.models import EXEMPTIONS, Person
from core.insurance.shared.national_id import national_id_problem, normalize_national_id
from core.text import normalize_text

COLUMNS = ("national_id", "first_name", "last_name", "birth_date", "role", "exemption", "extra_risk",
           "primary_insurer")
PERSIAN_HEADERS = {
    "national_id": "کد ملی",
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "birth_date": "تاریخ تولد",
    "role": "نقش",
    "exemption": "معافیت",
    "extra_risk": "ریسک اضافی",
    "primary_insurer": "بیمه‌گر اول",
}
_HEADER_ALIASES = {
    **{name: name for name in COLUMNS},
    **{fa: name for name, fa in PERSIAN_HEADERS.items()},
    "کدملی": "national_id", "شماره ملی": "national_id",
    "نام‌خانوادگی": "last_name", "نام و نام خانوادگی": "full_name",
    "خطر اضافی": "extra_risk", "فعالیت پرخطر": "extra_risk",
    "بیمه گر اول": "primary_insurer", "بیمه‌گر پایه": "primary_insurer", "بیمه گر پایه": "primary_insurer",
}
_ROLE_VALUES = {"child": "child", "staff": "staff", "spouse": "spouse", "staff_child": "staff_child",
                "کودک": "child", "نوباوه": "child",
                "کارکنان": "staff", "کارمند": "staff", "پرسنل": "staff", "مربی": "staff",
                "همسر": "spouse", "همسر کارکنان": "spouse",
                "فرزند": "staff_child", "فرزند کارکنان": "staff_child", "فرزند کارمند": "staff_child"}
_EXEMPTION_VALUES = {
    **{code: code for code in EXEMPTIONS},
    "فرزند شهید": "martyr_child", "آزاده": "freed_pow", "مفقود": "missing", "مفقودالاثر": "missing",
    "جانباز": "veteran", "کمیته امداد": "relief_student",
}
_YES_NO = {"": False, "no": False, "yes": True, "خیر": False, "بله": True, "n": False, "y": True}
EXAMPLE_ROW = ("0012345679", "سارا", "محمدی", "1398/05/12", "child", "", "no", "no")


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str  # national_id_format, national_id_check_digit, duplicate, date_invalid, ...
    column: str = ""
    value: str = ""
    first_line: int | None = None  # for a duplicate: where it was first seen


@dataclass
class RosterResult:
    persons: list[Person] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # national id -> line

    @property
    def ok(self) -> bool:
        return not self.problems


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value)).strip()


def _header(row: Iterable[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        key = _HEADER_ALIASES.get(_cell_text(value).lower().replace("\u200c", " ").strip())
        key = key or _HEADER_ALIASES.get(_cell_text(value).lower())
        if key and key not in found:
            found[key] = index
    missing = [c for c in COLUMNS[:5] if c not in found]
    if missing:
        raise RosterUnreadable("missing_columns", columns=tuple(missing))
    return found


def _birth_date(value: Any) -> date | None:
    if isinstance(value, datetime | date):
        # A spreadsheet turned 1398/05/12 into a date of year 1398: its parts are Jalali.
        if value.year < 1700:
            try:
                return jdatetime.date(value.year, value.month, value.day).togregorian()
            except ValueError:
                return None
        return value.date() if isinstance(value, datetime) else value
    text = _cell_text(value).replace("-", "/")
    parts = text.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    try:
        return jdatetime.date(*(int(p) for p in parts)).togregorian()
    except ValueError:
        return None


def _person(cells: list[Any], columns: dict[str, int], line: int, today: date | None,
            cover_start: date | None = None) -> Person | list[RowProblem]:
    def get(name: str) -> Any:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    problems: list[RowProblem] = []
    raw_id = get("national_id")
    national_id = normalize_national_id(_cell_text(raw_id))
    if isinstance(raw_id, int | float) and national_id.isdigit():
        national_id = national_id.zfill(10)  # a number cell: the spreadsheet dropped the leading zeros
    reason = national_id_problem(national_id)
    if reason:
        problems.append(RowProblem(line, reason, "national_id", national_id))
    first, last = _cell_text(get("first_name")), _cell_text(get("last_name"))
    if not first:
        problems.append(RowProblem(line, "name_missing", "first_name"))
    if not last:
        problems.append(RowProblem(line, "name_missing", "last_name"))
    birth = _birth_date(get("birth_date"))
    if birth is None:
        problems.append(RowProblem(line, "date_invalid", "birth_date", _cell_text(get("birth_date"))))
    elif today is not None and birth > today:
        problems.append(RowProblem(line, "date_future", "birth_date", _cell_text(get("birth_date"))))
    role = _ROLE_VALUES.get(_cell_text(get("role")).lower().replace("\u200c", " "))
    if role is None:
        problems.append(RowProblem(line, "role_unknown", "role", _cell_text(get("role"))))
    exemption_text = _cell_text(get("exemption"))
    exemption = _EXEMPTION_VALUES.get(exemption_text.lower()) if exemption_text else None
    if exemption_text and exemption is None:
        problems.append(RowProblem(line, "exemption_unknown", "exemption", exemption_text))
    extra_text = _cell_text(get("extra_risk")).lower()
    extra_risk = _YES_NO.get(extra_text)
    if extra_risk is None:
        problems.append(RowProblem(line, "extra_risk_unknown", "extra_risk", extra_text))
    primary_text = _cell_text(get("primary_insurer")).lower()
    primary_insurer = _YES_NO.get(primary_text)
    if primary_insurer is None:
        problems.append(RowProblem(line, "primary_insurer_unknown", "primary_insurer", primary_text))
    if problems:
        return problems
    assert birth is not None and role is not None and extra_risk is not None and primary_insurer is not None
    person = Person(national_id, first, last, birth, role, exemption, extra_risk, primary_insurer)
    reason = person_problem(person, cover_start)
    if reason:
        column = "exemption" if reason == "exemption_not_for_role" else "birth_date"
        return [RowProblem(line, reason, column, _cell_text(get(column)))]
    return person


def parse_roster(
    filename: str, data: bytes, today: date | None = None,
    progress: Callable[[int], None] | None = None, cover_start: date | None = None,
) -> RosterResult:
    """Check every row of a roster file; `progress(n)` is told of each n rows read. With
    `cover_start`, each person is also checked against who may be insured from that day (K8, K15)."""
    rows = read_rows(filename, data)  # bounded: core/insurance/contracts/roster_files.py
    result = RosterResult()
    header = next(rows, None)
    if header is None:
        raise RosterUnreadable("empty")
    columns = _header([] if isinstance(header, BadRow) else header)
    for line, cells in enumerate(rows, start=2):
        if progress:
            progress(1)
        if line > roster_files.MAX_ROWS + 1:  # empty rows count: a sheet of blank rows is no cheaper to read
            raise too_many_rows()
        if isinstance(cells, BadRow):
            result.problems.append(RowProblem(line, cells.reason))
            continue
        if not any(_cell_text(c) for c in cells if c is not None):
            continue  # blank lines are not persons
        checked = _person(cells, columns, line, today, cover_start)
        if isinstance(checked, list):
            result.problems.extend(checked)
            continue
        first_line = result.lines.get(checked.national_id)
        if first_line is not None:
            result.problems.append(RowProblem(line, "duplicate", "national_id", checked.national_id, first_line))
            continue
        result.lines[checked.national_id] = line
        result.persons.append(checked)
    if not result.persons and not result.problems:
        raise RosterUnreadable("empty")
    return result


def count_rows(filename: str, data: bytes) -> int | None:
    """Data lines in a CSV (for a progress bar's total); None for XLSX (not known without reading)."""
    if Path(filename).suffix.lower() == ".csv":
        return max(0, csv_line_count(data) - 1)
    return None


def template_bytes(filename: str) -> bytes:
    """An empty roster with Persian headers and one example row, as CSV or XLSX by the name."""
    headers = [PERSIAN_HEADERS[c] for c in COLUMNS]
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerow(EXAMPLE_ROW)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads it as UTF-8
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "بیمه‌شدگان"
        sheet.sheet_view.rightToLeft = True
        sheet.append(headers)
        sheet.append(list(EXAMPLE_ROW))
        for column in sheet.iter_cols(min_row=1, max_row=200):
            for cell in column:
                cell.number_format = "@"  # text: keeps leading zeros and Jalali dates as typed
            sheet.column_dimensions[column[0].column_letter].width = 16
        out_bytes = io.BytesIO()
        book.save(out_bytes)
        return out_bytes.getvalue()
    raise RosterUnreadable("unknown_format")
