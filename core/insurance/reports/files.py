"""A month's report as the file that is sent: the issuing office's three (contracts, renewals,
endorsements) and the claims office's, each an XLSX in the departments' language, with the figures
a chat message about it gives. `/report` and the monthly sending (dispatch.py) make them here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.insurance.reports.claims import claims_report_xlsx
from core.insurance.reports.monthly import CLAIMS, ISSUANCE_REPORTS, Label, report_xlsx

REPORT_SUBJECTS = (*ISSUANCE_REPORTS, CLAIMS)


@dataclass(frozen=True)
class ReportFile:
    subject: str
    year: int
    month: int
    data: bytes
    count: int  # contracts, renewals, endorsements, or payment orders
    persons: int
    amount: int  # rials

    @property
    def period(self) -> str:
        return f"{self.year:04d}/{self.month:02d}"

    @property
    def filename(self) -> str:
        return f"{self.subject}-{self.year:04d}-{self.month:02d}.xlsx"


def monthly_report_file(insurance: Any, claims: Any, subject: str, year: int, month: int, t: Label) -> ReportFile:
    """`insurance`, `claims`: the desk's InsuranceService and ClaimsService."""
    if subject == CLAIMS:
        paid = claims.monthly_report(year, month)
        return ReportFile(subject, year, month, claims_report_xlsx(paid, t), len(paid.lines), len(paid.lines),
                          paid.total)
    report = insurance.monthly_report(year, month).report(subject)
    return ReportFile(subject, year, month, report_xlsx(report, t), len(report.lines), report.persons, report.amount)
