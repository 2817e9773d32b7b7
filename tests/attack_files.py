"""Files an attacker (or an unlucky office) sends as a roster, made on the spot for the tests and
bench/roster_files.py: a zip bomb, a sheet of too many rows, a sheet of blank rows, an XML bomb,
CSV files in every shape a spreadsheet program saves.

The workbooks are real: openpyxl writes a small one, and the part under attack is replaced by
XML written here in chunks (writing 200,000 rows through openpyxl would take the tests ~10 s).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

from tests.unit.insurance.support import nid

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["کد ملی", "نام", "نام خانوادگی", "تاریخ تولد", "نقش", "معافیت", "ریسک اضافی"]
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _small_workbook() -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_member(name: str, chunks: Iterable[str], level: int = 9) -> bytes:
    """The small workbook with one member replaced by the text of `chunks`, deflated at `level`."""
    source = zipfile.ZipFile(io.BytesIO(_small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = level  # type: ignore[attr-defined] - zipfile has no public way per member
        with target.open(info, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk.encode())
    return out.getvalue()


def _cell(column: str, row: int, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def _person_row(row: int, n: int) -> str:
    values = (nid(n), "سارا", f"محمدی{n}", "1398/05/12", "کودک", "", "خیر")
    return f'<row r="{row}">' + "".join(_cell(c, row, v) for c, v in zip("ABCDEFG", values)) + "</row>"


def _sheet(rows: Iterable[str], dimension: str | None = None) -> Iterator[str]:
    yield _SHEET_HEAD.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "")
    yield '<row r="1">' + "".join(_cell(c, 1, v) for c, v in zip("ABCDEFG", HEADER)) + "</row>"
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 1000:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + _SHEET_TAIL


def xlsx_of_persons(count: int, dimension: str | None = None) -> bytes:
    """A roster of `count` good persons (a large one: 200,000 is past the bound)."""
    return _with_member(SHEET, _sheet((_person_row(r, r - 1) for r in range(2, count + 2)), dimension), level=1)


def xlsx_of_ids(count: int, dimension: str | None = None) -> bytes:
    """A header and `count` rows holding a national id only (as a number): 200,000 of them stay
    well under the unpacked bound, so only the row bound can refuse them."""
    return _with_member(SHEET, _sheet((f'<row r="{r}"><c r="A{r}"><v>{nid(r)}</v></c></row>'
                                       for r in range(2, count + 2)), dimension), level=1)


def xlsx_of_blank_rows(count: int, dimension: str | None = None) -> bytes:
    """A header and then `count` rows with nothing in them."""
    return _with_member(SHEET, _sheet((f'<row r="{r}"/>' for r in range(2, count + 2)), dimension))


def xlsx_with_a_far_row(row: int) -> bytes:
    """A header, one person, then one more on row `row`: openpyxl fills every row between."""
    return _with_member(SHEET, _sheet([_person_row(2, 1), _person_row(row, 2)]))


def xlsx_bomb(unpacked_mb: int) -> bytes:
    """A workbook whose one sheet unpacks to `unpacked_mb` MB of good XML: a header, then one cell
    holding that much text (2,048 make a ~2 MB file, the issue's). Any reader builds the cell's text
    before it can look at it."""
    chunk = "x" * 2**20

    def text() -> Iterator[str]:
        yield _SHEET_HEAD.format(dimension="")
        yield '<row r="1">' + "".join(_cell(c, 1, v) for c, v in zip("ABCDEFG", HEADER)) + "</row>"
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(unpacked_mb):
            yield chunk
        yield "</t></is></c></row>" + _SHEET_TAIL

    return _with_member(SHEET, text())


def xlsx_xml_bomb() -> bytes:
    """The billion laughs in the sheet: entities that expand a thousand-fold at each level."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<!DOCTYPE worksheet [{entities}]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>')
    return _with_member(SHEET, [sheet])


def csv_of_persons(count: int, line_end: str = "\n", separator: str = ",") -> bytes:
    rows = [separator.join(("national_id", "first_name", "last_name", "birth_date", "role", "exemption",
                            "extra_risk"))]
    rows += [separator.join((nid(n), "سارا", f"محمدی{n}", "1398/05/12", "child", "", "no"))
             for n in range(1, count + 1)]
    return (line_end.join(rows) + line_end).encode()


def csv_just_over(limit: int) -> bytes:
    """A good roster a few bytes past `limit` (each row is ~60 bytes): cut at the limit, it would
    read as a shorter roster, or one with a broken last row."""
    count = limit // 50
    while len(data := csv_of_persons(count)) <= limit:
        count += 1 + (limit - len(data)) // 80
    return data
