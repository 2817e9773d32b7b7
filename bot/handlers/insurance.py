"""The insurer's commands in chat: /contract N, /report contracts YYYY/MM, and the review
(premium or refund with its breakdown) shown to staff before they act on an insurance request."""
from __future__ import annotations

from bot.context import Context
from bot.events import Outbound
from bot.handlers.menu import words
from bot.insurance_render import contract_text
from bot.render import render_line
from core.insurance.reports import report_xlsx
from core.insurance.service import InsuranceError
from core.models import Ticket
from core.request_types import REQUEST_TYPES
from core.text import normalize_digits, normalize_text, phrase_key

REPORT_ROLES = frozenset({"report_reader", "admin"})
INSURER_STAFF = frozenset({"issuance_expert", "issuance_manager", "report_reader", "admin"})


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
    """`/report contracts 1404/08`: the month's XLSX, for the report readers."""
    if not ctx.user.all_roles & REPORT_ROLES:
        return [Outbound(ctx.t("insurance_chat.report_not_allowed"))]
    parts = normalize_text(args).split()
    subject = len(parts) == 2 and phrase_key(parts[0]) in {phrase_key(w) for w in words("report_contracts")}
    month = _month(parts[1]) if subject else None
    if month is None:
        return [Outbound(ctx.t("action.usage", command="/report", usage=ctx.t("usage.report")))]
    year, number = month
    report_data = ctx.desk.insurance.monthly_report(year, number)
    data = report_xlsx(report_data)
    folder = ctx.config.data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"contracts-{year}-{number:02d}.xlsx"
    path.write_bytes(data)
    return [Outbound(ctx.t("insurance_chat.report_sent", month=f"{year}/{number:02d}",
                           contracts=len(report_data.contracts), endorsements=len(report_data.endorsements)),
                     document=str(path))]


def help_text(ctx: Context) -> str:
    """The insurer's commands, for those who may use them (added to `/help commands`)."""
    roles = ctx.user.all_roles
    if roles & INSURER_STAFF:
        return "\n\n" + ctx.t("insurance_chat.help_staff")
    if "policyholder" in roles:
        return "\n\n" + ctx.t("insurance_chat.help_policyholder")
    return ""


def _month(text: str) -> tuple[int, int] | None:
    year, _, month = normalize_digits(text).partition("/")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return int(year), int(month)


COMMANDS = {"contract": contract, "report": report}
