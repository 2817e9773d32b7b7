"""The issuing office's monthly reports (issue 23, «reports out»): a month built by hand with every
total checked against the registers' sums; an endorsement dated on its contract's start counted once;
every cell Persian; no formula from anyone's input in an XLSX or a CSV; the Saman month-end file."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook

from bot.i18n import Translator
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import ContractRequest, EndorsementRequest
from core.insurance.reports.claims import ClaimsMonthlyReport, OrderLine, claims_report_csv, claims_report_xlsx
from core.insurance.reports.monthly import ISSUANCE_REPORTS, Total, report_csv, report_xlsx
from core.transactions import OwnUnits
from storage.db import Database
from tests.unit.insurance.support import j, nid, person
from tests.wording import leaks

FA = Translator("fa")
TEHRAN_OFFSET = timedelta(hours=3, minutes=30)  # Iran keeps no summer time since 1402


def tehran(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A Tehran wall-clock moment of a Jalali day, as the UTC instant the desk stores."""
    return datetime.combine(j(year, month, day), datetime.min.time(), timezone.utc) + timedelta(
        hours=hour, minutes=minute) - TEHRAN_OFFSET


class Clock:
    def __init__(self) -> None:
        self.now = tehran(1403, 6, 11)

    def __call__(self) -> datetime:
        return self.now


def contract_request(first: int, count: int, start, holder: str, office: str | None = None,
                     agency: str | None = None) -> ContractRequest:
    return ContractRequest(holder, "death_disability", 100_000_000, 1_000_000, start,
                           [person(n) for n in range(first, first + count)], office=office, agency=agency)


OPERATOR = "operator"


def issued(service: InsuranceService, clock: Clock, request: ContractRequest) -> int:
    """Proposed and paid the same day (the office enters the cheque it has): issued now."""
    paid_on = (clock.now + TEHRAN_OFFSET).date()
    return service.issue_contract(request, paid_on=paid_on, cheque="1", actor=OPERATOR).contract.number


def endorsed(service: InsuranceService, clock: Clock, request: EndorsementRequest) -> None:
    """Issued at once, or (one that costs something) proposed and its cheque paid now."""
    outcome = service.endorsements.add(request, actor=OPERATOR)
    if outcome.proposal is not None:
        service.pay(outcome.proposal.proposal.number, (clock.now + TEHRAN_OFFSET).date(), "2", actor=OPERATOR)


@pytest.fixture
def month(database: Database) -> InsuranceService:
    """1403/08 by hand (the numbers each step takes in its register are in the comments)."""
    clock = Clock()
    service = InsuranceService(OwnUnits(database.uow), clock)
    issued(service, clock, contract_request(101, 5, j(1403, 6, 1), "مهد سوم"))  # 300000, in 1403/06
    clock.now = tehran(1403, 7, 30, 23, 59)  # a minute before 1403/08 in Tehran: not the month's
    issued(service, clock, contract_request(201, 4, j(1403, 7, 30), "مهد چهارم"))  # 300001: 4 × 1,000,000
    clock.now = tehran(1403, 8, 1, 0, 1)
    # 300002: 12 persons at 1,000,000, no discount agreed: 12,000,000
    issued(service, clock, contract_request(1, 12, j(1403, 8, 1), "مهد الف", office="اداره صدور الف"))
    clock.now = tehran(1403, 8, 10)
    # 300003: 3 persons: 3,000,000, through an agency
    issued(service, clock, contract_request(21, 3, j(1403, 8, 10), "مهد ب", office="اداره صدور ب",
                                            agency="نمایندگی ۷"))
    clock.now = tehran(1403, 8, 12)
    # endorsement 1, on 300002's start: 2 persons for the whole year at 1,000,000: +2,000,000
    endorsed(service, clock, EndorsementRequest(300_002, "additional", j(1403, 8, 1), persons=[person(13), person(14)]))
    clock.now = tehran(1403, 8, 15)
    # 300004: the renewal of 300000, its 5 persons: 5,000,000
    proposed = service.renew(300_000, actor=OPERATOR)
    service.pay(proposed.proposal.number, j(1403, 8, 15), "3", actor=OPERATOR)
    clock.now = tehran(1403, 8, 20)
    # endorsement 2: one person leaves 300003 on its start: the whole 1,000,000 back
    endorsed(service, clock, EndorsementRequest(300_003, "return", j(1403, 8, 10), national_ids=[nid(21)]))
    clock.now = tehran(1403, 8, 25)
    # endorsement 3: the insurer cancels 300001 on 1403/08/25: 25 days of its 366 covered, 341 left;
    # each of 4 gets back 1,000,000 × 341 / 366 = 931,693.99 → 931,694: −3,726,776
    endorsed(service, clock, EndorsementRequest(300_001, "cancel_insurer", j(1403, 8, 25)))
    clock.now = tehran(1403, 9, 2)
    endorsed(service, clock, EndorsementRequest(300_002, "return", j(1403, 9, 2), national_ids=[nid(1)]))  # 1403/09
    return service


def test_a_month_by_hand_every_line_and_total(month: InsuranceService):
    reports = month.monthly_report(1403, 8)

    contracts = reports.contracts
    assert [(x.number, x.persons, x.amount, x.office, x.agency) for x in contracts.lines] == [
        (300_002, 12, 12_000_000, "اداره صدور الف", None),  # 12, not 14: the two of endorsement 1 are its own
        (300_003, 3, 3_000_000, "اداره صدور ب", "نمایندگی ۷"),
    ]
    assert contracts.totals() == [
        Total("office", "اداره صدور الف", 1, 12, 12_000_000), Total("office", "اداره صدور ب", 1, 3, 3_000_000),
        Total("agency", None, 1, 12, 12_000_000), Total("agency", "نمایندگی ۷", 1, 3, 3_000_000),
        Total("company", None, 2, 15, 15_000_000)]

    renewals = reports.renewals
    assert [(x.number, x.renewal_of, x.persons, x.amount) for x in renewals.lines] == [(300_004, 300_000, 5, 5_000_000)]
    assert renewals.totals()[-1] == Total("company", None, 1, 5, 5_000_000)

    endorsements = reports.endorsements
    assert [(x.number, x.contract_number, x.kind, x.persons, x.amount) for x in endorsements.lines] == [
        (1, 300_002, "additional", 2, 2_000_000), (2, 300_003, "return", 1, -1_000_000),
        (3, 300_001, "cancel_insurer", 4, -3_726_776)]
    assert endorsements.totals()[-1] == Total("company", None, 3, 7, 2_000_000 - 1_000_000 - 3_726_776)

    # the registers' own sums for the month, read another way: the company totals equal them
    in_month = [v for v in month.contracts() if j(1403, 8, 1) <= (v.contract.created_at + TEHRAN_OFFSET).date()
                < j(1403, 9, 1)]
    assert contracts.amount == sum(v.contract.premium for v in in_month if not v.contract.renewal_of)
    assert renewals.amount == sum(v.contract.premium for v in in_month if v.contract.renewal_of)
    endorsed = [e for v in month.contracts() for e in v.endorsements
                if j(1403, 8, 1) <= (e.created_at + TEHRAN_OFFSET).date() < j(1403, 9, 1)]
    assert endorsements.amount == sum(e.amount for e in endorsed) and len(endorsed) == 3


def sheet_rows(data: bytes, title: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[title].iter_rows(values_only=True))


def test_the_files_are_persian_right_to_left_with_the_totals(month: InsuranceService):
    reports = month.monthly_report(1403, 8)
    data = report_xlsx(reports.endorsements, FA)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["گزارش", "الحاقیه‌ها", "جمع‌ها"] and all(s.sheet_view.rightToLeft for s in book)
    cover = [r[0] for r in book["گزارش"].iter_rows(values_only=True)]
    assert "الحاقی" in cover[0] and "۱۴۰۳/۰۸" not in cover[0] and "1403/08" in cover[0]
    assert cover[2:6] == ["اداره کل حسابداری و آمار", "اداره کل آمار و اتکایی", "اداره نظارت بر صدور بیمه‌نامه‌ها",
                          "اداره کل بیمه‌های اشخاص"]
    lines = sheet_rows(data, "الحاقیه‌ها")
    assert lines[1] == (1, 300_002, "اضافی (افزودن افراد)", "1403/08/12", "1403/08/01", "مهد الف", "اداره صدور الف",
                        "مستقیم (بدون نمایندگی)", 2, 2_000_000)
    assert lines[3][2] == "فسخ از سوی بیمه‌گر"
    assert lines[-1][0] == "جمع" and lines[-1][-2:] == (7, -2_726_776)
    assert book["الحاقیه‌ها"]["J2"].number_format == "#,##0;-#,##0"
    totals = sheet_rows(data, "جمع‌ها")
    assert totals[-1] == ("شرکت", "کل شرکت", 3, 7, -2_726_776)

    rows = list(csv.reader(io.StringIO(report_csv(reports.contracts, FA).decode("utf-8-sig"))))
    assert rows[0][:3] == ["شماره قرارداد", "طرح", "تاریخ صدور"]
    assert rows[1][1] == "فوت و نقص عضو" and rows[1][3] == "1403/08/01"
    assert rows[-1] == ["جمع", "", "", "", "", "", "", "15", "15000000"]


DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)",
             "\t=1+1", "\r=1+1"]


def test_no_formula_from_anyones_input_reaches_a_report(database: Database):
    clock = Clock()
    clock.now = tehran(1403, 8, 5)
    service = InsuranceService(OwnUnits(database.uow), clock)
    for n, name in enumerate(DANGEROUS):
        issued(service, clock, contract_request(10 * n + 1, 1, j(1403, 8, 1), name, office=name, agency=name))
    report = service.monthly_report(1403, 8).contracts
    claims = ClaimsMonthlyReport(1403, 8, [OrderLine(n + 1, n + 1, 300_000, name, name, name, "medical",
                                                     j(1403, 8, 1), tehran(1403, 8, 5), 1_000, None)
                                           for n, name in enumerate(DANGEROUS)])
    for data in (report_xlsx(report, FA), claims_report_xlsx(claims, FA)):
        book = load_workbook(io.BytesIO(data))
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        texts = {c.value for c in cells}
        assert all(name in texts for name in DANGEROUS[:5])  # kept as typed, as text
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # no formula element anywhere in the file
            assert not [n for n in archive.namelist() if b"<f>" in archive.read(n) or b"<f " in archive.read(n)]
    for data in (report_csv(report, FA), claims_report_csv(claims, FA)):
        cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]
        written = [c for c in cells if c.lstrip("'") in DANGEROUS]
        assert written and all(c.startswith("'") for c in written)
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and c[1:2]
                                                                                     and not c[1:].isdigit())]


def test_the_saman_file_has_a_row_per_contract_and_endorsement_in_the_documented_layout(month: InsuranceService):
    rows = month.saman_rows(1403, 8, FA)
    assert rows[0] == ["نوع سند", "شماره ثبت", "شماره قرارداد", "شماره قرارداد تمدیدشده", "طرح یا نوع الحاقیه",
                       "تاریخ صدور", "تاریخ شروع یا اجرا", "تاریخ پایان", "بیمه‌گذار", "نوع بیمه‌گذار", "اداره صدور",
                       "نمایندگی", "سرمایه فوت و نقص عضو (ریال)", "سرمایه هزینه پزشکی (ریال)",
                       "حق بیمه سالانهٔ هر نفر (ریال)", "تعداد نفرات", "مبلغ (ریال)"]
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("قرارداد", 300_002, 300_002, ""), ("قرارداد", 300_003, 300_003, ""), ("تمدید", 300_004, 300_004, 300_000),
        ("الحاقیه", 1, 300_002, ""), ("الحاقیه", 2, 300_003, ""), ("الحاقیه", 3, 300_001, "")]
    assert rows[3][4:8] == ["فوت و نقص عضو", "1403/08/15", "1404/06/01", "1405/06/01"]
    assert rows[6][4] == "فسخ از سوی بیمه‌گر" and rows[6][-2:] == [4, -3_726_776]
    assert rows[1][9] == "مهدکودک" and rows[1][12:] == [100_000_000, 0, 1_000_000, 12, 12_000_000]


def _cells(data: bytes) -> list[str]:
    if data[:2] == b"PK":
        book = load_workbook(io.BytesIO(data))
        return [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]


def test_every_cell_of_a_months_reports_is_in_words(month: InsuranceService):
    reports = month.monthly_report(1403, 8)
    files = [make(reports.report(s), FA) for s in ISSUANCE_REPORTS for make in (report_xlsx, report_csv)]
    claims = ClaimsMonthlyReport(1403, 8, [OrderLine(1, 1, 300_002, "مهد الف", "اداره صدور", "سارا محمدی", kind,
                                                     j(1403, 8, 2), tehran(1403, 8, 5), 1_000, None)
                                           for kind in ("death", "disability", "medical")])
    files += [claims_report_xlsx(claims, FA), claims_report_csv(claims, FA)]
    cells = [c for data in files for c in _cells(data)]
    cells += [str(c) for row in month.saman_rows(1403, 8, FA) for c in row]
    assert len(cells) > 100 and not [(c, leaks(c)) for c in cells if leaks(c)]
