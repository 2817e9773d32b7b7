"""Deadlines as people see them: the expected date in /show, time left in /queue, one reminder at
half time, one escalation to the supervisor when breached, and none after the ticket moved on.

The harness's clock starts on Wednesday 1403/08/30 at 11:00 Tehran. `submitted` has 16 working
hours (config.example.toml): 5 on Wednesday (11-16), 8 on Thursday, Friday off, 3 on Saturday, so
half time is Thursday 11:00 and the deadline Saturday 1403/09/03 11:00.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from bot.runtime.jobs import JobRunner
from core.sla import BREACHED, HALF_TIME
from tests.harness import ChatHarness, FixedClock, ref, said

HALF_TIME_AT = datetime(2024, 11, 21, 7, 30, tzinfo=timezone.utc)  # Thursday 11:00 Tehran
DUE_AT = datetime(2024, 11, 23, 7, 30, tzinfo=timezone.utc)  # Saturday 11:00 Tehran


def outbox_kinds(desk: ChatHarness, kind: str) -> list:
    with desk.app.database.uow() as uow:
        return [m for m in uow.outbox.list() if m.kind == kind]


def test_the_requester_sees_the_expected_date_and_the_expert_the_time_left(desk: ChatHarness):
    n = desk.file_request("maryam")
    assert "انتظار می‌رود تا ۱۴۰۳/۰۹/۰۳ ۱۱:۰۰" in said(desk.say("maryam", f"/show {n}"))
    queue = said(desk.say("welfare", "/queue"))
    assert "۱۶ ساعت کاری مانده" in queue
    desk.clock.now = DUE_AT.replace(hour=9, minute=30)  # Saturday 13:00: two hours past
    assert "۲ ساعت کاری از مهلت گذشته" in said(desk.say("welfare", "/queue"))


def test_the_queue_is_sorted_by_time_left(desk: ChatHarness):
    desk.app.desk.directory.add("both", "کارشناس دو نقشی", ["welfare_expert", "insurance_expert"])
    older = desk.file_request("maryam")
    desk.say("welfare", f"/approve {older}")  # document_review: 24 hours from 11:00
    desk.clock.advance(hours=1)
    newer = desk.file_request("reza")  # submitted: 16 hours from 12:00, so due first
    lines = [line for line in said(desk.say("both", "/queue")).splitlines() if "#" in line]
    assert lines[0].startswith(ref(newer)) and "۱۶ ساعت کاری مانده" in lines[0]
    assert lines[1].startswith(ref(older)) and "۲۳ ساعت کاری مانده" in lines[1]


def test_half_time_reminds_the_acting_role_once_and_a_breach_escalates_once(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.inbox("welfare")  # the "waiting for you" notice
    sla = desk.app.desk.sla
    desk.clock.now = HALF_TIME_AT.replace(minute=29)
    assert sla.check() == {HALF_TIME: 0, BREACHED: 0}

    desk.clock.now = HALF_TIME_AT
    assert sla.check()[HALF_TIME] == 1
    assert sla.check()[HALF_TIME] == 0
    desk.restart()  # a new process over the same database remembers it went out
    assert desk.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 0}
    reminder = said(desk.inbox("welfare"))
    assert "نیمی از مهلت" in reminder and "۱۴۰۳/۰۹/۰۳ ۱۱:۰۰" in reminder
    assert desk.button("welfare", "تأیید") is not None
    assert desk.inbox("insurance") == [] and desk.inbox("admin") == []

    desk.clock.now = DUE_AT.replace(minute=31)
    assert desk.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 1}
    assert desk.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 0}
    escalation = desk.inbox("admin")  # admin supervises welfare_expert in config.example.toml
    assert len(escalation) == 1
    assert "Deadline" in escalation[0].text and "welfare office insurance expert" in escalation[0].text
    assert [b.label for b in escalation[0].all_buttons()][0].startswith("🔁")
    assert desk.inbox("welfare") == []  # the role was reminded once; the breach goes up, not again to it
    assert len(outbox_kinds(desk, HALF_TIME)) == 1 and n


def test_a_ticket_checked_only_after_its_deadline_gets_the_escalation_alone(desk: ChatHarness):
    desk.file_request("maryam")
    desk.clock.now = DUE_AT.replace(hour=10)
    assert desk.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 1}
    desk.clock.advance(hours=1)
    assert desk.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 0}


def test_no_reminder_after_the_ticket_moved_on_and_the_next_status_has_its_own_clock(desk: ChatHarness):
    n = desk.file_request("maryam")
    desk.clock.advance(hours=1)
    desk.say("welfare", f"/approve {n}")  # Wednesday 12:00: document_review, 24 hours from now
    desk.clock.now = DUE_AT.replace(minute=31)  # the old deadline has passed: nothing about submitted
    sent = desk.app.desk.sla.check()
    assert sent == {HALF_TIME: 1, BREACHED: 0}  # Saturday 11:31 is past half of document_review's 24 hours
    reminders = outbox_kinds(desk, HALF_TIME)
    assert {m.payload["status"] for m in reminders} == {"document_review"}
    assert {m.user_id for m in reminders} == {desk.app.desk.directory.find("insurance").id}


def test_a_comment_resets_nothing(desk: ChatHarness):
    n = desk.file_request("maryam")
    before = desk.ticket(n).state_entered_at
    desk.clock.advance(hours=3)
    desk.say("maryam", f"/comment {n} مدارک کامل است")
    desk.say("welfare", f"/comment {n} بررسی می‌کنم")
    assert desk.ticket(n).state_entered_at == before
    desk.clock.now = HALF_TIME_AT
    assert desk.app.desk.sla.check()[HALF_TIME] == 1


def test_two_processes_checking_at_once_send_each_reminder_once(desk: ChatHarness, tmp_path):
    desk.file_request("maryam")
    desk.file_request("reza")
    desk.clock.now = HALF_TIME_AT
    other = ChatHarness(tmp_path, clock=desk.clock)  # a second process over the same database file
    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda h: h.app.desk.sla.check(), [desk, other]))
    finally:
        other.close()
    assert sum(r[HALF_TIME] for r in results) == 2
    assert len(outbox_kinds(desk, HALF_TIME)) == 2 * 1  # one welfare expert, one row each


def test_the_job_runner_sends_reminders_on_its_round(desk: ChatHarness):
    desk.file_request("maryam")
    desk.clock.now = HALF_TIME_AT

    async def one_round() -> None:
        stop = asyncio.Event()
        runner = asyncio.create_task(JobRunner(desk.app.desk, interval_seconds=0.01).run(stop))
        await asyncio.sleep(0.2)
        stop.set()
        await asyncio.wait_for(runner, 2)

    asyncio.run(one_round())
    assert len(outbox_kinds(desk, HALF_TIME)) == 1


def test_take_marks_the_ticket_for_the_others_of_the_role(tmp_path):
    desk = ChatHarness(tmp_path, FixedClock())
    desk.app.desk.directory.add("welfare2", "لیلا رفاهی", ["welfare_expert"])
    try:
        n = desk.file_request("maryam")
        assert "برداشتید" in said(desk.say("welfare", f"/take {n}"))
        assert "زهرا رفاهی" in said(desk.say("welfare2", "/queue"))
        assert f"درخواست {ref(n)} را زهرا رفاهی برداشته است" in said(desk.say("welfare2", f"/take {n}"))
        assert "کاری ندارد" in said(desk.say("insurance", f"/take {n}"))
        assert "سرپرست" in said(desk.say("welfare2", f"/assign {n} welfare2"))
        assert "given to" in said(desk.say("admin", f"/assign {n} welfare2"))
        assert "لیلا رفاهی" in said(desk.say("welfare", "/queue"))
        assert "سپرد" in said(desk.inbox("welfare2"))
        assert "has nothing to do" in said(desk.say("admin", f"/assign {n} insurance"))
        desk.say("welfare2", f"/approve {n}")
        assert desk.ticket(n).assignee_id is None  # the next status waits for whoever takes it there
    finally:
        desk.close()


def test_the_escalation_offers_to_reassign(desk: ChatHarness):
    desk.app.desk.directory.add("welfare2", "لیلا رفاهی", ["welfare_expert"])
    n = desk.file_request("maryam")
    desk.clock.now = DUE_AT.replace(minute=31)
    desk.app.desk.sla.check()
    desk.inbox("admin")
    choose = desk.press("admin", "🔁")
    assert [b.label for b in choose[0].all_buttons()] == ["زهرا رفاهی", "لیلا رفاهی"]
    desk.press("admin", "لیلا رفاهی")
    assert desk.ticket(n).assignee_id == desk.app.desk.directory.find("welfare2").id


def test_the_queue_pages_through_every_waiting_ticket_soonest_deadline_first(desk: ChatHarness):
    desk.app.desk.directory.add("both", "کارشناس دو نقشی", ["welfare_expert", "insurance_expert"])
    filed = []
    for i in range(12):  # alternately left submitted (16 hours) and moved to document_review (24 hours)
        filed.append(desk.file_request("maryam"))
        if i % 2:
            desk.say("welfare", f"/approve {filed[-1]}")
        desk.clock.advance(minutes=10)
    first = said(desk.say("both", "/queue"))
    second = said(desk.press("both", "بعدی"))
    assert "۱۲" in first.splitlines()[0]  # how many wait in all, though a page shows ten
    lines = [line for text in (first, second) for line in text.splitlines() if line.startswith("#")]
    shown = [int(line.split()[0].lstrip("#").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))) for line in lines]
    assert len(lines) == 12 and sorted(shown) == sorted(filed)  # each once, over two pages
    # every submitted one is due before every one in document review (16 hours against 24)
    assert shown == [n for n in filed if filed.index(n) % 2 == 0] + [n for n in filed if filed.index(n) % 2]
