"""The python-telegram-bot driver: BotApi over telegram.Bot (httpx)."""
from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from collections.abc import AsyncIterator
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram import error as tg
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.transports.telegram.api import (
    BadRequest,
    Command,
    Markup,
    RetryAfter,
    TooLarge,
    Transient,
    Unreachable,
)

# ptb 22 warns (when building RetryAfter, on every 429) that retry_after will become a
# timedelta; _errors() already takes either type, so the warning says nothing to an operator
warnings.filterwarnings("ignore", message=".*retry_after.*", category=PTBDeprecationWarning)

# sends run side by side (one worker per chat): give them a pool, and wait for a free
# connection rather than failing after ptb's default of one second
_POOL = dict(connection_pool_size=64, pool_timeout=30.0, media_write_timeout=60.0)


class PtbApi:
    def __init__(self, token: str, api_base: str, request_timeout: float = 15.0) -> None:
        base = api_base.rstrip("/")
        timeouts = dict(read_timeout=request_timeout, write_timeout=request_timeout,
                        connect_timeout=min(10.0, request_timeout))
        self.bot = Bot(
            token,
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            request=HTTPXRequest(**_POOL, **timeouts),
            get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=10.0, connect_timeout=10.0),
        )

    async def start(self) -> None:
        async with _errors():
            await self.bot.initialize()  # getMe: a wrong token fails here, not on the first message

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.bot.shutdown()

    async def get_updates(self, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        async with _errors():
            updates = await self.bot.get_updates(offset=offset, timeout=timeout,
                                                 allowed_updates=["message", "callback_query"])
        return [u.to_dict() for u in updates]

    async def set_webhook(self, url: str, secret_token: str | None) -> None:
        async with _errors():
            await self.bot.set_webhook(url, secret_token=secret_token, allowed_updates=["message", "callback_query"])

    async def delete_webhook(self) -> None:
        async with _errors():
            await self.bot.delete_webhook()

    async def send_message(self, chat_id: int, text: str, markup: Markup | None) -> int:
        async with _errors():
            sent = await self.bot.send_message(chat_id, text, reply_markup=_markup(markup))
        return sent.message_id

    async def send_document(self, chat_id: int, path: str, caption: str | None) -> int:
        async with _errors():
            with open(path, "rb") as handle:
                sent = await self.bot.send_document(chat_id, handle, caption=caption)
        return sent.message_id

    async def send_photo(self, chat_id: int, path: str, caption: str | None) -> int:
        async with _errors():
            with open(path, "rb") as handle:
                sent = await self.bot.send_photo(chat_id, handle, caption=caption)
        return sent.message_id

    async def edit_message(self, chat_id: int, message_id: int, text: str) -> None:
        async with _errors():
            await self.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=None)

    async def answer_callback(self, callback_id: str, text: str | None) -> None:
        async with _errors():
            await self.bot.answer_callback_query(callback_id, text=text)

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        async with _errors():
            await self.bot.delete_message(chat_id, message_id)

    async def download(self, file_id: str, max_bytes: int) -> bytes:
        async with _errors():
            file = await self.bot.get_file(file_id)
            if file.file_size is not None and file.file_size > max_bytes:
                raise TooLarge()
            return bytes(await file.download_as_bytearray())

    async def set_commands(self, commands: list[Command], chat_id: int | None, language: str | None) -> None:
        scope = BotCommandScopeChat(chat_id) if chat_id is not None else BotCommandScopeDefault()
        async with _errors():
            await self.bot.set_my_commands([BotCommand(c.name, c.description) for c in commands],
                                           scope=scope, language_code=language)


def _markup(markup: Markup | None) -> Any:
    if markup is None or markup.empty:
        return None
    if markup.inline:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in markup.inline]
        )
    if markup.contact_button is not None:
        return ReplyKeyboardMarkup([[KeyboardButton(markup.contact_button, request_contact=True)]],
                                   resize_keyboard=True, one_time_keyboard=True)
    if markup.keyboard:
        return ReplyKeyboardMarkup([[KeyboardButton(label) for label in row] for row in markup.keyboard],
                                   resize_keyboard=True, is_persistent=True)
    return ReplyKeyboardRemove()


@contextlib.asynccontextmanager
async def _errors() -> AsyncIterator[None]:
    """ptb's exceptions as the kinds the transport acts on (messages keep no URL or token)."""
    try:
        yield
    except tg.RetryAfter as exc:
        wait = exc.retry_after
        raise RetryAfter(wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)) from None
    except tg.Forbidden as exc:
        raise Unreachable(exc.message) from None
    except tg.BadRequest as exc:
        if "file is too big" in exc.message.lower():  # getFile on a file over the Bot API's 20 MB
            raise TooLarge() from None
        if "chat not found" in exc.message.lower():
            raise Unreachable(exc.message) from None
        raise BadRequest(exc.message) from None
    except (tg.NetworkError, tg.TimedOut) as exc:
        raise Transient(type(exc).__name__) from None
    except tg.TelegramError as exc:
        raise Transient(type(exc).__name__) from None
    except (TimeoutError, OSError) as exc:
        raise Transient(type(exc).__name__) from None
