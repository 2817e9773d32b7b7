"""The rows of a roster file (CSV or XLSX), read within bounds before any of them is checked.

A file from a stranger must cost little to refuse, whatever it holds:

- **XLSX** is a zip archive. How big each member unpacks to is read from the archive's
  directory before anything is unpacked, and the archive is refused above
  `MAX_UNPACKED_BYTES` in all (zipfile never unpacks more of a member than its entry
  declares, so a lying entry gains nothing). openpyxl then parses the XML through
  defusedxml (a dependency: openpyxl uses it when it is installed), so no entity expands.
  The sheet is read in openpyxl's read-only mode, at most `MAX_COLUMNS` columns and one
  row past `MAX_ROWS`, empty rows counted (openpyxl fills the gaps a sheet leaves).
- **CSV** is UTF-8 (a BOM or none), or UTF-16 with its BOM (Excel's "Unicode text"); any
  line ends (CR, LF, CRLF); `,`, `;` or tab between fields, as the header line shows. A row
  the csv module cannot read (a field over its size limit) is a `BadRow` with its reason,
  reported with its line like any other bad row.

Counting the lines of a CSV is one pass over its bytes, so one with too many is refused
before a row is parsed; an XLSX says how many rows it has in its dimension element.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The bounds are read at each call (tests lower MAX_ROWS to keep their attack files small).
MAX_ROWS = 100_000  # data rows, the empty ones among them
MAX_COLUMNS = 64  # a roster has seven; the rest of a wider sheet is not read
# What an XLSX may unpack to: a 100,000-row roster is about 30 MB of XML.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 500  # files inside the archive (a roster workbook has about ten)
# the shared strings are read whole, before the first row: a legitimate roster's are a few MB
MAX_SHARED_STRINGS_BYTES = 24 * 1024 * 1024
DELIMITERS = ",;\t"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class RosterUnreadable(Exception):
    """Not a CSV/XLSX we can read, one over a bound, or its header is missing a column."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class BadRow:
    """A row that could not be split into cells; `reason` as a RowProblem's."""

    reason: str


Row = list[Any] | BadRow


def read_rows(filename: str, data: bytes) -> Iterator[Row]:
    """The file's rows, the header first; raises RosterUnreadable for a file it will not read."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _csv_rows(data)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(data)
    raise RosterUnreadable("unknown_format")


def too_many_rows() -> RosterUnreadable:
    return RosterUnreadable("too_many_rows", maximum=MAX_ROWS)


# ---- CSV ------------------------------------------------------------------------------------

def csv_line_count(data: bytes | str) -> int:
    """Lines in a CSV file (its bytes or text), however they end (CR, LF or CRLF), the header among them."""
    if isinstance(data, str):
        breaks, ended = max(data.count("\n"), data.count("\r")), data.endswith(("\n", "\r"))
    else:
        breaks, ended = max(data.count(b"\n"), data.count(b"\r")), data.endswith((b"\n", b"\r"))
    return breaks + (0 if not data or ended else 1)


def _csv_rows(data: bytes) -> Iterator[Row]:
    utf16 = data.startswith(UTF16_BOMS)
    if not utf16 and csv_line_count(data) > MAX_ROWS + 1:  # before decoding a byte of it
        raise too_many_rows()
    try:
        text = data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterUnreadable("not_utf8") from None
    if utf16 and csv_line_count(text) > MAX_ROWS + 1:
        raise too_many_rows()
    header = text[:4096].splitlines()[0] if text.strip() else ""
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter if header else ","
    except csv.Error:  # one column, or nothing to tell by
        delimiter = ","
    # newline="": the csv module sees every line end as it is, and splits on CR alone too
    return _csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_records(reader: Any) -> Iterator[Row]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:  # the reader goes on at the next line
            yield BadRow("field_too_long")


# ---- XLSX -----------------------------------------------------------------------------------

def check_archive(data: bytes) -> None:
    """Refuse a workbook whose members would unpack to too much, before unpacking any."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise RosterUnreadable("not_xlsx") from None
    shared = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if (len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES
            or shared > MAX_SHARED_STRINGS_BYTES):
        raise RosterUnreadable("unpacks_too_large", maximum_mb=MAX_UNPACKED_BYTES // 2**20)


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    check_archive(data)
    from openpyxl import load_workbook  # imported on use: most commands never read a spreadsheet

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        declared = sheet.max_row  # from the sheet's dimension element, if it has one
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not XLSX
        raise RosterUnreadable("not_xlsx") from None
    if declared is not None and declared > MAX_ROWS + 1:
        book.close()
        raise too_many_rows()
    return _sheet_rows(book, sheet)


def _sheet_rows(book: Any, sheet: Any) -> Iterator[Row]:
    try:
        # max_row given: read past a dimension that says less, and stop one row past the bound
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            yield list(row)
    except RosterUnreadable:
        raise
    except Exception:  # noqa: BLE001 - XML that is not a sheet's, an entity defusedxml refused, ...
        raise RosterUnreadable("not_xlsx") from None
    finally:
        book.close()
