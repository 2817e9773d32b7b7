"""The reports the desk sends by itself, from the job runner (bot/runtime/jobs.py):

- **Monthly**: on the first working day of each Jalali month, from `send_at` (Tehran), the past
  month's reports go to each department's recipients as the seed lists them: contracts, renewals
  and endorsements to four departments (K65–69, K127–131, K99–103), the claims paid to three
  (K201–204). Recipients are users (every chat account of theirs) or shared channels, per
  department (`[reports.recipients]`); one who is the recipient of two departments gets the report
  once, naming both. A desk that was not running on that day sends them when it next runs that month.
- **Six-monthly** (K13): on each of a contract's six-month marks from its start, the statistics of
  the claims paid on it in those six months, in three copies (one PDF), go to its policyholder's
  people in chat. A mark missed by more than CATCH_UP_DAYS (the desk was down) is not sent by itself
  (`insurance reports claims-semiannual` makes it on demand).

Each report of a period is claimed in the database (report_dispatches) in the transaction that
writes its outbox rows, so it is sent once, across restarts and processes. The file is made before
that transaction (no lock held meanwhile) and only when a read says it was not sent yet.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.attachments import AttachmentService
from core.clock import Clock
from core.insurance.contracts.document_codes import STATISTICS as STATISTICS_DOCUMENT
from core.insurance.contracts.document_codes import issue_code
from core.insurance.reports.claims import semiannual_pdf, semiannual_period
from core.insurance.reports.files import REPORT_SUBJECTS, ReportFile, monthly_report_file
from core.insurance.reports.monthly import DEPARTMENTS, Label, Recipients, month_before, month_bounds
from core.insurance.shared.models import Contract
from core.insurance.shared.pdf import FontMissing
from core.jalali import TEHRAN
from core.models import User
from core.notifications import Address, notify_user
from core.ports import UnitOfWork, Units

log = logging.getLogger(__name__)

REPORT_SENT = "report_sent"  # outbox kind: a monthly report, to a department's recipient
STATISTICS_SENT = "claims_statistics"  # outbox kind: a contract's six-monthly statistics, to its policyholder
SEMIANNUAL = "semiannual"
CATCH_UP_DAYS = 31


@dataclass
class ReportDispatcher:
    units: Units  # where each piece of work goes (core/transactions.py); it ends them
    clock: Clock
    insurance: Any  # InsuranceService
    claims: Any  # ClaimsService
    attachments: AttachmentService
    find_user: Callable[[str], User | None]  # People.by_username: the directory may be asked
    is_working_day: Callable[[dt.date], bool]
    recipients: Recipients = field(default_factory=Recipients)
    send_at: dt.time = dt.time(8, 0)  # Tehran wall time
    label: Label = str  # the reports' words (Persian)
    font_dir: str | None = None
    _done: set[tuple[str, str]] = field(default_factory=set)  # (report, period) known sent: not read again

    # ---- monthly ------------------------------------------------------------------------------
    def due_month(self, now: dt.datetime) -> tuple[int, int] | None:
        """The Jalali month whose reports are due now: the past one, from its successor's first working
        day at send_at; None before that."""
        import jdatetime

        local = now.astimezone(TEHRAN)
        today = jdatetime.date.fromgregorian(date=local.date())
        first, after = month_bounds(today.year, today.month)
        day = next((first + dt.timedelta(days=n) for n in range((after - first).days)
                    if self.is_working_day(first + dt.timedelta(days=n))), first)
        if local.date() < day or (local.date() == day and local.time() < self.send_at):
            return None
        return month_before(today.year, today.month)

    @property
    def has_recipients(self) -> bool:
        return any(self.recipients.users.values()) or any(self.recipients.channels.values())

    def send_monthly(self) -> list[str]:
        """The past month's reports not sent yet, to their departments; returns the subjects sent."""
        now = self.clock()
        due = self.due_month(now) if self.has_recipients else None
        if due is None:
            return []
        year, month = due
        period = f"{year:04d}/{month:02d}"
        sent = []
        for subject in REPORT_SUBJECTS:
            departments = DEPARTMENTS[subject]
            if not any(self.recipients.users.get(d) or self.recipients.channels.get(d) for d in departments):
                continue  # none of its departments has anyone set: kept for when one has
            if not self._not_sent(subject, period):
                continue
            readers = self._readers(departments)
            if not readers:  # everyone set is unknown or disabled (logged)
                continue
            made = monthly_report_file(self.insurance, self.claims, subject, year, month, self.label)
            stored = self.attachments.store_document(made.data)
            with self.units.write() as uow:
                if not uow.report_dispatches.claim(subject, period, now):  # another process was first
                    self._done.add((subject, period))
                    continue
                self._queue(uow, readers, REPORT_SENT, _report_payload(made, stored), now)
            self._done.add((subject, period))
            sent.append(subject)
        return sent

    def _readers(self, departments: Sequence[str]) -> list[tuple[User | Address, list[str]]]:
        """Each recipient of these departments once, with the departments it receives for.
        DirectoryUnavailable: tried again at the next round (nothing was claimed)."""
        found: dict[Any, tuple[User | Address, list[str]]] = {}
        for department in departments:
            for username in self.recipients.users.get(department, ()):
                user = self.find_user(username)
                if user is None or user.disabled:
                    log.warning("reports: recipient %s of %s unknown or disabled", username, department)
                    continue
                found.setdefault(("user", user.id), (user, []))[1].append(department)
            for platform, address in self.recipients.channels.get(department, ()):  # a pair (a list from TOML)
                found.setdefault(("channel", platform, address), ((platform, address), []))[1].append(department)
        return list(found.values())

    # ---- six-monthly ----------------------------------------------------------------------------
    def send_semiannual(self) -> list[tuple[int, int]]:
        """Every contract's six-month mark reached (within CATCH_UP_DAYS) whose statistics were not
        sent: the PDF to the policyholder's people. Returns (contract number, period) of each sent."""
        now = self.clock()
        today = now.astimezone(TEHRAN).date()
        with self.units.read() as uow:
            contracts = uow.contracts.list()
        sent = []
        for contract in contracts:
            for period in _marks_reached(contract, today):
                report = f"{SEMIANNUAL}:{contract.number}"
                if not self._not_sent(report, str(period)) or not self._statistics(contract, period, report, now):
                    continue
                sent.append((contract.number, period))
        return sent

    def _statistics(self, contract: Contract, period: int, report: str, now: dt.datetime) -> bool:
        stats = self.claims.semiannual_statistics(contract.number, period)
        with self.units.write() as uow:  # its verification code: one per contract, period and total
            code = issue_code(uow, STATISTICS_DOCUMENT, contract.number, stats.total, now.astimezone(TEHRAN).date(),
                              now, period).code
        try:
            pdf = semiannual_pdf(stats, self.font_dir, self.label, code)
        except FontMissing:
            log.error("reports: no font for the six-monthly statistics of contract %s", contract.number)
            return False
        stored = self.attachments.store_document(pdf)
        payload = {"contract": contract.number, "period": period, "start": stats.start.isoformat(),
                   "end": (stats.end - dt.timedelta(days=1)).isoformat(), "orders": len(stats.lines),
                   "amount": stats.total,
                   "file": {"stored": stored, "name": f"claims-statistics-{contract.number}-{period}.pdf"}}
        with self.units.write() as uow:
            if not uow.report_dispatches.claim(report, str(period), now):
                self._done.add((report, str(period)))
                return False
            users = [u for u in (uow.users.get(i) for i in uow.policyholders.users_of(contract.policyholder_id))
                     if u is not None and not u.disabled]
            self._queue(uow, [(u, []) for u in users], STATISTICS_SENT, payload, now)
        self._done.add((report, str(period)))
        return True

    # ---- both ---------------------------------------------------------------------------------
    def _not_sent(self, report: str, period: str) -> bool:
        if (report, period) in self._done:
            return False
        with self.units.read() as uow:
            if uow.report_dispatches.sent(report, period):
                self._done.add((report, period))
                return False
        return True

    @staticmethod
    def _queue(uow: UnitOfWork, readers: Sequence[tuple[User | Address, list[str]]], kind: str,
               payload: dict[str, Any], now: dt.datetime) -> None:
        for reader, departments in readers:
            addressed = {**payload, "departments": departments} if departments else payload
            if isinstance(reader, User):
                notify_user(uow, reader, kind, None, addressed, now)
            else:
                platform, address = reader
                uow.outbox.add(None, platform, address, kind, None, addressed, now)


def _report_payload(made: ReportFile, stored: str) -> dict[str, Any]:
    return {"report": made.subject, "period": made.period, "count": made.count, "persons": made.persons,
            "amount": made.amount, "file": {"stored": stored, "name": made.filename}}


def _marks_reached(contract: Contract, today: dt.date) -> list[int]:
    """The six-month periods of a contract that ended on or before today, within CATCH_UP_DAYS."""
    periods: list[int] = []
    period = 1
    while True:
        start, end = semiannual_period(contract.start, period)
        if start >= contract.end or end > today:
            return periods
        if (today - end).days <= CATCH_UP_DAYS:
            periods.append(period)
        period += 1

