"""Looking at tickets: my requests, one ticket, an expert's queue, and starting a new request."""
from __future__ import annotations

from typing import Any

from bot import buttons
from bot.buttons import ButtonData
from bot.context import DRAFT, Context
from bot.conversations import paging
from bot.conversations.form import version_of
from bot.conversations.frames import FormFrame
from bot.events import Button, Outbound
from bot.handlers import insurance, operations
from bot.handlers.actions import parse_ticket_id, prompts
from bot.handlers.routes import Routes
from bot.render.text import ticket_buttons, ticket_details, ticket_line, type_label
from core.requests.registry import REQUEST_TYPES
from core.text import normalize_text

form = FormFrame()  # the form, and its frame on the chat's stack


def new_request(ctx: Context, args: str = "") -> list[Outbound]:
    """`/new`: the form comes to the foreground, so an open prompt is set aside (and the person told)."""
    t = ctx.t
    aside = prompts.set_aside(ctx)
    if ctx.draft is not None:
        version = version_of(ctx.draft)
        ctx.asked.add(DRAFT)  # the offer to continue it stands for its question
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
    """The request types this person may file (a policyholder's requests need the role; a claim,
    the role or a guardian's link to a contract)."""
    return [code for code, rtype in REQUEST_TYPES.items() if rtype.may_start(ctx.user, ctx.desk.hooks)]


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


def _fetch_mine(ctx: Context, params: dict[str, Any], offset: int | None) -> paging.Page:
    offset = offset or 0
    tickets, more = ctx.desk.tickets.mine_page(ctx.user, params.get("type"), offset, paging.PAGE_SIZE)
    return paging.Page(tickets, more, offset + len(tickets))


def _draw_mine(ctx: Context, params: dict[str, Any], page: paging.Page, number: int) -> list[str]:
    t = ctx.t
    title = t("my.title", page=number + 1)
    if params.get("type"):
        title += " " + t("list.filtered", type=type_label(t, params["type"]))
    return [title, *(ticket_line(t, ticket) for ticket in page.items)]


def _mine_empty(ctx: Context, params: dict[str, Any]) -> str:
    if params.get("type"):
        return ctx.t("my.empty_type", type=type_label(ctx.t, params["type"]))
    return ctx.t("my.empty")


MY = paging.ListKind(
    name="my", fetch=_fetch_mine, draw=_draw_mine, empty=_mine_empty,
    extra_rows=lambda ctx, params: paging.type_filter(ctx, "my", params.get("type")),
)


def my_requests(ctx: Context, args: str = "") -> list[Outbound]:
    """`/my [TYPE]`: the newest ten, a page at a time; the type filter is a row of buttons."""
    t = ctx.t
    request_type = None
    if args.strip():
        request_type = _request_type(ctx, args)
        if request_type is None:
            known = "، ".join(type_label(t, code) for code in REQUEST_TYPES)
            return [Outbound(t("my.unknown_type", types=known))]
    return paging.open_list(ctx, MY, {"type": request_type})


def show_ticket(ctx: Context, ticket_id: int) -> list[Outbound]:
    details = ctx.desk.tickets.details(ctx.user, ticket_id)
    actions = ctx.desk.tickets.actions_for(ctx.user, details.ticket)
    extra = operations.ticket_extra_lines(ctx, details.ticket) + insurance.review_lines(ctx, details.ticket)
    return [Outbound(
        ticket_details(ctx.t, details, extra),
        ticket_buttons(ctx.t, details.ticket.id, details.ticket.version, actions),
        ticket_id=details.ticket.id,
    )]


def show(ctx: Context, args: str) -> list[Outbound]:
    ticket_id = parse_ticket_id(args.split(maxsplit=1)[0]) if args else None
    if ticket_id is None:
        return [Outbound(ctx.t("action.usage", command="/show", usage=ctx.t("usage.show")))]
    return show_ticket(ctx, ticket_id)


def queue(ctx: Context, args: str = "") -> list[Outbound]:
    """Waiting for the expert's roles, soonest deadline first (bot.handlers.operations)."""
    return operations.queue(ctx, args)


LISTS = {kind.name: kind for kind in (MY, operations.QUEUE, operations.FIND)}


def _turn_page(ctx: Context, data: ButtonData) -> list[Outbound]:
    return paging.turn(ctx, LISTS[data.args[0]], data.int_arg(1), data.int_arg(2))


def _filter(ctx: Context, data: ButtonData) -> list[Outbound]:
    chosen = paging.chosen_type(data.args[1])
    if chosen is False:  # a type no list has
        return [Outbound(ctx.t("error.bad_button"))]
    if data.args[0] == "queue":
        return operations.queue(ctx, request_type=chosen)
    return paging.open_list(ctx, MY, {"type": chosen})


ROUTES = Routes(
    commands={"new": new_request, "my": my_requests, "queue": queue, "show": show},
    buttons={
        "new": lambda ctx, data: on_new_button(ctx, data.args[0]),
        "draft": on_draft_button,
        "show": lambda ctx, data: show_ticket(ctx, data.int_arg(0)),
        "page": _turn_page,
        "filter": _filter,
    },
)
