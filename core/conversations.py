"""Where each chat is in a conversation, kept in the database so a restart loses nothing."""
from __future__ import annotations

from typing import Any

from core.clock import Clock, utc_now
from core.ports import Units


class ConversationStore:
    def __init__(self, units: Units, clock: Clock = utc_now) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock

    def get(self, chat_key: str) -> dict[str, Any] | None:
        with self.units.read() as uow:
            conversation = uow.conversations.get(chat_key)
            return dict(conversation.state) if conversation else None

    def put(self, chat_key: str, user_id: int, state: dict[str, Any]) -> None:
        with self.units.statement() as uow:
            uow.conversations.put(chat_key, user_id, state, self._clock())

    def clear(self, chat_key: str) -> None:
        with self.units.statement() as uow:
            uow.conversations.delete(chat_key)
