"""Reports sent, one a period."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol


class ReportDispatchRepository(Protocol):
    def claim(self, report: str, period: str, now: datetime) -> bool:
        """Record that a report of a period is sent; False when it was already (by any process)."""
    def sent(self, report: str, period: str) -> bool: ...
