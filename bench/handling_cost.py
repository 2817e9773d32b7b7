"""How much does the bot add on top of the database? Prints ratios, not verdicts.

    .venv/bin/python bench/handling_cost.py [rounds]

Baseline: one committed write of a conversation row on the same SQLite file
(WAL, BEGIN IMMEDIATE), the floor under anything that saves a draft. Measured: one form
answer (validate, save draft, render the next question), one full request
(form + submit + outbox rows), and one expert action (state check, CAS,
history, notifications). Beside each, the SQL statements it ran (an update's reads take no
savepoint: the count must not go up), and what making the desk over an update's transaction
costs (Desk.within: every service built afresh for each update).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import GOOD_ANSWERS, ChatHarness  # noqa: E402


def per_call(fn, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return (time.perf_counter() - start) / rounds


def statements(desk: ChatHarness, fn) -> int:
    """The SQL statements one call of fn runs."""
    from sqlalchemy import event

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(desk.app.database.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(desk.app.database.engine, "before_cursor_execute", count)
    return len(seen)


def main(rounds: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        desk = ChatHarness(Path(tmp))

        user_id = desk.app.desk.directory.get("maryam").id

        def one_write() -> None:
            desk.app.desk.conversations.put("bench:floor", user_id, {"step": "mobile"})

        def one_answer() -> None:
            desk.say("maryam", GOOD_ANSWERS[3])  # mobile step
            desk.say("maryam", "/back")

        ids: list[int] = []

        def full_request() -> None:
            ids.append(desk.file_request())

        def approve() -> None:
            desk.say("welfare", f"/approve {ids.pop()}")

        def desk_within() -> None:  # what the runner makes for each update (no statement)
            desk.app.desk.within(desk.app.desk.tickets.units)

        baseline = per_call(one_write, rounds * 5)
        within_cost = per_call(desk_within, rounds * 20)
        desk.say("maryam", "/new")
        desk.press("maryam", "صدور")
        for answer in GOOD_ANSWERS[:3]:
            desk.say("maryam", answer)
        answer_cost = per_call(one_answer, rounds) / 2
        answer_statements = statements(desk, one_answer) / 2
        desk.say("maryam", "/cancel")
        request_cost = per_call(full_request, rounds)
        request_statements = statements(desk, full_request)
        action_cost = per_call(approve, rounds)
        action_statements = statements(desk, approve)
        desk.close()

    print(f"baseline: one committed SQLite row write = 1.0 ({baseline * 1e3:.2f} ms on this machine)")
    print(f"one form answer            : {answer_cost / baseline:6.1f} x baseline, {answer_statements:4.0f} statements")
    print(f"one full request (12 steps): {request_cost / baseline:6.1f} x baseline, {request_statements:4.0f} statements")
    print(f"one expert action          : {action_cost / baseline:6.1f} x baseline, {action_statements:4.0f} statements")
    print(f"the desk over an update    : {within_cost / baseline:6.2f} x baseline ({within_cost * 1e6:.0f} µs), "
          f"{within_cost / answer_cost:.1%} of a form answer")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
