"""What a transport keeps across restarts: small JSON documents under (platform, key)."""
from __future__ import annotations

from typing import Any

from core.clock import Clock, utc_now
from core.ports import UnitOfWorkFactory


class TransportStateStore:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = uow_factory
        self._clock = clock

    def get(self, platform: str, key: str) -> dict[str, Any] | None:
        with self._uow(write=False) as uow:
            return uow.transport_state.get(platform, key)

    def put(self, platform: str, key: str, value: dict[str, Any]) -> None:
        with self._uow() as uow:
            uow.transport_state.put(platform, key, value, self._clock())
            uow.commit()
