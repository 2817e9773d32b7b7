"""Steps the Telegram tests share: waiting for what the bot does in the background, and a form
brought to its attachments question."""
from __future__ import annotations

import asyncio

from tests.harness import fa
from tests.platforms import journeys
from tests.platforms.telegram.adapter import TelegramUser


async def until(condition, timeout: float = 5.0) -> None:  # noqa: ANN001
    """Wait for something the bot does in the background (polling a condition, not sleeping blind)."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never happened")


async def reach_attachments(user: TelegramUser) -> None:
    await journeys.start_form(user)
    for step, answer in enumerate(journeys.GOOD_ANSWERS, start=2):
        await user.say(answer)
        await user.expect(f"({fa(step)} از ۹)")
