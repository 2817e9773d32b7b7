"""Sixty days before the shipped holidays end (1406/12/29), the start-up log and the admins' digest say so."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import jdatetime

from bot.app import log_calendar_horizon
from core.digest import DIGEST
from core.jalali import TEHRAN
from tests.harness import ChatHarness, said


def at(y: int, m: int, d: int, hour: int) -> datetime:
    return datetime.combine(jdatetime.date(y, m, d).togregorian(), datetime.min.time(), TEHRAN) \
        .replace(hour=hour).astimezone(timezone.utc)


def test_the_admins_digest_says_when_the_holidays_run_out_even_with_nothing_waiting(desk: ChatHarness):
    desk.file_request("maryam")
    desk.inbox("welfare")
    desk.clock.now = at(1406, 10, 15, 9)  # 74 days before 1406/12/29 (2028-03-19): not yet
    assert desk.app.desk.digest.run() == 1  # welfare, for the request waiting
    assert "1406/12/29" not in said(desk.inbox("welfare")) and desk.inbox("admin") == []
    desk.clock.now = at(1406, 11, 2, 9)  # Saturday, 57 days before
    assert desk.app.desk.digest.run() == 2
    assert desk.app.desk.digest.run() == 0  # once a day
    [note] = desk.inbox("admin")  # admin (English) has nothing waiting, and is told all the same
    assert "end on 1406/12/29" in said([note]) and "holidays.toml" in said([note])
    assert not note.all_buttons()  # no queue to open
    welfare = said(desk.inbox("welfare"))
    assert "منتظر شماست" in welfare and "۱۴۰۶/۱۲/۲۹" not in welfare  # not an admin: the work alone
    for idle in ("insurance", "maryam"):
        assert desk.inbox(idle) == [], idle
    with desk.app.database.uow() as uow:
        kinds = [m.kind for m in uow.outbox.list()]
    assert kinds.count(DIGEST) == 3


def test_an_admin_with_work_waiting_hears_both(desk: ChatHarness):
    desk.app.desk.directory.add("welfare", "زهرا رفاهی", ["welfare_expert", "admin"], "fa")
    desk.file_request("maryam")
    desk.inbox("welfare")
    desk.clock.now = at(1406, 11, 3, 9)
    desk.app.desk.digest.run()
    [note] = desk.inbox("welfare")
    text = said([note])
    assert "منتظر شماست" in text and "۱۴۰۶/۱۲/۲۹" in text and note.all_buttons()


def test_the_start_up_log_says_it(desk: ChatHarness, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        desk.clock.now = at(1406, 10, 15, 9)
        log_calendar_horizon(desk.app)
        assert caplog.records == []
        desk.clock.now = at(1406, 11, 2, 9)
        log_calendar_horizon(desk.app)
    [record] = caplog.records
    assert "end on 1406/12/29 (in 57 days)" in record.getMessage()
