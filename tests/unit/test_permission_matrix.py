"""Every workflow action, by every role, as owner and as not the owner, in every state, of every
request type: allowed exactly where the workflow says, refused everywhere else with nothing changed.

Generated from the workflow data (core.requests.registry.REQUEST_TYPES), so a new request type
or action is covered by itself. Runs on core services over SQLite in memory (no chat: fast).
Conditions and effects (issuing a contract from an empty test ticket) are stubbed: who may act is
decided before either runs, and a conditional action may land in any of its twins' states.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from core import errors
from core.models import ROLES, User
from core.requests.hooks import EffectResult
from core.requests.registry import REQUEST_TYPES
from core.tickets import TicketService
from core.transactions import OwnUnits
from core.workflow.definition import OWNER
from storage.db import Database, open_database
from tests.harness import FixedClock

ROLES_AND_REQUESTER = (None, *ROLES)  # None: someone with no role at all
# a valid value for every kind of action input
VALID_INPUTS = {"reason": "مدارک کامل نیست", "reference_number": "1403/125", "amount_rials": "125000000",
                "comment_or_files": "مدارک تکمیلی پیوست شد", "past_date": "1403/08/01",
                "doctor_analysis": "جراحی 30000000 25000000", "discount_percent": "10",
                "heirs": "همسر ۱/۲؛ فرزند ۱/۲"}


class StubHooks:
    """Every condition holds (the first twin is taken); every effect does nothing."""

    def holds(self, *args) -> bool:  # noqa: ANN002
        return True

    def run_effect(self, *args) -> EffectResult:  # noqa: ANN002
        return EffectResult()

    def keep_document(self, *args):  # noqa: ANN002, ANN201
        raise AssertionError("no documents from stub effects")


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:
    db = open_database("sqlite://")  # in memory: the rules are the same, and 1,200 cases stay quick
    yield db
    db.dispose()


def snapshot(db: Database, ticket_id: int) -> tuple:
    with db.uow() as uow:
        ticket = uow.tickets.get(ticket_id)
        assert ticket is not None
        outbox_rows = uow._session.execute(text("SELECT count(*) FROM outbox")).scalar()  # stays fast as it grows
        return (ticket.status, ticket.version, len(uow.tickets.history(ticket_id)),
                len(uow.tickets.comments(ticket_id)), outbox_rows)


def inputs_for(action) -> dict[str, str]:  # noqa: ANN001 - core Action
    values = {}
    for spec in action.inputs:
        if not spec.required:  # e.g. the documents ticked on a resubmission
            continue
        values["comment" if spec.kind == "comment_or_files" else spec.name] = VALID_INPUTS[spec.kind]
    return values


_names = itertools.count(1)


def new_user(db: Database, role: str | None) -> User:
    with db.uow() as uow:
        user = uow.users.add(f"u{next(_names)}", "کاربر آزمایشی", [role] if role else [])
        uow.commit()
        return user


@pytest.mark.parametrize("is_owner", [True, False], ids=["owner", "not-owner"])
@pytest.mark.parametrize("role", ROLES_AND_REQUESTER, ids=lambda r: r or "no-role")
@pytest.mark.parametrize("request_type", sorted(REQUEST_TYPES))
def test_allowed_exactly_where_the_workflow_says(database: Database, request_type: str, role: str | None,
                                                 is_owner: bool):
    clock = FixedClock()
    service = TicketService(OwnUnits(database.uow), clock, hooks=StubHooks())
    workflow = REQUEST_TYPES[request_type].workflow
    actor = new_user(database, role)
    owner = actor if is_owner else new_user(database, None)
    wrong = []
    checked = 0
    for state in workflow.states:
        for code in sorted(workflow.action_codes()):
            action = workflow.action(code, state)
            allowed = action is not None and (is_owner if action.role == OWNER else role == action.role)
            with database.uow() as uow:
                ticket = uow.tickets.add(request_type, owner.id, {}, state, clock())
                uow.commit()
            before = snapshot(database, ticket.id)
            inputs = inputs_for(action) if action is not None else {}
            try:
                result = service.act(actor, ticket.id, code, inputs, expected_version=ticket.version)
            except errors.DeskError as refusal:
                if allowed:
                    wrong.append(f"{state}/{code}: refused ({refusal.code}) but the workflow allows it")
                elif snapshot(database, ticket.id) != before:
                    wrong.append(f"{state}/{code}: refused, yet the database changed")
            else:
                if not allowed:
                    wrong.append(f"{state}/{code}: allowed but the workflow does not allow it")
                elif result.ticket.status not in {a.to_state for a in workflow.candidates(code, state)}:
                    wrong.append(f"{state}/{code}: went to {result.ticket.status}, not {action.to_state}")
            checked += 1
    assert checked == len(workflow.states) * len(workflow.action_codes())
    assert wrong == []


def test_the_matrix_allows_something_for_every_action():
    """The matrix above would pass vacuously if no role could do anything: make sure each action has a taker."""
    for rtype in REQUEST_TYPES.values():
        for action in rtype.workflow.actions:
            assert action.role == OWNER or action.role in ROLES, action


def test_a_disabled_account_may_take_no_action_at_all(database: Database):
    clock = FixedClock()
    service = TicketService(OwnUnits(database.uow), clock, hooks=StubHooks())
    for rtype in REQUEST_TYPES.values():
        for action in rtype.workflow.actions:
            actor = new_user(database, None if action.role == OWNER else action.role)
            with database.uow() as uow:
                actor = uow.users.set_directory_state(actor.id, actor.full_name, (), True, None, None, clock())
                state = sorted(action.from_states)[0]
                ticket = uow.tickets.add(rtype.code, actor.id, {}, state, clock())
                uow.commit()
            before = snapshot(database, ticket.id)
            with pytest.raises(errors.AccountDisabled):
                service.act(actor, ticket.id, action.code, inputs_for(action))
            assert snapshot(database, ticket.id) == before
