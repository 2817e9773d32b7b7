from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.platforms.rocketchat.adapter import RcPlatform


@pytest.fixture
async def rc(rc_mode: str, tmp_path: Path) -> AsyncIterator[RcPlatform]:
    platform = RcPlatform(tmp_path, mode=rc_mode)
    await platform.start()
    yield platform
    await platform.close()


@pytest.fixture
async def poll_rc(tmp_path: Path) -> AsyncIterator[RcPlatform]:
    platform = RcPlatform(tmp_path, mode="poll")
    await platform.start()
    yield platform
    await platform.close()
