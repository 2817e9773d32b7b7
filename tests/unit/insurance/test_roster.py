"""Rosters: every bad row reported by line and reason; the template reads back."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from core.insurance.contracts.roster import RosterUnreadable, parse_roster, template_bytes
from tests.unit.insurance.support import j, nid

HEADER = "national_id,first_name,last_name,birth_date,role,exemption,extra_risk\n"


def test_a_roster_with_bad_rows_reports_each_by_line_and_reason():
    rows = [
        f"{nid(1)},سارا,محمدی,1398/05/12,child,,no",  # line 2: good
        "0012345678,علی,رضایی,1398/01/01,child,,",  # line 3: check digit
        f"{nid(1)},سارا,محمدی,1398/05/12,child,,",  # line 4: duplicate of line 2
        f"{nid(3)},مینا,کریمی,1398/13/01,child,,",  # line 5: month 13
        f"{nid(4)},رضا,احمدی,1399/12/30,child,,",  # line 6: 1399 is leap: a real day
        f"{nid(5)},رضا,احمدی,1400/12/30,child,,",  # line 7: 1400 is not leap
        f"{nid(6)},نرگس,امینی,1370/01/01,staff,hero,",  # line 8: unknown exemption
        f"{nid(7)},نرگس,امینی,1370/01/01,teacher,,maybe",  # line 9: role and extra_risk
    ]
    result = parse_roster("r.csv", (HEADER + "\n".join(rows) + "\n").encode())

    assert not result.ok
    assert [(p.line, p.reason) for p in result.problems] == [
        (3, "national_id_check_digit"),
        (4, "duplicate"),
        (5, "date_invalid"),
        (7, "date_invalid"),
        (8, "exemption_unknown"),
        (9, "role_unknown"),
        (9, "extra_risk_unknown"),
    ]
    assert result.problems[1].first_line == 2


def test_persian_headers_and_values_in_xlsx_with_blank_lines_skipped():
    book = Workbook()
    sheet = book.active
    sheet.append(["کد ملی", "نام", "نام خانوادگی", "تاریخ تولد", "نقش", "معافیت", "ریسک اضافی"])
    sheet.append(["۰۰۱۲۳۴۵۶۷۹", "سارا", "محمدی", "۱۳۹۸/۰۵/۱۲", "کودک", "فرزند شهید", "خیر"])
    sheet.append([None] * 7)
    sheet.append([int(nid(2)), "علی", "رضایی", "1360/01/01", "کارکنان", "", "بله"])  # a number ate leading zeros
    data = io.BytesIO()
    book.save(data)

    result = parse_roster("r.xlsx", data.getvalue())

    assert result.ok, result.problems
    first, second = result.persons
    assert (first.national_id, first.birth_date, first.role, first.exemption, first.extra_risk) == (
        "0012345679", j(1398, 5, 12), "child", "martyr_child", False)
    assert (second.national_id, second.role, second.extra_risk) == (nid(2), "staff", True)
    assert result.lines[nid(2)] == 4


def test_a_header_missing_columns_is_refused():
    with pytest.raises(RosterUnreadable) as refused:
        parse_roster("r.csv", b"national_id,first_name\n0012345679,x\n")
    assert refused.value.reason == "missing_columns"


@pytest.mark.parametrize("name", ["roster.csv", "roster.xlsx"])
def test_the_template_has_persian_headers_and_one_example_row_that_reads_back(name):
    data = template_bytes(name)
    result = parse_roster(name, data)
    assert result.ok and len(result.persons) == 1
    if name.endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet["A1"].value == "کد ملی" and sheet.sheet_view.rightToLeft
    else:
        assert data.decode("utf-8-sig").startswith("کد ملی,نام,نام خانوادگی,تاریخ تولد,نقش,معافیت,ریسک اضافی")
