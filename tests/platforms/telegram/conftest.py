from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.platforms.telegram.adapter import TelegramPlatform
from tests.platforms.telegram.fake_api import FakeBotApi


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()



@pytest.fixture
async def telegram(tmp_path: Path, fake: FakeBotApi, driver: str) -> AsyncIterator[TelegramPlatform]:
    platform = TelegramPlatform(tmp_path, driver, fake)
    await platform.start()
    yield platform
    await platform.stop()
