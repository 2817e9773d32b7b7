"""Reports sent, one a period."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ReportDispatchRow(Base):
    """A report the desk sent by itself: one row per report and period, ever (a monthly report to the
    departments, a contract's six-monthly claims statistics to its policyholder)."""

    __tablename__ = "report_dispatches"
    __table_args__ = (UniqueConstraint("report", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(64))  # contracts, renewals, endorsements, claims, semiannual:300000
    period: Mapped[str] = mapped_column(String(16))  # 1403/08, or a contract's six months: 1, 2, ...
    sent_at: Mapped[datetime]
