"""The open conversation of each chat."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from core.models import Conversation


class ConversationRepository(Protocol):
    def get(self, chat_key: str) -> Conversation | None: ...
    def put(self, chat_key: str, user_id: int, state: dict[str, Any], now: datetime) -> None: ...
    def delete(self, chat_key: str) -> None: ...
