"""Text and buttons for deadlines, assignment, the daily digest and the month's figures."""
from __future__ import annotations

import math
from datetime import datetime

from bot import buttons
from bot.events import Button, Outbound
from bot.i18n import Translator
from bot.render.text import action_buttons, line_param, status_label, ticket_ref, type_label, when
from core.assignment import ASSIGNED
from core.digest import DIGEST, WaitingItem
from core.models import OutboxMessage, User
from core.requests.registry import REQUEST_TYPES
from core.sla import BREACHED, HALF_TIME, Deadline
from core.stats import MonthStats
from core.text import isolate, ltr
from core.values import Day


def hours_text(t: Translator, hours: float) -> str:
    """Working hours left, or past the deadline, rounded up to whole hours."""
    key = "deadline.overdue" if hours < 0 else "deadline.left"
    return t(key, hours=max(1, math.ceil(abs(hours))) if hours else 0)


def expected_line(t: Translator, deadline: Deadline) -> str:
    return t("deadline.expected", at=when(t, deadline.due_at))


def queue_line(t: Translator, item: WaitingItem, viewer: User) -> str:
    ticket = item.ticket
    parts = [ticket_ref(t, ticket.id), type_label(t, ticket.request_type), status_label(t, ticket.status)]
    if item.hours_left is not None:
        parts.append(hours_text(t, item.hours_left))
    if item.assignee is not None:
        parts.append(t("assign.marker", name=isolate(item.assignee.full_name)))
    return " · ".join(parts)


def _ticket_buttons(t: Translator, p: dict, role: str | None, recipient: User | None) -> list[list[Button]]:
    """The recipient's action buttons for the ticket, take, and details."""
    workflow = REQUEST_TYPES[p["request_type"]].workflow
    ticket_id = p["ticket_id"]
    actions = [a for a in workflow.actions_in(p["status"])
               if a.role == role and (recipient is None or recipient.has_role(a.role))]
    rows = []
    row = action_buttons(t, ticket_id, p["version"], actions)
    if row:
        rows.append(row)
    rows.append([Button(t("button.show"), buttons.show(ticket_id))])
    return rows


def notification(t: Translator, message: OutboxMessage, recipient: User | None) -> Outbound:
    p = message.payload
    if message.kind == DIGEST:
        return _digest(t, p)
    ticket_id = p["ticket_id"]
    ref = ticket_ref(t, ticket_id)
    kind_label = type_label(t, p["request_type"])
    status = status_label(t, p["status"])
    if message.kind == ASSIGNED:
        text = t("assign.notify", by=isolate(p["by_name"]), ref=ref, type=kind_label, status=status)
        return Outbound(text, _ticket_buttons(t, p, p.get("role"), recipient), ticket_id=ticket_id)
    due = when(t, datetime.fromisoformat(p["due_at"]))
    assignee = t("remind.assignee", name=isolate(p["assignee_name"])) if p.get("assignee_name") else ""
    if message.kind == HALF_TIME:
        text = t("remind.half", ref=ref, type=kind_label, status=status, due=due)
        rows = _ticket_buttons(t, p, p.get("role"), recipient)
        if not p.get("assignee"):
            rows[-1].insert(0, Button(t("button_ops.take"), buttons.take(ticket_id)))
    else:
        acting = p.get("acting_role", "")
        text = t("remind.escalation", ref=ref, type=kind_label, status=status, due=due, role=t(f"role.{acting}"))
        rows = _ticket_buttons(t, p, acting, recipient)
        rows[-1].insert(0, Button(t("button_ops.reassign"), buttons.reassign(ticket_id)))
    return Outbound("\n".join(filter(None, [text, assignee])), rows, ticket_id=ticket_id)


RENDERERS = {kind: notification for kind in (HALF_TIME, BREACHED, DIGEST, ASSIGNED)}


def _digest(t: Translator, p: dict) -> Outbound:
    """The morning digest: what waits (with the queue's button), and for admins when the shipped
    holidays run out."""
    lines, rows = [], []
    if p["count"]:
        lines.append(t("digest.text", count=p["count"], ref=ticket_ref(t, p["oldest_id"]),
                       since=when(t, datetime.fromisoformat(p["oldest_since"])), near=p["near"],
                       breached=p["breached"]))
        rows.append([Button(t("button_ops.queue"), buttons.menu("queue"))])
    if p.get("calendar_ends"):
        lines.append(t("digest.calendar_ends", date=line_param(t, Day.fromiso(p["calendar_ends"]))))
    return Outbound("\n\n".join(lines), rows)


def stats_text(t: Translator, stats: MonthStats) -> str:
    lines = [t("stats.title", month=ltr(t.number(stats.label)))]
    types = sorted(set(stats.opened) | set(stats.closed))
    if not types:
        lines.append(t("stats.no_tickets"))
    for code in types:
        lines.append(t("stats.by_type", type=type_label(t, code), opened=stats.opened.get(code, 0),
                       closed=stats.closed.get(code, 0)))
    if stats.time_in_state:
        lines += ["", t("stats.time_title")]
        for row in stats.time_in_state:
            lines.append(t("stats.time_line", type=type_label(t, row.request_type),
                           status=status_label(t, row.status), median=_hours(row.median_hours),
                           p90=_hours(row.p90_hours), count=row.stays))
    lines += ["", t("stats.deadlines", met=stats.deadlines_met, breached=stats.deadlines_breached)]
    if stats.busiest:
        lines += ["", t("stats.busiest_title")]
        lines += [t("stats.busiest_line", name=isolate(e.full_name), count=e.actions) for e in stats.busiest]
    return "\n".join(lines)


def _hours(value: float) -> str:
    return f"{value:g}"
