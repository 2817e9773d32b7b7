"""Telegram, and Bale with the same Bot API: `build_transport(app)` and `build_bale_transport(app)`
for `python -m bot run`.

`driver` picks the client library that does the HTTP: python-telegram-bot ("ptb",
default) or aiogram; the rest is shared. Bale is a platform of its own (`[bale]`):
its own accounts, outbox and rate limit, beside Telegram in the same desk.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.transports.telegram.api import BotApi
from bot.transports.telegram.flavours import BALE_FLAVOUR, TELEGRAM_FLAVOUR
from bot.transports.telegram.transport import TelegramTransport

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import TelegramConfig


def build_api(config: TelegramConfig) -> BotApi:
    token = config.resolved_token
    if not token:
        raise ValueError(config.missing_credentials())
    if config.driver == "aiogram":
        from bot.transports.telegram.aiogram_api import AiogramApi

        return AiogramApi(token, config.api_base, config.request_timeout_seconds)
    from bot.transports.telegram.ptb_api import PtbApi

    return PtbApi(token, config.api_base, config.request_timeout_seconds)


def build_transport(app: App) -> TelegramTransport:
    config = app.config.telegram
    assert config is not None
    return TelegramTransport(app, build_api(config), config, flavour=TELEGRAM_FLAVOUR)


def build_bale_transport(app: App) -> TelegramTransport:
    config = app.config.bale
    assert config is not None
    return TelegramTransport(app, build_api(config), config, flavour=BALE_FLAVOUR)
