"""Reading the outbox for delivery and recording how each delivery went."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from core.clock import Clock, utc_now
from core.models import OutboxMessage
from core.ports import Units

MAX_ATTEMPTS = 12
# How long a dispatcher holds the rows it claimed; a process that dies holding
# some leaves them to the others (or to itself, restarted) after this.
CLAIM_LEASE = timedelta(minutes=5)


def backoff(attempts: int, base_seconds: float = 2.0, cap_seconds: float = 600.0) -> timedelta:
    """Exponential backoff: 2 s, 4 s, 8 s ... capped at ten minutes."""
    return timedelta(seconds=min(cap_seconds, base_seconds * (2 ** max(0, attempts))))


class OutboxService:
    def __init__(self, units: Units, clock: Clock = utc_now,
                 claim_lease: timedelta = CLAIM_LEASE, rows_committed: Callable[[], int] | None = None) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock
        self._claim_lease = claim_lease
        self._rows_committed = rows_committed

    def rows_committed(self) -> int | None:
        """How many rows this process has committed to the outbox so far; None when the
        storage does not say (then every wake-up is worth a look)."""
        return self._rows_committed() if self._rows_committed is not None else None

    def due(self, platform: str, limit: int = 100, address: str | None = None) -> list[OutboxMessage]:
        with self.units.read() as uow:
            return uow.outbox.due(platform, self._clock(), limit, address)

    def claim(self, platform: str, limit: int = 100, address: str | None = None) -> list[OutboxMessage]:
        """The due rows no other dispatcher holds, now held by the caller for the claim lease."""
        now = self._clock()
        with self.units.read() as uow:  # most wake-ups find nothing: then no write lock is taken
            if not uow.outbox.claimable(platform, now, address):
                return []
        with self.units.write() as uow:
            return uow.outbox.claim(platform, now, now + self._claim_lease, limit, address)

    def release(self, messages: list[OutboxMessage]) -> None:
        if messages:
            with self.units.write() as uow:
                uow.outbox.release(m.id for m in messages)

    def delivered(self, message: OutboxMessage, platform_message_id: str | None = None) -> None:
        """Mark delivered and remember the sent message so a reply to it finds its ticket."""
        with self.units.write() as uow:
            uow.outbox.mark_delivered(message.id, self._clock())
            if platform_message_id is not None and message.ticket_id is not None:
                uow.sent_messages.record(message.platform, message.address, platform_message_id, message.ticket_id)

    def retry_later(self, message: OutboxMessage, error: str, wait: timedelta | None = None) -> None:
        """Try again after `wait` (a platform's retry_after) or the backoff.

        Failures give up after MAX_ATTEMPTS; a platform asking us to wait
        (`wait` given) is throttling, not failing, so it never gives up."""
        with self.units.write() as uow:
            if wait is None and message.attempts + 1 >= MAX_ATTEMPTS:
                uow.outbox.mark_failed(message.id, self._clock(), error)
            else:
                when = self._clock() + (wait if wait is not None else backoff(message.attempts))
                uow.outbox.mark_retry(message.id, when, error)

    def undeliverable(self, message: OutboxMessage, reason: str) -> None:
        """The account cannot receive (e.g. the user blocked the bot): stop trying it."""
        with self.units.write() as uow:
            uow.outbox.mark_failed(message.id, self._clock(), reason)
            uow.users.mark_undeliverable(message.platform, message.address, reason)

    def dropped(self, message: OutboxMessage, reason: str) -> None:
        """Not to be sent (its reader may no longer act on it); the account stays reachable."""
        with self.units.write() as uow:
            uow.outbox.mark_failed(message.id, self._clock(), reason)

    def ticket_for_reply(self, platform: str, address: str, message_id: str) -> int | None:
        with self.units.read() as uow:
            return uow.sent_messages.ticket_for(platform, address, message_id)

    def seen_before(self, platform: str, message_id: str) -> bool:
        """Whether an inbound message id was handled already (without remembering it)."""
        with self.units.read() as uow:
            return uow.processed.seen(platform, message_id)

    def first_time_seen(self, platform: str, message_id: str) -> bool:
        """True once per inbound message id; later deliveries of the same id are duplicates."""
        with self.units.write() as uow:
            return uow.processed.remember(platform, message_id, self._clock())
