from __future__ import annotations

from datetime import timedelta

from core.models import User
from storage.db import Database
from storage.repositories import SqlUnitOfWork
from tests.unit.storage.support import PERSIAN_FIELDS, T0, add_user


def test_add_and_get_round_trip(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)

    ticket = uow.tickets.add("reimbursement", owner.id, PERSIAN_FIELDS, "submitted", T0)

    assert ticket.fields == PERSIAN_FIELDS
    assert (ticket.request_type, ticket.status, ticket.owner_id, ticket.version) == (
        "reimbursement",
        "submitted",
        owner.id,
        1,
    )
    assert ticket.created_at == ticket.updated_at == T0
    assert uow.tickets.get(ticket.id) == ticket
    assert uow.tickets.get(ticket.id + 1) is None


def test_round_trip_through_a_new_session(db: Database) -> None:
    with db.uow() as uow:
        owner = add_user(uow)
        ticket = uow.tickets.add("reimbursement", owner.id, PERSIAN_FIELDS, "submitted", T0)
        uow.commit()

    with db.uow() as uow:
        loaded = uow.tickets.get(ticket.id)

    assert loaded == ticket
    assert loaded is not None and loaded.created_at.tzinfo is not None


def test_fields_are_copied_not_shared(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    fields = {"items": ["الف"]}
    ticket = uow.tickets.add("reimbursement", owner.id, fields, "submitted", T0)

    fields["items"].append("ب")
    ticket.fields["items"].append("ج")

    stored = uow.tickets.get(ticket.id)
    assert stored is not None and stored.fields == {"items": ["الف"]}


def _three_tickets(uow: SqlUnitOfWork) -> tuple[User, User, list[int]]:
    ali = add_user(uow, "ali")
    sara = add_user(uow, "sara")
    ids = [
        uow.tickets.add("reimbursement", ali.id, {}, "submitted", T0).id,
        uow.tickets.add("loan", sara.id, {}, "approved", T0 + timedelta(minutes=1)).id,
        uow.tickets.add("reimbursement", ali.id, {}, "approved", T0 + timedelta(minutes=2)).id,
    ]
    return ali, sara, ids


def test_list_is_newest_first_and_filters(uow: SqlUnitOfWork) -> None:
    ali, sara, (first, second, third) = _three_tickets(uow)

    def ids(
        owner_id: int | None = None, statuses: list[str] | None = None, request_type: str | None = None
    ) -> list[int]:
        return [t.id for t in uow.tickets.list(owner_id, statuses, request_type)]

    assert ids() == [third, second, first]
    assert ids(owner_id=ali.id) == [third, first]
    assert ids(owner_id=sara.id) == [second]
    assert ids(statuses=["approved"]) == [third, second]
    assert ids(statuses=["submitted", "approved"]) == [third, second, first]
    assert ids(statuses=[]) == []
    assert ids(request_type="reimbursement") == [third, first]
    assert ids(owner_id=ali.id, statuses=["approved"], request_type="reimbursement") == [third]
    assert ids(owner_id=sara.id, request_type="reimbursement") == []


def test_list_breaks_created_at_ties_newest_id_first(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    older = uow.tickets.add("loan", owner.id, {}, "submitted", T0)
    newer = uow.tickets.add("loan", owner.id, {}, "submitted", T0)

    assert [t.id for t in uow.tickets.list()] == [newer.id, older.id]


def test_compare_and_set_status_succeeds_once(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    ticket = uow.tickets.add("loan", owner.id, {}, "submitted", T0)
    later = T0 + timedelta(hours=1)

    assert uow.tickets.compare_and_set_status(ticket.id, 1, "approved", later) is True
    assert uow.tickets.compare_and_set_status(ticket.id, 1, "rejected", later + timedelta(hours=1)) is False

    stored = uow.tickets.get(ticket.id)
    assert stored is not None
    assert (stored.status, stored.version, stored.updated_at) == ("approved", 2, later)
    assert stored.created_at == T0
    assert stored.fields == ticket.fields


def test_compare_and_set_status_on_missing_ticket_fails(uow: SqlUnitOfWork) -> None:
    assert uow.tickets.compare_and_set_status(424242, 1, "approved", T0) is False


def test_compare_and_set_status_is_visible_to_list(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    ticket = uow.tickets.add("loan", owner.id, {}, "submitted", T0)
    assert uow.tickets.list()[0].status == "submitted"  # loads the row into the session

    uow.tickets.compare_and_set_status(ticket.id, 1, "approved", T0)

    assert [(t.status, t.version) for t in uow.tickets.list()] == [("approved", 2)]


def test_history_round_trip_oldest_first(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    ticket = uow.tickets.add("loan", owner.id, {}, "submitted", T0)
    other = uow.tickets.add("loan", owner.id, {}, "submitted", T0)

    later = uow.tickets.add_history(
        ticket.id, "approve", owner.id, "submitted", "approved", {"یادداشت": "تأیید شد"}, T0 + timedelta(minutes=5)
    )
    earlier = uow.tickets.add_history(ticket.id, "submit", owner.id, None, "submitted", {}, T0)
    uow.tickets.add_history(other.id, "submit", owner.id, None, "submitted", {}, T0)

    assert uow.tickets.history(ticket.id) == [earlier, later]
    assert later.inputs == {"یادداشت": "تأیید شد"}
    assert earlier.from_status is None
    assert later.at == T0 + timedelta(minutes=5)


def test_comments_round_trip_oldest_first(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    ticket = uow.tickets.add("loan", owner.id, {}, "submitted", T0)

    second = uow.tickets.add_comment(ticket.id, owner.id, "مدارک تکمیلی ارسال شد", T0 + timedelta(seconds=1))
    first = uow.tickets.add_comment(ticket.id, owner.id, "لطفاً رسید را بفرستید", T0)

    assert uow.tickets.comments(ticket.id) == [first, second]
    assert second.text == "مدارک تکمیلی ارسال شد"
    assert uow.tickets.comments(ticket.id + 1) == []
