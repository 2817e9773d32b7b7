"""What every platform adapter gives the shared scenarios: people in a chat, seen from their side.

A platform adapter (tests/platforms/<platform>/) runs the real bot and the real
platform library against a local fake server over HTTP, and turns what the fake
server recorded (messages sent, edited) into `Seen` messages for each person.
The scenarios in `journeys.py` are written once against these classes.
"""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.models import Ticket

_ISOLATES = re.compile("[\u2066-\u2069\u202a-\u202e\u200e\u200f]")


def plain(text: str) -> str:
    """Text without the invisible direction marks, as a person reads it."""
    return _ISOLATES.sub("", text)


@dataclass
class Seen:
    """One message as the person sees it now (edits replace text and buttons)."""

    message_id: str
    text: str
    buttons: list[str] = field(default_factory=list)  # labels, in order
    raw: Any = None  # the platform's own message object, for platform-specific checks

    @property
    def plain(self) -> str:
        return plain(self.text)


class ChatUser:
    """One person's chat with the bot. Subclasses do the platform actions and call `received`/`edited`."""

    def __init__(self, username: str) -> None:
        self.username = username
        self.messages: list[Seen] = []
        self._cursor = 0  # `expect` looks at messages from here on
        self._changed = asyncio.Condition()

    # -- platform actions (subclasses) -------------------------------------------------

    async def say(self, text: str) -> None:
        raise NotImplementedError

    async def press(self, label: str) -> None:
        """Press the newest button whose label contains `label`."""
        raise NotImplementedError

    async def send_file(self, filename: str, data: bytes, caption: str | None = None) -> None:
        raise NotImplementedError

    async def press_menu(self, label: str) -> None:
        """Press an item of the main menu: a button where menus are buttons (Telegram overrides)."""
        await self.press(label)

    # -- what arrives ------------------------------------------------------------------

    async def received(self, message: Seen) -> None:
        async with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    async def edited(self, message_id: str, text: str | None, buttons: list[str] | None) -> None:
        async with self._changed:
            for seen in self.messages:
                if seen.message_id == message_id:
                    if text is not None:
                        seen.text = text
                    if buttons is not None:
                        seen.buttons = buttons
            self._changed.notify_all()

    async def expect(self, fragment: str, timeout: float = 10.0) -> Seen:
        """The next message (after the last one expected) whose plain text contains `fragment`."""

        def found() -> int | None:
            for index in range(self._cursor, len(self.messages)):
                if fragment in self.messages[index].plain:
                    return index
            return None

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), timeout)
            except asyncio.TimeoutError:
                shown = "\n---\n".join(m.plain for m in self.messages[self._cursor:])
                raise AssertionError(f"{self.username} never saw {fragment!r}; saw since last expect:\n{shown}") from None
            index = found()
            assert index is not None
            self._cursor = index + 1
            return self.messages[index]

    async def quiet(self, seconds: float = 0.5) -> list[Seen]:
        """Wait, then return what arrived after the last expected message (for 'nothing more' checks)."""
        await asyncio.sleep(seconds)
        return self.messages[self._cursor:]

    def button_holder(self, label: str) -> Seen:
        """The newest message with a button whose label contains `label`."""
        for seen in reversed(self.messages):
            if any(label in plain(b) for b in seen.buttons):
                return seen
        shown = [b for m in self.messages for b in m.buttons]
        raise AssertionError(f"no button with {label!r} for {self.username}; shown: {shown}")

    def button_index(self, seen: Seen, label: str) -> int:
        return next(i for i, b in enumerate(seen.buttons) if label in plain(b))


class ChatPlatform(Protocol):
    name: str

    def user(self, username: str) -> ChatUser:
        """The chat of a directory user (linked to the platform as the platform needs)."""

    async def restart(self) -> None:
        """Stop the bot process's transport and start a new one over the same database."""

    def ticket(self, ticket_id: int) -> Ticket: ...

    def history(self, ticket_id: int) -> list[tuple[str, str]]:
        """(action, actor username) of every step, in order."""
