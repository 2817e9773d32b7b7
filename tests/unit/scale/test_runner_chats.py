"""The runner keeps each chat's events in arrival order, and forgets a chat once none of its
events is in hand (a lock kept for every chat ever seen grew without end)."""
from __future__ import annotations

import asyncio

from tests.harness import GOOD_ANSWERS, ChatHarness, console_says


def test_each_chats_events_are_handled_in_order_and_no_chat_is_kept_after(desk: ChatHarness):
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور و پرداخت حق بیمه")
    runner = desk.app.runner

    async def burst() -> list[list[str]]:
        # the whole form's answers at once, with /my from others in between
        answers = [runner.handle(console_says("maryam", answer)) for answer in GOOD_ANSWERS[:4]]
        others = [runner.handle(console_says(name, "/my")) for name in ("reza", "welfare", "admin")]
        replies = await asyncio.gather(*answers, *others)
        assert runner.chats_in_hand() == 0
        return [[reply.text for reply in replies_of] for replies_of in replies[:4]]

    asked = asyncio.run(burst())
    for step, texts in enumerate(asked, start=2):  # each answer was taken in its turn
        assert f"({'۰۱۲۳۴۵۶۷۸۹'[step]} از ۹)" in texts[-1], texts
