"""Tickets: submit, act on, comment, and read them, with the rules of who may do what."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import jdatetime

from core import errors
from core.clock import Clock, utc_now
from core.forms import validators
from core.forms.validators import ValidationError
from core.jalali import to_iso, today_jalali
from core.models import AttachmentMeta, Comment, HistoryEntry, Ticket, User
from core.notifications import (
    COMMENT_ADDED,
    DOCUMENT_SENT,
    STATUS_CHANGED,
    TICKET_WAITING,
    Address,
    notify_channels,
    notify_roles,
    notify_user,
)
from core.ports import UnitOfWork, Units
from core.requests.hooks import INPUT_PARSERS, Document, Line, WorkflowHooks, line_json, results_of
from core.requests.registry import REQUEST_TYPES
from core.requests.types import RequestType
from core.search import form_terms
from core.workflow.definition import OWNER, Action, ActionInput, Workflow

log = logging.getLogger(__name__)

SUBMIT = "submit"

# How each kind of action input is checked (names in core.forms.validators).
INPUT_VALIDATORS = {
    "reason": validators.reason,
    "reference_number": validators.reference_number,
    "amount_rials": validators.amount_rials,
    "discount_percent": validators.discount_percent,
}
# Kinds checked against today (Tehran): the validator takes (text, today) and returns a value to store.
DATED_INPUT_VALIDATORS = {
    "past_date": lambda text, today: to_iso(validators.incident_date(text, today)),
}


@dataclass(frozen=True)
class TicketDetails:
    ticket: Ticket
    owner: User
    history: list[tuple[HistoryEntry, User | None]]
    comments: list[tuple[Comment, User | None]]
    attachments: list[AttachmentMeta]


@dataclass(frozen=True)
class ActResult:
    ticket: Ticket
    entry: HistoryEntry
    action: Action


@dataclass(frozen=True)
class SubmitResult:
    ticket: Ticket
    entry: HistoryEntry  # the submission: its inputs are what the submission's effect kept (a claim's number)


class TicketService:
    def __init__(
        self,
        units: Units,
        clock: Clock = utc_now,
        request_types: dict[str, RequestType] = REQUEST_TYPES,
        role_channels: Sequence[Address] = (),
        hooks: WorkflowHooks | None = None,
    ) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock
        self.request_types = request_types
        self.role_channels = tuple(role_channels)  # shared channels that also get "waiting for you"
        self.hooks = hooks  # conditions and effects of the workflows (None: workflows without any)

    # -- reading -------------------------------------------------------------

    def workflow_of(self, ticket: Ticket) -> Workflow:
        return self.request_types[ticket.request_type].workflow

    def get_visible(self, user: User, ticket_id: int) -> Ticket:
        with self.units.read() as uow:
            return self._visible(uow, user, ticket_id)

    def details(self, user: User, ticket_id: int) -> TicketDetails:
        """The ticket as `user` may read it: a requester who is not staff does not see the inputs of
        actions that are not public_note (the trusted doctor's analysis)."""
        with self.units.read() as uow:
            found = self._details(uow, self._visible(uow, user, ticket_id))
        if user.is_staff:
            return found
        workflow = self.workflow_of(found.ticket)
        history = [(replace(entry, inputs=self._public_inputs(workflow, entry)), actor)
                   for entry, actor in found.history]
        return replace(found, history=history)

    def operator_details(self, ticket_id: int) -> TicketDetails:
        """For the admin command line, which runs with the operator's own rights."""
        with self.units.read() as uow:
            ticket = uow.tickets.get(ticket_id)
            if ticket is None:
                raise errors.TicketNotFound(ticket_id=ticket_id)
            return self._details(uow, ticket)

    def _details(self, uow: UnitOfWork, ticket: Ticket) -> TicketDetails:
        users: dict[int, User | None] = {}

        def who(user_id: int) -> User | None:
            if user_id not in users:
                users[user_id] = uow.users.get(user_id)
            return users[user_id]

        owner = who(ticket.owner_id)
        assert owner is not None
        return TicketDetails(
            ticket=ticket,
            owner=owner,
            history=[(h, who(h.actor_id)) for h in uow.tickets.history(ticket.id)],
            comments=[(c, who(c.author_id)) for c in uow.tickets.comments(ticket.id)],
            attachments=uow.attachments.for_ticket(ticket.id),
        )

    def mine(self, user: User, request_type: str | None = None) -> list[Ticket]:
        with self.units.read() as uow:
            return uow.tickets.list(owner_id=user.id, request_type=request_type)

    def mine_page(self, user: User, request_type: str | None, offset: int, limit: int) -> tuple[list[Ticket], bool]:
        """One page of the user's own requests, newest first, and whether more follow."""
        with self.units.read() as uow:
            found = uow.tickets.list(owner_id=user.id, request_type=request_type, limit=limit + 1, offset=offset)
        return found[:limit], len(found) > limit

    def queue(self, user: User) -> list[Ticket]:
        """Tickets waiting for one of the user's roles, oldest first."""
        found: dict[int, Ticket] = {}
        with self.units.read() as uow:
            for rtype in self.request_types.values():
                statuses = sorted({s for role in user.all_roles for s in rtype.workflow.states_waiting_for(role)})
                if statuses:
                    for t in uow.tickets.list(statuses=statuses, request_type=rtype.code):
                        found[t.id] = t
        return sorted(found.values(), key=lambda t: (t.updated_at, t.id))

    def all_tickets(self) -> list[Ticket]:
        with self.units.read() as uow:
            return uow.tickets.list()

    def check_allowed(self, user: User, ticket_id: int, action_code: str) -> Ticket:
        """Raise, as `act` would, if `user` may not take the action now; for asking
        a question (confirm, inputs) only when the answer could be used."""
        with self.units.read() as uow:
            return self._allowed(uow, user, ticket_id, action_code)[0]

    def actions_for(self, user: User, ticket: Ticket) -> list[Action]:
        """The actions `user` may take on `ticket` now (for buttons): an action whose every twin has a
        condition is offered only while one of them holds."""
        workflow = self.workflow_of(ticket)
        offered = [a for a in workflow.actions_in(ticket.status) if _may_take(user, ticket, a)]
        gated = [a for a in offered if _gated(workflow.candidates(a.code, ticket.status))]
        if not gated:
            return offered
        assert self.hooks is not None, "conditions need hooks"
        with self.units.read() as uow:
            results = results_of(uow.tickets.history(ticket.id))
            hidden = {a.code for a in gated if not any(self.hooks.holds(twin.when, uow, ticket, results)
                                                        for twin in workflow.candidates(a.code, ticket.status))}
        return [a for a in offered if a.code not in hidden]

    # -- changing ------------------------------------------------------------

    def submit(
        self,
        user: User,
        request_type: str,
        fields: dict[str, Any],
        attachment_ids: Sequence[int] = (),
        chat_key: str | None = None,
        origin: Address | None = None,
    ) -> SubmitResult:
        """Create the ticket; the draft held under chat_key is dropped in the same transaction,
        so a crash never leaves both a ticket and a draft that would submit it twice."""
        if user.disabled:
            raise errors.AccountDisabled()
        rtype = self.request_types[request_type]
        if not rtype.may_start(user, self.hooks):
            raise errors.RoleRequired(role=sorted(rtype.starters or ())[0], action=SUBMIT)
        fields = rtype.form.kept_values(fields)  # answers of fields a later answer hid are dropped
        now = self._clock()
        with self.units.write() as uow:
            ticket = uow.tickets.add(request_type, user.id, dict(fields), rtype.workflow.initial_state, now)
            uow.attachments.attach_to_ticket(attachment_ids, ticket.id)
            uow.operations.index_terms(ticket.id, form_terms(rtype.form, fields))
            values: dict[str, Any] = {}
            documents: tuple[Document, ...] = ()
            notes: tuple[Line, ...] = ()
            if rtype.workflow.on_submit:  # e.g. file the claim: its number is kept with the submission
                assert self.hooks is not None, f"{rtype.workflow.on_submit}: no hooks to run it"
                outcome = self.hooks.run_effect(rtype.workflow.on_submit, uow, ticket, user, {}, {})
                values, documents, notes = dict(outcome.values), outcome.documents, outcome.notes
            entry = uow.tickets.add_history(ticket.id, SUBMIT, user.id, None, ticket.status, values, now)
            if chat_key is not None:
                uow.conversations.delete(chat_key)
            self._announce(uow, ticket, entry, user, now, origin, notes)
            self._send_documents(uow, ticket, documents, now)
            return SubmitResult(ticket, entry)

    def act(
        self,
        user: User,
        ticket_id: int,
        action_code: str,
        inputs: dict[str, Any] | None = None,
        expected_version: int | None = None,
        origin: Address | None = None,
    ) -> ActResult:
        """Move a ticket by one action. Raises a DeskError saying why not.

        The state check and the write happen in one transaction with a
        compare-and-set on the version: of two experts pressing the same button,
        one wins and the other gets ActionConflict/NotValidInState naming the winner.
        """
        inputs = dict(inputs or {})
        now = self._clock()
        with self.units.write() as uow:
            ticket, action = self._allowed(uow, user, ticket_id, action_code)
            if expected_version is not None and expected_version != ticket.version:
                raise errors.StaleButton(ticket_id=ticket.id, status=ticket.status, **self._last(uow, ticket))
            twins = self.workflow_of(ticket).candidates(action_code, ticket.status)
            needs_results = any(a.when or a.effect for a in twins)
            results = results_of(uow.tickets.history(ticket.id)) if needs_results else {}
            action = self._pick(uow, ticket, twins, results)
            clean = _validated_inputs(action, inputs, today_jalali(now))
            if not uow.tickets.compare_and_set_status(ticket.id, ticket.version, action.to_state, now):
                current = uow.tickets.get(ticket.id)
                assert current is not None
                raise errors.ActionConflict(ticket_id=ticket.id, status=current.status, **self._last(uow, current))
            attachment_ids = clean.pop("attachment_ids", [])
            if attachment_ids:
                uow.attachments.attach_to_ticket(attachment_ids, ticket.id)
            documents: tuple[Document, ...] = ()
            notes: tuple[Line, ...] = ()
            if action.effect:  # after the state check won: a lost race runs no effect
                assert self.hooks is not None, f"{action.effect}: no hooks to run it"
                outcome = self.hooks.run_effect(action.effect, uow, ticket, user, clean, results)
                clean.update(outcome.values)
                documents, notes = outcome.documents, outcome.notes
            entry = uow.tickets.add_history(ticket.id, action.code, user.id, ticket.status, action.to_state, clean, now)
            if action.code == "resubmit" and clean.get("comment"):
                uow.tickets.add_comment(ticket.id, user.id, clean["comment"], now)
            moved = uow.tickets.get(ticket.id)
            assert moved is not None
            self._announce(uow, moved, entry, user, now, origin, notes)
            self._send_documents(uow, moved, documents, now)
            return ActResult(moved, entry, action)

    def _pick(self, uow: UnitOfWork, ticket: Ticket, twins: list[Action], results: dict[str, Any]) -> Action:
        """The first twin whose condition holds (the last one may have none: the fallback). When every
        twin has a condition and none holds, the action is not open now."""
        for action in twins:
            if action.when is None:
                return action
            assert self.hooks is not None, f"{action.when}: no hooks to decide it"
            if self.hooks.holds(action.when, uow, ticket, results):
                return action
        raise errors.NotValidInState(ticket_id=ticket.id, action=twins[0].code, status=ticket.status,
                                     **self._last(uow, ticket))

    def _send_documents(self, uow: UnitOfWork, ticket: Ticket, documents: Sequence[Document], now: datetime) -> None:
        """Each document an effect made is kept on the ticket and sent to the requester."""
        if not documents:
            return
        assert self.hooks is not None
        owner = uow.users.get(ticket.owner_id)
        assert owner is not None
        for document in documents:
            caption = document.caption
            try:
                meta = self.hooks.keep_document(uow, owner.id, ticket.id, document)
            except OSError as exc:  # the folder of files cannot be written: the action is kept, the person told
                log.error("document of ticket %s not kept: %s", ticket.id, exc.strerror or type(exc).__name__)
                caption = (Line("documents.not_kept", {"name": document.filename, "reprint": document.reprint})
                           if document.reprint else Line("documents.not_kept_plain", {"name": document.filename}))
                meta = None
            payload = {"ticket_id": ticket.id, "request_type": ticket.request_type,
                       "attachment_id": meta.id if meta else None, "filename": document.filename,
                       "caption": line_json(caption) if caption else None}
            notify_user(uow, owner, DOCUMENT_SENT, ticket.id, payload, now)

    def comment(
        self,
        user: User,
        ticket_id: int,
        text: str,
        attachment_ids: Sequence[int] = (),
        origin: Address | None = None,
    ) -> Comment:
        """A comment from the requester reaches the role that acts now; one from
        staff reaches the requester."""
        # a comment may be just files (a photo sent in reply), never nothing at all
        text = validators.reason(text) if (text or "").strip() or not attachment_ids else ""
        now = self._clock()
        with self.units.write() as uow:
            ticket = self._visible(uow, user, ticket_id)
            comment = uow.tickets.add_comment(ticket.id, user.id, text, now)
            if attachment_ids:
                uow.attachments.attach_to_ticket(attachment_ids, ticket.id)
            payload = {
                "ticket_id": ticket.id,
                "request_type": ticket.request_type,
                "status": ticket.status,
                "version": ticket.version,
                "author": user.username,
                "author_name": user.full_name,
                "text": text,
                "files": len(attachment_ids),
            }
            if user.id == ticket.owner_id:
                roles = self.workflow_of(ticket).roles_acting_in(ticket.status)
                if roles:
                    notify_roles(uow, roles, COMMENT_ADDED, ticket.id, payload, now, {user.id})
                else:
                    self._notify_last_staff(uow, ticket, payload, now, user)
            else:
                owner = uow.users.get(ticket.owner_id)
                assert owner is not None
                notify_user(uow, owner, COMMENT_ADDED, ticket.id, payload, now, skip=origin)
            return comment

    # -- internals -------------------------------------------------------------

    def _visible(self, uow: UnitOfWork, user: User, ticket_id: int) -> Ticket:
        ticket = uow.tickets.get(ticket_id)
        if ticket is None or not (ticket.owner_id == user.id or user.is_staff):
            raise errors.TicketNotFound(ticket_id=ticket_id)
        return ticket

    def _allowed(self, uow: UnitOfWork, user: User, ticket_id: int, action_code: str) -> tuple[Ticket, Action]:
        ticket = self._visible(uow, user, ticket_id)
        workflow = self.workflow_of(ticket)
        if action_code not in workflow.action_codes():
            raise errors.UnknownAction(action=action_code)
        action = workflow.action(action_code, ticket.status)
        if action is None:
            # who may act comes first: "you may not do this" says more than "not in this state"
            # to someone who could never take the action at all
            anywhere = [a for a in workflow.actions if a.code == action_code]
            if not any(_may_take(user, ticket, a) for a in anywhere):
                _check_permission(user, ticket, anywhere[0])
            raise errors.NotValidInState(
                ticket_id=ticket.id, action=action_code, status=ticket.status, **self._last(uow, ticket)
            )
        _check_permission(user, ticket, action)
        return ticket, action

    def _last(self, uow: UnitOfWork, ticket: Ticket) -> dict[str, Any]:
        history = uow.tickets.history(ticket.id)
        last = history[-1] if history else None
        actor = uow.users.get(last.actor_id) if last else None
        return {"last": last, "last_actor": actor}

    def _announce(
        self, uow: UnitOfWork, ticket: Ticket, entry: HistoryEntry, actor: User, now: datetime, origin: Address | None,
        notes: Sequence[Line] = (),
    ) -> None:
        """The requester is told of the change (an action's inputs only when it is public_note, and
        the effect's notes); the roles acting next, that it waits for them, with every input."""
        workflow = self.workflow_of(ticket)
        payload = {
            "ticket_id": ticket.id,
            "request_type": ticket.request_type,
            "action": entry.action,
            "from": entry.from_status,
            "to": entry.to_status,
            "version": ticket.version,
            "actor": actor.username,
            "actor_name": actor.full_name,
            "inputs": entry.inputs,
        }
        owner = actor if actor.id == ticket.owner_id else uow.users.get(ticket.owner_id)
        assert owner is not None
        told = {**payload, "inputs": self._public_inputs(workflow, entry)}
        if notes:
            told["lines"] = [line_json(note) for note in notes]
        notify_user(uow, owner, STATUS_CHANGED, ticket.id, told, now, skip=origin if owner.id == actor.id else None)
        roles = workflow.roles_acting_in(ticket.status)
        if roles:
            notify_roles(uow, roles, TICKET_WAITING, ticket.id, payload, now, {actor.id, owner.id})
            notify_channels(uow, self.role_channels, roles, TICKET_WAITING, ticket.id, payload, now)

    @staticmethod
    def _public_inputs(workflow: Workflow, entry: HistoryEntry) -> dict[str, Any]:
        """What the requester may read of a history entry: nothing of an action that is not public_note
        (the trusted doctor's analysis), whoever reads it."""
        action = workflow.action(entry.action, entry.from_status) if entry.from_status else None
        return entry.inputs if (action is None or action.public_note) else {}

    def _notify_last_staff(self, uow: UnitOfWork, ticket: Ticket, payload: dict[str, Any], now: datetime,
                           author: User) -> None:
        for entry in reversed(uow.tickets.history(ticket.id)):
            if entry.actor_id != ticket.owner_id:
                staff = uow.users.get(entry.actor_id)
                if staff is not None:
                    notify_user(uow, staff, COMMENT_ADDED, ticket.id, payload, now)
                return


def _gated(twins: list[Action]) -> bool:
    """Every twin has a condition: the action is open only while one holds."""
    return bool(twins) and all(twin.when for twin in twins)


def _may_take(user: User, ticket: Ticket, action: Action) -> bool:
    if user.disabled:
        return False
    if action.role == OWNER:
        return user.id == ticket.owner_id
    return user.has_role(action.role)


def _check_permission(user: User, ticket: Ticket, action: Action) -> None:
    if user.disabled:
        raise errors.AccountDisabled()
    if action.role == OWNER:
        if user.id != ticket.owner_id:
            raise errors.OwnerOnly(action=action.code)
    elif not user.has_role(action.role):
        raise errors.RoleRequired(role=action.role, action=action.code)


def _validated_inputs(action: Action, inputs: dict[str, Any], today: jdatetime.date) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for spec in action.inputs:
        if spec.kind == "comment_or_files":
            clean.update(_comment_or_files(spec, inputs))
            continue
        if spec.kind == "checklist":
            ticked = _checklist(spec, action, inputs)
            if ticked:
                clean[spec.name] = ticked
            continue
        raw = inputs.get(spec.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if spec.required:
                raise errors.MissingInput(input=spec, action=action.code)
            continue
        try:
            if spec.kind in DATED_INPUT_VALIDATORS:
                clean[spec.name] = DATED_INPUT_VALIDATORS[spec.kind](str(raw), today)
            elif spec.kind in INPUT_PARSERS:
                clean[spec.name] = INPUT_PARSERS[spec.kind](str(raw))
            else:
                clean[spec.name] = INPUT_VALIDATORS[spec.kind](str(raw))
        except validators.ValidationError as exc:
            raise errors.InvalidInput(input=spec, error=exc, action=action.code) from exc
    return clean


def _checklist(spec: ActionInput, action: Action, inputs: dict[str, Any]) -> dict[str, int]:
    """Documents ticked against items ({item code: attachment id}); each file must be one sent
    with the action, so a forged id cannot claim someone else's file."""
    raw = inputs.get(spec.name) or {}
    sent = {int(i) for i in inputs.get("attachment_ids") or []}
    if not isinstance(raw, dict) or not all(isinstance(c, str) and c.isidentifier() for c in raw) \
            or not {int(i) for i in raw.values()} <= sent:
        raise errors.InvalidInput(input=spec, error=ValidationError("checklist_invalid"),
                                  action=action.code)
    return {code: int(attachment_id) for code, attachment_id in raw.items()}


def _comment_or_files(spec: ActionInput, inputs: dict[str, Any]) -> dict[str, Any]:
    comment = (inputs.get("comment") or "").strip()
    attachment_ids = [int(i) for i in inputs.get("attachment_ids") or []]
    if not comment and not attachment_ids:
        raise errors.MissingInput(input=spec, action="resubmit")
    out: dict[str, Any] = {"attachment_ids": attachment_ids, "files": len(attachment_ids)}
    if comment:
        try:
            out["comment"] = validators.reason(comment)
        except validators.ValidationError as exc:
            raise errors.InvalidInput(input=spec, error=exc, action="resubmit") from exc
    return out
