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

# The chat's conversations are frames on one stack (bot/conversations/stack.py): a form draft,
# a prompt, a /link step, at most one of each, each kept under its own key; STACK lists their
# keys bottom to top, and the top one receives what is typed.
DRAFT = "draft"
PROMPT = "prompt"
# a /link step (Telegram) waiting for a username, password or code: pushed on top of whatever
# was asking; whatever starts asking after it ends it (bot/handlers/identity.py)
LINK = "link"
STACK = "stack"
FRAME_KINDS = (DRAFT, PROMPT, LINK)
# the state's shape before the stack: which of draft and prompt had asked last (read, never written)
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
    # the frames that put their question in front of the person in this update (each save does):
    # the stack asks none of them again (bot/conversations/stack.py)
    asked: set[str] = field(default_factory=set)

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
    def frames(self) -> list[str]:
        """The keys of the open conversations, bottom to top (the top one receives what is typed)."""
        stored = self.state.get(STACK)
        order = [k for k in stored if k in FRAME_KINDS] if isinstance(stored, list) else _order_before_stack(self.state)
        missing = [k for k in FRAME_KINDS if k not in order]  # kept by hand (a NO_USER /link step)
        return [k for k in missing + order if self.state.get(k) is not None]

    @property
    def foreground(self) -> str | None:
        """DRAFT or PROMPT: the topmost form or prompt (what hides the main menu), None: none open."""
        return next((k for k in reversed(self.frames) if k != LINK), None)

    def set_draft(self, draft: dict[str, Any] | None) -> None:
        """Save the draft (every saved change bumps its version), pushed on the stack when new;
        None ends it."""
        if draft is not None:
            _bump(draft, "version")
        self._set(DRAFT, draft)

    def set_prompt(self, prompt: dict[str, Any] | None) -> None:
        """Save the prompt (every saved change bumps its revision, as a draft's version), pushed
        on the stack when new (over the draft, which waits under it); None ends it."""
        if prompt is not None:
            _bump(prompt, PROMPT_REVISION)
        self._set(PROMPT, prompt)

    def set_link(self, step: dict[str, Any]) -> None:
        """Save the /link step, pushed on top of whatever was asking when new."""
        self._set(LINK, step)

    def end_link(self) -> bool:
        """End a /link step waiting for its answer; True if one was open."""
        if self.state.get(LINK) is None:
            return False
        self._set(LINK, None)
        return True

    def forget_state(self) -> None:
        """The state was already removed in core's own transaction (e.g. on submit)."""
        self.state = {}

    def _set(self, key: str, value: dict[str, Any] | None) -> None:
        order = self.frames
        if value is None:
            self.state.pop(key, None)
            order = [k for k in order if k != key]
        else:
            self.state[key] = value
            self.asked.add(key)
            if key not in order:
                order.append(key)
        self.state.pop(FOREGROUND, None)
        self.state[STACK] = order
        self._save()

    def _save(self) -> None:
        # saved at once: a crash right after this answer must not lose what was typed
        if any(self.state.get(k) is not None for k in FRAME_KINDS):
            self.desk.conversations.put(self.chat_key, self.user.id, self.state)
        else:
            self.desk.conversations.clear(self.chat_key)


def _bump(conversation: dict[str, Any], key: str) -> None:
    """Its buttons carry this number: one drawn before the last change is refused as stale.
    A new conversation starts at a random number, so a button of an earlier one is not
    taken for one of the new one's."""
    current = conversation.get(key)
    conversation[key] = current + 1 if isinstance(current, int) else secrets.randbelow(FIRST_VERSION_RANGE) + 1


def _order_before_stack(state: dict[str, Any]) -> list[str]:
    """A state saved before the stack (someone mid-form when the desk was upgraded): the draft and
    the prompt, the one named `foreground` on top (none named: the prompt, which was answered
    first), and a /link step over both (it took the next line before anything else)."""
    named = state.get(FOREGROUND)
    top = named if named in (DRAFT, PROMPT) and state.get(named) is not None else PROMPT
    return [k for k in (DRAFT, PROMPT) if k != top] + [top, LINK]
