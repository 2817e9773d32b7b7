"""`python -m bot insurance reports contracts|renewals|endorsements YYYY/MM --out FILE.xlsx|FILE.csv`
(the issuing office's three monthly reports, K65–69, K127–131, K99–103) and `insurance reports saman
YYYY/MM --out FILE.csv` (the month-end file for Saman, K64, K104, K133). The claims reports are
bot/cli/claims.py's. The files are in Persian, for the departments; what is said on the terminal is
in the operator's language, whole sentences."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bot.cli.arguments as arguments  # by its path: bot.cli imports this module
from bot.i18n import Translator

if TYPE_CHECKING:  # the parser is built without the insurer's modules (bench/startup.py)
    from core.insurance.contracts.service import InsuranceService

SAMAN = "saman"
ISSUANCE_REPORTS = ("contracts", "renewals", "endorsements")  # as core.insurance.reports.monthly names them
REFUSED = 2
_HELP = {"contracts": "new contracts of a month, by office, agency and company",
         "renewals": "renewal contracts of a month, by office, agency and company",
         "endorsements": "endorsements of a month, by office, agency and company"}


def add_parsers(reports: Any, common: argparse.ArgumentParser, jalali_month: Callable[[str], Any]) -> None:
    for subject in ISSUANCE_REPORTS:
        parser = reports.add_parser(subject, parents=[common], help=_HELP[subject])
        parser.add_argument("month", type=jalali_month, help="YYYY/MM (Jalali)")
        parser.add_argument("--out", required=True, type=arguments.out_file, help="FILE.xlsx or FILE.csv")
    saman = reports.add_parser(SAMAN, parents=[common], help="the month's contracts and endorsements for Saman, CSV")
    saman.add_argument("month", type=jalali_month, help="YYYY/MM (Jalali)")
    saman.add_argument("--out", required=True, type=arguments.out_file, help="FILE.csv")


def handles(args: argparse.Namespace) -> bool:
    return args.insurance_command == "reports" and getattr(args, "reports_command", None) in (*ISSUANCE_REPORTS,
                                                                                              SAMAN)


class ReportCommands:
    def __init__(self, service: InsuranceService, t: Translator, out: Callable[[str], None],
                 err: Callable[[str], None]) -> None:
        self.service, self.t, self.out, self.err = service, t, out, err
        self.fa = Translator("fa")  # the departments' copy is Persian

    def run(self, args: argparse.Namespace) -> int:
        from core.insurance.reports.monthly import report_file
        from core.insurance.reports.spreadsheets import csv_bytes

        year, month = args.month
        suffix = Path(args.out).suffix.lower()
        if args.reports_command == SAMAN:
            if suffix != ".csv":
                self.err(self.t("report_cli.saman_format"))
                return REFUSED
            rows = self.service.saman_rows(year, month, self.fa)
            if not self._write(args.out, csv_bytes(rows)):
                return REFUSED
            self.out(self.t("report_cli.saman_written", file=args.out, month=f"{year}/{month:02d}",
                            rows=len(rows) - 1))
            return 0
        if suffix not in (".xlsx", ".csv"):
            self.err(self.t("insurance.report_format"))
            return REFUSED
        report = self.service.monthly_report(year, month).report(args.reports_command)
        if not self._write(args.out, report_file(report, self.fa, suffix)):
            return REFUSED
        self.out(self.t(f"report_cli.written.{report.subject}", file=args.out, month=report.title,
                        count=len(report.lines), persons=report.persons, amount=f"{report.amount:,}"))
        return 0

    def _write(self, path: str, data: bytes) -> bool:
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self.err(self.t("report_cli.not_written", file=path, error=exc.strerror or type(exc).__name__))
            return False
        return True
