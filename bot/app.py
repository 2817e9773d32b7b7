"""Composition root: config → database → desk → bot. The only bot module that names storage."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import AppConfig
from bot.handlers.router import Bot
from bot.runner import BotRunner
from core.clock import Clock, utc_now
from core.desk import Desk
from storage.db import Database, open_database
from storage.files import LocalFileStore


@dataclass
class App:
    config: AppConfig
    database: Database
    desk: Desk
    bot: Bot
    runner: BotRunner

    def close(self) -> None:
        self.database.dispose()


def build_app(config: AppConfig, clock: Clock = utc_now) -> App:
    database = open_database(config.database_url)  # applies migrations
    files = LocalFileStore(config.data_dir / "attachments")
    max_bytes = config.forms.attachment_max_mb * 1024 * 1024
    desk = Desk.build(database.uow, files, clock=clock, max_attachment_bytes=max_bytes,
                      role_channels=config.role_channels)
    desk.directory.sync(user.entry() for user in config.users)
    bot = Bot(desk, config)
    return App(config, database, desk, bot, BotRunner(bot, database.chat_lock))


def setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # library loggers can print request URLs, which carry bot tokens
    for noisy in ("httpx", "httpcore", "urllib3", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
