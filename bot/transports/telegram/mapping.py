"""Telegram updates (their JSON shape) to neutral Inbound events, and Outbound to messages.

Only private chats are served: in a group the bot would read out one person's
requests to everyone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.events import Inbound, Outbound
from bot.render.splitting import split_text, utf16_len  # noqa: F401 - Telegram's limit, shared with Rocket.Chat
from bot.transports.telegram.api import Markup
from core.notifications import TELEGRAM
from core.text import normalize_digits

CONTACT_NOT_YOURS = "telegram.contact_not_yours"
FILE_TOO_LARGE = "telegram.file_too_large"


@dataclass(frozen=True)
class FileRef:
    """A file the update points at; its bytes are fetched with getFile."""

    file_id: str
    filename: str
    size: int | None
    mime_type: str | None


@dataclass(frozen=True)
class Pressed:
    """The message whose button was pressed (to answer the press and edit the message)."""

    callback_id: str
    chat_id: int
    message_id: int | None
    text: str | None


@dataclass(frozen=True)
class Incoming:
    inbound: Inbound  # without files: those are downloaded afterwards
    files: tuple[FileRef, ...] = ()
    pressed: Pressed | None = None


def parse_update(update: dict[str, Any], platform: str = TELEGRAM) -> Incoming | None:
    """What the update says, or None for what the bot does not serve (groups, edits, channels).
    `platform`: whose update it is (Telegram, or Bale with the same shape)."""
    if "callback_query" in update:
        return _callback(update["callback_query"], platform)
    message = update.get("message")
    if not message or message.get("chat", {}).get("type") != "private" or "from" not in message:
        return None
    return _message(message, platform)


def _callback(query: dict[str, Any], platform: str) -> Incoming | None:
    sender = query.get("from") or {}
    message = query.get("message") or {}
    chat = message.get("chat") or {}
    if chat and chat.get("type") != "private":
        return None
    chat_id = int(chat.get("id", sender.get("id", 0)))
    inbound = Inbound(
        platform=platform,
        chat_id=str(chat_id),
        sender_id=str(sender.get("id")),
        button=query.get("data") or "",  # no data (a game button): refused as malformed
        message_id=f"cb:{query.get('id')}",
        username=sender.get("username"),
        raw=query,
    )
    pressed = Pressed(str(query.get("id")), chat_id, message.get("message_id"), message.get("text"))
    return Incoming(inbound, pressed=pressed)


def _message(message: dict[str, Any], platform: str) -> Incoming:
    sender = message["from"]
    text = message.get("text") or message.get("caption")
    refused = None
    contact = message.get("contact")
    if contact is not None:
        if contact.get("user_id") == sender.get("id"):
            text = phone_from_contact(contact.get("phone_number") or "")
        else:
            refused = CONTACT_NOT_YOURS
    files = _files(message)
    reply = message.get("reply_to_message")
    inbound = Inbound(
        platform=platform,
        chat_id=str(message["chat"]["id"]),
        sender_id=str(sender["id"]),
        text=text,
        reply_to=str(reply["message_id"]) if reply else None,
        message_id=f"{message['chat']['id']}:{message['message_id']}",
        username=sender.get("username"),
        refused=refused,
        raw=message,
    )
    return Incoming(inbound, files=files)


def phone_from_contact(phone: str) -> str:
    """Telegram gives the number as digits with the country code, usually without "+"."""
    digits = normalize_digits(phone).strip().replace(" ", "")
    return "+" + digits if digits.isdigit() and not digits.startswith("0") else digits


def _files(message: dict[str, Any]) -> tuple[FileRef, ...]:
    files = []
    photos = message.get("photo")
    if photos:
        largest = max(photos, key=lambda p: (p.get("width", 0) * p.get("height", 0), p.get("file_size") or 0))
        files.append(FileRef(largest["file_id"], f"photo_{message['message_id']}.jpg",
                             largest.get("file_size"), "image/jpeg"))
    document = message.get("document")
    if document:
        files.append(FileRef(document["file_id"], document.get("file_name") or f"file_{message['message_id']}",
                             document.get("file_size"), document.get("mime_type")))
    return tuple(files)


# -- outgoing -------------------------------------------------------------------------------


def inline_markup(message: Outbound) -> Markup | None:
    rows = [[(b.label, b.data) for b in row] for row in message.buttons if row]
    return Markup(inline=rows) if rows else None
