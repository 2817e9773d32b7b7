"""Looking at tickets: my requests, one ticket, an expert's queue, and starting a new request."""
from __future__ import annotations

from bot import buttons
from bot.buttons import ButtonData
from bot.context import Context
from bot.conversations.form import FormConversation, version_of
from bot.events import Button, Outbound
from bot.handlers import insurance
from bot.handlers.actions import prompts
from bot.handlers.operations import queue as queue_with_deadlines
from bot.handlers.operations import ticket_extra_lines
from bot.render import ticket_buttons, ticket_details, ticket_line, type_label
from core.models import Ticket
from core.request_types import REQUEST_TYPES
from core.text import normalize_text

MAX_LISTED = 30

form = FormConversation()


def new_request(ctx: Context, args: str = "") -> list[Outbound]:
    """`/new`: the form comes to the foreground, so an open prompt is set aside (and the person told)."""
    t = ctx.t
    aside = prompts.set_aside(ctx)
    if ctx.draft is not None:
        version = version_of(ctx.draft)
        return [*aside, Outbound(
            t("form.draft_exists", type=type_label(t, ctx.draft["type"])),
            [[Button(t("form.draft_continue"), buttons.draft("continue", version)),
              Button(t("form.draft_discard"), buttons.draft("discard", version))]],
        )]
    wanted = _request_type(ctx, args, starting=True) if args else None
    if wanted:
        return [*aside, *form.start(ctx, wanted)]
    rows = [[Button(type_label(t, code), buttons.new(code))] for code in startable(ctx)]
    return [*aside, Outbound(t("new.choose_type"), rows)]


def startable(ctx: Context) -> list[str]:
    """The request types this person may file (a policyholder's requests need the role)."""
    return [code for code, rtype in REQUEST_TYPES.items() if rtype.may_start(ctx.user.all_roles)]


def on_draft_button(ctx: Context, data: ButtonData) -> list[Outbound]:
    choice = data.args[0]
    if ctx.draft is None or data.draft_version != version_of(ctx.draft):
        return new_request(ctx)  # the draft changed since the offer: offer again what there is now
    if choice == "continue":
        aside = prompts.set_aside(ctx)
        ctx.set_draft(ctx.draft)  # back in the foreground
        return [*aside, form.question(ctx, ctx.draft)]
    form.cancel(ctx)
    return new_request(ctx)


def on_new_button(ctx: Context, request_type: str) -> list[Outbound]:
    if request_type not in startable(ctx):
        return [Outbound(ctx.t("error.bad_button"))]
    if ctx.draft is not None:
        return new_request(ctx)
    return [*prompts.set_aside(ctx), *form.start(ctx, request_type)]


def _request_type(ctx: Context, text: str, starting: bool = False) -> str | None:
    """A request type named by its code or (part of) its label in either language."""
    wanted = normalize_text(text).lower()
    for code in (startable(ctx) if starting else REQUEST_TYPES):
        if wanted in (code, type_label(ctx.t, code).lower()) or (len(wanted) >= 3 and wanted in type_label(ctx.t, code).lower()):
            return code
    return None


def my_requests(ctx: Context, args: str = "") -> list[Outbound]:
    t = ctx.t
    request_type = None
    if args.strip():
        request_type = _request_type(ctx, args)
        if request_type is None:
            known = "، ".join(f"{code} ({type_label(t, code)})" for code in REQUEST_TYPES)
            return [Outbound(t("my.unknown_type", types=known))]
    tickets = ctx.desk.tickets.mine(ctx.user, request_type)
    if not tickets:
        return [Outbound(t("my.empty"))]
    return [ticket_list(ctx, t("my.title", count=len(tickets)), tickets, t("my.hint"))]


def ticket_list(ctx: Context, title: str, tickets: list[Ticket], hint: str) -> Outbound:
    """A list of tickets, one line each, with buttons for the first few."""
    t = ctx.t
    lines = [title] + [ticket_line(t, ticket) for ticket in tickets[:MAX_LISTED]]
    if len(tickets) > MAX_LISTED:
        lines.append(t("list.more", count=len(tickets) - MAX_LISTED))
    lines.append(hint)
    rows = [[Button(t("button.show_ref", ref="#" + t.number(ticket.id)), buttons.show(ticket.id))]
            for ticket in tickets[:5]]
    return Outbound("\n".join(lines), rows)


def show_ticket(ctx: Context, ticket_id: int) -> list[Outbound]:
    details = ctx.desk.tickets.details(ctx.user, ticket_id)
    actions = ctx.desk.tickets.actions_for(ctx.user, details.ticket)
    extra = ticket_extra_lines(ctx, details.ticket) + insurance.review_lines(ctx, details.ticket)
    return [Outbound(
        ticket_details(ctx.t, details, extra),
        ticket_buttons(ctx.t, details.ticket.id, details.ticket.version, actions),
        ticket_id=details.ticket.id,
    )]


def queue(ctx: Context, args: str = "") -> list[Outbound]:
    """Waiting for the expert's roles, soonest deadline first (bot.handlers.operations)."""
    return queue_with_deadlines(ctx, args)
