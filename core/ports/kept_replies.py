"""Direct replies kept until sent, and the leases of the processes that keep them."""
from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # core.kept_replies uses these ports at run time
    from core.kept_replies import KeptReply, ReplyLease


class KeptReplyRepository(Protocol):
    """Direct replies kept until sent (transports without an inbox), each under a process's owner id."""

    def keep(self, platform: str, chat_id: str, owner: str, messages: builtins.list[dict[str, Any]],
             now: datetime) -> int:
        """The new row's id."""
    def forget(self, ids: Sequence[int]) -> None: ...
    def owners(self, platform: str) -> builtins.list[str]:
        """The owners that have replies of this platform kept."""
    def adopt(self, platform: str, owners: Sequence[str], new_owner: str) -> builtins.list[KeptReply]:
        """Moves the replies of those owners to new_owner in one statement; the rows moved."""


class ReplyLeaseRepository(Protocol):
    def hold(self, owner: str, host: str, pid: int, expires_at: datetime) -> None:
        """Insert or renew."""
    def release(self, owner: str) -> None: ...
    def all(self) -> builtins.list[ReplyLease]: ...
