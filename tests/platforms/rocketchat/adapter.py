"""The shared scenario suite's ChatPlatform for Rocket.Chat: the real transport against the fake server.

A person's chat is their DM with the bot in the fake server; what the bot posts
there arrives as `Seen` messages (buttons: the attachment actions' labels). A
press posts the button's `msg`, as Rocket.Chat's msg_in_chat_window does.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.config import RocketChatConfig
from bot.transports.rocketchat import build_transport
from tests.harness import FixedClock, test_config
from tests.platforms.chat import ChatUser, Seen, plain
from tests.platforms.rocketchat.fake_server import FakeRocketChat, Room
from tests.platforms.running import RunningBot, free_port

WEBHOOK_TOKEN = "webhook-secret-token"
EXPERT_CHANNEL = "bimeh-experts"


def seen(message: dict[str, Any]) -> Seen:
    labels = [a["text"] for att in message.get("attachments") or [] for a in att.get("actions") or []]
    return Seen(message["_id"], message["msg"], labels, raw=message)


class RcUser(ChatUser):
    """A person in their DM with the bot (or, with `room`, in a shared channel)."""

    def __init__(self, platform: RcPlatform, username: str, room: Room | None = None) -> None:
        super().__init__(username)
        self.platform = platform
        self.room = room

    @property
    def server(self) -> FakeRocketChat:
        return self.platform.server

    async def say(self, text: str) -> dict[str, Any]:
        return await self.server.post(self.username, text, room=self.room)

    async def button_msg(self, label: str, timeout: float = 5.0) -> str:
        """What pressing the newest button labelled `label` posts. A reply comes as several
        messages, one after the other: like a person, wait for the button to show up
        (from the message last expected on), else take an older one."""

        def shown() -> bool:
            recent = self.messages[max(0, self._cursor - 1):]
            return any(label in plain(b) for m in recent for b in m.buttons)

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(shown), timeout)
            except asyncio.TimeoutError:
                pass
        holder = self.button_holder(label)
        for attachment in holder.raw.get("attachments") or []:
            for action in attachment.get("actions") or []:
                if label in plain(action["text"]):
                    assert action["msg_in_chat_window"] is True and action["type"] == "button"
                    return action["msg"]
        raise AssertionError(f"no action {label!r}")

    async def press(self, label: str) -> None:
        await self.say(await self.button_msg(label))

    async def send_file(self, filename: str, data: bytes, caption: str | None = None) -> None:
        await self.server.post(self.username, caption or "", room=self.room, file=(filename, data, "application/pdf"))


class RcPlatform(RunningBot):
    name = "rocketchat"

    def __init__(self, tmp_path: Path, mode: str = "poll", expert_channel: bool = False,
                 personal_token: bool = False, not_on_server: tuple[str, ...] = ()) -> None:
        super().__init__(test_config(tmp_path), FixedClock(), build_transport)
        self.tmp_path = tmp_path
        self.mode = mode
        self.server = FakeRocketChat()
        self.expert_channel = expert_channel
        self.personal_token = personal_token
        self.not_on_server = not_on_server  # directory users without a Rocket.Chat account
        self.users: dict[str, RcUser] = {}
        self.channel_members: dict[str, RcUser] = {}
        self.channel_room: Room | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        await self.start_server()
        await self.start_bot()

    async def start_server(self) -> None:
        await self.server.start()
        self.server.listeners.append(self._on_bot_message)
        for user in self.config.users:
            if user.username not in self.not_on_server:
                self.server.add_user(user.username, user.name)
        port = free_port()
        settings: dict[str, Any] = dict(
            server_url=self.server.url, mode=self.mode, poll_interval_seconds=0.05,
            webhook_listen=f"127.0.0.1:{port}", webhook_path="/rocketchat", webhook_token=WEBHOOK_TOKEN,
            messages_per_second=500, timeout_seconds=1.0,
            expert_channel=EXPERT_CHANNEL if self.expert_channel else None,
        )
        if self.personal_token:
            settings.update(user_id=self.server.users[self.server.bot]["_id"], auth_token=self.server.personal_token)
        else:
            settings.update(user=self.server.bot, password=self.server.password)
        self.config.rocketchat = RocketChatConfig(**settings)
        if self.mode == "webhook":
            self.server.webhook_url = f"http://127.0.0.1:{port}/rocketchat"
            self.server.webhook_token = WEBHOOK_TOKEN
        if self.expert_channel:
            members = ["welfare", "insurance", "maryam"]
            self.channel_room = self.server.add_channel(EXPERT_CHANNEL, members)

    async def start_bot(self) -> None:  # type: ignore[override]
        await super().start_bot()
        self.transport.client.backoff_seconds = 0.02  # before the transport's task first runs
        await self.wait_ready()

    async def wait_ready(self) -> None:
        assert self.transport is not None and self._task is not None
        waiter = asyncio.create_task(self.transport.ready.wait())
        done, _ = await asyncio.wait([waiter, self._task], timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            self._task.result()
        assert waiter in done, "the transport did not get ready"

    async def restart(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    async def close(self) -> None:
        await self.stop_bot()
        await self.server.stop()

    # -- people ------------------------------------------------------------------------

    def user(self, username: str) -> RcUser:
        if username not in self.users:
            self.server.add_user(username)
            self.users[username] = RcUser(self, username)
        return self.users[username]

    def in_channel(self, username: str) -> RcUser:
        """`username` reading and pressing in the expert channel."""
        assert self.channel_room is not None
        if username not in self.channel_members:
            self.channel_members[username] = RcUser(self, username, room=self.channel_room)
        return self.channel_members[username]

    async def _on_bot_message(self, room: Room, message: dict[str, Any]) -> None:
        if room.t == "d":
            other = next(u for u in room.members if u != self.server.bot)
            if other in self.users:
                await self.users[other].received(seen(message))
        else:
            for member in self.channel_members.values():
                await member.received(seen(message))
