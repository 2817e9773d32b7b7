"""Writing report files: right-to-left workbooks and CSV, every text cell written as text.

A name typed in chat or in a roster may begin with "=", "+", "-" or "@", or a tab or a carriage
return: a spreadsheet program would take it for a formula (`=HYPERLINK(...)`,
`cmd|' /C calc'!A0`). In a workbook every text cell is stored as a string, never a formula
(openpyxl makes a formula of any text that begins with "="). In a CSV, where the program
guesses, such a cell gets a leading apostrophe, as OWASP advises against CSV injection: the
program shows it as text. Characters XML cannot hold (old data's control characters) are
dropped rather than failing the whole report.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RIAL_FORMAT = "#,##0;-#,##0"


def csv_cell(value: object) -> object:
    """A cell for a CSV file: text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM (Excel then reads the Persian as UTF-8), one CRLF-ended line per row. CRLF, not LF
    alone: the csv module quotes a field holding a character of the line end, so a carriage return in a
    name stays inside its quoted cell instead of starting a row of its own (with a formula in it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def new_workbook() -> Any:
    """An empty workbook (its default sheet removed): sheets are added with `add_sheet`."""
    from openpyxl import Workbook  # imported on use: most commands never write a spreadsheet

    book = Workbook()
    book.remove(book.active)
    return book


def add_sheet(book: Any, title: str, rows: Iterable[Sequence[object]], money_columns: Sequence[int] = (),
              widths: Sequence[float] = (), bold_rows: Iterable[int] = ()) -> Any:
    """A right-to-left sheet of `rows`; `money_columns` (1-based) in rials with thousands separators,
    `bold_rows` (1-based) in bold. Returns the sheet."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet's name
    sheet.sheet_view.rightToLeft = True
    for row in rows:
        append(sheet, row)
    for column in money_columns:
        for (cell,) in sheet.iter_rows(min_row=1, min_col=column, max_col=column):
            if isinstance(cell.value, int):
                cell.number_format = RIAL_FORMAT
    bold = Font(bold=True)
    for number in bold_rows:
        for cell in sheet[number]:
            cell.font = bold
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def append(sheet: Any, row: Sequence[object]) -> None:
    """One row at the foot of the sheet, every text cell a string (never a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def workbook_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
