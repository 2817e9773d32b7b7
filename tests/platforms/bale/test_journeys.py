"""The shared scenario suite (tests/platforms/journeys.py) on Bale, for both drivers, against the
fake Bale Bot API."""
from __future__ import annotations

from tests.platforms import journeys
from tests.platforms.bale.adapter import BalePlatform


async def test_full_life(bale: BalePlatform):
    await journeys.full_life(bale)


async def test_bad_input_at_every_step(bale: BalePlatform):
    await journeys.bad_input_at_every_step(bale, max_text=4096)


async def test_restart_in_the_middle(bale: BalePlatform):
    await journeys.restart_in_the_middle(bale)


async def test_menu_life_with_buttons_and_persian_words_only(bale: BalePlatform):
    await journeys.menu_life(bale)
