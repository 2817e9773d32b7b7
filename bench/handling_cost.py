"""How much does the bot add on top of the database? Prints ratios, not verdicts.

    .venv/bin/python bench/handling_cost.py [rounds]

Baseline: one committed write of a conversation row on the same SQLite file
(WAL, BEGIN IMMEDIATE), the floor under anything that saves a draft. Measured: one form
answer (validate, save draft, render the next question), one full request
(form + submit + outbox rows), and one expert action (state check, CAS,
history, notifications).
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

        baseline = per_call(one_write, rounds * 5)
        desk.say("maryam", "/new")
        desk.press("maryam", "صدور")
        for answer in GOOD_ANSWERS[:3]:
            desk.say("maryam", answer)
        answer_cost = per_call(one_answer, rounds) / 2
        desk.say("maryam", "/cancel")
        request_cost = per_call(full_request, rounds)
        action_cost = per_call(approve, rounds)
        desk.close()

    print(f"baseline: one committed SQLite row write = 1.0 ({baseline * 1e3:.2f} ms on this machine)")
    print(f"one form answer            : {answer_cost / baseline:6.1f} x baseline")
    print(f"one full request (12 steps): {request_cost / baseline:6.1f} x baseline")
    print(f"one expert action          : {action_cost / baseline:6.1f} x baseline")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
