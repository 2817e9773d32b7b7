from __future__ import annotations

from datetime import timedelta

import pytest

from core.models import OutboxMessage
from storage.repositories import SqlUnitOfWork
from tests.unit.storage.support import T0, add_user


def _add(
    uow: SqlUnitOfWork, user_id: int, address: str = "100", platform: str = "telegram", minutes: int = 0
) -> OutboxMessage:
    return uow.outbox.add(
        user_id=user_id,
        platform=platform,
        address=address,
        kind="status_changed",
        ticket_id=None,
        payload={"متن": "درخواست شما تأیید شد"},
        now=T0 + timedelta(minutes=minutes),
    )


def _due_ids(uow: SqlUnitOfWork, minutes: float = 60, limit: int = 100, address: str | None = None) -> list[int]:
    """Ids of telegram messages due `minutes` after T0."""
    due = uow.outbox.due("telegram", T0 + timedelta(minutes=minutes), limit=limit, address=address)
    return [m.id for m in due]


def test_add_round_trip(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    ticket = uow.tickets.add("loan", user.id, {}, "submitted", T0)

    message = uow.outbox.add(user.id, "telegram", "100", "status_changed", ticket.id, {"متن": "سلام"}, T0)

    assert message.payload == {"متن": "سلام"}
    assert message.ticket_id == ticket.id
    assert (message.attempts, message.next_attempt_at, message.delivered_at, message.failed_at) == (0, None, None, None)
    assert message.created_at == T0
    assert uow.outbox.list() == [message]


def test_due_is_oldest_first_per_platform_with_limit(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    newer = _add(uow, user.id, minutes=2)
    older = _add(uow, user.id, minutes=1)
    _add(uow, user.id, platform="rocketchat")
    future = _add(uow, user.id, minutes=90)  # created after "now"; still due (no next_attempt_at)

    assert _due_ids(uow) == [older.id, newer.id, future.id]
    assert _due_ids(uow, limit=2) == [older.id, newer.id]


def test_due_filters_by_address(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    to_a = _add(uow, user.id, address="a")
    _add(uow, user.id, address="b")

    assert _due_ids(uow, address="a") == [to_a.id]
    assert _due_ids(uow, address="nobody") == []


def test_retried_message_is_due_only_from_next_attempt_at(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    message = _add(uow, user.id)
    retry_at = T0 + timedelta(minutes=10)

    uow.outbox.mark_retry(message.id, retry_at, "timeout")
    uow.outbox.mark_retry(message.id, retry_at, "۵۰۲ Bad Gateway")

    assert _due_ids(uow, minutes=9) == []
    assert _due_ids(uow, minutes=10) == [message.id]
    assert _due_ids(uow, minutes=11) == [message.id]
    [stored] = uow.outbox.list()
    assert (stored.attempts, stored.last_error, stored.next_attempt_at) == (2, "۵۰۲ Bad Gateway", retry_at)


def test_delivered_and_failed_messages_are_never_due(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    delivered = _add(uow, user.id)
    failed = _add(uow, user.id)
    pending = _add(uow, user.id)

    uow.outbox.mark_delivered(delivered.id, T0 + timedelta(minutes=1))
    uow.outbox.mark_failed(failed.id, T0 + timedelta(minutes=2), "chat not found")

    assert _due_ids(uow, minutes=60 * 24 * 365) == [pending.id]
    by_id = {m.id: m for m in uow.outbox.list()}
    assert by_id[delivered.id].delivered_at == T0 + timedelta(minutes=1)
    assert by_id[failed.id].failed_at == T0 + timedelta(minutes=2)
    assert by_id[failed.id].last_error == "chat not found"


def test_list_filters_by_user(uow: SqlUnitOfWork) -> None:
    ali = add_user(uow, "ali")
    sara = add_user(uow, "sara")
    to_ali = _add(uow, ali.id)
    to_sara = _add(uow, sara.id)

    assert [m.id for m in uow.outbox.list(user_id=ali.id)] == [to_ali.id]
    assert [m.id for m in uow.outbox.list()] == [to_ali.id, to_sara.id]


def test_marking_unknown_message_fails(uow: SqlUnitOfWork) -> None:
    with pytest.raises(LookupError):
        uow.outbox.mark_delivered(999, T0)
