"""Turning core records into the text and buttons a person reads, in their language.

Mixed-direction fragments (ticket numbers, letter numbers, phones, commands,
names typed in Latin) are wrapped in Unicode isolates so that they do not
reorder the Persian sentence around them.
"""
from __future__ import annotations

import re
from typing import Any

from bot import buttons
from bot.events import Button, Outbound
from bot.i18n import Translator
from bot.render.fields import field_value
from core.jalali import format_date, format_datetime
from core.models import OutboxMessage, Ticket, User
from core.notifications import COMMENT_ADDED, STATUS_CHANGED, TICKET_WAITING
from core.requests.hooks import Line, line_from_json
from core.requests.recorded import typed_record
from core.requests.registry import REQUEST_TYPES
from core.text import isolate, ltr
from core.tickets import TicketDetails
from core.values import Day, LeftToRight, Money
from core.workflow.definition import OWNER, Action

CONFIRM_ACTIONS = {"cancel"}  # and every action marked confirm=True in its workflow
_NUMBERS = re.compile(r"\d+(?:(?:, |:)\d+)+")


def line_param(t: Translator, value: Any) -> Any:
    """A param of a catalog line as its reader sees it, by its type (core.values): money with
    separators, a day in Jalali, a code isolated left to right; a plain int is a plain number."""
    if isinstance(value, Line):
        return render_line(t, value)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Line) for v in value):  # several lines
        return t("common.list_separator").join(render_line(t, v) for v in value)
    if isinstance(value, Money):
        return ltr(t.number(f"{value.rials:,}"))
    if isinstance(value, Day):
        return ltr(format_date(value.date, digits=t.lang))
    if isinstance(value, LeftToRight):
        return ltr(value.text)
    if isinstance(value, int) and not isinstance(value, bool):
        return ltr(t.number(str(value)))
    if isinstance(value, str) and _NUMBERS.fullmatch(value):  # a list of numbers ("12, 15"), an hour ("10:30")
        return ltr(t.number(value))
    if isinstance(value, str) and value.isascii() and value:
        return ltr(value)
    return isolate(str(value)) if isinstance(value, str) and value else value


def render_line(t: Translator, line: Line | dict) -> str:
    """A catalog line made by core (a key and params), in the reader's language; a dict is one
    an outbox payload kept (core.requests.hooks.line_json)."""
    if isinstance(line, dict):
        line = line_from_json(line)
    return t(line.key, **{name: line_param(t, value) for name, value in line.params.items()})


_DIRECTION_MARKS = re.compile("[\u2066-\u2069]")


def terminal_line(t: Translator, line: Line) -> str:
    """A catalog line for the command line: as in chat, without the isolates a chat's mixed text needs."""
    return _DIRECTION_MARKS.sub("", render_line(t, line))


def status_label(t: Translator, status: str | None) -> str:
    return t(f"status.{status}") if status else "—"


def action_label(t: Translator, action: str) -> str:
    return t(f"action_name.{action}")


def type_label(t: Translator, request_type: str) -> str:
    return t(f"request_type.{request_type}")


def ticket_ref(t: Translator, ticket_id: int) -> str:
    return ltr("#" + t.number(ticket_id))


def when(t: Translator, dt) -> str:  # noqa: ANN001 - datetime
    return ltr(format_datetime(dt, digits=t.lang))


def shown_input(name: str) -> bool:
    """Whether a history entry's value is for people: "_"-named ones are the desk's own bookkeeping
    (a decision's record, an id)."""
    return not name.startswith("_")


def input_value(t: Translator, name: str, value: Any) -> str:
    """A value a history entry recorded, by its type (typed by core.requests.recorded.typed_record)."""
    if isinstance(value, Money):
        return t("common.rials", amount=line_param(t, value))
    if isinstance(value, Day):
        return line_param(t, value)
    if name == "files":
        return t.number(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return ltr(t.number(value))
    return isolate(str(value))


def recorded(request_type: str, action: str, from_status: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """What an action (or a submission) recorded, its money and days typed as its request type declares."""
    return typed_record(REQUEST_TYPES[request_type].workflow, action, from_status, values)


def ticket_line(t: Translator, ticket: Ticket) -> str:
    return t(
        "ticket.line",
        ref=ticket_ref(t, ticket.id),
        type=type_label(t, ticket.request_type),
        status=status_label(t, ticket.status),
        updated=when(t, ticket.updated_at),
    )


def ticket_details(t: Translator, details: TicketDetails, extra: list[str] | None = None) -> str:
    """`extra`: lines shown under the status (the expected date, who has the ticket)."""
    ticket = details.ticket
    form = REQUEST_TYPES[ticket.request_type].form
    lines = [
        t("ticket.header", ref=ticket_ref(t, ticket.id), type=type_label(t, ticket.request_type)),
        t("ticket.status", status=status_label(t, ticket.status)),
        *(extra or []),
        t("ticket.owner", name=isolate(details.owner.full_name), username=ltr(details.owner.username)),
        t("ticket.created", at=when(t, ticket.created_at)),
        "",
    ]
    for field in form.shown_fields(ticket.fields):
        if field.kind.holds_attachments:  # listed below with their names
            continue
        lines.append(f"{t(f'field.{field.id}')}: {field_value(t, field, ticket.fields.get(field.id))}")
    if details.attachments:
        lines += ["", t("ticket.attachments", count=len(details.attachments))]
        lines += [f"  • {ltr(a.filename)} ({ltr(size_text(a.size))})" for a in details.attachments]
    lines += ["", t("ticket.history")]
    for entry, actor in details.history:
        line = t(
            "ticket.history_line",
            at=when(t, entry.at),
            action=action_label(t, entry.action),
            actor=isolate(actor.full_name if actor else "?"),
            to=status_label(t, entry.to_status),
        )
        notes = "، ".join(
            f"{t(f'input.{k}')}: {input_value(t, k, v)}"
            for k, v in recorded(ticket.request_type, entry.action, entry.from_status, entry.inputs).items()
            if k != "comment" and shown_input(k)
        )
        lines.append(line + (f" — {notes}" if notes else ""))
    if details.comments:
        lines += ["", t("ticket.comments")]
        for comment, author in details.comments:
            lines.append(
                t(
                    "ticket.comment_line",
                    at=when(t, comment.at),
                    author=isolate(author.full_name if author else "?"),
                    text=isolate(comment.text),
                )
            )
    return "\n".join(lines)


def size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


def action_buttons(t: Translator, ticket_id: int, version: int, actions: list[Action]) -> list[Button]:
    out = []
    for action in actions:
        confirm = action.confirm or action.code in CONFIRM_ACTIONS
        data = (buttons.confirm if confirm else buttons.act)(ticket_id, action.code, version)
        out.append(Button(action_label(t, action.code), data))
    return out


def ticket_buttons(t: Translator, ticket_id: int, version: int, actions: list[Action]) -> list[list[Button]]:
    rows = []
    actions_row = action_buttons(t, ticket_id, version, actions)
    if actions_row:
        rows.append(actions_row)
    rows.append(
        [Button(t("button.comment"), buttons.comment(ticket_id)), Button(t("button.show"), buttons.show(ticket_id))]
    )
    return rows


def ticket_notification(t: Translator, message: OutboxMessage, recipient: User | None) -> Outbound:
    """A ticket's comment, status change or wait, with the buttons its recipient may use
    (recipient None: a shared channel; the buttons are those of the payload's role)."""
    p = message.payload
    ticket_id = p["ticket_id"]
    workflow = REQUEST_TYPES[p["request_type"]].workflow
    ref = ticket_ref(t, ticket_id)
    if message.kind == COMMENT_ADDED:
        text = t("notify.comment", ref=ref, author=isolate(p["author_name"]), text=isolate(p["text"]))
        if p.get("files"):
            text += "\n" + t("notify.files", count=p["files"])
        return Outbound(text, ticket_buttons(t, ticket_id, p["version"], []), ticket_id=ticket_id)
    status = p["to"]
    inputs = recorded(p["request_type"], p["action"], p.get("from"), p.get("inputs") or {})
    notes = [f"{t(f'input.{k}')}: {input_value(t, k, v)}" for k, v in inputs.items() if shown_input(k)]
    notes += [render_line(t, line) for line in p.get("lines") or ()]  # an effect's notes (a payout's breakdown)
    if message.kind == TICKET_WAITING:
        role = p.get("role", "")
        actions = [a for a in workflow.actions_in(status) if a.role == role]
        head = t("notify.waiting", ref=ref, type=type_label(t, p["request_type"]), status=status_label(t, status))
    else:
        actions = [a for a in workflow.actions_in(status) if a.role == OWNER]
        key = "notify.submitted" if p["action"] == "submit" else "notify.status_changed"
        head = t(key, ref=ref, status=status_label(t, status), actor=isolate(p["actor_name"]),
                 action=action_label(t, p["action"]))
    text = "\n".join([head, *notes])
    if message.kind == STATUS_CHANGED and status in workflow.final_states:
        return Outbound(text, [[Button(t("button.show"), buttons.show(ticket_id))]], ticket_id=ticket_id)
    return Outbound(text, ticket_buttons(t, ticket_id, p["version"], actions), ticket_id=ticket_id)


RENDERERS = {kind: ticket_notification for kind in (COMMENT_ADDED, STATUS_CHANGED, TICKET_WAITING)}
