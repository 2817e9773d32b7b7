"""The shared scenarios' ChatUser/ChatPlatform for the console: one ConsoleTransport per person
over the same app, in-process (no subprocess), typed into line by line as a person would.

What the console prints is recorded as `Seen` messages: the text, and the labels of the
numbered lines (the message's buttons, then the main menu's) with their numbers. A press
types the number the console printed beside the label.
"""
from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from bot.app import App
from bot.events import Outbound
from bot.transports.console import ConsoleTransport
from tests.harness import FixedClock, test_config
from tests.platforms.chat import ChatUser, Seen, plain
from tests.platforms.running import RunningBot


class RecordingConsole(ConsoleTransport):
    """The console, also telling its person's ChatUser what it printed."""

    def __init__(self, app: App, user: ConsoleUser) -> None:
        super().__init__(app.runner, user.username, stdin=io.StringIO(), stdout=io.StringIO(), poll_interval=60,
                         max_file_bytes=app.desk.attachments.max_bytes)  # as `console` runs it (bot/cli/__init__.py)
        self.user = user

    async def send(self, address: str, message: Outbound) -> str | None:
        sent = await super().send(address, message)
        await self._record(message)
        return sent

    async def _handle(self, inbound: Any) -> None:
        for reply in await self.runner.handle(inbound):
            self.show(reply)
            await self._record(reply)

    async def _record(self, message: Outbound) -> None:
        shown = [*message.all_buttons(), *(message.menu.all_buttons() if message.menu else [])]
        first = len(self.menu) - len(shown) + 1  # the numbers show() just printed
        text = message.text + (f"\n{message.menu.note}" if message.menu and not message.menu.hidden else "")
        numbers = {b.label: first + i for i, b in enumerate(shown)}
        await self.user.received(Seen(str(next(self._ids)), text, [b.label for b in shown], raw=numbers))


class ConsoleUser(ChatUser):
    def __init__(self, platform: ConsolePlatform, username: str) -> None:
        super().__init__(username)
        self.platform = platform
        self.console: RecordingConsole | None = None

    def attach(self, app: App) -> None:
        self.console = RecordingConsole(app, self)

    async def say(self, text: str) -> None:
        assert self.console is not None
        inbound = self.console.to_inbound(text)
        self.console.menu = []  # numbers restart with the answer, as in ConsoleTransport.run
        if inbound is not None:
            await self.console._handle(inbound)
        await self.platform.deliver_all()

    async def press(self, label: str) -> None:
        """Type the number printed beside the newest button labelled `label`."""
        seen = self.button_holder(label)
        full = next(b for b in seen.buttons if label in plain(b))
        number = seen.raw[full]
        assert self.console is not None and self.console.menu[number - 1].label == full, \
            f"{label!r} is no longer numbered on the screen of {self.username}"
        await self.say(str(number))

    async def send_file(self, filename: str, data: bytes, caption: str | None = None) -> None:
        path = self.platform.tmp_path / "files" / filename
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        await self.say(str(path))


class ConsoleHub:
    """The "transport" RunningBot runs: delivers each person's notifications to their console."""

    def __init__(self, platform: ConsolePlatform, app: App) -> None:
        self.platform = platform
        self.app = app

    async def run(self, stop: asyncio.Event) -> None:
        for user in self.platform.users.values():
            if user.console is None or user.console.runner is not self.app.runner:  # not attached since start
                user.attach(self.app)
        while not stop.is_set():
            await self.platform.deliver_all()
            try:
                await asyncio.wait_for(stop.wait(), timeout=0.05)
            except asyncio.TimeoutError:
                pass


class ConsolePlatform(RunningBot):
    name = "console"

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(test_config(tmp_path), FixedClock(), lambda app: ConsoleHub(self, app))
        self.tmp_path = tmp_path
        self.users: dict[str, ConsoleUser] = {}
        self._delivering = asyncio.Lock()

    async def start(self) -> None:
        await self.start_bot()

    async def restart(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    def user(self, username: str) -> ConsoleUser:
        if username not in self.users:
            self.users[username] = ConsoleUser(self, username)
            if self.app is not None:
                self.users[username].attach(self.app)
        return self.users[username]

    async def deliver_all(self) -> None:
        async with self._delivering:
            for user in list(self.users.values()):
                if user.console is not None:
                    await user.console.dispatcher.deliver_due()
