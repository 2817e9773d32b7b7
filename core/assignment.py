"""Who has a ticket: an expert takes it, a supervisor gives it to someone else.

An assignment holds for the ticket's current status only; the next status waits
for whoever takes it there. Others of the role still see an assigned ticket,
marked with who has it.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import errors
from core.clock import Clock, utc_now
from core.models import Ticket, User
from core.notifications import notify_user
from core.ports import UnitOfWork, Units
from core.requests.registry import REQUEST_TYPES
from core.requests.types import RequestType
from core.sla import SlaPolicy

ASSIGNED = "ticket_assigned"  # outbox kind: a supervisor gave you a ticket


class NotActingRole(errors.DeskError):
    """Nobody of the person's roles acts on the ticket in its status."""

    code = "not_acting_role"  # params: ticket_id, status, username (who was to get it)


class TakenByOther(errors.DeskError):
    code = "taken_by_other"  # params: ticket_id, assignee (User)


class NotSupervisor(errors.DeskError):
    code = "not_supervisor"  # params: ticket_id


@dataclass(frozen=True)
class Assignment:
    ticket: Ticket
    assignee: User
    previous: User | None


class AssignmentService:
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

    def acting_roles(self, ticket: Ticket) -> set[str]:
        return self.request_types[ticket.request_type].workflow.roles_acting_in(ticket.status)

    def take(self, user: User, ticket_id: int) -> Assignment:
        with self.units.write() as uow:
            ticket = self._ticket(uow, user, ticket_id)
            if not any(user.has_role(r) for r in self.acting_roles(ticket)):
                raise NotActingRole(ticket_id=ticket.id, status=ticket.status, username=user.username)
            previous = uow.users.get(ticket.assignee_id) if ticket.assignee_id else None
            if previous is not None and previous.id != user.id:
                raise TakenByOther(ticket_id=ticket.id, assignee=previous)
            return self._assign(uow, ticket, user, previous)

    def assign(self, supervisor: User, ticket_id: int, username: str) -> Assignment:
        with self.units.write() as uow:
            ticket = self._ticket(uow, supervisor, ticket_id)
            roles = self.acting_roles(ticket)
            if not any(self.policy.supervises(supervisor, r) for r in roles):
                raise NotSupervisor(ticket_id=ticket.id)
            target = uow.users.by_username(username.strip().lstrip("@"))
            if target is None:
                raise errors.UnknownUser(username=username)
            if not any(target.has_role(r) for r in roles):
                raise NotActingRole(ticket_id=ticket.id, status=ticket.status, username=target.username)
            previous = uow.users.get(ticket.assignee_id) if ticket.assignee_id else None
            if target.id != supervisor.id:
                payload = {"ticket_id": ticket.id, "request_type": ticket.request_type, "status": ticket.status,
                           "version": ticket.version, "by": supervisor.username, "by_name": supervisor.full_name,
                           "role": next(r for r in sorted(roles) if target.has_role(r))}
                notify_user(uow, target, ASSIGNED, ticket.id, payload, self._clock())
            return self._assign(uow, ticket, target, previous)

    def candidates(self, supervisor: User, ticket_id: int) -> tuple[Ticket, list[User]]:
        """The people a supervisor may give the ticket to (for reassign buttons)."""
        with self.units.write() as uow:
            ticket = self._ticket(uow, supervisor, ticket_id)
            roles = self.acting_roles(ticket)
            if not any(self.policy.supervises(supervisor, r) for r in roles):
                raise NotSupervisor(ticket_id=ticket.id)
            people = {u.id: u for role in sorted(roles) for u in uow.users.with_role(role)}
            return ticket, sorted(people.values(), key=lambda u: u.username)

    def assignee_of(self, ticket: Ticket) -> User | None:
        if ticket.assignee_id is None:
            return None
        with self.units.write() as uow:
            return uow.users.get(ticket.assignee_id)

    def _ticket(self, uow: UnitOfWork, user: User, ticket_id: int) -> Ticket:
        ticket = uow.tickets.get(ticket_id)
        if ticket is None or not user.is_staff:
            raise errors.TicketNotFound(ticket_id=ticket_id)
        return ticket

    def _assign(self, uow: UnitOfWork, ticket: Ticket, user: User, previous: User | None) -> Assignment:
        uow.operations.assign(ticket.id, user.id)
        current = uow.tickets.get(ticket.id)
        assert current is not None
        return Assignment(current, user, previous)
