"""The morning digest: each expert with work waiting hears how much, once a working day."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.clock import Clock, utc_now
from core.jalali import TEHRAN, format_date
from core.models import Ticket, User
from core.notifications import notify_user
from core.ports import UnitOfWork, Units
from core.sla import SlaService

DIGEST = "daily_digest"  # outbox kind


@dataclass(frozen=True)
class WaitingItem:
    ticket: Ticket
    hours_left: float | None  # None: no deadline for its status
    near: bool
    breached: bool
    assignee: User | None = None


def waiting_for(
    uow: UnitOfWork, sla: SlaService, user: User, now: dt.datetime, include_taken: bool = False
) -> list[WaitingItem]:
    """Tickets waiting for one of the user's roles (and, unless include_taken, not taken by
    someone else), soonest deadline first (those without one last, oldest first)."""
    items = []
    people: dict[int, User | None] = {}
    for rtype in sla.request_types.values():
        statuses = sorted({s for role in user.all_roles for s in rtype.workflow.states_waiting_for(role)})
        if not statuses:
            continue
        for ticket in uow.tickets.list(statuses=statuses, request_type=rtype.code):
            if ticket.assignee_id not in (None, user.id) and not include_taken:
                continue
            items.append(_waiting_item(uow, sla, ticket, now, people))
    return sorted(items, key=queue_order)


def _waiting_item(uow: UnitOfWork, sla: SlaService, ticket: Ticket, now: dt.datetime,
                  people: dict[int, User | None]) -> WaitingItem:
    """The ticket with its deadline and who has taken it (`people`: users read so far)."""
    if ticket.assignee_id is not None and ticket.assignee_id not in people:
        people[ticket.assignee_id] = uow.users.get(ticket.assignee_id)
    deadline = sla.deadline(ticket, now)
    return WaitingItem(ticket, deadline.hours_left if deadline else None,
                       bool(deadline and deadline.near), bool(deadline and deadline.breached),
                       people.get(ticket.assignee_id) if ticket.assignee_id else None)


def queue_order(item: WaitingItem) -> tuple:
    t = item.ticket
    entered = t.state_entered_at or t.updated_at
    return (item.hours_left is None, item.hours_left or 0.0, entered, t.id)


class DigestService:
    def __init__(self, units: Units, sla: SlaService, at: dt.time = dt.time(8, 0),
                 clock: Clock = utc_now, enabled: bool = True) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self.sla = sla
        self.at = at  # Tehran wall time
        self._clock = clock
        self.enabled = enabled

    def due(self, now: dt.datetime) -> bool:
        local = now.astimezone(TEHRAN)
        return self.enabled and self.sla.calendar.is_working_day(local.date()) and local.time() >= self.at

    def queue(self, user: User) -> list[WaitingItem]:
        """Everything waiting for the user's roles, taken ones marked."""
        with self.units.write() as uow:
            return waiting_for(uow, self.sla, user, self._clock(), include_taken=True)

    def queue_page(self, user: User, request_type: str | None, offset: int, limit: int) -> tuple[list[WaitingItem], int]:
        """What /queue shows: one page of `queue` (taken ones marked) and how many wait in all.

        A deadline only grows with the time its ticket entered its status (same type and
        status, same hours), so in queue order each (type, status) group is in entry order:
        the page is among the first offset+limit of every group, read by the index, and the
        deadlines of those alone are worked out, however long the queue."""
        now = self._clock()
        items: list[WaitingItem] = []
        total = 0
        people: dict[int, User | None] = {}
        with self.units.read() as uow:
            for rtype in self.sla.request_types.values():
                if request_type not in (None, rtype.code):
                    continue
                statuses = sorted({s for role in user.all_roles for s in rtype.workflow.states_waiting_for(role)})
                if not statuses:
                    continue
                total += uow.tickets.count(statuses, rtype.code)
                for status in statuses:
                    for ticket in uow.tickets.longest_waiting(status, rtype.code, offset + limit):
                        items.append(_waiting_item(uow, self.sla, ticket, now, people))
        items.sort(key=queue_order)
        return items[offset:offset + limit], total

    def run(self) -> int:
        """Send today's digests not sent yet, when today is a working day and its time has come.
        An admin also hears when the shipped holidays run out within 60 days (then even with
        nothing waiting). Returns how many people got one."""
        now = self._clock()
        if not self.due(now):
            return 0
        today = now.astimezone(TEHRAN).date()
        day = format_date(today, digits="en")
        calendar_ends = self.sla.calendar.runs_out_within(today)
        with self.units.write() as uow:
            staff = [u for u in uow.users.list() if u.is_staff]
        sent = 0
        for user in staff:
            ends = calendar_ends if "admin" in user.all_roles else None
            with self.units.write() as uow:
                items = waiting_for(uow, self.sla, user, now)
                if (not items and ends is None) or not uow.operations.claim_digest(user.id, day, now):
                    continue
                payload: dict = {"day": day, "count": len(items)}
                if items:
                    oldest = min(items, key=lambda i: (i.ticket.state_entered_at or i.ticket.updated_at, i.ticket.id))
                    payload.update({
                        "oldest_id": oldest.ticket.id,
                        "oldest_since": (oldest.ticket.state_entered_at or oldest.ticket.updated_at).isoformat(),
                        "near": sum(1 for i in items if i.near and not i.breached),
                        "breached": sum(1 for i in items if i.breached),
                    })
                if ends is not None:
                    payload["calendar_ends"] = ends.isoformat()
                notify_user(uow, user, DIGEST, None, payload, now)
                sent += 1
        return sent
