"""Drive the bot in-process as people in a chat would: type, press buttons, read notifications.

Every scenario goes through the same Bot.handle entry point the transports use,
on a real database (a SQLite file, or PostgreSQL: tests/databases.py), so what is asserted is what a person would see.
"""
from __future__ import annotations

import asyncio
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bot.app import App, build_app
from bot.config import AppConfig, load_config
from bot.events import Button, Inbound, IncomingFile, Outbound
from bot.runtime.delivery import OutboxDispatcher
from core.errors import StorageUnavailable
from core.notifications import CONSOLE
from tests.databases import database_url
from tests.wording import assert_no_leaks

EXAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "config.example.toml"
# 1403/08/30 in Tehran, a weekday morning
DEFAULT_NOW = datetime(2024, 11, 20, 7, 30, tzinfo=timezone.utc)
PDF = b"%PDF-1.4\n%test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# Answers that pass every step of the premium issuance form, in order.
GOOD_ANSWERS = [
    "مریم احمدی",
    "2",  # org unit by its number
    "021-88776655",
    "09121234567",
    "1403/2345",
    "1403/08/15",
    "بیمه‌نامهٔ حوادث گروهی مهدکودک برای سال ۱۴۰۴",
    "3",  # priority: high
]

# (step index, bad answer, words the refusal must contain)
BAD_INPUT_AT_EVERY_STEP = [
    (0, "ab", "کوتاه"),
    (0, "x" * 150, "۱۰۰"),
    (0, "Ali 123", "عدد"),
    (0, "ـــــ", "دو کلمه"),  # five tatweels: no letter (issue 8)
    (0, "\u064e\u064e\u064e", "دو کلمه"),  # three bare combining accents
    (1, "واحد ناموجود", "این گزینه را نشناختم"),
    (1, "9", "این گزینه را نشناختم"),
    (2, "12345", "شماره تلفن ثابت"),
    (2, "09121234567", "شماره همراه است"),
    (3, "912123456", "۹ رقم"),
    (3, "0912123456789", "رقم"),
    (3, "abc", "۱۱ رقم"),
    (4, "بدون رقم", "دست‌کم یک رقم"),
    (5, "1403/13/40", "چنین روزی"),
    (5, "1404/12/30", "چنین روزی"),
    (5, "1405/01/01", "هنوز نرسیده"),
    (5, "15 آبان", "سال/ماه/روز"),
    (6, " ", None),  # blank lines are not answers; see test_empty_description
    (6, "ش" * 10_000, "۱۰۰۰۰"),
    (7, "خیلی زیاد", "این گزینه را نشناختم"),
]


# Full names of the demo users in config.example.toml
NAMES = {
    "maryam": "مریم احمدی",
    "welfare": "زهرا رفاهی",
    "insurance": "علی بیمه‌ای",
    "insurer": "سارا شرکت بیمه",
    "finance": "حسین مالی",
    "treasurer": "نرگس خزانه‌دار",
}

ZWNJ = "\u200c"
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Status names as the seed (and DESIGN.md §2) give them, written out independently
# of the catalog so that a wrong catalog entry fails the tests.
STATUS_FA = {
    "submitted": "در انتظار بررسی کارشناس بیمه اداره رفاه",
    "document_review": "بررسی اولیه مدارک",
    "returned": f"بازگشت به درخواست{ZWNJ}کننده",
    "company_review": "بررسی مدارک در شرکت بیمه",
    "draft_policy": f"پیش{ZWNJ}نویس بیمه{ZWNJ}نامه",
    "policy_issued": f"صدور بیمه{ZWNJ}نامه",
    "voucher_registered": "ثبت سند در سیستم مالی",
    "paid": "صدور چک و پرداخت حق بیمه",
    "rejected": "رد شده",
    "cancelled": "لغو شده",
}


def fa(value: object) -> str:
    """A number as a Persian reader sees it."""
    return str(value).translate(_PERSIAN_DIGITS)


def ref(n: int) -> str:
    return "#" + fa(n)


def plain(text: str) -> str:
    """Text without the invisible direction marks, as a person reads it."""
    return re.sub("[\u2066-\u2069\u202a-\u202e\u200e\u200f]", "", text)


def said(replies: list[Outbound]) -> str:
    return plain("\n".join(r.text for r in replies))


def console_says(username: str, text: str | None, **more: Any) -> Inbound:
    """What username sends from the console (known by their directory username)."""
    return Inbound(platform=CONSOLE, chat_id=username, sender_id=username, username=username,
                   directory_username=username, text=text, **more)


class FixedClock:
    def __init__(self, now: datetime = DEFAULT_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


_message_ids = itertools.count(1)  # unique across senders, as a platform's would be


@dataclass
class RecordingSender:
    platform: str = CONSOLE
    sent: list[tuple[str, Outbound]] = field(default_factory=list)

    async def send(self, address: str, message: Outbound) -> str | None:
        self.sent.append((address, message))
        return str(next(_message_ids))


def test_config(tmp_path: Path) -> AppConfig:
    config = load_config(str(EXAMPLE_CONFIG))
    config.database.url = database_url(tmp_path / "bimeh.db")
    config.general.data_dir = str(tmp_path / "data")
    return config


class ChatHarness:
    def __init__(self, tmp_path: Path, clock: FixedClock | None = None) -> None:
        self.tmp_path = tmp_path
        self.clock = clock or FixedClock()
        self.config = test_config(tmp_path)
        self.app: App = build_app(self.config, clock=self.clock)
        self.last: dict[str, list[Outbound]] = {}

    # -- lifecycle ---------------------------------------------------------------

    def restart(self) -> None:
        """Stop the bot and start a new one over the same database, as after a crash."""
        self.app.close()
        self.app = build_app(self.config, clock=self.clock)

    def close(self) -> None:
        self.app.close()

    # -- talking -----------------------------------------------------------------

    def say(
        self,
        username: str,
        text: str | None = None,
        button: str | None = None,
        files: tuple[IncomingFile, ...] = (),
        reply_to: str | None = None,
    ) -> list[Outbound]:
        inbound = console_says(username, text, button=button, files=files, reply_to=reply_to)
        replies = self.app.runner.handle_blocking(inbound)  # one transaction, as the transports do
        self._shown(username, replies)
        self.last[username] = replies
        return replies

    def press(self, username: str, label: str) -> list[Outbound]:
        """Press the button whose label contains `label` among the last replies to username."""
        return self.say(username, button=self.button(username, label).data)

    def button(self, username: str, label: str) -> Button:
        for message in reversed(self.last.get(username, [])):
            for button in message.all_buttons():
                if label in button.label:
                    return button
        shown = [b.label for m in self.last.get(username, []) for b in m.all_buttons()]
        raise AssertionError(f"no button with {label!r} for {username}; shown: {shown}")

    def send_file(self, username: str, name: str, data: bytes, caption: str | None = None) -> list[Outbound]:
        return self.say(username, text=caption, files=(IncomingFile(name, data),))

    def inbox(self, username: str) -> list[Outbound]:
        """Deliver and return the notifications waiting for username's console."""
        sender = RecordingSender()
        dispatcher = OutboxDispatcher(self.app.desk, sender, address=username)
        asyncio.run(dispatcher.deliver_due())
        messages = [message for _, message in sender.sent]
        self._shown(username, messages)
        if messages:
            self.last[username] = messages
        return messages

    def _shown(self, username: str, messages: list[Outbound]) -> None:
        """What a person is shown holds no internal code and no catalog key (tests/wording.py): every
        scenario of every test that talks through this harness checks it."""
        try:
            user = self.app.desk.directory.find(username)
        except StorageUnavailable:  # a test of the database gone away: the default language
            user = None
        for message in messages:
            buttons = "\n".join(b.label for b in message.all_buttons())
            assert_no_leaks(f"{message.text}\n{buttons}", f"shown to {username}", user.lang if user else "fa")

    # -- common journeys ---------------------------------------------------------

    def file_request(self, username: str = "maryam", answers: list[str] | None = None) -> int:
        """Fill and submit the premium issuance form; returns the new ticket's id."""
        self.say(username, "/new")
        self.press(username, "صدور و پرداخت حق بیمه")
        for answer in answers or GOOD_ANSWERS:
            self.say(username, answer)
        self.press(username, "مدرکی ندارم")
        replies = self.press(username, "ثبت")
        ticket_id = replies[-1].ticket_id
        assert ticket_id is not None, text(replies)
        return ticket_id

    def ticket(self, ticket_id: int):  # noqa: ANN201 - core Ticket
        return self.app.desk.tickets.operator_details(ticket_id).ticket


def text(replies: list[Outbound]) -> str:
    return "\n".join(reply.text for reply in replies)
