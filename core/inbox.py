"""The inbox of a polling transport: updates stored as they arrive, handled from there.

Storing a batch is one transaction; the transport confirms the batch to the
platform right after it, so the platform does not send those updates again
while they are being handled. An update is marked handled in the transaction of
its handling (the runner's Database.transaction: the transport's mark is made on the desk
over it, Desk.within), so it is handled and marked, or neither: a
crash before that commit leaves it unhandled with nothing of it done, and the next
start handles it. The mark keeps the direct replies to the update until the transport
has sent them: a crash after the commit leaves them to be sent at the next start, so
the person is not left without the answer (a form's next question) to what they sent.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from core.clock import Clock, utc_now
from core.ports import Units

# Handled updates are kept this long: a batch fetched again (its confirmation lost) is
# then recognised; Telegram's update ids may start afresh after a week without updates.
KEEP_HANDLED = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)


class InboxService:
    def __init__(self, units: Units, clock: Clock = utc_now) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock
        self._pruned_at: dict[str, Any] = {}

    def store(self, platform: str, updates: Sequence[tuple[int, dict[str, Any]]]) -> set[int]:
        """Store a batch in one transaction; the ids not stored before (those to handle)."""
        now = self._clock()
        with self.units.write() as uow:
            fresh = uow.inbox.store(platform, updates, now)
            last = self._pruned_at.get(platform)
            if last is None or now - last >= PRUNE_EVERY:
                uow.inbox.prune(platform, now - KEEP_HANDLED)
                self._pruned_at[platform] = now
        return set(fresh)

    def unhandled(self, platform: str, limit: int = 10_000) -> list[dict[str, Any]]:
        """What was stored and never handled (a crash, a stop), oldest first."""
        with self.units.read() as uow:
            return uow.inbox.unhandled(platform, limit)

    def handled(self, platform: str, update_id: int, replies: dict[str, Any] | None = None) -> None:
        """Marked handled, in the handling's transaction when there is one, with the direct
        replies the transport is about to send (a JSON document of its own making)."""
        with self.units.statement() as uow:
            uow.inbox.mark_handled(platform, update_id, self._clock(), replies)

    def unsent_replies(self, platform: str, limit: int = 10_000) -> list[tuple[int, dict[str, Any]]]:
        """The replies a crash (or a stop mid-send) kept from being sent, oldest update first."""
        with self.units.read() as uow:
            return uow.inbox.unsent_replies(platform, limit)

    def replied(self, platform: str, update_ids: Sequence[int]) -> None:
        """Those updates' replies were sent (one statement for many)."""
        with self.units.write() as uow:
            uow.inbox.mark_replied(platform, update_ids)
