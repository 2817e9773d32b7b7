"""`python -m bot insurance endorsements|renewals|policyholders ...`: a contract's changes after it is issued,
its renewal, and who speaks for a policyholder in chat (and which guardians may file claims on it)."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

# by their paths, not through the package: bot.cli imports these modules
import bot.cli.arguments as arguments
import bot.cli.insurance_json as as_json
from bot.cli.actor import OPERATOR
from bot.cli.insurance_shared import NOT_FOUND, REFUSED, InsuranceCommandsBase, day_text, pay_parser
from core.insurance.shared.models import ENDORSEMENT_KINDS, POLICYHOLDER_KINDS
from core.text import normalize_text


def add_endorsements_parser(groups: Any, common: argparse.ArgumentParser) -> None:
    endorsements = groups.add_parser("endorsements", parents=[common], help="endorsements").add_subparsers(
        dest="endorsements_command")
    eadd = endorsements.add_parser("add", parents=[common], help="an endorsement: issued, or quoted when it costs")
    eadd.add_argument("contract", type=arguments.number)
    eadd.add_argument("--kind", required=True, choices=ENDORSEMENT_KINDS)
    eadd.add_argument("--date", required=True, type=arguments.jalali_date, help="its date: the day it takes effect")
    eadd.add_argument("--roster", help="persons to add (additional, swap), remove (return) or correct (no_financial)")
    eadd.add_argument("--national-id", nargs="+", action="extend", default=[], help="persons to remove (return, swap)")
    eadd.add_argument("--out", type=arguments.out_file,
                      help="write the quote as a PDF here (when it is quoted), else the endorsement")
    eadd.add_argument("--json", action="store_true")
    pay_parser(endorsements, common, "record the cheque of an endorsement's proposal: issues it", "endorsements")


def add_renewals_parser(groups: Any, common: argparse.ArgumentParser) -> None:
    renewals = groups.add_parser("renewals", parents=[common], help="renewals").add_subparsers(
        dest="renewals_command")
    due = renewals.add_parser("due", parents=[common], help="contracts ending soon, with the new premium")
    due.add_argument("--days", type=arguments.count)
    due.add_argument("--json", action="store_true")
    renew = renewals.add_parser("issue", parents=[common], help="the renewal's proposal (paid with contracts pay)")
    renew.add_argument("number", type=arguments.number)
    renew.add_argument("--rate", type=arguments.rials, help="new rate per person (default: the same)")
    renew.add_argument("--discount", type=arguments.count,
                       help="the group discount agreed (default: the contract's)")
    renew.add_argument("--date", type=arguments.jalali_date, help="the proposal's date (default today)")
    renew.add_argument("--out", type=arguments.out_file, help="write the quote (the letter) as a PDF here")
    renew.add_argument("--json", action="store_true")


def add_policyholders_parser(groups: Any, common: argparse.ArgumentParser) -> None:
    holders = groups.add_parser("policyholders", parents=[common],
                                help="who speaks for a policyholder in chat").add_subparsers(
        dest="policyholders_command")
    link = holders.add_parser("link", parents=[common], help="link a user to a policyholder (added if absent)")
    link.add_argument("username")
    link.add_argument("--policyholder", required=True, help="the policyholder's name")
    link.add_argument("--identifier", help="its national id or registration number")
    link.add_argument("--kind", choices=POLICYHOLDER_KINDS, default="kindergarten")
    unlink = holders.add_parser("unlink", parents=[common], help="end a user's link")
    unlink.add_argument("username")
    for name, text in (("guardian", "link an insured person's guardian to a contract: they may file claims on it"),
                       ("unguardian", "end a guardian's link to a contract")):
        guardian = holders.add_parser(name, parents=[common], help=text)
        guardian.add_argument("contract", type=arguments.number)
        guardian.add_argument("username")
        guardian.add_argument("--national-id", help="for this insured person only (unguardian: this link only)")


class ChangeCommands(InsuranceCommandsBase):
    """Endorsements, renewals and the policyholders' and guardians' links."""

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
        holder = self.service.link_user(user.id, normalize_text(args.policyholder), args.kind,
                                        identifier=args.identifier, actor=OPERATOR)
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
        return self._guardian(args, self.service.guardians.link, "insurance_chat.guardian_linked")

    def unlink_guardian(self, args: argparse.Namespace) -> int:
        return self._guardian(args, self.service.guardians.unlink, "insurance_chat.guardian_unlinked")

    def _guardian(self, args: argparse.Namespace, change: Callable[[str, int, Any, str | None], object],
                  done: str) -> int:
        """Link or unlink (`change`) the guardian to the contract, then say so (`done`, a catalog key)."""
        user = self._user(args.username)
        if user is None:
            return NOT_FOUND
        change(OPERATOR, args.contract, user, args.national_id)
        person = (self.t("insurance_chat.guardian_person", national_id=args.national_id) if args.national_id
                  else self.t("insurance_chat.guardian_anyone"))
        self.out(self.t(done, username=user.username, name=user.full_name, contract=args.contract, person=person))
        return 0

    # ---- endorsements -----------------------------------------------------------
    def add_endorsement(self, args: argparse.Namespace) -> int:
        from core.insurance.contracts.service_types import EndorsementRequest

        persons: list = []
        if args.roster:
            read = self._read_roster(args.roster, args.date if args.kind in ("additional", "swap") else None)
            if read is None:
                return REFUSED
            persons = read
        ids = [normalize_text(i) for i in args.national_id]
        outcome = self.service.endorsements.add(EndorsementRequest(args.contract, args.kind, args.date, persons, ids),
                                                actor=OPERATOR)
        file = self._write_quote(outcome.proposal.proposal.number, args.out) if outcome.proposal else None
        if outcome.endorsement is not None and args.out:  # issued at once: its document
            file = self.documents.write("endorsement", outcome.endorsement.number, args.out)
        if args.json:
            self.out(as_json.dumps({**as_json.endorsement(outcome), "file": file}))
        elif outcome.proposal is not None:
            self.out(self.t("insurance.endorsement_proposed", proposal=outcome.proposal.proposal.number,
                            kind=self.t(f"endorsement_kind.{args.kind}"), contract=outcome.contract.number,
                            amount=f"{outcome.quote.amount:,}"))
        else:
            assert outcome.endorsement is not None
            e = outcome.endorsement
            self.out(self.t("insurance.endorsement_issued", number=e.number, kind=self.t(f"endorsement_kind.{e.kind}"),
                            contract=outcome.contract.number, amount=f"{e.amount:,}"))
        return 0

    # ---- renewals ---------------------------------------------------------------
    def renewals_due(self, args: argparse.Namespace) -> int:
        due = self.service.renewals_due(days=args.days)
        if args.json:
            self.out(as_json.dumps([{"contract": d.contract.number, "policyholder": d.policyholder,
                                     "end": day_text(d.contract.end), "days_left": d.days_left,
                                     "new_start": day_text(d.new_start), "new_end": day_text(d.new_end),
                                     "persons": d.persons, "premium": d.new_premium} for d in due]))
        else:
            for d in due:
                self.out(self.t("insurance.renewal_due", contract=d.contract.number, policyholder=d.policyholder,
                                end=day_text(d.contract.end), days=d.days_left, premium=f"{d.new_premium:,}"))
        return 0

    def renew(self, args: argparse.Namespace) -> int:

        proposed = self.service.renew(args.number, args.rate, actor=OPERATOR, discount=args.discount,
                                      proposed_on=args.date)
        file = self._write_quote(proposed.proposal.number, args.out)
        if args.json:
            self.out(as_json.dumps({**as_json.contract_proposal(proposed), "renewal_of": args.number, "file": file}))
        elif proposed.issued:
            self.out(self.t("insurance.issued_free", proposal=proposed.proposal.number,
                            number=proposed.issued.contract.number, persons=len(proposed.persons)))
        else:
            self.out(self.t("insurance.renewal_proposed", proposal=proposed.proposal.number, contract=args.number,
                            persons=len(proposed.persons), premium=f"{proposed.quote.premium:,}"))
        return 0
