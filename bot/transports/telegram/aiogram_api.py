"""The aiogram driver: BotApi over aiogram.Bot (aiohttp)."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bot.transports.telegram.aiogram_types import types_built_on_first_use
from bot.transports.telegram.api import (
    BadRequest,
    Command,
    Markup,
    RetryAfter,
    TooLarge,
    Transient,
    Unreachable,
)

with types_built_on_first_use():
    from aiogram import Bot, methods
    from aiogram import exceptions as ag
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.session.base import Response
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.methods import GetUpdates
    from aiogram.types import (
        BotCommand,
        BotCommandScopeChat,
        BotCommandScopeDefault,
        FSInputFile,
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        KeyboardButton,
        ReplyKeyboardMarkup,
        ReplyKeyboardRemove,
    )


class _RawUpdates(GetUpdates):
    """getUpdates answered as the JSON objects Telegram sent: the transport keeps updates as
    dicts (the inbox stores them), so turning each into aiogram's types and back was waste."""

    __returning__ = list[dict[str, Any]]


class _SendMessage(methods.SendMessage):
    """sendMessage answered as Telegram's JSON object: only its message_id is read, and parsing
    the whole Message (text, entities, keyboard) into aiogram's types was most of a send."""

    __returning__ = dict[str, Any]


class _SendDocument(methods.SendDocument):
    __returning__ = dict[str, Any]


class _SendPhoto(methods.SendPhoto):
    __returning__ = dict[str, Any]


class _EditMessageText(methods.EditMessageText):
    __returning__ = dict[str, Any] | bool


_METHODS = (methods.GetMe, _RawUpdates, methods.SetWebhook, methods.DeleteWebhook, _SendMessage, _SendDocument,
            _SendPhoto, _EditMessageText, methods.AnswerCallbackQuery, methods.DeleteMessage, methods.GetFile,
            methods.SetMyCommands)
# aiogram parses each answer with pydantic's Response[<the method's type>], a class pydantic
# keeps only weakly: every garbage collection dropped them, and the next answer of each kind
# built its class again (schema, validator: about a millisecond). Held here for the methods
# this driver calls.
_RESPONSE_TYPES = tuple(Response[method.__returning__] for method in _METHODS)
# The requests this driver makes and the types it sends, built now, since aiogram's types are
# otherwise built on first use (aiogram_types): one that cannot be built fails the start, not a send.
for _model in (*_METHODS, BotCommand, BotCommandScopeChat, BotCommandScopeDefault, InlineKeyboardButton,
               InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove):
    _model.model_rebuild()


class AiogramApi:
    def __init__(self, token: str, api_base: str, request_timeout: float = 15.0) -> None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base), limit=64, timeout=request_timeout)
        self.bot = Bot(token, session=session)

    async def start(self) -> None:
        async with _errors():
            await self.bot.get_me()  # a wrong token fails here, not on the first message

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.bot.session.close()

    async def get_updates(self, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        async with _errors():
            return await self.bot(_RawUpdates(offset=offset, timeout=timeout,
                                              allowed_updates=["message", "callback_query"]),
                                  request_timeout=timeout + 10)

    async def set_webhook(self, url: str, secret_token: str | None) -> None:
        async with _errors():
            await self.bot.set_webhook(url, secret_token=secret_token, allowed_updates=["message", "callback_query"])

    async def delete_webhook(self) -> None:
        async with _errors():
            await self.bot.delete_webhook()

    async def send_message(self, chat_id: int, text: str, markup: Markup | None) -> int:
        async with _errors():
            sent = await self.bot(_SendMessage(chat_id=chat_id, text=text, reply_markup=_markup(markup)))
        return int(sent["message_id"])

    async def send_document(self, chat_id: int, path: str, caption: str | None) -> int:
        async with _errors():
            sent = await self.bot(_SendDocument(chat_id=chat_id, document=FSInputFile(path), caption=caption))
        return int(sent["message_id"])

    async def send_photo(self, chat_id: int, path: str, caption: str | None) -> int:
        async with _errors():
            sent = await self.bot(_SendPhoto(chat_id=chat_id, photo=FSInputFile(path), caption=caption))
        return int(sent["message_id"])

    async def edit_message(self, chat_id: int, message_id: int, text: str) -> None:
        async with _errors():
            await self.bot(_EditMessageText(text=text, chat_id=chat_id, message_id=message_id, reply_markup=None))

    async def answer_callback(self, callback_id: str, text: str | None) -> None:
        async with _errors():
            await self.bot.answer_callback_query(callback_id, text=text)

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        async with _errors():
            await self.bot.delete_message(chat_id=chat_id, message_id=message_id)

    async def download(self, file_id: str, max_bytes: int) -> bytes:
        async with _errors():
            file = await self.bot.get_file(file_id)
            if file.file_size is not None and file.file_size > max_bytes:
                raise TooLarge()
            if not file.file_path:
                raise Transient("no file_path")
            data = await self.bot.download_file(file.file_path)
        assert data is not None
        return data.read()

    async def set_commands(self, commands: list[Command], chat_id: int | None, language: str | None) -> None:
        scope = BotCommandScopeChat(chat_id=chat_id) if chat_id is not None else BotCommandScopeDefault()
        async with _errors():
            await self.bot.set_my_commands([BotCommand(command=c.name, description=c.description) for c in commands],
                                           scope=scope, language_code=language)


def _markup(markup: Markup | None) -> Any:
    if markup is None or markup.empty:
        return None
    if markup.inline:
        return InlineKeyboardMarkup(inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row] for row in markup.inline
        ])
    if markup.contact_button is not None:
        return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=markup.contact_button, request_contact=True)]],
                                   resize_keyboard=True, one_time_keyboard=True)
    if markup.keyboard:
        return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=label) for label in row] for row in markup.keyboard],
                                   resize_keyboard=True, is_persistent=True)
    return ReplyKeyboardRemove(remove_keyboard=True)


@contextlib.asynccontextmanager
async def _errors() -> AsyncIterator[None]:
    """aiogram's exceptions as the kinds the transport acts on (messages keep no URL or token)."""
    try:
        yield
    except ag.TelegramRetryAfter as exc:
        raise RetryAfter(float(exc.retry_after)) from None
    except ag.TelegramForbiddenError as exc:
        raise Unreachable(exc.message) from None
    except ag.TelegramBadRequest as exc:
        if "file is too big" in exc.message.lower():  # getFile on a file over the Bot API's 20 MB
            raise TooLarge() from None
        if "chat not found" in exc.message.lower():
            raise Unreachable(exc.message) from None
        raise BadRequest(exc.message) from None
    except (ag.TelegramNetworkError, ag.TelegramServerError, ag.TelegramAPIError) as exc:
        raise Transient(type(exc).__name__) from None
    except (TimeoutError, OSError) as exc:
        raise Transient(type(exc).__name__) from None
