"""A file past the limit in the console (issue 23): refused by its size before it is read, never cut."""
from __future__ import annotations

from pathlib import Path

from tests.platforms import journeys
from tests.platforms.console.adapter import ConsolePlatform


async def test_a_file_past_the_limit_is_refused_unread(tmp_path: Path) -> None:
    platform = ConsolePlatform(tmp_path)
    platform.config.forms.attachment_max_mb = 1
    await platform.start()
    try:
        await journeys.file_over_the_limit(platform)
    finally:
        await platform.stop_bot()
