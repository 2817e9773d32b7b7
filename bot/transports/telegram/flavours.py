"""Platforms with a Telegram-shaped Bot API, and what differs between them.

Bale (بله) answers Telegram's methods at `{api_base}/bot{token}/{method}` and serves
files at `{api_base}/file/bot{token}/{path}`, so both drivers work against it as they
are. What the transport must do differently (our reading of Bale's Bot API documents,
written in docs/telegram.md):

- Bale's setWebhook takes the URL only: no secret_token, so no
  X-Telegram-Bot-Api-Secret-Token header on its calls; the secret is the URL's last
  path segment instead;
- Bale has no command menus (setMyCommands): none is set.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.notifications import BALE, TELEGRAM


@dataclass(frozen=True)
class Flavour:
    platform: str  # the platform's name: its accounts, outbox rows and metrics
    secret_header: bool = True  # webhook calls carry the secret in a header, else in the URL's path
    command_menus: bool = True  # setMyCommands: per-language and per-chat command menus


TELEGRAM_FLAVOUR = Flavour(TELEGRAM)
BALE_FLAVOUR = Flavour(BALE, secret_header=False, command_menus=False)
