"""Small JSON documents a transport keeps across restarts."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.models.transport_state import TransportStateRow
from storage.repositories._shared import SqlRepository, _json_copy


class SqlTransportStateRepository(SqlRepository):
    def get(self, platform: str, key: str) -> dict[str, Any] | None:
        row = self._session.get(TransportStateRow, (platform, key))
        return _json_copy(row.value) if row else None

    def put(self, platform: str, key: str, value: dict[str, Any], now: datetime) -> None:
        row = self._session.get(TransportStateRow, (platform, key))
        if row is None:
            self._session.add(TransportStateRow(platform=platform, key=key, value=_json_copy(value), updated_at=now))
        else:
            row.value = _json_copy(value)  # a new dict, so the change is written
            row.updated_at = now
        self._session.flush()
