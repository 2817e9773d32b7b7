"""Buttons in Rocket.Chat: message buttons that post a token, and numbered lines to type.

A Rocket.Chat button (attachment action with msg_in_chat_window) can only make
the person post a text. So each button gets a short random token, remembered
for the chat it was shown in; the press posts "label ⟨token⟩" and the transport
maps the token back to the button data of THAT chat's menu. Typed text is never
taken for button data: a token that this chat was not shown (someone else's
button, an expired one) is refused with a message, and known data still goes
through the router's parsing and its role, state and version checks.

Under the buttons, the same options are numbered lines "1) label"; typing the
number presses it. As in the console, numbers run on across the messages sent
since the person last wrote, and restart with the answer to what they wrote.

Menus are stored (desk.transport_state), so buttons keep working after a restart.
"""
from __future__ import annotations

import asyncio
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from bot.events import Button, Outbound
from bot.runtime.desk_threads import Blocking
from core.text import normalize_digits
from core.transport_state import TransportStateStore

KEEP_TOKENS = 300  # per chat; older buttons stop working (the router would refuse most as stale anyway)
_ISOLATES = re.compile("[\u2066-\u2069\u202a-\u202e\u200e\u200f]")
_PRESS = re.compile(r"⟨([a-z0-9]{4})⟩\s*$")
UNKNOWN = object()  # a press whose token this chat was never shown


def press_text(label: str, token: str) -> str:
    return f"{label} ⟨{token}⟩"


@dataclass
class ChatMenu:
    tokens: dict[str, str] = field(default_factory=dict)  # token -> button data, oldest first
    numbers: list[str] = field(default_factory=list)  # tokens of the numbered lines, in order

    @classmethod
    def load(cls, value: dict[str, Any] | None) -> ChatMenu:
        if not value:
            return cls()
        return cls(dict(value.get("tokens", {})), list(value.get("numbers", [])))

    def dump(self) -> dict[str, Any]:
        return {"tokens": self.tokens, "numbers": self.numbers}

    def add(self, data: str) -> str:
        token = secrets.token_hex(2)
        while token in self.tokens:
            token = secrets.token_hex(2)
        self.tokens[token] = data
        while len(self.tokens) > KEEP_TOKENS:
            del self.tokens[next(iter(self.tokens))]
        return token


@dataclass(frozen=True)
class Drawn:
    text: str
    attachments: list[dict[str, Any]]


class MenuBook:
    """The menus of every chat the bot writes to (a person's DM, the expert channel)."""

    def __init__(self, store: TransportStateStore, platform: str, blocking: Blocking = asyncio.to_thread) -> None:
        self.store = store
        self._blocking = blocking
        self.platform = platform
        self._menus: dict[str, ChatMenu] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def lock(self, chat: str) -> asyncio.Lock:
        """Held while a message with buttons is numbered and posted, so numbers follow the order of messages."""
        return self._locks[chat]

    async def _menu(self, chat: str) -> ChatMenu:
        if chat not in self._menus:
            stored = await self._blocking(self.store.get, self.platform, f"menu:{chat}")
            self._menus[chat] = ChatMenu.load(stored)
        return self._menus[chat]

    async def _save(self, chat: str) -> None:
        await self._blocking(self.store.put, self.platform, f"menu:{chat}", self._menus[chat].dump())

    async def draw(self, chat: str, message: Outbound, numbered: bool = True) -> Drawn:
        """The text (with numbered lines) and the button attachment for `message`; remembers the tokens."""
        main = message.menu.all_buttons() if message.menu is not None else []  # empty: hidden, nothing to draw
        if not message.all_buttons() and not main:
            return Drawn(message.text, [])
        menu = await self._menu(chat)
        lines = [message.text]
        attachments = []
        # the message's own buttons, then the main menu under a line of its own
        for heading, buttons in (("", message.all_buttons()), (message.menu.note if main else "", main)):
            if not buttons:
                continue
            lines += ["", heading] if heading else [""]
            actions = []
            for button in buttons:
                token = menu.add(button.data)
                actions.append(_action(button, token))
                if numbered:
                    menu.numbers.append(token)
                    lines.append(f"{len(menu.numbers)}) {button.label}")
            attachments.append({"actions": actions, "button_alignment": "vertical"})
        await self._save(chat)
        text = "\n".join(lines) if numbered else message.text
        return Drawn(text, attachments)

    async def start_turn(self, chat: str) -> None:
        """The person wrote: numbers restart with the answer."""
        menu = await self._menu(chat)
        if menu.numbers:
            menu.numbers = []
            await self._save(chat)

    async def pressed(self, chat: str, text: str, numbers: bool = True) -> str | object | None:
        """Button data for a press (or a typed number) in `chat`; UNKNOWN for a token this chat
        was not shown; None when the text is not a press at all."""
        menu = await self._menu(chat)
        plain = _ISOLATES.sub("", text).strip()
        found = _PRESS.search(plain)
        if found:
            return menu.tokens.get(found.group(1), UNKNOWN)
        choice = normalize_digits(plain)
        if numbers and choice.isdigit() and 1 <= int(choice) <= len(menu.numbers):
            return menu.tokens.get(menu.numbers[int(choice) - 1], UNKNOWN)
        return None


def _action(button: Button, token: str) -> dict[str, Any]:
    return {
        "type": "button",
        "text": button.label,
        "msg": press_text(button.label, token),
        "msg_in_chat_window": True,
        "msg_processing_type": "sendMessage",
    }
