"""The shared scenarios' platform for Bale: the Telegram adapter with Bale's section, transport,
accounts and ids, against the fake Bale Bot API."""
from __future__ import annotations

from typing import Any

from bot.app import App
from bot.config import BaleConfig
from bot.transports.telegram import build_bale_transport
from core.notifications import BALE
from tests.platforms.telegram.adapter import TelegramPlatform

# every demo user of config.example.toml, linked to a Bale id (not their Telegram one)
BALE_IDS = {"maryam": 1_520_000_101, "reza": 1_520_000_102, "welfare": 1_520_000_103, "insurance": 1_520_000_104,
            "insurer": 1_520_000_105, "finance": 1_520_000_106, "treasurer": 1_520_000_107, "admin": 1_520_000_108}


class BalePlatform(TelegramPlatform):
    name = BALE
    ids = BALE_IDS
    config_type = BaleConfig

    @staticmethod
    def build(app: App) -> Any:
        return build_bale_transport(app)
