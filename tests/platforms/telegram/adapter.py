"""The shared scenarios' ChatUser/ChatPlatform for Telegram: the real bot and the real
client library (python-telegram-bot or aiogram) against FakeBotApi over HTTP."""
from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import App
from bot.config import TelegramConfig
from bot.transports.telegram import build_transport
from core.notifications import TELEGRAM
from tests.harness import DEFAULT_NOW, test_config
from tests.platforms.chat import ChatUser, Seen, plain
from tests.platforms.running import RunningBot
from tests.platforms.telegram.fake_api import FakeBotApi

# every demo user of config.example.toml, linked to a Telegram id
TELEGRAM_IDS = {"maryam": 1001, "reza": 1002, "welfare": 1003, "insurance": 1004, "insurer": 1005,
                "finance": 1006, "treasurer": 1007, "admin": 1008}
_ids = itertools.count(1)


class MovingClock:
    """DEFAULT_NOW (so the journeys' Jalali dates hold), then moving with real time
    (so a retry_after written to the outbox falls due)."""

    def __init__(self, start: datetime = DEFAULT_NOW) -> None:
        self.start = start
        self.origin = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.origin)


class TelegramUser(ChatUser):
    def __init__(self, username: str, telegram_id: int, fake: FakeBotApi) -> None:
        super().__init__(username)
        self.telegram_id = telegram_id
        self.fake = fake
        self._message_ids = itertools.count(1)
        self.last_update_id = 0
        self.settle: Callable[[TelegramUser], Awaitable[None]] | None = None
        # the reply keyboard on screen now (the main menu's labels), None once one was removed
        self.reply_keyboard: list[str] | None = None

    async def push(self, update: dict[str, Any]) -> None:
        """Like a person, wait until the bot has answered what was sent before, then send."""
        if self.settle is not None:
            await self.settle(self)
        self.last_update_id = (await self.fake.push(update))["update_id"]

    @property
    def who(self) -> dict[str, Any]:
        return {"id": self.telegram_id, "is_bot": False, "first_name": self.username, "username": self.username,
                "language_code": "fa"}

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.telegram_id, "type": "private", "first_name": self.username}

    def message(self, **content: Any) -> dict[str, Any]:
        return {"message_id": next(self._message_ids), "date": int(time.time()), "from": self.who,
                "chat": self.chat, **content}

    async def say(self, text: str) -> None:
        await self.push({"message": self.message(text=text)})

    async def reply(self, to: Seen, text: str) -> None:
        await self.push({"message": self.message(text=text, reply_to_message=to.raw)})

    async def press(self, label: str) -> None:
        if self.settle is not None:
            await self.settle(self)  # the button may come with the answer still being sent
        seen = self.button_holder(label)
        index = self.button_index(seen, label)
        data = [b for row in seen.raw["reply_markup"]["inline_keyboard"] for b in row][index]["callback_data"]
        await self.press_data(seen, data)

    async def press_menu(self, label: str) -> None:
        """A reply keyboard's button sends its text, as if typed."""
        if self.settle is not None:
            await self.settle(self)
        full = next((b for b in self.reply_keyboard or [] if label in b), None)
        assert full is not None, f"no {label!r} on {self.username}'s keyboard: {self.reply_keyboard}"
        await self.say(full)

    async def press_data(self, seen: Seen, data: str) -> None:
        """Press with whatever data (a forged button)."""
        await self.push({"callback_query": {
            "id": f"q{next(_ids)}", "from": self.who, "message": seen.raw, "chat_instance": "ci", "data": data}})

    async def send_file(self, filename: str, data: bytes, caption: str | None = None) -> None:
        file_id = f"f{next(_ids)}"
        self.fake.files[file_id] = data
        mime = "application/pdf" if filename.endswith(".pdf") else "application/octet-stream"
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": filename,
                    "mime_type": mime, "file_size": len(data)}
        await self.push({"message": self.message(document=document,
                                                      **({"caption": caption} if caption else {}))})

    async def send_photo(self, data: bytes, caption: str | None = None, declared_size: int | None = None) -> None:
        """A photo as Telegram sends it: several sizes, the largest last."""
        small, large = f"f{next(_ids)}", f"f{next(_ids)}"
        self.fake.files[small] = data[:10]
        self.fake.files[large] = data
        sizes = [{"file_id": small, "file_unique_id": "us", "width": 90, "height": 60, "file_size": 10},
                 {"file_id": large, "file_unique_id": "ul", "width": 1280, "height": 853,
                  "file_size": declared_size or len(data)}]
        await self.push({"message": self.message(photo=sizes, **({"caption": caption} if caption else {}))})

    async def share_contact(self, phone: str, user_id: int | None) -> None:
        contact = {"phone_number": phone, "first_name": self.username}
        if user_id is not None:
            contact["user_id"] = user_id
        await self.push({"message": self.message(contact=contact)})


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


class TelegramPlatform(RunningBot):
    """Telegram; a subclass says which Telegram-shaped platform (Bale) it is instead."""

    name = TELEGRAM
    ids = TELEGRAM_IDS  # the demo users' accounts on this platform
    config_type: type[TelegramConfig] = TelegramConfig  # the config section, named as the platform

    def __init__(self, tmp_path: Path, driver: str, fake: FakeBotApi, **telegram: Any) -> None:
        super().__init__(test_config(tmp_path), MovingClock(), self.build)
        self.tmp_path = tmp_path
        self.driver = driver
        self.fake = fake
        settings = {"token": fake.token, "api_base": fake.url, "driver": driver, "poll_timeout_seconds": 2,
                    "messages_per_second": 1000.0, "per_chat_interval_seconds": 0.0, **telegram}
        setattr(self.config, self.name, self.config_type(**settings))
        self.users: dict[str, TelegramUser] = {}
        self.by_chat: dict[int, TelegramUser] = {}
        fake.listeners.append(self._on_message)

    @staticmethod
    def build(app: App) -> Any:
        return build_transport(app)

    def link_demo_users(self, app: App) -> None:
        for username, account_id in self.ids.items():
            if app.desk.directory.by_account(self.name, str(account_id)) is None:
                app.desk.directory.link(username, self.name, str(account_id))

    async def start(self, link: bool = True) -> None:
        await self.start_bot(self.link_demo_users if link else None)

    async def stop(self) -> None:
        await self.stop_bot()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def user(self, username: str) -> TelegramUser:
        if username not in self.users:
            telegram_id = self.ids.get(username) or 5000 + len(self.users)
            self.users[username] = TelegramUser(username, telegram_id, self.fake)
            self.users[username].settle = self.settle
            self.by_chat[telegram_id] = self.users[username]
        return self.users[username]

    def stranger(self, telegram_id: int) -> TelegramUser:
        user = TelegramUser(f"stranger{telegram_id}", telegram_id, self.fake)
        user.settle = self.settle
        self.by_chat[telegram_id] = user
        return user

    async def settle(self, user: TelegramUser, timeout: float = 10.0) -> None:
        """Until the bot has taken the user's last update (confirmed it by the next getUpdates
        offset) and finished answering it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            taken = not user.last_update_id or self.fake.confirmed > user.last_update_id or self.mode_is_webhook
            busy = self.transport is not None and str(user.telegram_id) in self.transport._chats
            if taken and not busy:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"the bot never finished answering {user.username}")

    async def recorded(self, user: TelegramUser, seen: Seen, timeout: float = 10.0) -> None:
        """Until the bot has stored the message id of a notification the user got: the fake hands
        the message to the user before the bot hears back from sendMessage and records it.
        (A person takes longer than that to reply.)"""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.app is not None
            if self.app.desk.outbox.ticket_for_reply(self.name, str(user.telegram_id), seen.message_id) is not None:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"the bot never recorded the message it sent {user.username}")

    @property
    def mode_is_webhook(self) -> bool:
        section = getattr(self.config, self.name)
        return section is not None and section.mode == "webhook"

    async def _on_message(self, what: str, message: dict[str, Any]) -> None:
        user = self.by_chat.get(message["chat"]["id"])
        if user is None:
            return
        text = message.get("text") or message.get("caption") or ""
        markup = (self.fake.sent_params.get(message["message_id"]) or {}).get("reply_markup")
        if what == "sent" and isinstance(markup, dict) and "keyboard" in markup:
            user.reply_keyboard = [b["text"] if isinstance(b, dict) else b for row in markup["keyboard"] for b in row]
        elif what == "sent" and isinstance(markup, dict) and markup.get("remove_keyboard"):
            user.reply_keyboard = None
        if what == "sent":
            await user.received(Seen(str(message["message_id"]), text, labels(message), raw=message))
        else:
            await user.edited(str(message["message_id"]), text, labels(message))



__all__ = ["TelegramPlatform", "TelegramUser", "plain", "TELEGRAM_IDS"]
