"""Files attached to requests."""
from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from core.models import AttachmentMeta


class AttachmentRepository(Protocol):
    def add(
        self,
        owner_id: int,
        filename: str,
        content_type: str,
        size: int,
        sha256: str,
        stored_path: str,
        now: datetime,
        ticket_id: int | None = None,
    ) -> AttachmentMeta: ...
    def get(self, attachment_id: int) -> AttachmentMeta | None: ...
    def attach_to_ticket(self, attachment_ids: Iterable[int], ticket_id: int) -> None: ...
    def for_ticket(self, ticket_id: int) -> builtins.list[AttachmentMeta]: ...
