from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.platforms.bale.adapter import BalePlatform
from tests.platforms.bale.fake_api import FakeBaleApi


@pytest.fixture
async def fake_bale() -> AsyncIterator[FakeBaleApi]:
    api = FakeBaleApi()
    await api.start()
    yield api
    await api.stop()



@pytest.fixture
async def bale(tmp_path: Path, fake_bale: FakeBaleApi, driver: str) -> AsyncIterator[BalePlatform]:
    platform = BalePlatform(tmp_path, driver, fake_bale)
    await platform.start()
    yield platform
    await platform.stop()
