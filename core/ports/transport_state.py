"""Small JSON documents a transport keeps across restarts."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class TransportStateRepository(Protocol):
    """Small JSON documents a transport keeps across restarts (poll cursors, menus)."""

    def get(self, platform: str, key: str) -> dict[str, Any] | None: ...
    def put(self, platform: str, key: str, value: dict[str, Any], now: datetime) -> None: ...
