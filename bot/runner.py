"""Runs the (synchronous) bot off the event loop, one event at a time per chat."""
from __future__ import annotations

import asyncio
from collections import defaultdict

from bot.events import Inbound, Outbound
from bot.handlers.router import Bot


class BotRunner:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        # events of one chat are handled in arrival order; different chats run side by side
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        async with self._locks[inbound.chat_key]:
            return await asyncio.to_thread(self.bot.handle, inbound)
