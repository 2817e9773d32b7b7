"""Direct replies kept until sent, for transports without an inbox (webhooks, Rocket.Chat).

The replies of a handled message are written in its handling's transaction, under the
owner id of the process that will send them, and deleted once sent: a kill between that
commit and the send leaves them here, and a start sends them, so the person gets the
answer (a form's next question) to what they sent. Several processes may share the
database: each holds a lease, renewed while it runs, and a process takes over (adopts)
only the replies whose owner's lease ran out, or whose owner on this same host is gone;
a live process's replies are never sent by another.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.clock import Clock, utc_now
from core.ports import Units


@dataclass(frozen=True)
class KeptReply:
    id: int
    chat_id: str
    messages: list[dict[str, Any]]  # the transport's own JSON of each reply


@dataclass(frozen=True)
class ReplyLease:
    owner: str
    host: str
    pid: int
    expires_at: datetime


@dataclass(frozen=True)
class Holder:
    """This process, as its lease names it; `alive(pid)` says whether a process of this host lives."""

    owner: str
    host: str
    alive: Callable[[int], bool]


class KeptReplies:
    def __init__(self, units: Units, clock: Clock = utc_now) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock

    def keep(self, platform: str, chat_id: str, owner: str, messages: list[dict[str, Any]]) -> int:
        """Kept in the handling's transaction when there is one; the row's id, to clear once sent."""
        with self.units.statement() as uow:
            kept_id = uow.kept_replies.keep(platform, chat_id, owner, messages, self._clock())
        return kept_id

    def sent(self, ids: Sequence[int]) -> None:
        """Those replies went out (or were given up on): forgotten, in one statement."""
        with self.units.write() as uow:
            uow.kept_replies.forget(ids)

    def hold(self, holder: Holder, pid: int, lease: timedelta) -> None:
        """Take or renew this process's lease."""
        with self.units.write() as uow:
            uow.reply_leases.hold(holder.owner, holder.host, pid, self._clock() + lease)

    def release(self, owner: str) -> None:
        """A clean stop: what is left of this process's replies may be sent by the next start."""
        with self.units.write() as uow:
            uow.reply_leases.release(owner)

    def adopt(self, platform: str, holder: Holder) -> list[KeptReply]:
        """Take over the replies whose owner is gone, oldest first, to be sent by `holder`. One
        statement moves them, so two processes starting at once do not both take the same ones."""
        now = self._clock()
        with self.units.write() as uow:
            leases = {lease.owner: lease for lease in uow.reply_leases.all()}
            gone = [owner for owner in uow.kept_replies.owners(platform)
                    if owner != holder.owner and _gone(leases.get(owner), now, holder)]
            if not gone:
                return []
            adopted = uow.kept_replies.adopt(platform, gone, holder.owner)
            for owner in gone:
                if owner in leases:
                    uow.reply_leases.release(owner)
        return sorted(adopted, key=lambda reply: reply.id)


def _gone(lease: ReplyLease | None, now: datetime, holder: Holder) -> bool:
    """No lease, a lapsed one, or one of this host whose process is no more."""
    if lease is None or lease.expires_at <= now:
        return True
    return lease.host == holder.host and not holder.alive(lease.pid)
