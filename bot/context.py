"""What a handler gets for one inbound event: who, where, in which language, and the chat's state."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from bot.config import AppConfig
from bot.events import Inbound, IncomingFile
from bot.i18n import Translator
from core.desk import Desk
from core.models import User
from core.people import PasswordCheck

# The chat's state holds at most one form draft and one prompt; `foreground` names
# the one that asked the last question, and only it receives what is typed or sent.
DRAFT = "draft"
PROMPT = "prompt"
# a /link step (Telegram) waiting for a username, password or code: it takes the next line
# before anything else, so whatever starts asking after it ends it (bot/handlers/identity.py)
LINK = "link"
FOREGROUND = "foreground"
# a prompt's own version, drawn into its buttons ("version" in a prompt is the ticket's)
PROMPT_REVISION = "revision"
# a new draft's version (a prompt's revision) starts at a random number, so a button of an
# earlier one of this chat (submitted, cancelled, set aside) is not taken for the new one's
FIRST_VERSION_RANGE = 1_000_000


@dataclass(frozen=True)
class FileRead:
    """A file that answers a form's file step, read by the step's parser before the update's
    transaction (bot/handlers/router.py Bot.ahead): a large roster takes seconds, and no database
    lock is held meanwhile. Used only if the handling finds the draft still at that step."""

    parser: str
    file: IncomingFile
    value: Any = None
    refused: Exception | None = None  # AnswerRefused or ValidationError: told, and the question asked again


@dataclass
class Context:
    inbound: Inbound
    user: User
    t: Translator
    desk: Desk
    config: AppConfig
    state: dict[str, Any] = field(default_factory=dict)
    # set by a handler after which the main menu should be shown again (/start, a new language)
    show_menu: bool = False
    # the directory's word on the password this text answers a /link step with, asked before
    # the update's transaction (bot/handlers/identity.py check_ahead)
    password_check: PasswordCheck | None = None
    # the file this update sends, as the form's file step would read it, read before the transaction
    file_read: FileRead | None = None

    @property
    def chat_key(self) -> str:
        return self.inbound.chat_key

    @property
    def draft(self) -> dict[str, Any] | None:
        return self.state.get(DRAFT)

    @property
    def prompt(self) -> dict[str, Any] | None:
        return self.state.get(PROMPT)

    @property
    def foreground(self) -> str | None:
        """DRAFT or PROMPT: the conversation that asked the last question (None: nothing open)."""
        named = self.state.get(FOREGROUND)
        if named in (DRAFT, PROMPT) and self.state.get(named) is not None:
            return named
        # state saved before `foreground` existed: the prompt was always answered first
        for key in (PROMPT, DRAFT):
            if self.state.get(key) is not None:
                return key
        return None

    @property
    def draft_in_foreground(self) -> bool:
        return self.foreground == DRAFT

    @property
    def prompt_in_foreground(self) -> bool:
        return self.foreground == PROMPT

    def set_draft(self, draft: dict[str, Any] | None) -> None:
        """Save the draft (every saved change bumps its version) and bring it to the foreground;
        None ends it, and the prompt beneath, if any, comes forward."""
        if draft is not None:
            _bump(draft, "version")
        self._set(DRAFT, draft)

    def set_prompt(self, prompt: dict[str, Any] | None) -> None:
        """Save the prompt (every saved change bumps its revision, as a draft's version) and bring
        it to the foreground (the draft, if any, waits behind it)."""
        if prompt is not None:
            _bump(prompt, PROMPT_REVISION)
        self._set(PROMPT, prompt)

    def end_link(self) -> bool:
        """End a /link step waiting for its answer; True if one was open."""
        if self.state.pop(LINK, None) is None:
            return False
        self._save()
        return True

    def forget_state(self) -> None:
        """The state was already removed in core's own transaction (e.g. on submit)."""
        self.state = {}

    def _set(self, key: str, value: dict[str, Any] | None) -> None:
        if value is None:
            self.state.pop(key, None)
            other = DRAFT if key == PROMPT else PROMPT
            if self.state.get(other) is not None:
                self.state[FOREGROUND] = other
            else:
                self.state.pop(FOREGROUND, None)
        else:
            self.state[key] = value
            self.state[FOREGROUND] = key
        self._save()

    def _save(self) -> None:
        # saved at once: a crash right after this answer must not lose what was typed
        if self.state:
            self.desk.conversations.put(self.chat_key, self.user.id, self.state)
        else:
            self.desk.conversations.clear(self.chat_key)


def _bump(conversation: dict[str, Any], key: str) -> None:
    """Its buttons carry this number: one drawn before the last change is refused as stale.
    A new conversation starts at a random number, so a button of an earlier one is not
    taken for one of the new one's."""
    current = conversation.get(key)
    conversation[key] = current + 1 if isinstance(current, int) else secrets.randbelow(FIRST_VERSION_RANGE) + 1
