"""What a handler gets for one inbound event: who, where, in which language, and the chat's state."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.config import AppConfig
from bot.events import Inbound
from bot.i18n import Translator
from core.desk import Desk
from core.models import User


@dataclass
class Context:
    inbound: Inbound
    user: User
    t: Translator
    desk: Desk
    config: AppConfig
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def chat_key(self) -> str:
        return self.inbound.chat_key

    @property
    def draft(self) -> dict[str, Any] | None:
        return self.state.get("draft")

    @property
    def prompt(self) -> dict[str, Any] | None:
        return self.state.get("prompt")

    def set_draft(self, draft: dict[str, Any] | None) -> None:
        self._set("draft", draft)

    def set_prompt(self, prompt: dict[str, Any] | None) -> None:
        self._set("prompt", prompt)

    def forget_state(self) -> None:
        """The state was already removed in core's own transaction (e.g. on submit)."""
        self.state = {}

    def _set(self, key: str, value: dict[str, Any] | None) -> None:
        if value is None:
            self.state.pop(key, None)
        else:
            self.state[key] = value
        # saved at once: a crash right after this answer must not lose what was typed
        if self.state:
            self.desk.conversations.put(self.chat_key, self.user.id, self.state)
        else:
            self.desk.conversations.clear(self.chat_key)
