"""Running the desk day to day: /take, /assign, /find, /stats, the queue with deadlines, and their buttons."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jdatetime

from bot import buttons
from bot.buttons import ButtonData
from bot.context import Context
from bot.conversations import paging
from bot.conversations.prompts import FIND as FIND_PROMPT
from bot.conversations.prompts import Prompts
from bot.errors import explain
from bot.events import Button, Outbound
from bot.handlers.actions import parse_ticket_id, prompts
from bot.handlers.routes import Routes
from bot.render.operations import expected_line, queue_line, stats_text
from bot.render.text import status_label, ticket_line, ticket_ref, type_label
from core import errors
from core.assignment import NotActingRole, NotSupervisor, TakenByOther
from core.jalali import today_jalali
from core.search import check_query
from core.text import isolate, ltr, normalize_text

_MONTH = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})")


def _assignment_refusal(ctx: Context, error: errors.DeskError) -> list[Outbound] | None:
    t, p = ctx.t, error.params
    if isinstance(error, NotActingRole):
        return [Outbound(t("assign.not_acting", username=ltr(p["username"]), ref=ticket_ref(t, p["ticket_id"]),
                           status=status_label(t, p["status"])))]
    if isinstance(error, TakenByOther):
        return [Outbound(t("assign.taken_by_other", ref=ticket_ref(t, p["ticket_id"]),
                           name=isolate(p["assignee"].full_name)))]
    if isinstance(error, NotSupervisor):
        return [Outbound(t("assign.not_supervisor", ref=ticket_ref(t, p["ticket_id"])))]
    return None


def _refusing(handler: Callable[..., list[Outbound]]) -> Callable[..., list[Outbound]]:
    """Assignment refusals as messages; other refusals go on to the router's own wording."""
    def run(ctx: Context, *args) -> list[Outbound]:  # noqa: ANN002
        try:
            return handler(ctx, *args)
        except (NotActingRole, TakenByOther, NotSupervisor) as error:
            return _assignment_refusal(ctx, error) or []
    return run


# -- assignment ---------------------------------------------------------------------


@_refusing
def take(ctx: Context, args: str) -> list[Outbound]:
    ticket_id = parse_ticket_id(args.split(maxsplit=1)[0]) if args else None
    if ticket_id is None:
        return [Outbound(ctx.t("assign.usage_take"))]
    return _took(ctx, ticket_id)


def _took(ctx: Context, ticket_id: int) -> list[Outbound]:
    done = ctx.desk.assignments.take(ctx.user, ticket_id)
    return [Outbound(ctx.t("assign.took", ref=ticket_ref(ctx.t, done.ticket.id)), ticket_id=done.ticket.id,
                     done_note=ctx.t("assign.marker", name=isolate(ctx.user.full_name)))]


@_refusing
def assign(ctx: Context, args: str) -> list[Outbound]:
    parts = args.split()
    ticket_id = parse_ticket_id(parts[0]) if parts else None
    if ticket_id is None or len(parts) != 2:
        return [Outbound(ctx.t("assign.usage_assign"))]
    return _assigned(ctx, ctx.desk.assignments.assign(ctx.user, ticket_id, normalize_text(parts[1])))


def _assigned(ctx: Context, done) -> list[Outbound]:  # noqa: ANN001 - core Assignment
    return [Outbound(ctx.t("assign.assigned", ref=ticket_ref(ctx.t, done.ticket.id),
                           name=isolate(done.assignee.full_name)), ticket_id=done.ticket.id)]


@_refusing
def _reassign_menu(ctx: Context, ticket_id: int) -> list[Outbound]:
    ticket, people = ctx.desk.assignments.candidates(ctx.user, ticket_id)
    ref = ticket_ref(ctx.t, ticket.id)
    if not people:
        return [Outbound(ctx.t("assign.nobody", ref=ref))]
    rows = [[Button(person.full_name, buttons.assign_to(ticket.id, person.id))] for person in people[:20]]
    return [Outbound(ctx.t("assign.choose", ref=ref), rows, ticket_id=ticket.id)]


@_refusing
def _assign_to(ctx: Context, ticket_id: int, user_id: int) -> list[Outbound]:
    person = ctx.desk.directory.by_id(user_id)
    if person is None:
        return [Outbound(ctx.t("error.bad_button"))]
    return _assigned(ctx, ctx.desk.assignments.assign(ctx.user, ticket_id, person.username))


# -- the queue, with deadlines ------------------------------------------------------------


def _fetch_queue(ctx: Context, params: dict[str, Any], offset: int | None) -> paging.Page:
    offset = offset or 0
    shown, total = ctx.desk.digest.queue_page(ctx.user, params.get("type"), offset, paging.PAGE_SIZE)
    return paging.Page(shown, offset + len(shown) < total, offset + len(shown), total=total)


def _draw_queue(ctx: Context, params: dict[str, Any], page: paging.Page, number: int) -> list[str]:
    t = ctx.t
    title = t("queue.title", count=page.total, page=number + 1)
    if params.get("type"):
        title += " " + t("list.filtered", type=type_label(t, params["type"]))
    return [title, *(queue_line(t, item, ctx.user) for item in page.items)]


def _queue_empty(ctx: Context, params: dict[str, Any]) -> str:
    if params.get("type"):
        return ctx.t("queue.empty_type", type=type_label(ctx.t, params["type"]))
    return ctx.t("queue.empty")


QUEUE = paging.ListKind(
    name="queue", fetch=_fetch_queue, draw=_draw_queue, empty=_queue_empty, ticket_of=lambda item: item.ticket,
    extra_rows=lambda ctx, params: paging.type_filter(ctx, "queue", params.get("type")),
)


def queue(ctx: Context, args: str = "", request_type: str | None = None) -> list[Outbound]:
    """Waiting for the user's roles, the soonest deadline first; taken ones marked with who has them."""
    if not ctx.user.is_staff:
        return [Outbound(ctx.t("queue.not_staff"))]
    return paging.open_list(ctx, QUEUE, {"type": request_type})


def ticket_extra_lines(ctx: Context, ticket) -> list[str]:  # noqa: ANN001 - core Ticket
    """For /show: when the current step is expected to be done, and who has the ticket."""
    lines = []
    deadline = ctx.desk.sla.deadline(ticket)
    if deadline is not None:
        lines.append(expected_line(ctx.t, deadline))
    assignee = ctx.desk.assignments.assignee_of(ticket) if ctx.user.is_staff else None
    if assignee is not None:
        lines.append(ctx.t("assign.shown", name=isolate(assignee.full_name)))
    return lines


# -- search -----------------------------------------------------------------------------


def _fetch_found(ctx: Context, params: dict[str, Any], before_id: int | None) -> paging.Page:
    found = ctx.desk.search.find(ctx.user, params["query"], before_id, limit=paging.PAGE_SIZE)
    return paging.Page(found.tickets, found.more, found.last_id)


def _draw_found(ctx: Context, params: dict[str, Any], page: paging.Page, number: int) -> list[str]:
    t = ctx.t
    title = t("find.title" if number == 0 else "find.more_title", query=isolate(params["query"]), page=number + 1)
    return [title, *(ticket_line(t, ticket) for ticket in page.items)]


FIND = paging.ListKind(
    name="find", fetch=_fetch_found, draw=_draw_found,
    empty=lambda ctx, params: ctx.t("find.none", query=isolate(params["query"])),
)


def find(ctx: Context, args: str) -> list[Outbound]:
    """`/find TEXT` (or «جست‌وجو TEXT»); with nothing to look for, the question is asked."""
    query = args.strip()
    if not query:
        return prompts.ask(ctx, FIND_PROMPT)
    try:
        check_query(query)
    except errors.SearchTooLong as error:  # said, with the question again
        return [Outbound(explain(ctx.t, error)), *prompts.ask(ctx, FIND_PROMPT)]
    return paging.open_list(ctx, FIND, {"query": query})


Prompts.answered_by[FIND_PROMPT] = find


# -- statistics -----------------------------------------------------------------------------


def stats(ctx: Context, args: str) -> list[Outbound]:
    t = ctx.t
    if not ctx.user.all_roles & ctx.desk.sla.policy.manager_roles():
        return [Outbound(t("stats.not_allowed"))]
    month = parse_month(args, today_jalali(ctx.desk.clock()))
    if month is None:
        return [Outbound(t("stats.bad_month"))]
    figures = ctx.desk.stats.month(*month)
    stamp = ctx.desk.clock().strftime("%Y%m%dT%H%M%S")
    path = ctx.config.data_dir / "charts" / f"stats-{figures.year}-{figures.month:02d}-{ctx.user.id}-{stamp}.png"
    # matplotlib (and numpy) are imported on the first chart, not at start: they would double
    # the resident memory of every bot process (bench/drafts_rss.py)
    from bot.render.charts import render_month_chart

    render_month_chart(t, figures, path)
    return [Outbound(stats_text(t, figures), photo=str(path))]


def parse_month(text: str, today: jdatetime.date) -> tuple[int, int] | None:
    """"1404/08" (any digits) → (1404, 8); nothing → this month."""
    text = normalize_text(text)
    if not text:
        return today.year, today.month
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1300:
        return None
    return int(match[1]), int(match[2])


# -- wiring ---------------------------------------------------------------------------------

def _take_button(ctx: Context, data: ButtonData) -> list[Outbound]:
    return _refusing(_took)(ctx, data.int_arg(0))


ROUTES = Routes(
    commands={"take": take, "assign": assign, "find": find, "stats": stats},
    buttons={
        "take": _take_button,
        "reassign": lambda ctx, data: _reassign_menu(ctx, data.int_arg(0)),
        "assign_to": lambda ctx, data: _assign_to(ctx, data.int_arg(0), data.int_arg(1)),
    },
)
