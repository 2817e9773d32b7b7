"""`python -m bot insurance ...`: contracts, payments, endorsements, renewals, reports.

Runs with the operator's rights (no authority-limit step; it says when a contract
is above the limit). Refusals exit 2 with the reason on stderr; --json output
keeps the key names docs/insurance.md lists, which scripts rely on.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jdatetime

from bot import cli_claims, cli_reports
from bot.i18n import Translator
from bot.render import terminal_line
from core.insurance.chat_hooks import roster_problem_line, roster_unreadable_line
from core.insurance.claims_service import ClaimsService
from core.insurance.contracts import ContractRefused
from core.insurance.endorsements import EndorsementRefused
from core.insurance.models import ENDORSEMENT_KINDS, PLANS, POLICYHOLDER_KINDS, Person
from core.insurance.pdf import FontMissing
from core.insurance.roster import RosterUnreadable, count_rows, template_bytes
from core.insurance.service import (
    ContractRequest,
    ContractView,
    EndorsementRequest,
    InsuranceError,
    InsuranceService,
    IssuedContract,
)
from core.jalali import format_date
from core.text import normalize_text

REFUSED, NOT_FOUND = 2, 1


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    insurance = sub.add_parser("insurance", parents=[common], help="the insurer's side: contracts, endorsements...")
    groups = insurance.add_subparsers(dest="insurance_command")

    template = groups.add_parser("roster-template", parents=[common], help="an empty roster with one example row")
    template.add_argument("file", help="FILE.xlsx or FILE.csv")

    contracts = groups.add_parser("contracts", parents=[common], help="contracts").add_subparsers(
        dest="contracts_command")
    add = contracts.add_parser("add", parents=[common], help="issue a contract from a roster")
    add.add_argument("--policyholder", required=True)
    add.add_argument("--policyholder-kind", choices=POLICYHOLDER_KINDS, default="kindergarten")
    add.add_argument("--plan", required=True, choices=PLANS)
    add.add_argument("--death-capital", required=True, type=_rials)
    add.add_argument("--medical-capital", type=_rials, default=0)
    add.add_argument("--rate", required=True, type=_rials, help="agreed annual premium per person, rials")
    add.add_argument("--start", required=True, type=_jalali)
    add.add_argument("--end", type=_jalali, help="default: one year after the start")
    add.add_argument("--roster", required=True, help="FILE.xlsx or FILE.csv")
    add.add_argument("--discount", type=int, help="group discount percent (0-25) instead of the table's")
    add.add_argument("--agency")
    add.add_argument("--office")
    add.add_argument("--json", action="store_true")
    show = contracts.add_parser("show", parents=[common], help="one contract")
    show.add_argument("number", type=int)
    show.add_argument("--json", action="store_true")
    listing = contracts.add_parser("list", parents=[common], help="all contracts")
    listing.add_argument("--json", action="store_true")
    pay = contracts.add_parser("pay", parents=[common], help="record the premium cheque; writes the receipt")
    pay.add_argument("number", type=int)
    pay.add_argument("--date", required=True, type=_jalali)
    pay.add_argument("--cheque", required=True)
    pay.add_argument("--amount", type=_rials, help="default: the whole balance due")
    pay.add_argument("--out", help="receipt PDF (default: receipt-N.pdf)")
    pay.add_argument("--json", action="store_true")

    endorsements = groups.add_parser("endorsements", parents=[common], help="endorsements").add_subparsers(
        dest="endorsements_command")
    eadd = endorsements.add_parser("add", parents=[common], help="issue an endorsement")
    eadd.add_argument("contract", type=int)
    eadd.add_argument("--kind", required=True, choices=ENDORSEMENT_KINDS)
    eadd.add_argument("--date", required=True, type=_jalali, help="effective date")
    eadd.add_argument("--roster", help="persons to add (additional), remove (return) or correct (no_financial)")
    eadd.add_argument("--national-id", nargs="+", action="extend", default=[], help="persons to remove")
    eadd.add_argument("--json", action="store_true")

    renewals = groups.add_parser("renewals", parents=[common], help="renewals").add_subparsers(
        dest="renewals_command")
    due = renewals.add_parser("due", parents=[common], help="contracts ending soon, with the new premium")
    due.add_argument("--days", type=int)
    due.add_argument("--json", action="store_true")
    renew = renewals.add_parser("issue", parents=[common], help="issue the renewal of a contract")
    renew.add_argument("number", type=int)
    renew.add_argument("--rate", type=_rials, help="new rate per person (default: the same)")
    renew.add_argument("--json", action="store_true")

    holders = groups.add_parser("policyholders", parents=[common],
                                help="who speaks for a policyholder in chat").add_subparsers(dest="policyholders_command")
    link = holders.add_parser("link", parents=[common], help="link a user to a policyholder (added if absent)")
    link.add_argument("username")
    link.add_argument("--policyholder", required=True, help="the policyholder's name")
    link.add_argument("--kind", choices=POLICYHOLDER_KINDS, default="kindergarten")
    unlink = holders.add_parser("unlink", parents=[common], help="end a user's link")
    unlink.add_argument("username")
    for name, text in (("guardian", "link an insured person's guardian to a contract: they may file claims on it"),
                       ("unguardian", "end a guardian's link to a contract")):
        guardian = holders.add_parser(name, parents=[common], help=text)
        guardian.add_argument("contract", type=int)
        guardian.add_argument("username")
        guardian.add_argument("--national-id", help="for this insured person only (unguardian: this link only)")

    reports = groups.add_parser("reports", parents=[common], help="monthly reports").add_subparsers(
        dest="reports_command")
    cli_reports.add_parsers(reports, common, _jalali_month)
    cli_claims.add_parsers(groups, reports, common, _jalali, _jalali_month, _rials)


def _jalali(text: str) -> date:
    parts = normalize_text(text).replace("-", "/").split("/")
    try:
        year, month, day = (int(p) for p in parts)
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"{text!r}: a Jalali date YYYY/MM/DD is expected") from None


def _jalali_month(text: str) -> tuple[int, int]:
    parts = normalize_text(text).replace("-", "/").split("/")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12 and len(parts[0]) == 4:
        return int(parts[0]), int(parts[1])
    raise argparse.ArgumentTypeError(f"{text!r}: a Jalali month YYYY/MM is expected")


def _rials(text: str) -> int:
    digits = normalize_text(text).replace(",", "").replace("_", "")
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: a whole number of rials is expected")
    return int(digits)


def _jd(day: date) -> str:
    return format_date(day, "en")


class InsuranceCommands:
    def __init__(self, service: InsuranceService, t: Translator, out: Callable[[str], None],
                 err: Callable[[str], None], claims: ClaimsService | None = None,
                 find_user: Callable[[str], Any] | None = None, max_file_bytes: int | None = None) -> None:
        self.service, self.t, self.out, self.err = service, t, out, err
        self.max_file_bytes = max_file_bytes  # a roster larger is refused unread, as in chat
        self.claims = claims
        self.find_user = find_user  # username -> core User | None (for linking users to policyholders)

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        if self.claims is not None and cli_claims.handles(args):
            return cli_claims.ClaimsCommands(self.claims, self.t, self.out, self.err).run(args, parser)
        if cli_reports.handles(args):
            return cli_reports.ReportCommands(self.service, self.t, self.out, self.err).run(args)
        try:
            command = (args.insurance_command, getattr(args, f"{args.insurance_command}_command", None)
                       if args.insurance_command else None)
            handler = {
                ("roster-template", None): self.template,
                ("contracts", "add"): self.add_contract,
                ("contracts", "show"): self.show_contract,
                ("contracts", "list"): self.list_contracts,
                ("contracts", "pay"): self.pay,
                ("endorsements", "add"): self.add_endorsement,
                ("renewals", "due"): self.renewals_due,
                ("renewals", "issue"): self.renew,
                ("policyholders", "link"): self.link_user,
                ("policyholders", "unlink"): self.unlink_user,
                ("policyholders", "guardian"): self.link_guardian,
                ("policyholders", "unguardian"): self.unlink_guardian,
            }.get(command)
            if handler is None:
                parser.print_help()
                return 2
            return handler(args)
        except (ContractRefused, EndorsementRefused, InsuranceError) as exc:
            reason = self.t(f"insurance.rule.{exc.rule}", **exc.params)
            # a sentence in the reader's language; a script's --json gets the rule's code as well
            self.err(_json({"rule": exc.rule, "reason": reason}) if getattr(args, "json", False)
                     else self.t("insurance.refused", reason=reason))
            return NOT_FOUND if exc.rule.endswith("not_found") else REFUSED
        except RosterUnreadable as exc:
            self.err(terminal_line(self.t, roster_unreadable_line(exc)))
            return REFUSED
        except FontMissing as exc:
            self.err(str(exc))
            return 1

    # ---- who speaks for a policyholder ------------------------------------------------
    def _user(self, username: str) -> Any:
        user = self.find_user(username) if self.find_user else None
        if user is None:
            self.err(self.t("error.unknown_user", username=username))
        return user

    def link_user(self, args: argparse.Namespace) -> int:
        user = self._user(args.username)
        if user is None:
            return NOT_FOUND
        holder = self.service.link_user(user.id, args.policyholder, args.kind)
        self.out(self.t("insurance_chat.linked", username=user.username, policyholder=holder.name))
        if "policyholder" not in user.all_roles:
            self.out(self.t("insurance_chat.link_needs_role", username=user.username))
        return 0

    def unlink_user(self, args: argparse.Namespace) -> int:
        user = self._user(args.username)
        if user is None:
            return NOT_FOUND
        self.service.unlink_user(user.id)
        self.out(self.t("insurance_chat.unlinked", username=user.username))
        return 0

    def link_guardian(self, args: argparse.Namespace) -> int:
        """With the operator's rights (the chat's /guardian is the policyholder's own)."""
        user = self._user(args.username)
        if user is None:
            return NOT_FOUND
        self.service.guardians.link(None, args.contract, user, args.national_id)
        self.out(self.t("insurance_chat.guardian_linked", username=user.username, name=user.full_name,
                        contract=args.contract, person=self._guardian_person(args.national_id)))
        return 0

    def unlink_guardian(self, args: argparse.Namespace) -> int:
        user = self._user(args.username)
        if user is None:
            return NOT_FOUND
        self.service.guardians.unlink(None, args.contract, user, args.national_id)
        self.out(self.t("insurance_chat.guardian_unlinked", username=user.username, name=user.full_name,
                        contract=args.contract, person=self._guardian_person(args.national_id)))
        return 0

    def _guardian_person(self, national_id: str | None) -> str:
        return (self.t("insurance_chat.guardian_person", national_id=national_id) if national_id
                else self.t("insurance_chat.guardian_anyone"))

    # ---- rosters ----------------------------------------------------------------
    def template(self, args: argparse.Namespace) -> int:
        Path(args.file).write_bytes(template_bytes(args.file))
        self.out(self.t("insurance.template_written", file=args.file))
        return 0

    def _read_roster(self, path: str) -> list[Person] | None:
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

        # A progress bar on a terminal only: piped output stays clean.
        with tqdm(total=count_rows(path, data), unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty(),
                  leave=False) as bar:
            result = self.service.read_roster(path, data, progress=bar.update)
        if not result.ok:
            self.err(self.t("insurance.roster.bad_rows", count=len({p.line for p in result.problems})))
            for problem in result.problems:
                self.err(terminal_line(self.t, roster_problem_line(problem)))
            return None
        return result.persons

    # ---- contracts --------------------------------------------------------------
    def add_contract(self, args: argparse.Namespace) -> int:
        persons = self._read_roster(args.roster)
        if persons is None:
            return REFUSED
        issued = self.service.issue_contract(ContractRequest(
            policyholder=normalize_text(args.policyholder), plan=args.plan, death_capital=args.death_capital,
            medical_capital=args.medical_capital, rate=args.rate, start=args.start, end=args.end, persons=persons,
            policyholder_kind=args.policyholder_kind, discount_percent=args.discount, office=args.office,
            agency=args.agency))
        if issued.quote.above_authority:
            self.err(self.t("insurance.above_authority", limit=f"{issued.quote.authority_limit:,}",
                            office=issued.quote.office))
        if args.json:
            self.out(_json(_issued_json(issued)))
        else:
            self.out(self.t("insurance.contract_issued", number=issued.contract.number,
                            premium=f"{issued.contract.premium:,}", persons=len(persons)))
            self.out(self._contract_text(self.service.contract(issued.contract.number)))
        return 0

    def show_contract(self, args: argparse.Namespace) -> int:
        view = self.service.contract(args.number)
        self.out(_json(_view_json(view)) if args.json else self._contract_text(view, full=True))
        return 0

    def list_contracts(self, args: argparse.Namespace) -> int:
        views = self.service.contracts()
        if args.json:
            self.out(_json([_view_json(v, roster=False) for v in views]))
        else:
            for v in views:
                c = v.contract
                self.out(f"{c.number}\t{v.policyholder.name}\t{self.t(f'plan.{c.plan}')}\t{_jd(c.start)}\t"
                         f"{_jd(c.end)}\t{self._status(c.status)}\t{c.premium:,}\t{v.balance:,}")
        return 0

    def _status(self, status: str) -> str:
        return self.t(f"insurance_chat.contract_status.{status}")

    def _contract_text(self, view: ContractView, full: bool = False) -> str:
        c, t = view.contract, self.t
        lines = [
            t("insurance.show.header", number=c.number, policyholder=view.policyholder.name,
              status=self._status(c.status)),
            t("insurance.show.plan", plan=t(f"plan.{c.plan}"), death=f"{c.death_capital:,}",
              medical=f"{c.medical_capital:,}"),
            t("insurance.show.period", start=_jd(c.start), end=_jd(c.end), days=c.days),
            t("insurance.show.money", rate=f"{c.rate:,}", discount=c.discount_percent, premium=f"{c.premium:,}",
              balance=f"{view.balance:,}"),
            t("insurance.show.office", office=c.office, agency=c.agency or "-"),
        ]
        for e in view.endorsements:
            lines.append(t("insurance.show.endorsement", number=e.number, kind=t(f"endorsement_kind.{e.kind}"),
                           effective=_jd(e.effective),
                           amount=f"{e.amount:,}"))
        for p in view.payments:
            lines.append(t("insurance.show.payment", number=p.receipt_number, paid_on=_jd(p.paid_on),
                           amount=f"{p.amount:,}", cheque=p.cheque))
        if full:
            for m in view.members:
                left = f" -> {_jd(m.member_to)}" if m.member_to else ""
                lines.append(f"  {m.person.national_id}\t{m.person.full_name}\t{t(f'person_role.{m.person.role}')}\t"
                             f"{m.annual_premium:,}\t{_jd(m.member_from)}{left}")
        return "\n".join(lines)

    def pay(self, args: argparse.Namespace) -> int:
        receipt = self.service.record_payment(args.number, args.date, normalize_text(args.cheque), args.amount)
        out = Path(args.out or f"receipt-{receipt.payment.receipt_number}.pdf")
        out.write_bytes(self.service.receipt_pdf(receipt.payment.receipt_number))
        p = receipt.payment
        if args.json:
            self.out(_json({"receipt_number": p.receipt_number, "paid_on": _jd(p.paid_on), "amount": p.amount,
                            "contract": args.number, "file": str(out)}))
        else:
            self.out(self.t("insurance.paid", receipt=p.receipt_number, amount=f"{p.amount:,}", file=str(out)))
        return 0

    # ---- endorsements -----------------------------------------------------------
    def add_endorsement(self, args: argparse.Namespace) -> int:
        persons: list[Person] = []
        if args.roster:
            read = self._read_roster(args.roster)
            if read is None:
                return REFUSED
            persons = read
        ids = [normalize_text(i) for i in args.national_id]
        issued = self.service.add_endorsement(EndorsementRequest(args.contract, args.kind, args.date, persons, ids))
        e = issued.endorsement
        if args.json:
            self.out(_json({"number": e.number, "contract": issued.contract.number, "kind": e.kind,
                            "effective": _jd(e.effective), "amount": e.amount,
                            "lines": [{"national_id": x.national_id, "amount": x.amount} for x in issued.quote.lines],
                            "short_term_percent": issued.quote.short_term_percent}))
        else:
            self.out(self.t("insurance.endorsement_issued", number=e.number, kind=self.t(f"endorsement_kind.{e.kind}"),
                            contract=issued.contract.number, amount=f"{e.amount:,}"))
        return 0

    # ---- renewals ---------------------------------------------------------------
    def renewals_due(self, args: argparse.Namespace) -> int:
        due = self.service.renewals_due(days=args.days)
        if args.json:
            self.out(_json([{"contract": d.contract.number, "policyholder": d.policyholder, "end": _jd(d.contract.end),
                             "days_left": d.days_left, "new_start": _jd(d.new_start), "new_end": _jd(d.new_end),
                             "persons": d.persons, "premium": d.new_premium} for d in due]))
        else:
            for d in due:
                self.out(self.t("insurance.renewal_due", contract=d.contract.number, policyholder=d.policyholder,
                                end=_jd(d.contract.end), days=d.days_left, premium=f"{d.new_premium:,}"))
        return 0

    def renew(self, args: argparse.Namespace) -> int:
        issued = self.service.renew(args.number, args.rate)
        if args.json:
            self.out(_json({**_issued_json(issued), "renewal_of": args.number}))
        else:
            self.out(self.t("insurance.contract_issued", number=issued.contract.number,
                            premium=f"{issued.contract.premium:,}", persons=len(issued.quote.premiums)))
        return 0


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _issued_json(issued: IssuedContract) -> dict[str, Any]:
    c = issued.contract
    return {
        "number": c.number, "policyholder": issued.policyholder.name, "plan": c.plan,
        "start": _jd(c.start), "end": _jd(c.end), "days": c.days, "persons": len(issued.quote.premiums),
        "premium": c.premium, "discount_percent": c.discount_percent, "above_authority": c.above_authority,
        "breakdown": [{"national_id": p.national_id, "premium": p.premium, "rules": p.rules_json()}
                      for p in issued.quote.premiums],
    }


def _view_json(view: ContractView, roster: bool = True) -> dict[str, Any]:
    c = view.contract
    on_roster = [m for m in view.members if m.member_to is None]
    data: dict[str, Any] = {
        "number": c.number, "policyholder": view.policyholder.name, "plan": c.plan, "start": _jd(c.start),
        "end": _jd(c.end), "days": c.days, "status": c.status, "death_capital": c.death_capital,
        "medical_capital": c.medical_capital, "rate": c.rate, "discount_percent": c.discount_percent,
        "premium": c.premium, "office": c.office, "agency": c.agency, "above_authority": c.above_authority,
        "charged": view.charged, "paid": view.paid, "balance": view.balance,
        "endorsements": [{"number": e.number, "kind": e.kind, "effective": _jd(e.effective), "amount": e.amount}
                         for e in view.endorsements],
        "payments": [{"receipt_number": p.receipt_number, "paid_on": _jd(p.paid_on), "amount": p.amount}
                     for p in view.payments],
    }
    if roster:
        data["persons"] = len(on_roster)
        data["breakdown"] = [{"national_id": m.person.national_id, "premium": m.annual_premium, "rules": m.rules}
                             for m in on_roster]
    return data
