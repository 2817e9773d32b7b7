"""The shared journeys on the console, in-process: numbered lines for buttons and the menu."""
from __future__ import annotations

from tests.platforms import journeys
from tests.platforms.console.adapter import ConsolePlatform


async def test_full_life(console: ConsolePlatform) -> None:
    await journeys.full_life(console)


async def test_menu_life_with_buttons_and_persian_words_only(console: ConsolePlatform) -> None:
    await journeys.menu_life(console)


async def test_a_command_word_typed_in_a_prompt_is_asked_about(console: ConsolePlatform) -> None:
    await journeys.command_word_in_a_prompt(console)
