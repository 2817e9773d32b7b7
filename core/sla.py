"""Deadlines per request type and status, in working hours, and the reminders they bring.

A ticket's clock starts when it enters its status (tickets.state_entered_at):
comments leave it alone, an action that moves the ticket starts a new one. When
half the deadline has passed the role that must act is reminded; when it has
passed, the role's supervisor is told (escalation). Each reminder is recorded in
the same transaction as its outbox rows, under a key of (ticket, stay in the
status, kind), so it goes out once however many times or processes check.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.clock import Clock, utc_now
from core.models import Ticket, User
from core.notifications import notify_roles, notify_user
from core.ports import UnitOfWork, Units
from core.requests.registry import REQUEST_TYPES
from core.requests.types import RequestType
from core.working_calendar import WorkingCalendar

HALF_TIME = "sla_reminder"  # outbox kind and reminder kind: half the deadline has passed
BREACHED = "sla_escalation"  # the deadline passed: to the supervisor of the role


@dataclass(frozen=True)
class SlaPolicy:
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    deadlines: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # type → status → hours
    supervisors: Mapping[str, str] = field(default_factory=dict)  # role → the role that oversees it

    def hours_for(self, request_type: str, status: str) -> float | None:
        hours = self.deadlines.get(request_type, {}).get(status)
        return float(hours) if hours else None

    def manager_roles(self) -> set[str]:
        """Who may see statistics and reassign: admin and every supervising role."""
        return {"admin", *self.supervisors.values()}

    def supervises(self, user: User, role: str) -> bool:
        return "admin" in user.all_roles or self.supervisors.get(role) in user.all_roles


@dataclass(frozen=True)
class Deadline:
    """Where a ticket stands against the deadline of its current status."""

    hours: float
    entered_at: datetime
    half_at: datetime
    due_at: datetime
    hours_left: float  # working hours; negative once past due

    @property
    def breached(self) -> bool:
        return self.hours_left < 0

    @property
    def near(self) -> bool:
        """Half or more of the time has gone (past due included)."""
        return self.hours_left <= self.hours / 2


class SlaService:
    def __init__(
        self,
        units: Units,
        policy: SlaPolicy,
        clock: Clock = utc_now,
        request_types: dict[str, RequestType] = REQUEST_TYPES,
    ) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self.policy = policy
        self._clock = clock
        self.request_types = request_types

    @property
    def calendar(self) -> WorkingCalendar:
        return self.policy.calendar

    def deadline(self, ticket: Ticket, now: datetime | None = None) -> Deadline | None:
        rtype = self.request_types.get(ticket.request_type)
        if rtype is None or ticket.status in rtype.workflow.final_states:
            return None
        hours = self.policy.hours_for(ticket.request_type, ticket.status)
        entered = ticket.state_entered_at or ticket.updated_at
        if hours is None:
            return None
        now = now or self._clock()
        calendar = self.policy.calendar
        due = calendar.add_working_hours(entered, hours)
        left = calendar.working_hours_between(now, due)
        return Deadline(hours, entered, calendar.add_working_hours(entered, hours / 2), due, left)

    def open_with_deadlines(self, uow: UnitOfWork) -> list[Ticket]:
        found: list[Ticket] = []
        for code, rtype in self.request_types.items():
            statuses = [s for s in self.policy.deadlines.get(code, {}) if s not in rtype.workflow.final_states]
            if statuses:
                found += uow.tickets.list(statuses=statuses, request_type=code)
        return found

    def check(self) -> dict[str, int]:
        """Send the reminders and escalations that are due now; returns how many of each."""
        now = self._clock()
        with self.units.write() as uow:
            candidates = [(t, d) for t in self.open_with_deadlines(uow)
                          if (d := self.deadline(t, now)) is not None and now >= d.half_at]
        sent = {HALF_TIME: 0, BREACHED: 0}
        for ticket, deadline in candidates:
            kinds = [BREACHED, HALF_TIME] if now >= deadline.due_at else [HALF_TIME]
            with self.units.write() as uow:
                current = uow.tickets.get(ticket.id)
                # the ticket moved on (or was taken back) since it was read: its old clock is over
                if current is None or current.status != ticket.status or \
                        current.state_entered_at != ticket.state_entered_at:
                    continue
                for kind in kinds:
                    if not uow.operations.claim_reminder(current.id, deadline.entered_at, kind, now):
                        continue
                    if kind == HALF_TIME and BREACHED in kinds:
                        continue  # past due already: the escalation says it all
                    self._notify(uow, current, deadline, kind, now)
                    sent[kind] += 1
        return sent

    def _notify(self, uow: UnitOfWork, ticket: Ticket, deadline: Deadline, kind: str, now: datetime) -> None:
        roles = self.request_types[ticket.request_type].workflow.roles_acting_in(ticket.status)
        assignee = uow.users.get(ticket.assignee_id) if ticket.assignee_id else None
        payload: dict[str, Any] = {
            "ticket_id": ticket.id,
            "request_type": ticket.request_type,
            "status": ticket.status,
            "version": ticket.version,
            "due_at": deadline.due_at.isoformat(),
            "hours": deadline.hours,
            "assignee": assignee.username if assignee else None,
            "assignee_name": assignee.full_name if assignee else None,
        }
        if kind == HALF_TIME:
            if assignee is not None:  # the one who took it is the one to remind
                role = next((r for r in sorted(roles) if assignee.has_role(r)), "")
                notify_user(uow, assignee, kind, ticket.id, {**payload, "role": role}, now)
            else:
                notify_roles(uow, roles, kind, ticket.id, payload, now)
            return
        for role in sorted(roles):
            supervisor_role = self.policy.supervisors.get(role) or "admin"
            # "role" is the recipient's own role (notify_roles sets it); "acting_role" the late one
            notify_roles(uow, {supervisor_role}, kind, ticket.id, {**payload, "acting_role": role}, now)
