"""What the `insurance ...` commands share: the refusals' exit codes, the cheque's parser, a day as the
terminal shows it, and the commands' base (the services, reading a roster, writing a quote, a rule's message)."""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

# by their paths, not through the package: bot.cli imports these modules
import bot.cli.arguments as arguments
import bot.cli.documents as cli_documents
from bot.i18n import Translator

# The parser is built for every command (and --help): what the insurer's commands use is
# imported in the command (bench/startup.py).
if TYPE_CHECKING:
    from core.insurance.claims.service import ClaimsService
    from core.insurance.contracts.service import InsuranceService

REFUSED, NOT_FOUND = 2, 1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def pay_parser(group: Any, common: argparse.ArgumentParser, text: str, group_name: str = "contracts") -> None:
    pay = group.add_parser("pay", parents=[common], help=text)
    pay.add_argument("proposal", type=arguments.number, help="the proposal's number")
    pay.add_argument("--date", required=True, type=arguments.jalali_date,
                     help="the receipt's date: the day the cheque came")
    pay.add_argument("--cheque", required=True)
    pay.add_argument("--amount", type=arguments.rials, help="default: the proposal's amount (it must be that)")
    pay.add_argument("--out", type=arguments.out_file, help="receipt PDF (default: receipt-N.pdf)")
    if group_name == "endorsements":
        pay.add_argument("--endorsement-out", type=arguments.out_file,
                         help="the endorsement's PDF (default: endorsement-N.pdf)")
    pay.add_argument("--json", action="store_true")


def day_text(day: date) -> str:
    """A Jalali day as the terminal shows it, in Latin digits (1404/08/01)."""
    from core.jalali import format_date

    return format_date(day, "en")


class InsuranceCommandsBase:
    """The services the commands use and what several of them do: read a roster, write a quote, say a rule."""

    def __init__(self, service: InsuranceService, t: Translator, out: Callable[[str], None],
                 err: Callable[[str], None], claims: ClaimsService | None = None,
                 find_user: Callable[[str], Any] | None = None, max_file_bytes: int | None = None) -> None:
        self.service, self.t, self.out, self.err = service, t, out, err
        self.max_file_bytes = max_file_bytes  # a roster larger is refused unread, as in chat
        self.claims = claims
        self.find_user = find_user  # username -> core User | None (for linking users to policyholders)
        self.documents = cli_documents.DocumentsCommands(service, claims, t, out, err)

    def rule_text(self, rule: str, params: dict[str, Any]) -> str:
        """A rule's message, its dates in Jalali and a named figure by its Persian name."""
        from core.jalali import format_date, from_iso
        from core.values import Day, Money

        shown: dict[str, Any] = {}
        for name, value in params.items():
            if isinstance(value, Day):
                value = format_date(value.date, self.t.lang)
            elif isinstance(value, Money):
                value = f"{value.rials:,}"
            elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
                value = format_date(from_iso(value), self.t.lang)
            elif name == "what":
                value = self.t(f"insurance.amount_name.{value}")
            elif isinstance(value, int) and not isinstance(value, bool) and name in ("maximum", "due", "balance",
                                                                                      "limit", "minimum"):
                value = f"{value:,}"
            shown[name] = value
        return self.t(f"insurance.rule.{rule}", **shown)

    def _read_roster(self, path: str, cover_start: date | None) -> list | None:
        try:
            size = Path(path).stat().st_size
            if self.max_file_bytes is not None and size > self.max_file_bytes:  # refused before a byte is read
                self.err(self.t("insurance.roster.too_large", size_mb=f"{size / 2**20:.1f}",
                                max_mb=f"{self.max_file_bytes / 2**20:g}"))
                return None
            data = Path(path).read_bytes()
        except OSError as exc:
            self.err(self.t("insurance.roster.unreadable_file", file=path, error=exc.strerror or str(exc)))
            return None
        from tqdm import tqdm

        from bot.render.text import terminal_line
        from core.insurance.contracts.roster import count_rows
        from core.requests.insurer_shared import roster_problem_line

        # A progress bar on a terminal only: piped output stays clean.
        with tqdm(total=count_rows(path, data), unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty(),
                  leave=False) as bar:
            result = self.service.read_roster(path, data, progress=bar.update, cover_start=cover_start)
        if not result.ok:
            self.err(self.t("insurance.roster.bad_rows", count=len({p.line for p in result.problems})))
            for problem in result.problems:
                self.err(terminal_line(self.t, roster_problem_line(problem)))
            return None
        return result.persons

    def _write_quote(self, proposal_number: int, out: str | None) -> str | None:
        return self.documents.write("quote", proposal_number, out) if out else None
