"""Two experts act on the same ticket at the same moment, from two running bots.

Each expert talks to their own App (build_app over the same SQLite file, as two
bot processes would), in their own thread; a Barrier lets both go at once.
Exactly one action is recorded; the other expert is told, in Persian, that it
was not possible and who did it.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.events import Outbound
from tests.harness import ChatHarness, FixedClock, ref, said

ROUNDS = 4
NAMES = {"welfare": "زهرا رفاهی", "welfare2": "کاوه دومی"}






@pytest.fixture
def two_bots(tmp_path: Path):
    clock = FixedClock()
    first = ChatHarness(tmp_path, clock)
    first.app.desk.directory.add("welfare2", NAMES["welfare2"], ["welfare_expert"])
    second = ChatHarness(tmp_path, clock)  # another App over the same database file
    assert first.app.database is not second.app.database
    yield first, second
    first.close()
    second.close()


def race(jobs):  # noqa: ANN001, ANN201 - [(harness, user, kwargs)] -> {user: replies}
    barrier = threading.Barrier(len(jobs))
    results: dict[str, list[Outbound]] = {}
    errors: list[BaseException] = []

    def run(harness: ChatHarness, user: str, kwargs: dict) -> None:
        try:
            barrier.wait(timeout=10)
            results[user] = harness.say(user, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert set(results) == {user for _, user, _ in jobs}
    return results


def check_one_winner(first: ChatHarness, n: int, results: dict[str, list[Outbound]]) -> None:
    history = [(entry, actor) for entry, actor in first.app.desk.tickets.operator_details(n).history]
    approvals = [(entry, actor) for entry, actor in history if entry.action == "approve"]
    assert len(approvals) == 1, [e.action for e, _ in history]
    winner = approvals[0][1].username
    loser = next(user for user in results if user != winner)
    won, lost = said(results[winner]), said(results[loser])
    ticket_ref = ref(n)
    assert f"«تأیید» برای درخواست {ticket_ref} انجام شد" in won, won
    assert "انجام شد" not in lost, lost
    assert ("ممکن نیست" in lost) or ("کس دیگری" in lost), lost
    assert "بررسی اولیه مدارک" in lost, lost  # the status it is in now
    assert NAMES[winner] in lost, lost  # and who did it
    assert first.ticket(n).status == "document_review"
    assert first.ticket(n).version == 2
    # the requester hears of the approval once, the next role is asked once
    assert len(first.inbox("maryam")) == 1
    assert len(first.inbox("insurance")) == 1


def test_two_experts_send_approve_at_once(two_bots):
    first, second = two_bots
    for _ in range(ROUNDS):
        n = first.file_request("maryam")
        results = race([(first, "welfare", {"text": f"/approve {n}"}),
                        (second, "welfare2", {"text": f"/approve {n}"})])
        check_one_winner(first, n, results)


def test_two_experts_press_the_same_notification_button_at_once(two_bots):
    first, second = two_bots
    for _ in range(ROUNDS):
        n = first.file_request("maryam")
        buttons = {}
        for harness, user in ((first, "welfare"), (second, "welfare2")):
            (message,) = harness.inbox(user)
            buttons[user] = next(b.data for b in message.all_buttons() if b.label == "تأیید")
        assert buttons["welfare"] == buttons["welfare2"]  # the same version on both
        results = race([(first, "welfare", {"button": buttons["welfare"]}),
                        (second, "welfare2", {"button": buttons["welfare2"]})])
        check_one_winner(first, n, results)


def test_reject_and_approve_at_once_leave_one_outcome(two_bots):
    first, second = two_bots
    n = first.file_request("maryam")
    results = race([(first, "welfare", {"text": f"/approve {n}"}),
                    (second, "welfare2", {"text": f"/reject {n} ناقص است"})])
    history = first.app.desk.tickets.operator_details(n).history
    moves = [entry.action for entry, _ in history if entry.action != "submit"]
    assert len(moves) == 1, moves
    status = first.ticket(n).status
    assert status == {"approve": "document_review", "reject": "rejected"}[moves[0]]
    done = [user for user, replies in results.items() if "انجام شد" in said(replies)]
    assert len(done) == 1, {u: said(r) for u, r in results.items()}
