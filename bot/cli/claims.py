"""`python -m bot insurance claims ...` and `insurance reports claims|claims-semiannual`.

The claims office's steps from the command line, with the operator's rights: an
order is issued even when documents are missing (it says which on stderr), but
never for an ineligible claim without an override, nor for a case already paid.
Refusals exit 2 with the reason on stderr; --json keeps the key names
docs/claims.md lists, which scripts rely on.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bot.cli.arguments as arguments  # by its path: bot.cli imports this module
from bot.cli.actor import OPERATOR
from bot.i18n import Translator
from core.insurance.claims.kinds import CLAIM_KINDS
from core.text import normalize_text

# The parser is built for every command (and --help): what the claims' commands use is imported
# in the command (bench/startup.py).
if TYPE_CHECKING:
    from core.insurance.claims.medical import BillLine
    from core.insurance.claims.service import ClaimsService, ClaimView, DoctorAnalysis

REFUSED, NOT_FOUND = 2, 1
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def add_parsers(groups: Any, reports: Any, common: argparse.ArgumentParser, jalali: Callable[[str], Any],
                jalali_month: Callable[[str], Any], rials: Callable[[str], int]) -> None:
    claims = groups.add_parser("claims", parents=[common], help="claims: notice, assessment, payment order")
    sub = claims.add_subparsers(dest="claims_command")

    add = sub.add_parser("add", parents=[common], help="file a claim in the claims register")
    add.add_argument("--contract", required=True, type=arguments.number)
    add.add_argument("--national-id", required=True)
    add.add_argument("--kind", required=True, choices=CLAIM_KINDS)
    add.add_argument("--incident-date", required=True, type=jalali, help="YYYY/MM/DD (Jalali)")
    add.add_argument("--incident-time", type=_hour, help="HH:MM")
    add.add_argument("--description", required=True)
    add.add_argument("--json", action="store_true")

    assess = sub.add_parser("assess", parents=[common], help="the doctor's analysis and the payout")
    assess.add_argument("number", type=arguments.number)
    assess.add_argument("--bill", help="FILE.csv with the columns item,amount[,approved]")
    assess.add_argument("--primary-paid", type=rials, help="rials the primary insurer paid")
    assess.add_argument("--disability-percent", help="percent of the whole body set by the company doctor")
    assess.add_argument("--item", nargs="+", action="extend", default=[], help="disability table items")
    assess.add_argument("--teeth", type=arguments.count, help="teeth lost beyond repair")
    assess.add_argument("--analysis", help="the doctor's analysis as typed in chat, several items separated by "
                        "«؛» or «;»: «جراحی 3000000 2500000؛ همراه 400000؛ بیمه پایه 500000»")
    assess.add_argument("--kidney-approval", help="the welfare department's letter approving a kidney purchase")
    assess.add_argument("--heirs", help="an adult's heirs: «همسر 1/2؛ فرزند 1/4؛ فرزند 1/4» (or percentages)")
    assess.add_argument("--heir", nargs="+", action="extend", default=[], help="NAME=SHARE (an adult's death)")
    assess.add_argument("--responsible", nargs="+", action="extend", default=[],
                        help="beneficiaries responsible for the accident (father, mother, or an heir's name)")
    assess.add_argument("--json", action="store_true")

    order = sub.add_parser("order", parents=[common], help="issue the payment order (three copies, PDF)")
    order.add_argument("number", type=arguments.number)
    order.add_argument("--out", type=arguments.out_file, help="ORDER.pdf (default: payment-order-N.pdf)")
    order.add_argument("--json", action="store_true")

    show = sub.add_parser("show", parents=[common], help="one claim")
    show.add_argument("number", type=arguments.number)
    show.add_argument("--json", action="store_true")

    collected = sub.add_parser("collected", parents=[common], help="accounting: the cheque of an order was collected")
    collected.add_argument("order", type=arguments.number)
    collected.add_argument("--cheque")
    collected.add_argument("--json", action="store_true")

    documents = sub.add_parser("documents", parents=[common], help="tick documents of the checklist")
    documents.add_argument("number", type=arguments.number)
    documents.add_argument("--tick", nargs="+", action="extend", default=[])
    documents.add_argument("--untick", nargs="+", action="extend", default=[])
    documents.add_argument("--radiographs-needed", action="store_true")
    documents.add_argument("--json", action="store_true")

    returned = sub.add_parser("return", parents=[common], help="return the claim for missing documents")
    returned.add_argument("number", type=arguments.number)
    returned.add_argument("--note", default="")
    resubmit = sub.add_parser("resubmit", parents=[common], help="send a returned claim back for review")
    resubmit.add_argument("number", type=arguments.number)
    resubmit.add_argument("--note", default="")

    inquiry = sub.add_parser("inquiry", parents=[common], help="the policy inquiry filled from the contract")
    inquiry.add_argument("number", type=arguments.number)
    inquiry.add_argument("--confirm", action="store_true", help="the issuing office confirms it")
    inquiry.add_argument("--json", action="store_true")

    override = sub.add_parser("override", parents=[common], help="claims manager: pay an ineligible claim")
    override.add_argument("number", type=arguments.number)
    override.add_argument("--reason", required=True)

    monthly = reports.add_parser("claims", parents=[common], help="paid claims of a month, by contract")
    monthly.add_argument("month", type=jalali_month, help="YYYY/MM (Jalali)")
    monthly.add_argument("--out", required=True, type=arguments.out_file, help="FILE.xlsx or FILE.csv")
    semiannual = reports.add_parser("claims-semiannual", parents=[common],
                                    help="six-monthly paid claims statistics of a contract, three copies")
    semiannual.add_argument("contract", type=arguments.number)
    semiannual.add_argument("--period", type=arguments.number, default=1,
                            help="1: the first six months from the start, ...")
    semiannual.add_argument("--out", required=True, type=arguments.out_file, help="FILE.pdf or FILE.xlsx")


def _hour(text: str) -> time:
    match = _TIME.fullmatch(normalize_text(text).strip())
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return time(int(match.group(1)), int(match.group(2)))
    raise argparse.ArgumentTypeError(f"{text!r}: an hour HH:MM is expected")


def handles(args: argparse.Namespace) -> bool:
    return args.insurance_command == "claims" or (
        args.insurance_command == "reports" and getattr(args, "reports_command", None) in ("claims", "claims-semiannual"))


def _jd(day: Any) -> str:
    from core.jalali import format_date

    return format_date(day, "en")


class ClaimsCommands:
    def __init__(self, service: ClaimsService, t: Translator, out: Callable[[str], None],
                 err: Callable[[str], None]) -> None:
        self.service, self.t, self.out, self.err = service, t, out, err
        self.fa = Translator("fa")  # the documents are Persian whatever the operator reads

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        from core.forms.validators import ValidationError
        from core.insurance.claims.money import ClaimInputError
        from core.insurance.claims.service import ClaimRefused
        from core.insurance.shared.pdf import FontMissing

        if args.insurance_command == "reports":
            handler = {"claims": self.report, "claims-semiannual": self.semiannual}[args.reports_command]
        else:
            handler = {
                "add": self.add, "assess": self.assess, "order": self.order, "show": self.show,
                "collected": self.collected, "documents": self.documents, "return": self.return_claim,
                "resubmit": self.resubmit, "inquiry": self.inquiry, "override": self.override,
            }.get(args.claims_command)
            if handler is None:
                parser.print_help()
                return REFUSED
        try:
            return handler(args)
        except ClaimRefused as exc:
            from bot.render.text import terminal_line
            from core.insurance.claims.wording import refusal_line

            self.err(self.t("claims.refused", reason=terminal_line(self.t, refusal_line(exc.rule, exc.params))))
            return NOT_FOUND if exc.rule.endswith("not_found") else REFUSED
        except ClaimInputError as exc:
            problem = str(exc.params.get("problem", ""))
            self.err(self.t("claims.input_refused", reason=self.t(f"claims.input.{problem}", **exc.params)))
            return REFUSED
        except ValidationError as exc:  # the analysis or the heirs as typed
            self.err(self.t(f"validation.{exc.code}", **exc.params))
            return REFUSED
        except FontMissing as exc:
            self.err(str(exc))
            return 1

    # ---- labels -------------------------------------------------------------------------------
    def _kind(self, code: str) -> str:
        return self.t(f"claims.kind.{code}")

    def _documents(self, codes: Any) -> str:
        separator = "، " if self.t.lang == "fa" else "; "
        return separator.join(self.t(f"claims.document.{c}") for c in codes)

    # ---- notice -------------------------------------------------------------------------------
    def add(self, args: argparse.Namespace) -> int:
        from core.insurance.claims.service import ClaimNotice

        view = self.service.file(ClaimNotice(args.contract, args.national_id, args.kind, args.incident_date,
                                             normalize_text(args.description), args.incident_time),
                                 actor=OPERATOR)
        if args.json:
            self.out(_json(_claim_json(view)))
        else:
            c = view.claim
            self.out(self.t("claims.filed", number=c.number, name=c.person_name, kind=self._kind(c.kind),
                            incident_date=_jd(c.incident_date)))
            self.out(self._claim_text(view))
        return 0

    def _claim_text(self, view: ClaimView) -> str:
        c, t = view.claim, self.t
        lines = []
        if c.eligible:
            lines.append(t("claims.eligible"))
        else:
            lines.append(t("claims.ineligible", reasons=t("common.list_separator").join(
                t(f"claims.reason.{reason}") for reason in c.reasons)))
        for check in c.checks:
            result = t("claims.check_passed") if check["passed"] else t(f"claims.reason.{check['reason']}")
            lines.append(t("claims.check_line", check=t(f"claims.check.{check['name']}"), result=result))
        k = view.kardex
        if k.same_case_paid:
            lines.append(t("claims.kardex_paid", numbers=", ".join(map(str, k.same_case_paid))))
        elif k.same_case:
            lines.append(t("claims.kardex_same_case", numbers=", ".join(map(str, k.same_case))))
        lines.append(t("claims.kardex", numbers=", ".join(map(str, k.earlier_for_person)))
                     if k.earlier_for_person else t("claims.kardex_none"))
        lines.append(t("claims.missing", documents=self._documents(view.missing)) if view.missing
                     else t("claims.complete"))
        return "\n".join(lines)

    # ---- analysis and assessment ---------------------------------------------------------------
    def assess(self, args: argparse.Namespace) -> int:
        from core.insurance.claims.payment_orders import beneficiary_label, rule_label

        analysis = self._analysis(args)
        if analysis is None:
            return REFUSED
        if analysis is not False:
            self.service.record_analysis(args.number, analysis, actor=OPERATOR)
        view = self.service.assess(args.number, actor=OPERATOR)
        assessment = view.claim.assessment or {}
        if args.json:
            self.out(_json({"number": view.number, **assessment}))
        else:
            self.out(self.t("claims.assessed", number=view.number, payable=f"{view.claim.payable:,}"))
            for line in assessment.get("breakdown", []):
                self.out(self.t("claims.breakdown_line", rule=rule_label(line["rule"], self.t),
                                amount=f"{line['amount']:,}"))
            for share in assessment.get("shares", []):
                self.out(self.t("claims.share_line", to=beneficiary_label(share["to"], self.t),
                                amount=f"{share['amount']:,}"))
            self.out(self._claim_text(view))
        return 0

    def _analysis(self, args: argparse.Namespace) -> DoctorAnalysis | None | bool:
        """The analysis the options give; False when none is given (assess the one recorded)."""
        from core.insurance.claims.analysis_input import parse_analysis
        from core.insurance.claims.heirs import parse_heirs
        from core.insurance.claims.service import DoctorAnalysis

        given = (args.analysis, args.bill, args.primary_paid, args.disability_percent, args.item, args.teeth,
                 args.heirs, args.heir, args.responsible, args.kidney_approval)
        if not any(v not in (None, []) for v in given):
            return False
        # --analysis replaces the recorded analysis, as the doctor's step in chat does; the other
        # options change only what they name
        current = parse_analysis(args.analysis) if args.analysis is not None \
            else DoctorAnalysis.from_json(self.service.claim(args.number).claim.analysis)
        bill = current.bill
        if args.bill:
            read = self._read_bill(args.bill)
            if read is None:
                return None
            bill = tuple(read)
        heirs, responsible = current.heirs, tuple(normalize_text(r) for r in args.responsible) or current.responsible
        if args.heirs is not None:
            typed = parse_heirs(args.heirs)
            heirs, responsible = typed.heirs, (*responsible, *typed.responsible)
        if args.heir:
            heirs = []
            for value in args.heir:
                name, sep, share = normalize_text(value).partition("=")
                if not sep or not name.strip() or not share.strip():
                    self.err(self.t("claims.heir_format", value=value))
                    return None
                heirs.append((name.strip(), share.strip()))
        return DoctorAnalysis(
            bill=bill,
            primary_insurer_paid=current.primary_insurer_paid if args.primary_paid is None else args.primary_paid,
            disability_items=tuple(args.item) or current.disability_items,
            disability_percent=current.disability_percent if args.disability_percent is None
            else normalize_text(args.disability_percent),
            teeth=current.teeth if args.teeth is None else args.teeth,
            heirs=tuple(heirs),
            responsible=tuple(responsible),
            note=current.note,
            kidney_approval=current.kidney_approval if args.kidney_approval is None
            else normalize_text(args.kidney_approval).strip(),
        )

    def _read_bill(self, path: str) -> list[BillLine] | None:
        from core.insurance.claims.medical import BillLine
        from core.insurance.claims.money import MAX_RIALS

        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.err(self.t("claims.bill_unreadable", file=path, error=getattr(exc, "strerror", None) or str(exc)))
            return None
        rows = list(csv.reader(io.StringIO(text)))
        header = [normalize_text(h).strip().lower() for h in rows[0]] if rows else []
        if "item" not in header or "amount" not in header:
            self.err(self.t("claims.bill_bad_header"))
            return None
        lines = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(header, row))
            amounts = []
            for column in ("amount", "approved"):
                value = normalize_text(cells.get(column) or "").replace(",", "").replace("٬", "").strip()
                if column == "approved" and not value:
                    amounts.append(None)
                    continue
                if not (value.isascii() and value.isdigit()):
                    self.err(self.t("claims.bill_bad_amount", line=number, value=cells.get(column) or ""))
                    return None
                value = value.lstrip("0") or "0"  # the length first: Python will not read thousands of digits
                if len(value) > len(str(MAX_RIALS)) or int(value) > MAX_RIALS:
                    self.err(self.t("claims.bill_amount_too_large", line=number, limit=f"{MAX_RIALS:,}"))
                    return None
                amounts.append(int(value))
            lines.append(BillLine(normalize_text(cells["item"]).strip(), amounts[0], amounts[1]))
        return lines

    # ---- order and collection ------------------------------------------------------------------
    def order(self, args: argparse.Namespace) -> int:
        view = self.service.claim(args.number)
        order = self.service.order_payment(args.number, actor=OPERATOR, require_documents=False)
        out = Path(args.out or f"payment-order-{order.number}.pdf")
        try:
            out.write_bytes(self.service.order_pdf(order.number, self.fa))
        except OSError as exc:  # the order is kept: `documents print payment_order N` writes it again
            self.err(self.t("documents.not_written", file=str(out), error=exc.strerror or str(exc),
                            kind="payment_order", number=order.number))
        if view.missing:
            self.err(self.t("claims.documents_not_checked", number=view.number,
                            documents=self._documents(view.missing)))
        if args.json:
            self.out(_json({"order_number": order.number, "amount": order.amount, "number": view.number,
                            "shares": order.shares, "file": str(out)}))
        else:
            self.out(self.t("claims.ordered", order=order.number, number=view.number, amount=f"{order.amount:,}",
                            file=str(out)))
        return 0

    def collected(self, args: argparse.Namespace) -> int:
        order = self.service.collected(args.order, actor=OPERATOR, cheque=args.cheque)
        if args.json:
            self.out(_json(_order_json(order)))
        else:
            self.out(self.t("claims.collected", order=order.number))
        return 0

    # ---- documents, return, inquiry, override -------------------------------------------------
    def documents(self, args: argparse.Namespace) -> int:
        if args.radiographs_needed:
            self.service.require_radiographs(args.number, actor=OPERATOR)
        for code in args.tick:
            self.service.tick_document(args.number, code, actor=OPERATOR)
        for code in args.untick:
            self.service.untick_document(args.number, code, actor=OPERATOR)
        view = self.service.claim(args.number)
        if args.json:
            self.out(_json({"number": view.number, "required": list(view.required),
                            "ticked": [d.code for d in view.documents], "missing": list(view.missing)}))
        else:
            self.out(self.t("claims.missing", documents=self._documents(view.missing)) if view.missing
                     else self.t("claims.complete"))
        return 0

    def return_claim(self, args: argparse.Namespace) -> int:
        view = self.service.return_for_documents(args.number, actor=OPERATOR, note=normalize_text(args.note))
        self.out(self.t("claims.returned", number=view.number))
        return 0

    def resubmit(self, args: argparse.Namespace) -> int:
        view = self.service.resubmit(args.number, actor=OPERATOR, note=normalize_text(args.note))
        self.out(self.t("claims.resubmitted", number=view.number))
        return 0

    def inquiry(self, args: argparse.Namespace) -> int:
        if args.confirm:
            self.service.confirm_inquiry(args.number, actor=OPERATOR)
        self.out(_json(self.service.inquiry(args.number).to_json()))
        return 0

    def override(self, args: argparse.Namespace) -> int:
        view = self.service.override(args.number, normalize_text(args.reason), actor=OPERATOR)
        self.out(self.t("claims.overridden", number=view.number, reason=view.claim.override_reason))
        return 0

    # ---- show ---------------------------------------------------------------------------------
    def show(self, args: argparse.Namespace) -> int:
        view = self.service.claim(args.number)
        if args.json:
            self.out(_json(_claim_json(view, full=True)))
            return 0
        c, t = view.claim, self.t
        self.out(t("claims.show.header", number=c.number, status=t(f"claims.status.{c.status}"),
                   contract=view.contract.number, policyholder=view.policyholder.name))
        self.out(t("claims.show.person", name=c.person_name, national_id=c.national_id))
        self.out(t("claims.show.incident", kind=self._kind(c.kind), incident_date=_jd(c.incident_date),
                   incident_time=c.incident_time.strftime("%H:%M") if c.incident_time else ""))
        self.out(t("claims.show.description", description=c.description))
        self.out(self._claim_text(view))
        if c.override_reason:
            self.out(t("claims.show.override", by=c.override_by or "", reason=c.override_reason))
        if c.assessment:
            self.out(t("claims.assessed", number=c.number, payable=f"{c.payable:,}"))
        if view.order:
            o = view.order
            collected = (t("claims.show.order_collected", collected_on=_jd(o.collected_at)) if o.collected_at
                         else t("claims.show.order_open"))
            self.out(t("claims.show.order", order=o.number, amount=f"{o.amount:,}", collected=collected))
        return 0

    # ---- reports ------------------------------------------------------------------------------
    def report(self, args: argparse.Namespace) -> int:
        from core.insurance.reports.claims import claims_report_csv, claims_report_xlsx

        suffix = self._out_format(args.out, (".xlsx", ".csv"), "claims.report_format")
        if suffix is None:
            return REFUSED
        year, month = args.month
        report = self.service.monthly_report(year, month)
        Path(args.out).write_bytes(claims_report_xlsx(report, self.fa) if suffix == ".xlsx"
                                   else claims_report_csv(report, self.fa))
        self.out(self.t("claims.report_written", file=args.out, orders=len(report.lines),
                        amount=f"{report.total:,}"))
        return 0

    def semiannual(self, args: argparse.Namespace) -> int:
        from core.insurance.reports.claims import semiannual_pdf, semiannual_xlsx

        suffix = self._out_format(args.out, (".pdf", ".xlsx"), "claims.statistics_format")
        if suffix is None:
            return REFUSED
        stats = self.service.semiannual_statistics(args.contract, args.period)
        data = (semiannual_pdf(stats, self.service.settings.font_dir, self.fa, self._statistics_code(stats))
                if suffix == ".pdf" else semiannual_xlsx(stats, self.fa))
        Path(args.out).write_bytes(data)
        self.out(self.t("claims.statistics_written", contract=stats.contract_number, file=args.out,
                        orders=len(stats.lines), amount=f"{stats.total:,}"))
        return 0

    def _out_format(self, out: str, formats: tuple[str, ...], refusal: str) -> str | None:
        """The output file's suffix when it is one of `formats`; else None, the operator told (`refusal`)."""
        suffix = Path(out).suffix.lower()
        if suffix in formats:
            return suffix
        self.err(self.t(refusal))
        return None

    def _statistics_code(self, stats: Any) -> str:
        """The statistics' verification code: one per contract, period and total (documents.py)."""
        from core.insurance.contracts.document_codes import STATISTICS, issue_code
        from core.jalali import today_jalali

        with self.service.units.write() as u:
            code = issue_code(u, STATISTICS, stats.contract_number, stats.total,
                              today_jalali(self.service.clock()).togregorian(), self.service.clock(), stats.period)
        return code.code


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _order_json(order: Any) -> dict[str, Any]:
    return {"order_number": order.number, "amount": order.amount, "shares": order.shares,
            "ordered_on": _jd(order.created_at), "collected": order.collected_at is not None,
            "collected_on": _jd(order.collected_at) if order.collected_at else None, "cheque": order.cheque}


def _claim_json(view: ClaimView, full: bool = False) -> dict[str, Any]:
    c = view.claim
    data: dict[str, Any] = {
        "number": c.number, "contract": view.contract.number, "national_id": c.national_id, "name": c.person_name,
        "kind": c.kind, "incident_date": _jd(c.incident_date),
        "incident_time": c.incident_time.strftime("%H:%M") if c.incident_time else None,
        "status": c.status, "eligible": c.eligible, "reasons": c.reasons,
        "checks": c.checks, "kardex": list(view.kardex.earlier_for_person),
        "kardex_same_case": list(view.kardex.same_case), "kardex_same_case_paid": list(view.kardex.same_case_paid),
        "required_documents": list(view.required), "missing_documents": list(view.missing),
    }
    if full:
        data.update({
            "policyholder": view.policyholder.name, "description": c.description,
            "ticked_documents": [d.code for d in view.documents], "override_reason": c.override_reason,
            "override_by": c.override_by, "analysis": c.analysis,
            "payable": c.payable, "breakdown": (c.assessment or {}).get("breakdown", []),
            "shares": (c.assessment or {}).get("shares", []),
            "order": _order_json(view.order) if view.order else None,
            "history": [{"action": e.action, "actor": e.actor, "at": e.created_at.isoformat(), "details": e.details}
                        for e in view.events],
        })
    return data
