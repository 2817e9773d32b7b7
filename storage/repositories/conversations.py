"""The open conversation of each chat."""
from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from core.models import Conversation
from storage.models.conversations import ConversationRow

_CONVERSATIONS = ConversationRow.__table__


class SqlConversationRepository:
    """Core statements, built once, not the ORM: each answer in a chat reads and writes its
    row, and building a statement or going through the ORM's identity map and flush costs
    more than running it (no ConversationRow is ever loaded, so none can be stale)."""

    _GET = select(_CONVERSATIONS).where(_CONVERSATIONS.c.chat_key == bindparam("key"))
    _UPDATE = (update(_CONVERSATIONS).where(_CONVERSATIONS.c.chat_key == bindparam("key"))
               .values(user_id=bindparam("user"), state=bindparam("new_state"), updated_at=bindparam("now")))
    _INSERT = insert(_CONVERSATIONS).values(chat_key=bindparam("key"), user_id=bindparam("user"),
                                            state=bindparam("new_state"), updated_at=bindparam("now"))
    _DELETE = delete(_CONVERSATIONS).where(_CONVERSATIONS.c.chat_key == bindparam("key"))

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, chat_key: str) -> Conversation | None:
        row = self._session.execute(self._GET, {"key": chat_key}).first()
        return Conversation(row.chat_key, row.user_id, row.state, row.updated_at) if row else None

    def put(self, chat_key: str, user_id: int, state: dict[str, Any], now: datetime) -> None:
        values = {"key": chat_key, "user": user_id, "new_state": state, "now": now}
        # the chat's own updates are serialised (the chat lock), so update-else-insert does not race
        if cast(CursorResult[Any], self._session.execute(self._UPDATE, values)).rowcount == 0:
            self._session.execute(self._INSERT, values)

    def delete(self, chat_key: str) -> None:
        self._session.execute(self._DELETE, {"key": chat_key})
