"""Reports sent, one a period."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from storage.models.report_dispatches import ReportDispatchRow
from storage.repositories._shared import SqlRepository, _insert_ignoring_duplicates


class SqlReportDispatchRepository(SqlRepository):
    def claim(self, report: str, period: str, now: datetime) -> bool:
        return _insert_ignoring_duplicates(self._session, ReportDispatchRow,
                                           {"report": report, "period": period, "sent_at": now})

    def sent(self, report: str, period: str) -> bool:
        found = self._session.execute(select(ReportDispatchRow.id).where(
            ReportDispatchRow.report == report, ReportDispatchRow.period == period))
        return found.first() is not None
