"""What the transport needs from a Telegram client library, and nothing more.

Two drivers implement `BotApi` (python-telegram-bot and aiogram); everything
else in this package is shared. Updates come back as Telegram's own JSON shape
(dicts), so mapping them is one piece of code whatever the library. Library
errors come back as the few kinds the transport acts on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.runtime.delivery import DeliveryError, RetryAfter, Unreachable

__all__ = ["BadRequest", "BotApi", "Command", "Markup", "RetryAfter", "Transient", "Unreachable"]

TEXT_LIMIT = 4096  # characters (UTF-16 code units) in one message
CAPTION_LIMIT = 1024
CALLBACK_TEXT_LIMIT = 200
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB


class TooLarge(Exception):
    """getFile says the file is larger than the bot takes (or than the Bot API serves): not fetched."""


class BadRequest(DeliveryError):
    """Telegram refused the request itself (400); sending it again would not help."""


class Transient(DeliveryError):
    """Network trouble, a timeout or a 5xx: worth trying again later."""


@dataclass(frozen=True)
class Markup:
    """One message's keyboard: inline buttons, or a reply keyboard asking for the contact, or the
    main menu's reply keyboard, or the removal of a reply keyboard shown before (Telegram allows
    one of them per message)."""

    inline: list[list[tuple[str, str]]] = field(default_factory=list)  # rows of (label, callback data)
    contact_button: str | None = None
    remove_keyboard: bool = False
    keyboard: list[list[str]] = field(default_factory=list)  # the main menu: a persistent reply keyboard

    @property
    def empty(self) -> bool:
        return not self.inline and self.contact_button is None and not self.remove_keyboard and not self.keyboard


@dataclass(frozen=True)
class Command:
    name: str  # 1-32 characters of [a-z0-9_]
    description: str  # 1-256 characters


class BotApi(Protocol):
    async def start(self) -> None:
        """Open the HTTP session and check the token (getMe)."""

    async def close(self) -> None: ...

    async def get_updates(self, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        """Long-poll; updates as Telegram's JSON objects."""

    async def set_webhook(self, url: str, secret_token: str | None) -> None:
        """None: no secret header (a platform without one: the secret is in the URL)."""

    async def delete_webhook(self) -> None: ...

    async def send_message(self, chat_id: int, text: str, markup: Markup | None) -> int:
        """Returns the new message's id."""

    async def send_document(self, chat_id: int, path: str, caption: str | None) -> int: ...

    async def send_photo(self, chat_id: int, path: str, caption: str | None) -> int: ...

    async def edit_message(self, chat_id: int, message_id: int, text: str) -> None:
        """Replace the text and drop the inline keyboard."""

    async def answer_callback(self, callback_id: str, text: str | None) -> None: ...

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        """Delete a message in a private chat (one holding a password)."""

    async def download(self, file_id: str, max_bytes: int) -> bytes:
        """getFile, then the file's bytes from the file URL; TooLarge, before any byte is fetched,
        when getFile says it is larger than max_bytes."""

    async def set_commands(self, commands: list[Command], chat_id: int | None, language: str | None) -> None:
        """The command menu: the default one (chat_id None) or one chat's."""
