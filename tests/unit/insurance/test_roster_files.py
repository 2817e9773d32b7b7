"""Roster files as offices save them and as attackers make them (issue 23, «files in»): every CSV
shape read or refused by row with a reason; a workbook refused on its declared sizes before a byte
of it is unpacked; the row bound counts empty rows. The attack files are made by tests/attack_files.py."""
from __future__ import annotations

import tracemalloc

import openpyxl.xml
import pytest

from core.insurance.contracts import roster_files
from core.insurance.contracts.roster import parse_roster
from core.insurance.contracts.roster_files import MAX_ROWS, RosterUnreadable
from tests import attack_files
from tests.unit.insurance.support import nid


@pytest.fixture
def small_bound(monkeypatch: pytest.MonkeyPatch) -> int:
    """Files read row by row to the bound cost seconds at 100,000 rows: the same bound at 2,000."""
    monkeypatch.setattr(roster_files, "MAX_ROWS", 2_000)
    return 2_000


def refusal(name: str, data: bytes) -> RosterUnreadable:
    with pytest.raises(RosterUnreadable) as refused:
        parse_roster(name, data)
    return refused.value


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("separator", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_a_csv_is_read_whatever_its_line_ends_and_separator(line_end: str, separator: str):
    result = parse_roster("r.csv", attack_files.csv_of_persons(3, line_end, separator))
    assert result.ok, result.problems
    assert [p.national_id for p in result.persons] == [nid(1), nid(2), nid(3)]


def test_a_csv_with_a_bom_or_in_utf16_as_excel_saves_unicode_text():
    plain = attack_files.csv_of_persons(2, "\r\n", "\t")
    for data in ("\ufeff".encode() + plain, plain.decode().encode("utf-16")):  # UTF-16 starts with its BOM
        result = parse_roster("r.csv", data)
        assert result.ok and len(result.persons) == 2


def test_a_field_over_the_csv_limit_is_a_bad_row_and_the_others_are_read():
    rows = attack_files.csv_of_persons(3).decode().splitlines()
    rows[2] = f"{nid(2)},{'ب' * 200_000},x,1398/05/12,child,,no"  # one cell past the csv module's 128 KiB
    result = parse_roster("r.csv", "\n".join(rows).encode())
    assert [(p.line, p.reason) for p in result.problems] == [(3, "field_too_long")]
    assert [p.national_id for p in result.persons] == [nid(1), nid(3)]


def test_a_csv_past_the_row_bound_is_refused_before_a_row_is_parsed():
    assert refusal("r.csv", attack_files.csv_of_persons(MAX_ROWS + 1)).reason == "too_many_rows"
    assert refusal("r.csv", b"national_id\n" + b"\r" * (MAX_ROWS + 5)).reason == "too_many_rows"  # blank, CR-only


def test_a_zip_bomb_is_refused_on_its_declared_sizes_without_unpacking_it():
    bomb = attack_files.xlsx_bomb(100)  # shared strings unpacking to 100 MB, in a ~250 KB file
    tracemalloc.start()
    try:
        refused = refusal("r.xlsx", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.reason == "unpacks_too_large" and refused.params == {"maximum_mb": 64}
    assert peak < 5 * 2**20  # nothing was unpacked (bench/roster_files.py measures time and RSS)


def test_a_sheet_past_the_row_bound_is_refused_by_its_dimension():
    refused = refusal("r.xlsx", attack_files.xlsx_of_ids(2 * MAX_ROWS, f"A1:A{2 * MAX_ROWS + 1}"))  # 200,000
    assert refused.reason == "too_many_rows" and refused.params == {"maximum": MAX_ROWS}


def test_a_sheet_without_a_dimension_is_refused_one_row_past_the_bound(small_bound: int):
    assert refusal("r.xlsx", attack_files.xlsx_of_ids(small_bound + 1)).reason == "too_many_rows"
    assert not parse_roster("r.xlsx", attack_files.xlsx_of_ids(small_bound)).ok  # at the bound: read (bad rows)


def test_empty_rows_count_toward_the_bound(small_bound: int):
    assert refusal("r.xlsx", attack_files.xlsx_of_blank_rows(small_bound + 1)).reason == "too_many_rows"
    assert refusal("r.xlsx", attack_files.xlsx_with_a_far_row(small_bound + 10)).reason == "too_many_rows"
    result = parse_roster("r.xlsx", attack_files.xlsx_with_a_far_row(1_000))  # blank rows between: skipped
    assert [p.national_id for p in result.persons] == [nid(1), nid(2)]


def test_rows_past_a_dimension_that_says_fewer_are_read_not_cut():
    result = parse_roster("r.xlsx", attack_files.xlsx_of_persons(50, dimension="A1:G2"))
    assert result.ok and len(result.persons) == 50


def test_the_xml_is_parsed_through_defusedxml_and_an_entity_bomb_is_refused():
    assert openpyxl.xml.DEFUSEDXML  # openpyxl uses defusedxml when it is installed: a dependency of ours
    assert refusal("r.xlsx", attack_files.xlsx_xml_bomb()).reason == "not_xlsx"
