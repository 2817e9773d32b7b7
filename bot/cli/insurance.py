"""`python -m bot insurance ...`: contracts, proposals, payments, endorsements, refunds, renewals, reports.

Runs with the operator's rights (no authority-limit step; it says when a contract is above the
limit), in the seed's order: `contracts add` answers the quote (a proposal), `contracts pay` records
the cheque and issues the contract with its number. Refusals exit 2 (a missing record: 1) with the
reason on stderr; --json output keeps the key names docs/insurance.md lists, which scripts rely on.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

# by their paths, not through the package: bot.cli imports this module
import bot.cli.arguments as arguments
import bot.cli.claims as cli_claims
import bot.cli.documents as cli_documents
import bot.cli.insurance_changes as changes
import bot.cli.insurance_json as as_json
import bot.cli.reports as cli_reports
from bot.cli.actor import OPERATOR
from bot.cli.insurance_changes import ChangeCommands
from bot.cli.insurance_shared import NOT_FOUND, REFUSED, day_text, pay_parser
from core.insurance.shared.models import PLANS, POLICYHOLDER_KINDS, PROPOSAL_CONTRACT, PROPOSAL_RENEWAL
from core.text import normalize_text

# The parser is built for every command (and --help): what the insurer's commands use is
# imported in the command (bench/startup.py).
if TYPE_CHECKING:
    from core.insurance.contracts.service_types import ContractView

CONTRACT_PROPOSALS = (PROPOSAL_CONTRACT, PROPOSAL_RENEWAL)
ENDORSEMENT_PROPOSALS = ("additional", "swap")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    insurance = sub.add_parser("insurance", parents=[common], help="the insurer's side: contracts, endorsements...")
    groups = insurance.add_subparsers(dest="insurance_command")

    template = groups.add_parser("roster-template", parents=[common], help="an empty roster with one example row")
    template.add_argument("file", type=arguments.out_file, help="FILE.xlsx or FILE.csv")

    contracts = groups.add_parser("contracts", parents=[common], help="contracts").add_subparsers(
        dest="contracts_command")
    add = contracts.add_parser("add", parents=[common], help="the quote (proposal) of a contract, from a roster")
    add.add_argument("--policyholder", required=True, help="the policyholder's name")
    add.add_argument("--policyholder-id", help="its national id or registration number (finds or adds it)")
    add.add_argument("--policyholder-kind", choices=POLICYHOLDER_KINDS, default="kindergarten")
    add.add_argument("--plan", required=True, choices=PLANS)
    add.add_argument("--death-capital", required=True, type=_rials)
    add.add_argument("--medical-capital", type=_rials, default=0)
    add.add_argument("--rate", required=True, type=_rials, help="agreed annual premium per person, rials")
    add.add_argument("--medical-rate", type=_rials, default=0,
                     help="the part of the rate for the medical cover (the primary-insurer discount is off it)")
    add.add_argument("--start", required=True, type=_jalali)
    add.add_argument("--end", type=_jalali, help="default, and at most: one year after the start")
    add.add_argument("--roster", required=True, help="FILE.xlsx or FILE.csv")
    add.add_argument("--discount", type=arguments.count, help="the group discount agreed, 0-25 percent (default 0)")
    add.add_argument("--agency")
    add.add_argument("--office")
    add.add_argument("--date", type=_jalali, help="the proposal's date (default today; never in the future)")
    add.add_argument("--out", type=arguments.out_file, help="write the quote as a PDF here")
    add.add_argument("--json", action="store_true")
    show = contracts.add_parser("show", parents=[common], help="one contract")
    show.add_argument("number", type=arguments.number)
    show.add_argument("--json", action="store_true")
    listing = contracts.add_parser("list", parents=[common], help="all contracts")
    listing.add_argument("--json", action="store_true")
    pay_parser(contracts, common, "record the cheque of a contract's or renewal's proposal: issues it")

    proposals = groups.add_parser("proposals", parents=[common], help="quotes waiting for their cheque")
    psub = proposals.add_subparsers(dest="proposals_command")
    plist = psub.add_parser("list", parents=[common], help="open proposals (--all: every one)")
    plist.add_argument("--all", action="store_true")
    plist.add_argument("--json", action="store_true")
    pshow = psub.add_parser("show", parents=[common], help="one proposal; --out writes its quote PDF")
    pshow.add_argument("proposal", type=arguments.number)
    pshow.add_argument("--out", type=arguments.out_file)
    pshow.add_argument("--json", action="store_true")
    withdraw = psub.add_parser("withdraw", parents=[common], help="a proposal the policyholder will not pay")
    withdraw.add_argument("proposal", type=arguments.number)

    changes.add_endorsements_parser(groups, common)

    refunds = groups.add_parser("refunds", parents=[common], help="refunds owed to policyholders").add_subparsers(
        dest="refunds_command")
    rlist = refunds.add_parser("list", parents=[common], help="refunds still owed (--all: settled too)")
    rlist.add_argument("--all", action="store_true")
    rlist.add_argument("--json", action="store_true")
    settle = refunds.add_parser("settle", parents=[common], help="record a refund paid back")
    settle.add_argument("number", type=arguments.number, help="the endorsement's number")
    settle.add_argument("--date", required=True, type=_jalali)
    settle.add_argument("--reference", required=True, help="the cheque or transfer it was paid back with")
    settle.add_argument("--json", action="store_true")

    changes.add_renewals_parser(groups, common)
    changes.add_policyholders_parser(groups, common)

    reports = groups.add_parser("reports", parents=[common], help="monthly reports").add_subparsers(
        dest="reports_command")
    cli_reports.add_parsers(reports, common, _jalali_month)
    cli_claims.add_parsers(groups, reports, common, _jalali, _jalali_month, _rials)
    cli_documents.add_parser(groups, common)


_jalali = arguments.jalali_date  # from 1300/01/01
_jalali_month = arguments.jalali_month
_rials = arguments.rials  # 1,500,000 or ۱٬۵۰۰٬۰۰۰, at most 2**63-1


class InsuranceCommands(ChangeCommands):
    """Every `insurance ...` command: contracts, proposals, payments and refunds here; endorsements, renewals
    and policyholders in bot/cli/insurance_changes.py; claims, reports and documents in their own modules."""

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        from core.insurance.contracts.endorsements import EndorsementRefused
        from core.insurance.contracts.roster import RosterUnreadable
        from core.insurance.contracts.service_types import InsuranceError
        from core.insurance.contracts.terms import ContractRefused
        from core.insurance.shared.pdf import FontMissing

        if self.claims is not None and cli_claims.handles(args):
            return cli_claims.ClaimsCommands(self.claims, self.t, self.out, self.err).run(args, parser)
        if args.insurance_command == "documents":
            return self.documents.run(args, parser)
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
                ("contracts", "pay"): lambda a: self.pay(a, CONTRACT_PROPOSALS),
                ("proposals", "list"): self.list_proposals,
                ("proposals", "show"): self.show_proposal,
                ("proposals", "withdraw"): self.withdraw_proposal,
                ("endorsements", "add"): self.add_endorsement,
                ("endorsements", "pay"): lambda a: self.pay(a, ENDORSEMENT_PROPOSALS),
                ("refunds", "list"): self.list_refunds,
                ("refunds", "settle"): self.settle_refund,
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
            self.err(self.t("insurance.refused", reason=self.rule_text(exc.rule, exc.params)))
            return NOT_FOUND if exc.rule.endswith("not_found") else REFUSED
        except RosterUnreadable as exc:
            from bot.render.text import terminal_line
            from core.requests.insurer_shared import roster_unreadable_line

            self.err(terminal_line(self.t, roster_unreadable_line(exc)))
            return REFUSED
        except FontMissing as exc:
            self.err(str(exc))
            return 1

    # ---- rosters ----------------------------------------------------------------
    def template(self, args: argparse.Namespace) -> int:
        from core.insurance.contracts.roster import template_bytes

        Path(args.file).write_bytes(template_bytes(args.file))
        self.out(self.t("insurance.template_written", file=args.file))
        return 0

    # ---- contracts --------------------------------------------------------------
    def add_contract(self, args: argparse.Namespace) -> int:
        from core.insurance.contracts.service_types import ContractRequest

        persons = self._read_roster(args.roster, args.start)
        if persons is None:
            return REFUSED
        proposed = self.service.proposals.propose_contract(ContractRequest(
            policyholder=normalize_text(args.policyholder), plan=args.plan, death_capital=args.death_capital,
            medical_capital=args.medical_capital, rate=args.rate, start=args.start, end=args.end, persons=persons,
            policyholder_kind=args.policyholder_kind, discount_percent=args.discount, office=args.office,
            agency=args.agency, policyholder_identifier=args.policyholder_id, medical_rate=args.medical_rate,
            proposed_on=args.date), actor=OPERATOR)
        quote = proposed.quote
        if quote.above_authority:
            self.err(self.t("insurance.above_authority", limit=f"{quote.authority_limit:,}", office=quote.office))
        file = self._write_quote(proposed.proposal.number, args.out)
        if args.json:
            self.out(as_json.dumps({**as_json.contract_proposal(proposed), "file": file}))
        elif proposed.issued:
            self.out(self.t("insurance.issued_free", proposal=proposed.proposal.number,
                            number=proposed.issued.contract.number, persons=len(persons)))
        else:
            self.out(self.t("insurance.proposed", proposal=proposed.proposal.number, persons=len(persons),
                            premium=f"{quote.premium:,}"))
        return 0

    def show_contract(self, args: argparse.Namespace) -> int:
        view = self.service.contract(args.number)
        self.out(as_json.dumps(as_json.view(view)) if args.json else self._contract_text(view, full=True))
        return 0

    def list_contracts(self, args: argparse.Namespace) -> int:
        views = self.service.contracts()
        if args.json:
            self.out(as_json.dumps([as_json.view(v, roster=False) for v in views]))
        else:
            for v in views:
                c = v.contract
                self.out(f"{c.number}\t{v.policyholder.name}\t{self.t(f'plan.{c.plan}')}\t{day_text(c.start)}\t"
                         f"{day_text(c.end)}\t{self.t(f'insurance_chat.contract_status.{c.status}')}\t{c.premium:,}\t"
                         f"{v.balance:,}")
        return 0

    def _contract_text(self, view: ContractView, full: bool = False) -> str:
        c, t = view.contract, self.t
        lines = [
            t("insurance.show.header", number=c.number, policyholder=view.policyholder.name,
              status=t(f"insurance_chat.contract_status.{c.status}")),
            t("insurance.show.plan", plan=t(f"plan.{c.plan}"), death=f"{c.death_capital:,}",
              medical=f"{c.medical_capital:,}"),
            t("insurance.show.period", start=day_text(c.start), end=day_text(c.end), days=c.days),
            t("insurance.show.money", rate=f"{c.rate:,}", discount=c.discount_percent, premium=f"{c.premium:,}",
              balance=f"{view.balance:,}"),
            t("insurance.show.office", office=c.office, agency=c.agency or "-"),
        ]
        for e in view.endorsements:
            lines.append(t("insurance.show.endorsement", number=e.number, kind=t(f"endorsement_kind.{e.kind}"),
                           effective=day_text(e.effective), amount=f"{e.amount:,}"))
        for p in view.payments:
            lines.append(t("insurance.show.payment", number=p.receipt_number, paid_on=day_text(p.paid_on),
                           amount=f"{p.amount:,}", cheque=p.cheque))
        if view.refunds_owed:
            lines.append(t("insurance.show.refunds_owed", amount=f"{view.refunds_owed:,}"))
        for p in view.open_proposals:
            lines.append(t("insurance.show.open_proposal", proposal=p.number, amount=f"{p.amount:,}"))
        if full:
            for m in view.members:
                left = f" -> {day_text(m.member_to)}" if m.member_to else ""
                lines.append(f"  {m.person.national_id}\t{m.person.full_name}\t{t(f'role_label.{m.person.role}')}\t"
                             f"{m.annual_premium:,}\t{day_text(m.member_from)}{left}")
        return "\n".join(lines)

    # ---- proposals and their cheques --------------------------------------------------------
    def pay(self, args: argparse.Namespace, kinds: tuple[str, ...]) -> int:

        issued = self.service.proposals.pay(args.proposal, args.date, normalize_text(args.cheque), actor=OPERATOR,
                                            amount=args.amount, kinds=kinds)
        assert issued.payment is not None
        receipt_number = issued.payment.receipt_number
        # the payment is kept when the file cannot be written: `documents print receipt N` writes it again
        file = self.documents.write("receipt", receipt_number, args.out or f"receipt-{receipt_number}.pdf",
                                    "insurance.receipt_not_written")
        if issued.endorsement is not None:
            number = issued.endorsement.number
            self.documents.write("endorsement", number, args.endorsement_out or f"endorsement-{number}.pdf")
        if args.json:
            self.out(as_json.dumps(as_json.paid(issued, file)))
        elif issued.endorsement is not None:
            self.out(self.t("insurance.endorsement_paid", receipt=receipt_number, number=issued.endorsement.number,
                            contract=issued.contract.number, amount=f"{issued.proposal.amount:,}", file=file or "-"))
        else:
            self.out(self.t("insurance.contract_paid", receipt=receipt_number, number=issued.contract.number,
                            amount=f"{issued.proposal.amount:,}", file=file or "-"))
        return 0

    def list_proposals(self, args: argparse.Namespace) -> int:
        found = self.service.proposals.listing(None if args.all else "proposed")
        rows = [self._proposal_json(p) for p in found]
        if args.json:
            self.out(as_json.dumps(rows))
        for row in [] if args.json else rows:
            self.out(self.t("insurance.proposal_line", proposal=row["proposal"],
                            kind=self.t(f"insurance.proposal_kind.{row['kind']}"),
                            status=self.t(f"insurance.proposal_status.{row['status']}"),
                            policyholder=row["policyholder"], amount=f"{row['amount']:,}"))
        return 0

    def _proposal_json(self, proposal: Any) -> dict[str, Any]:
        with self.service.units.read() as uow:
            holder = uow.policyholders.get(proposal.policyholder_id)
            contract = uow.contracts.get(proposal.contract_id) if proposal.contract_id else None
        return as_json.proposal(proposal, holder.name if holder else "", contract.number if contract else None)

    def show_proposal(self, args: argparse.Namespace) -> int:
        proposal = self.service.proposals.get(args.proposal)
        file = self._write_quote(proposal.number, args.out)
        row = {**self._proposal_json(proposal), "file": file}
        if args.json:
            self.out(as_json.dumps(row))
        else:
            self.out(self.t("insurance.proposal_line", proposal=row["proposal"],
                            kind=self.t(f"insurance.proposal_kind.{row['kind']}"),
                            status=self.t(f"insurance.proposal_status.{row['status']}"),
                            policyholder=row["policyholder"], amount=f"{row['amount']:,}"))
        return 0

    def withdraw_proposal(self, args: argparse.Namespace) -> int:

        proposal = self.service.proposals.withdraw(args.proposal, actor=OPERATOR)
        self.out(self.t("insurance.proposal_withdrawn", proposal=proposal.number))
        return 0

    # ---- refunds ------------------------------------------------------------------
    def list_refunds(self, args: argparse.Namespace) -> int:
        found = self.service.refunds.listing(None if args.all else False)
        if args.json:
            self.out(as_json.dumps([as_json.refund(r) for r in found]))
            return 0
        for r in found:
            key = "insurance.refund_settled_line" if r.settlement else "insurance.refund_owed_line"
            self.out(self.t(key, endorsement=r.endorsement.number, contract=r.contract.number,
                            policyholder=r.policyholder.name, amount=f"{r.amount:,}",
                            settled_on=day_text(r.settlement.settled_on) if r.settlement else ""))
        return 0

    def settle_refund(self, args: argparse.Namespace) -> int:

        r = self.service.refunds.settle(args.number, args.date, normalize_text(args.reference), actor=OPERATOR)
        if args.json:
            self.out(as_json.dumps(as_json.refund(r)))
        else:
            self.out(self.t("insurance.refund_settled", endorsement=r.endorsement.number, amount=f"{r.amount:,}",
                            policyholder=r.policyholder.name))
        return 0
