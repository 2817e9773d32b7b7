"""The shared journeys on Rocket.Chat, in poll and in webhook mode."""
from __future__ import annotations

from tests.platforms import journeys
from tests.platforms.rocketchat.adapter import RcPlatform


async def test_full_life(rc: RcPlatform) -> None:
    await journeys.full_life(rc)


async def test_bad_input_at_every_step(rc: RcPlatform) -> None:
    await journeys.bad_input_at_every_step(rc)


async def test_restart_in_the_middle(rc: RcPlatform) -> None:
    await journeys.restart_in_the_middle(rc)


async def test_menu_life_with_buttons_and_persian_words_only(poll_rc: RcPlatform) -> None:
    await journeys.menu_life(poll_rc)
