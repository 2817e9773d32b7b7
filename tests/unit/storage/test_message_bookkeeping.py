from __future__ import annotations

from storage.repositories import SqlUnitOfWork
from tests.unit.storage.support import T0, add_user


def test_sent_message_record_and_lookup(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    first = uow.tickets.add("loan", owner.id, {}, "submitted", T0)
    second = uow.tickets.add("loan", owner.id, {}, "submitted", T0)

    uow.sent_messages.record("telegram", "100", "m-1", first.id)

    assert uow.sent_messages.ticket_for("telegram", "100", "m-1") == first.id
    assert uow.sent_messages.ticket_for("telegram", "200", "m-1") is None
    assert uow.sent_messages.ticket_for("rocketchat", "100", "m-1") is None

    uow.sent_messages.record("telegram", "100", "m-1", second.id)  # recording again re-points it
    assert uow.sent_messages.ticket_for("telegram", "100", "m-1") == second.id


def test_processed_seen_and_remember(uow: SqlUnitOfWork) -> None:
    assert uow.processed.seen("telegram", "42") is False

    assert uow.processed.remember("telegram", "42", T0) is True
    assert uow.processed.remember("telegram", "42", T0) is False  # remembering twice is harmless

    assert uow.processed.seen("telegram", "42") is True
    assert uow.processed.seen("rocketchat", "42") is False
