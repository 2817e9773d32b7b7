from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.platforms.console.adapter import ConsolePlatform


@pytest.fixture
async def console(tmp_path: Path) -> AsyncIterator[ConsolePlatform]:
    platform = ConsolePlatform(tmp_path)
    await platform.start()
    yield platform
    await platform.stop_bot()
