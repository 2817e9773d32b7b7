"""The console: the same bot in a terminal, one user at a time.

Buttons are printed as numbered lines `N) label`, the main menu too (under its
own heading, after a finished conversation); typing the number presses it. Numbers run on across the messages printed since the person last typed,
so each button on screen has its own number. A line naming an existing file
(`./scan.pdf`, `~/a.jpg`, `/home/me/a.jpg`) sends that file.
Works piped: output is flushed after every message.
"""
from __future__ import annotations

import asyncio
import itertools
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.events import FILES_TOO_LARGE, Button, Inbound, IncomingFile, Outbound
from bot.i18n import Translator
from bot.runtime.delivery import OutboxDispatcher
from bot.runtime.runner import BotRunner
from core.notifications import CONSOLE
from core.text import escape_controls, normalize_digits

QUIT = "/quit"


class ConsoleTransport:
    platform = CONSOLE

    def __init__(
        self,
        runner: BotRunner,
        username: str,
        lang: str = "fa",
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        poll_interval: float = 1.0,
        max_file_bytes: int = 20 * 1024 * 1024,
    ) -> None:
        self.runner = runner
        self.username = username
        self.t = Translator(lang)
        self.stdin = stdin
        self.stdout = stdout
        self.poll_interval = poll_interval
        self.max_file_bytes = max_file_bytes
        self.interactive = stdin.isatty()
        self.menu: list[Button] = []
        self._ids = itertools.count(1)
        self.dispatcher = OutboxDispatcher(runner.bot.desk, self, address=username)

    # -- Sender -----------------------------------------------------------------

    async def send(self, address: str, message: Outbound) -> str | None:
        self.show(message)
        return str(next(self._ids))

    def show(self, message: Outbound) -> None:
        lines = [message.text]
        if message.photo:
            lines.append(f"[🖼 {message.photo}]")
        if message.document:  # a terminal cannot show a PDF: where it is, to open it
            lines.append(f"[📄 {message.document}]")
        for button in message.all_buttons():
            self.menu.append(button)
            lines.append(f"{len(self.menu)}) {button.label}")
        if message.menu is not None and not message.menu.hidden:  # the main menu, numbered on
            lines += ["", message.menu.note]
            for button in message.menu.all_buttons():
                self.menu.append(button)
                lines.append(f"{len(self.menu)}) {button.label}")
        # text stored before control characters were stripped on arrival must not drive the terminal
        self.stdout.write(escape_controls("\n".join(lines)) + "\n\n")
        self.stdout.flush()

    # -- reading ------------------------------------------------------------------

    def to_inbound(self, line: str) -> Inbound | None:
        """Turn a typed line into an event; None when the console itself answered it."""
        text = line.strip()
        if not text:
            return None
        choice = normalize_digits(text)
        if choice.isdigit() and self.menu:
            index = int(choice)
            if 1 <= index <= len(self.menu):
                return self._inbound(button=self.menu[index - 1].data)
        path = self._path(text)
        if path is not None:
            shown = text.strip("'\"")
            try:
                if not path.is_file():
                    self.show(Outbound(self.t("console.file_not_found", path=shown)))
                    return None
                if path.stat().st_size > self.max_file_bytes:  # refused unread, never cut to the limit
                    return self._inbound(refused=FILES_TOO_LARGE)
                with path.open("rb") as handle:
                    data = handle.read(self.max_file_bytes + 1)
            except OSError:  # a name too long, a file the kernel will not read (EIO), no permission
                self.show(Outbound(self.t("console.file_unreadable", path=shown)))
                return None
            if len(data) > self.max_file_bytes:  # it grew since: refused whole all the same
                return self._inbound(refused=FILES_TOO_LARGE)
            return self._inbound(files=(IncomingFile(path.name, data),))
        return self._inbound(text=text)

    @staticmethod
    def _path(text: str) -> Path | None:
        candidate = text.strip("'\"")
        first = candidate.split(" ", 1)[0]
        # "/show 12" is a command, "1403/08/15" a date; "/home/me/a.pdf" and "./a.pdf" are paths
        if candidate.startswith(("./", "../", "~/")) or (first.startswith("/") and "/" in first[1:]):
            return Path(candidate).expanduser()
        return None

    def _inbound(self, text: str | None = None, button: str | None = None,
                 files: tuple[IncomingFile, ...] = (), refused: str | None = None) -> Inbound:
        return Inbound(platform=CONSOLE, chat_id=self.username, sender_id=self.username, username=self.username,
                       directory_username=self.username, text=text, button=button, files=files, refused=refused)

    def _start_reader(self) -> None:
        """Read stdin on a daemon thread: a thread of the loop's executor blocked in
        readline() would keep Ctrl-C from ending the program until Enter was pressed."""
        loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._reading = threading.Event()
        self._reading.set()

        def post(line: str | None) -> bool:
            """Hand a line to the loop; False once the console has stopped (after /quit the
            loop may close while this thread still reads, and a closed loop takes nothing)."""
            if not self._reading.is_set():
                return False
            try:
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
            except RuntimeError:  # the loop closed between the check and the call
                return False
            return True

        def read() -> None:
            try:
                for line in iter(self.stdin.readline, ""):
                    if not post(line):
                        return
            finally:
                post(None)  # end of input (or a read that failed) ends the console

        self._reader = threading.Thread(target=read, name="console-stdin", daemon=True)
        self._reader.start()

    async def _read_line(self) -> str | None:
        if self.interactive:
            self.stdout.write("> ")
            self.stdout.flush()
        return await self._lines.get()

    # -- running ------------------------------------------------------------------

    async def run(self, greet: bool | None = None) -> None:
        if greet if greet is not None else self.interactive:
            await self._handle(self._inbound(text="/start"))
        await self.dispatcher.deliver_due()
        self._start_reader()
        poller = asyncio.create_task(self._poll())
        try:
            while True:
                line = await self._read_line()
                if line is None or line.strip() == QUIT:
                    break
                inbound = self.to_inbound(line)
                self.menu = []  # numbers restart with the answer to what was just typed
                if inbound is not None:
                    await self._handle(inbound)
                await self.dispatcher.deliver_due()
        finally:
            self._reading.clear()  # what the reader reads from now on is dropped
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)

    async def _handle(self, inbound: Inbound) -> None:
        for reply in await self.runner.handle(inbound):
            self.show(reply)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval)
            await self.dispatcher.deliver_due()
