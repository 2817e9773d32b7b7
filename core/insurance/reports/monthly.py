"""The issuing office's monthly reports (K65–69, K99–103, K127–131): the contracts, the renewals and
the endorsements issued in a Jalali month, each a report of its own, with totals by issuing office,
by introducing agency and for the whole company, for the four departments the seed names.

Built from the registers' tables, which hold only what was issued (paid for): a report's totals are
the registers' sums for the month. The persons of a contract are its roster as issued (those an
endorsement added, even one dated on the contract's start, are the endorsement's); the persons of an
endorsement are those it added, removed or corrected.

Every word in a report comes from the catalogs through `t` (the departments' copy is Persian):
no code reaches a cell. XLSX: right-to-left sheets, Jalali dates, rials with thousands separators,
totals. CSV: the same lines and a total row (core/insurance/reports/spreadsheets.py writes both safely).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import jdatetime

from core.insurance.reports.spreadsheets import add_sheet, csv_bytes, new_workbook, workbook_bytes
from core.insurance.shared.models import NO_FINANCIAL, Contract, Endorsement, Member
from core.jalali import TEHRAN, format_date
from core.ports import UnitOfWork

Label = Callable[..., str]  # a catalog key and its params -> the text (a bot Translator)

CONTRACTS, RENEWALS, ENDORSEMENTS, CLAIMS = "contracts", "renewals", "endorsements", "claims"
ISSUANCE_REPORTS = (CONTRACTS, RENEWALS, ENDORSEMENTS)
# Who receives each report: K66–69, K100–103, K128–131 (the issuing office's three), K202–204 (claims)
ISSUANCE_DEPARTMENTS = ("accounting", "statistics", "issuance_supervision", "personal_insurance")
CLAIMS_DEPARTMENTS = ("statistics", "accounting", "claims_supervision")
DEPARTMENTS = {**{report: ISSUANCE_DEPARTMENTS for report in ISSUANCE_REPORTS}, CLAIMS: CLAIMS_DEPARTMENTS}
ALL_DEPARTMENTS = tuple(dict.fromkeys(ISSUANCE_DEPARTMENTS + CLAIMS_DEPARTMENTS))


@dataclass(frozen=True)
class Recipients:
    """Who receives each department's reports (`[reports.recipients]`): usernames, and shared
    channels as (platform, address)."""

    users: Mapping[str, Sequence[str]] = field(default_factory=dict)
    channels: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportLine:
    """A contract, a renewal or an endorsement issued in the month."""

    number: int  # in its register: the contract's number, or the endorsement's
    contract_number: int
    kind: str  # the plan of a contract or renewal, the kind of an endorsement
    issued_at: date | datetime  # the day it was issued (its receipt's date), or when it was recorded
    effective: date  # a contract's start, an endorsement's effective date
    policyholder: str
    office: str
    agency: str | None
    persons: int
    amount: int  # rials: the premium, or the endorsement's amount (negative: a refund)
    renewal_of: int | None = None  # a renewal: the contract it renews


@dataclass(frozen=True)
class Total:
    level: str  # office | agency | company
    name: str | None  # the office or agency (None: no agency, or the company)
    count: int
    persons: int
    amount: int


@dataclass
class MonthlyReport:
    subject: str  # contracts | renewals | endorsements
    year: int
    month: int
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year:04d}/{self.month:02d}"

    @property
    def amount(self) -> int:
        return sum(x.amount for x in self.lines)

    @property
    def persons(self) -> int:
        return sum(x.persons for x in self.lines)

    def totals(self) -> list[Total]:
        """By office, by agency (those without one together), then the company."""
        rows: list[Total] = []
        for level, key in (("office", lambda x: x.office), ("agency", lambda x: x.agency or "")):
            grouped: dict[str, list[ReportLine]] = defaultdict(list)
            for x in self.lines:
                grouped[key(x)].append(x)
            rows += [Total(level, name or None, len(xs), sum(x.persons for x in xs), sum(x.amount for x in xs))
                     for name, xs in sorted(grouped.items())]
        rows.append(Total("company", None, len(self.lines), self.persons, self.amount))
        return rows


@dataclass
class IssuanceMonth:
    """The three reports of a month."""

    year: int
    month: int
    contracts: MonthlyReport
    renewals: MonthlyReport
    endorsements: MonthlyReport

    def report(self, subject: str) -> MonthlyReport:
        return {CONTRACTS: self.contracts, RENEWALS: self.renewals, ENDORSEMENTS: self.endorsements}[subject]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The Jalali month as Gregorian days [first, after the last)."""
    first = jdatetime.date(year, month, 1)
    following = jdatetime.date(year + month // 12, month % 12 + 1, 1)
    return first.togregorian(), following.togregorian()


def in_month(moment: datetime, year: int, month: int) -> bool:
    """Whether a UTC instant falls in a Jalali month, on Tehran's calendar."""
    first, after = month_bounds(year, month)
    return first <= moment.astimezone(TEHRAN).date() < after


def issued_on(record: Contract | Endorsement) -> date:
    """The day a contract or endorsement was issued: its receipt's date (the office may record a
    cheque after the fact), or for a record from before the desk kept it, the day it was recorded."""
    return record.issued_on or record.created_at.astimezone(TEHRAN).date()


def issued_in_month(record: Contract | Endorsement, year: int, month: int) -> bool:
    first, after = month_bounds(year, month)
    return first <= issued_on(record) < after


def issuance_month(uow: UnitOfWork, year: int, month: int) -> IssuanceMonth:
    """What the registers hold for the month: contracts (renewals apart) and endorsements issued in it."""
    reports = IssuanceMonth(year, month, *(MonthlyReport(s, year, month) for s in ISSUANCE_REPORTS))
    contracts = {c.id: c for c in uow.contracts.list()}
    numbers = {c.id: c.number for c in contracts.values()}
    holders: dict[int, str] = {}
    members: dict[int, list[Member]] = {}

    def holder(contract: Contract) -> str:
        if contract.policyholder_id not in holders:
            found = uow.policyholders.get(contract.policyholder_id)
            holders[contract.policyholder_id] = found.name if found else ""
        return holders[contract.policyholder_id]

    def roster(contract_id: int) -> list[Member]:
        if contract_id not in members:
            members[contract_id] = uow.members.for_contract(contract_id)
        return members[contract_id]

    for c in sorted(contracts.values(), key=lambda c: c.number):
        if issued_in_month(c, year, month):
            issued = sum(1 for m in roster(c.id) if m.added_by is None)  # not those endorsements added
            line = ReportLine(c.number, c.number, c.plan, issued_on(c), c.start, holder(c), c.office, c.agency,
                              issued, c.premium, numbers.get(c.renewal_of) if c.renewal_of else None)
            (reports.renewals if c.renewal_of else reports.contracts).lines.append(line)
    for e in sorted(uow.endorsements.list(), key=lambda e: e.number):
        if issued_in_month(e, year, month):
            c = contracts[e.contract_id]
            reports.endorsements.lines.append(ReportLine(
                e.number, c.number, e.kind, issued_on(e), e.effective, holder(c), c.office, c.agency,
                _persons_of(e, roster(c.id)), e.amount))
    return reports


def _persons_of(endorsement: Endorsement, roster: Sequence[Member]) -> int:
    if endorsement.kind == NO_FINANCIAL:
        return len(endorsement.details.get("corrections", []))
    return sum(1 for m in roster if endorsement.id in (m.added_by, m.removed_by))


# ---- the files ----------------------------------------------------------------------------------

COLUMNS = {
    CONTRACTS: ("contract", "plan", "issued_on", "start", "policyholder", "office", "agency", "persons", "premium"),
    RENEWALS: ("contract", "renewal_of", "plan", "issued_on", "start", "policyholder", "office", "agency",
               "persons", "premium"),
    ENDORSEMENTS: ("endorsement", "contract", "endorsement_kind", "issued_on", "effective", "policyholder",
                   "office", "agency", "persons", "amount"),
}
_WIDTHS = {"contract": 12, "endorsement": 10, "renewal_of": 14, "plan": 28, "endorsement_kind": 26,
           "issued_on": 12, "start": 12, "effective": 12, "policyholder": 30, "office": 34, "agency": 24,
           "persons": 10, "premium": 18, "amount": 18}
_MONEY = ("premium", "amount")


def jalali(day: date | datetime) -> str:
    """A date (or a UTC instant, on Tehran's calendar) as YYYY/MM/DD, Latin digits for sorting."""
    return format_date(day.astimezone(TEHRAN) if isinstance(day, datetime) else day, "en")


def _cells(line: ReportLine, subject: str, t: Label) -> list[object]:
    values: dict[str, object] = {
        "contract": line.contract_number, "endorsement": line.number, "renewal_of": line.renewal_of or "",
        "plan": t(f"plan.{line.kind}"), "endorsement_kind": t(f"endorsement_kind.{line.kind}"),
        "issued_on": jalali(line.issued_at), "start": jalali(line.effective), "effective": jalali(line.effective),
        "policyholder": line.policyholder, "office": line.office, "agency": line.agency or t("report.direct"),
        "persons": line.persons, "premium": line.amount, "amount": line.amount,
    }
    return [values[column] for column in COLUMNS[subject]]


def _table(report: MonthlyReport, t: Label) -> list[list[object]]:
    """The header, the lines, and the total row."""
    columns = COLUMNS[report.subject]
    total: list[object] = [t("report.total"), *([""] * (len(columns) - 3)), report.persons, report.amount]
    return [[t(f"report.column.{c}") for c in columns], *(_cells(x, report.subject, t) for x in report.lines),
            total]


def totals_table(report: MonthlyReport, t: Label) -> list[list[object]]:
    head = [t("report.column.level"), t("report.column.name"), t("report.column.count"),
            t("report.column.persons"), t(f"report.column.{'amount' if report.subject == ENDORSEMENTS else 'premium'}")]
    names = {"office": lambda n: n, "agency": lambda n: n or t("report.direct"), "company": lambda n: t("report.company")}
    return [head, *([t(f"report.level.{x.level}"), names[x.level](x.name), x.count, x.persons, x.amount]
                    for x in report.totals())]


def cover_rows(title: str, t: Label, departments: Sequence[str], attached: str) -> list[list[object]]:
    """The first sheet: what the report is, who receives it, and what goes with it."""
    receivers: list[list[object]] = [[t(f"report.department.{d}")] for d in departments]
    return [[title], [t("report.recipients")], *receivers, [attached]]


def report_xlsx(report: MonthlyReport, t: Label) -> bytes:
    book = new_workbook()
    title = t(f"report.title.{report.subject}", month=report.title)
    add_sheet(book, t("report.sheet.cover"), cover_rows(title, t, DEPARTMENTS[report.subject],
                                                         t(f"report.attached.{report.subject}")),
              widths=(90,), bold_rows=(1,))
    columns = COLUMNS[report.subject]
    lines = _table(report, t)
    add_sheet(book, t(f"report.sheet.{report.subject}"), lines,
              money_columns=[i for i, c in enumerate(columns, start=1) if c in _MONEY],
              widths=[_WIDTHS[c] for c in columns], bold_rows=(1, len(lines)))
    summary = totals_table(report, t)
    add_sheet(book, t("report.sheet.totals"), summary, money_columns=(5,), widths=(12, 40, 10, 12, 18),
              bold_rows=(1, len(summary)))
    return workbook_bytes(book)


def report_csv(report: MonthlyReport, t: Label) -> bytes:
    return csv_bytes(_table(report, t))


def report_file(report: MonthlyReport, t: Label, suffix: str) -> bytes:
    """The report as .xlsx or .csv."""
    return report_xlsx(report, t) if suffix == ".xlsx" else report_csv(report, t)


def month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def last_day(year: int, month: int) -> date:
    return month_bounds(year, month)[1] - timedelta(days=1)
