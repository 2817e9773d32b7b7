"""The insurer's commands in chat: /contract N, /report contracts|claims YYYY/MM, /guardian and
/unguardian (the policyholder links an insured person's guardian to a contract), and the review
(premium or refund with its breakdown) shown to staff before they act on an insurance request."""
from __future__ import annotations

from bot.context import Context
from bot.events import Outbound
from bot.handlers.menu import words
from bot.handlers.routes import Routes
from bot.i18n import Translator
from bot.render.insurance import contract_text
from bot.render.text import render_line
from core.insurance.contracts.service_types import InsuranceError
from core.insurance.reports.files import REPORT_SUBJECTS, monthly_report_file
from core.models import Ticket
from core.requests.registry import REQUEST_TYPES
from core.text import ltr, normalize_digits, normalize_text, phrase_key

REPORT_ROLES = frozenset({"report_reader", "admin"})
INSURER_STAFF = frozenset({"issuance_expert", "issuance_manager", "report_reader", "admin"})
CLAIMS_STAFF = frozenset({"claims_expert", "trusted_doctor", "claims_manager", "claims_accountant"})


def review_lines(ctx: Context, ticket: Ticket) -> list[str]:
    """What the staff see before acting; the requester, their type's requester review (a claim's
    missing documents and payout); nothing for types without one."""
    rtype = REQUEST_TYPES[ticket.request_type]
    review = rtype.review if ctx.user.is_staff else (
        rtype.requester_review if ticket.owner_id == ctx.user.id else None)
    if review is None:
        return []
    return [render_line(ctx.t, line) for line in ctx.desk.hooks.review(review, ctx.user, ticket)]


def contract(ctx: Context, args: str) -> list[Outbound]:
    token = normalize_digits(args.strip()).lstrip("#")
    if not token.isdigit() or len(token) > 10:
        return [Outbound(ctx.t("action.usage", command="/contract", usage=ctx.t("usage.contract")))]
    try:
        view = ctx.desk.insurance.contract_for(ctx.user, int(token))
    except InsuranceError:
        return [Outbound(ctx.t("insurance_chat.contract_not_found", number=ctx.t.number(token)))]
    return [Outbound(contract_text(ctx.t, view))]


def report(ctx: Context, args: str) -> list[Outbound]:
    """`/report contracts|renewals|endorsements 1404/08` (the issuing office's monthly reports) or
    `/report claims 1404/08` (the month's claims paid, by contract): an XLSX, for the report readers.
    The same reports go by themselves to the departments each month (core/insurance/reports/dispatch.py)."""
    if not ctx.user.all_roles & REPORT_ROLES:
        return [Outbound(ctx.t("insurance_chat.report_not_allowed"))]
    parts = normalize_text(args).split()
    subject = None
    if len(parts) == 2:
        subject = next((s for s in REPORT_SUBJECTS
                        if phrase_key(parts[0]) in {phrase_key(w) for w in words(f"report_{s}")}), None)
    month = _month(parts[1]) if subject else None
    if month is None:
        return [Outbound(ctx.t("action.usage", command="/report", usage=ctx.t("usage.report")))]
    year, number = month
    # the departments' copy is Persian, whoever asks
    made = monthly_report_file(ctx.desk.insurance, ctx.desk.claims, subject, year, number, Translator("fa"))
    folder = ctx.config.data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / made.filename
    path.write_bytes(made.data)
    return [Outbound(ctx.t(f"report_chat.{subject}", month=ltr(ctx.t.number(made.period)), count=made.count,
                           persons=made.persons, amount=ltr(ctx.t.number(f"{made.amount:,}"))), document=str(path))]


def guardian(ctx: Context, args: str) -> list[Outbound]:
    """`/guardian CONTRACT USERNAME [NATIONAL_ID]`: the policyholder (or the insurer's staff) links an
    insured person's guardian to the contract; they may then file claims on it (for that person only,
    when the national id is given)."""
    return _guardian_link(ctx, args, unlink=False)


def unguardian(ctx: Context, args: str) -> list[Outbound]:
    """`/unguardian CONTRACT USERNAME [NATIONAL_ID]`: the link taken back (all of the user's on the
    contract when no national id is given)."""
    return _guardian_link(ctx, args, unlink=True)


def _guardian_link(ctx: Context, args: str, unlink: bool) -> list[Outbound]:
    command = "unguardian" if unlink else "guardian"
    parts = normalize_digits(normalize_text(args)).split()
    token = parts[0].lstrip("#") if parts else ""
    if not (2 <= len(parts) <= 3 and token.isdigit() and len(token) <= 10):
        return [Outbound(ctx.t("action.usage", command=f"/{command}", usage=ctx.t(f"usage.{command}")))]
    number, username = int(token), parts[1]
    national_id = parts[2] if len(parts) == 3 else None
    person = ctx.desk.people.by_username(username)
    if person is None:
        return [Outbound(ctx.t("error.unknown_user", username=username))]
    links = ctx.desk.insurance.guardians
    try:
        if unlink:
            links.unlink(ctx.user, number, person, national_id)
        else:
            links.link(ctx.user, number, person, national_id)
    except InsuranceError as refused:
        if refused.rule == "contract_not_found":
            return [Outbound(ctx.t("insurance_chat.contract_not_found", number=ctx.t.number(number)))]
        return [Outbound(ctx.t("insurance_chat.refused", reason=ctx.t(f"insurance.rule.{refused.rule}",
                                                                      **refused.params)))]
    whom = ctx.t("insurance_chat.guardian_person", national_id=national_id) if national_id \
        else ctx.t("insurance_chat.guardian_anyone")
    key = "insurance_chat.guardian_unlinked" if unlink else "insurance_chat.guardian_linked"
    return [Outbound(ctx.t(key, username=person.username, name=person.full_name,
                           contract=ctx.t.number(number), person=whom))]


def help_text(ctx: Context) -> str:
    """The insurer's commands, for those who may use them (added to `/help commands`)."""
    roles = ctx.user.all_roles
    text = ""
    if roles & INSURER_STAFF:
        text += "\n\n" + ctx.t("insurance_chat.help_staff")
    elif "policyholder" in roles:
        text += "\n\n" + ctx.t("insurance_chat.help_policyholder")
    if roles & CLAIMS_STAFF:
        text += "\n\n" + ctx.t("insurance_chat.help_claims")
    return text


def _month(text: str) -> tuple[int, int] | None:
    year, _, month = normalize_digits(text).partition("/")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return int(year), int(month)


ROUTES = Routes(commands={"contract": contract, "report": report, "guardian": guardian, "unguardian": unguardian})
