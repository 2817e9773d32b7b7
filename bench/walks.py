"""How far a reader walks through the code for one thing a person does (issue 25's hop counts).

    .venv/bin/python -m bench.walks

Two walks, traced with sys.setprofile over the desk's own code (bot/, core/, storage/; no library):
- a Telegram form answer: the update as Telegram sends it, parsed, handled (the answer checked, the
  draft saved, the next question drawn) and drawn back as Telegram's inline keyboard;
- a claim's order: the claims expert confirming /order on an assessed claim (the payout worked out
  again, the payment order written, the PDF made, the policyholder told).

For each it prints:
- steps: the distinct functions (module and name) the walk enters, what a reader follows;
- rooms: the distinct modules those functions live in;
- back-and-forths: how often the walk comes back to a module it had left for another one (the reader
  turning back a page).
Generated functions (dataclasses' __init__, comprehensions) and the test harness are not counted.
"""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OURS = tuple(str(ROOT / part) for part in ("bot", "core", "storage"))


def trace(action: Callable[[], object]) -> list[tuple[str, str]]:
    """The desk's functions entered while `action` runs, in order, each with its module."""
    entered: list[tuple[str, str]] = []

    def profile(frame, event, arg):  # noqa: ANN001, ANN202
        if event != "call":
            return
        path = frame.f_code.co_filename
        name = frame.f_code.co_name
        if path.startswith(OURS) and not name.startswith("<") and "/migrations/" not in path:
            module = str(Path(path).relative_to(ROOT).with_suffix("")).replace("/", ".")
            entered.append((module, frame.f_code.co_qualname))

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return entered


def figures(entered: list[tuple[str, str]]) -> tuple[int, int, int]:
    steps = list(dict.fromkeys(entered))  # first visits, in order
    modules = [module for module, _ in steps]
    back, left = 0, set()
    for before, now in zip(modules, modules[1:]):
        if now != before:
            left.add(before)
            if now in left:
                back += 1
    return len(steps), len(set(modules)), back


def form_answer_walk(tmp: Path) -> list[tuple[str, str]]:
    from bot.transports.telegram.mapping import inline_markup, parse_update
    from tests.harness import GOOD_ANSWERS, ChatHarness

    chat = ChatHarness(tmp)
    chat.app.desk.directory.link("maryam", "telegram", "5001")
    bot = chat.app.bot

    def update(text: str, n: int) -> dict:
        return {"update_id": n, "message": {"message_id": n, "date": 0, "text": text,
                                            "chat": {"id": 5001, "type": "private"},
                                            "from": {"id": 5001, "is_bot": False, "first_name": "M"}}}

    for n, text in enumerate(["/new premium_issuance"], start=1):
        bot.handle(parse_update(update(text, n)).inbound)

    def answer() -> None:
        replies = bot.handle(parse_update(update(GOOD_ANSWERS[0], 10)).inbound)
        for reply in replies:
            inline_markup(reply)

    walked = trace(answer)
    chat.close()
    return walked


def claim_order_walk(tmp: Path) -> list[tuple[str, str]]:
    from tests.harness import ChatHarness
    from tests.unit.insurance.test_claims_chat import contract, file_claim, to_assessment

    chat = ChatHarness(tmp)
    ticket_id = file_claim(chat, contract(chat))
    to_assessment(chat, ticket_id)
    chat.say("claims", f"/order {ticket_id}")  # the review and "are you sure?"
    walked = trace(lambda: chat.press("claims", "بله"))
    assert chat.ticket(ticket_id).status == "ordered"
    chat.close()
    return walked


def main() -> None:
    print("walk                      steps  rooms  back-and-forths")
    for name, walk in (("Telegram form answer", form_answer_walk), ("claim's order", claim_order_walk)):
        with tempfile.TemporaryDirectory() as tmp:
            steps, rooms, back = figures(walk(Path(tmp)))
        print(f"{name:<24} {steps:>6} {rooms:>6} {back:>16}")


if __name__ == "__main__":
    main()
