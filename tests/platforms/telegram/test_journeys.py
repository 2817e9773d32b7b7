"""The shared scenario suite (tests/platforms/journeys.py) on Telegram, for both drivers."""
from __future__ import annotations

from tests.platforms import journeys
from tests.platforms.telegram.adapter import TelegramPlatform


async def test_full_life(telegram: TelegramPlatform):
    await journeys.full_life(telegram)


async def test_bad_input_at_every_step(telegram: TelegramPlatform):
    await journeys.bad_input_at_every_step(telegram, max_text=4096)


async def test_restart_in_the_middle(telegram: TelegramPlatform):
    await journeys.restart_in_the_middle(telegram)


async def test_menu_life_with_buttons_and_persian_words_only(telegram: TelegramPlatform):
    await journeys.menu_life(telegram)


async def test_a_command_word_typed_in_a_prompt_is_asked_about(telegram: TelegramPlatform):
    await journeys.command_word_in_a_prompt(telegram)
