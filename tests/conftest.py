from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import ChatHarness


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[ChatHarness]:
    harness = ChatHarness(tmp_path)
    yield harness
    harness.close()
