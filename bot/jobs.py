"""Periodic work of the running bot: deadline reminders, the daily digest, renewal reminders.

It runs beside the transports (bot.serve) and only writes outbox rows; each
transport's dispatcher delivers them. Every reminder and digest is recorded in
the database as it is queued, so a restart or a second process never sends one twice.
"""
from __future__ import annotations

import asyncio
import logging

from core.desk import Desk
from core.insurance.reminders import renewal_notifier

log = logging.getLogger(__name__)


class JobRunner:
    platform = "jobs"  # the name bot.serve gives its task

    def __init__(self, desk: Desk, interval_seconds: float = 60.0) -> None:
        self.desk = desk
        self.interval = interval_seconds

    def run_once(self) -> dict[str, int]:
        """One round: reminders and escalations due now, then the digest if its time has come."""
        sent = dict(self.desk.sla.check())
        sent["daily_digest"] = self.desk.digest.run()
        # contracts ending within the notice window; each (contract, period) is told once, ever
        sent["renewal_reminders"] = len(self.desk.insurance.send_renewal_reminders(renewal_notifier(self.desk.clock())))
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
