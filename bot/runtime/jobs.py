"""Periodic work of the running bot: deadline reminders, the daily digest, renewal reminders, and
the reports the desk sends by itself (the monthly reports, the six-monthly claims statistics).

It runs beside the transports (bot.runtime.serve) and only writes outbox rows; each
transport's dispatcher delivers them. Every reminder and digest is recorded in
the database as it is queued, so a restart or a second process never sends one twice.
"""
from __future__ import annotations

import asyncio
import logging

from core.desk import Desk
from core.insurance.contracts.reminders import renewal_notifier
from core.jalali import today_jalali

log = logging.getLogger(__name__)


class JobRunner:
    platform = "jobs"  # the name bot.runtime.serve gives its task

    def __init__(self, desk: Desk, interval_seconds: float = 60.0) -> None:
        self.desk = desk
        self.interval = interval_seconds
        self._renewals_checked_on = None  # the Tehran day renewal reminders were last looked for
        self._statistics_checked_on = None  # the Tehran day six-month marks were last looked for

    def run_once(self) -> dict[str, int]:
        """One round: reminders and escalations due now, then the digest if its time has come."""
        sent = dict(self.desk.sla.check())
        sent["daily_digest"] = self.desk.digest.run()
        sent["renewal_reminders"] = self._renewal_reminders()
        sent["monthly_reports"] = len(self.desk.reports.send_monthly())  # cheap until the month's are due
        sent["claims_statistics"] = self._claims_statistics()
        return sent

    def _claims_statistics(self) -> int:
        """Once a day (Tehran) per process: contracts at a six-month mark; each sent once, ever."""
        today = today_jalali(self.desk.clock())
        if self._statistics_checked_on == today:
            return 0
        sent = len(self.desk.reports.send_semiannual())
        self._statistics_checked_on = today
        return sent

    def _renewal_reminders(self) -> int:
        """Once a day (Tehran) per process: contracts ending within the notice window. Each
        (contract, period) is claimed in the database, so it is told once, ever, by any process."""
        today = today_jalali(self.desk.clock())
        if self._renewals_checked_on == today:
            return 0
        sent = len(self.desk.insurance.send_renewal_reminders(renewal_notifier(self.desk.clock())))
        self._renewals_checked_on = today
        return sent

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await asyncio.to_thread(self.run_once)
                if any(sent.values()):
                    log.info("jobs queued %s", sent)
            except Exception as exc:  # noqa: BLE001 - one bad round must not stop the reminders for good
                log.error("jobs round failed: %s", type(exc).__name__)
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
            except asyncio.TimeoutError:
                pass
