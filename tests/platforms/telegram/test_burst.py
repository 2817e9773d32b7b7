"""A burst: 500 notifications to 50 chats with Telegram's real limits (30/s overall, 1 s per
chat) while the fake server answers some sends with 429. All arrive exactly once, never
faster than the limits, each chat's in order. Takes ~17-20 s: the limits are the point."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

from core.notifications import COMMENT_ADDED, TELEGRAM
from tests.platforms.telegram.adapter import TelegramPlatform
from tests.platforms.telegram.fake_api import Failure, FakeBotApi

CHATS, PER_CHAT = 50, 10
FIRST_ID = 20001
WINDOW_TOLERANCE = 0.02  # seconds: arrival jitter of two requests sent one slot apart


def throttle_every(n: int, retry_after: int):  # noqa: ANN201
    count = 0

    def rule(method: str, params: dict) -> Failure | None:
        nonlocal count
        if method != "sendMessage":
            return None
        count += 1
        return Failure(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after) \
            if count % n == 0 else None

    return rule


async def test_500_notifications_to_50_chats_under_429s(tmp_path: Path, fake: FakeBotApi):
    platform = TelegramPlatform(tmp_path, "ptb", fake, messages_per_second=30.0, per_chat_interval_seconds=1.0)
    await platform.start(link=False)
    try:
        app = platform.app
        for i in range(CHATS):
            app.desk.directory.add(f"burst{i}", f"کاربر {i}")
            app.desk.directory.link(f"burst{i}", TELEGRAM, str(FIRST_ID + i))
        fake.rules.append(throttle_every(37, retry_after=1))
        with app.database.uow() as uow:
            users = {u.username: u for u in uow.users.list()}
            for k in range(PER_CHAT):  # written round by round, as a busy desk would
                for i in range(CHATS):
                    payload = {"ticket_id": 1, "request_type": "premium_issuance", "author_name": "کارشناس",
                               "text": f"پیام {k} به {i}", "version": 1}
                    uow.outbox.add(users[f"burst{i}"].id, TELEGRAM, str(FIRST_ID + i), COMMENT_ADDED, None,
                                   payload, platform.clock())
            uow.commit()
        started = time.monotonic()
        platform.transport.dispatcher.wake()
        chats = set(range(FIRST_ID, FIRST_ID + CHATS))

        def delivered() -> list:
            return [c for c in fake.sent("sendMessage") if int(c.params["chat_id"]) in chats]

        while len(delivered()) < CHATS * PER_CHAT and time.monotonic() - started < 60:
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # anything more (a duplicate) would come now
    finally:
        await platform.stop()

    ok = delivered()
    attempts = [c for c in fake.calls if c.method == "sendMessage" and int(c.params["chat_id"]) in chats]
    throttled = [c for c in attempts if c.status == 429]
    texts = [(int(c.params["chat_id"]), c.params["text"]) for c in ok]
    assert len(ok) == CHATS * PER_CHAT and len(set(texts)) == len(texts)  # all, each once
    assert throttled, "the fake server never throttled"

    for i in range(CHATS):
        chat = [c for c in attempts if int(c.params["chat_id"]) == FIRST_ID + i]
        gaps = [b.at - a.at for a, b in zip(chat, chat[1:])]
        assert min(gaps) >= 1.0, (i, min(gaps))  # every request, throttled ones too
        order = [int(c.params["text"].split("پیام ", 1)[1].split(" ", 1)[0]) for c in chat if c.status == 200]
        assert order == list(range(PER_CHAT)), (i, order)  # each chat in the order written

    times = sorted(c.at for c in attempts)
    busiest = max(sum(1 for t in times[j:j + 40] if t < start + 1.0 - WINDOW_TOLERANCE)
                  for j, start in enumerate(times))
    assert busiest <= 30, busiest
    took = ok[-1].at - attempts[0].at
    rate = len(ok) / took
    print(f"\nBURST: {len(ok)} notifications to {CHATS} chats in {took:.1f} s = {rate:.1f} msg/s "
          f"({len(throttled)} answered 429 and retried; busiest 1-s window {busiest})")
    assert took >= (CHATS * PER_CHAT) / 30.0 - 1.0
