"""What a transport keeps across restarts: small JSON documents under (platform, key)."""
from __future__ import annotations

from typing import Any

from core.clock import Clock, utc_now
from core.ports import Units


class TransportStateStore:
    def __init__(self, units: Units, clock: Clock = utc_now) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock

    def get(self, platform: str, key: str) -> dict[str, Any] | None:
        with self.units.read() as uow:
            return uow.transport_state.get(platform, key)

    def put(self, platform: str, key: str, value: dict[str, Any]) -> None:
        with self.units.write() as uow:
            uow.transport_state.put(platform, key, value, self._clock())
