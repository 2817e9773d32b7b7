from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.platforms.rocketchat.adapter import RcPlatform


@pytest.fixture(params=["poll", "webhook"])
async def rc(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[RcPlatform]:
    platform = RcPlatform(tmp_path, mode=request.param)
    await platform.start()
    yield platform
    await platform.close()
