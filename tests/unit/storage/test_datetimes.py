from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import StatementError

from storage.db import Database
from tests.unit.storage.support import add_user


def test_aware_datetimes_come_back_as_equal_utc(db: Database) -> None:
    tehran_time = datetime(2025, 3, 21, 0, 15, 30, 654321, tzinfo=ZoneInfo("Asia/Tehran"))
    with db.uow() as uow:
        owner = add_user(uow)
        ticket = uow.tickets.add("loan", owner.id, {}, "submitted", tehran_time)
        uow.commit()

    with db.uow() as uow:
        loaded = uow.tickets.get(ticket.id)

    assert loaded is not None
    assert loaded.created_at == tehran_time
    assert loaded.created_at.tzinfo == timezone.utc
    assert loaded.created_at.utcoffset() == timedelta(0)
    assert loaded.created_at.hour == 20  # 00:15 in Tehran (+03:30) is 20:45 UTC the day before


def test_ordering_and_due_compare_instants_not_wall_clocks(db: Database) -> None:
    # 10:00 at +03:30 is earlier than 07:00 UTC.
    earlier = datetime(2025, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=3, minutes=30)))
    later = datetime(2025, 1, 1, 7, 0, tzinfo=timezone.utc)
    with db.uow() as uow:
        owner = add_user(uow)
        first = uow.tickets.add("loan", owner.id, {}, "submitted", earlier)
        second = uow.tickets.add("loan", owner.id, {}, "submitted", later)
        message = uow.outbox.add(owner.id, "telegram", "1", "k", None, {}, earlier)
        uow.outbox.mark_retry(message.id, later, "retry")

        assert [t.id for t in uow.tickets.list()] == [second.id, first.id]
        assert uow.outbox.due("telegram", later - timedelta(microseconds=1)) == []
        assert [m.id for m in uow.outbox.due("telegram", later)] == [message.id]


def test_naive_datetimes_are_refused(db: Database) -> None:
    with db.uow() as uow:
        owner = add_user(uow)
        with pytest.raises(StatementError, match="naive datetime"):
            uow.tickets.add("loan", owner.id, {}, "submitted", datetime(2025, 1, 1))  # noqa: DTZ001 - the naive one
