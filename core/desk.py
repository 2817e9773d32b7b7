"""The desk: every core service, built once over one unit-of-work factory."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.attachments import MAX_ATTACHMENT_BYTES, AttachmentService, FileStore
from core.clock import Clock, utc_now
from core.conversations import ConversationStore
from core.identity import Directory
from core.notifications import Address
from core.outbox import OutboxService
from core.people import DirectoryPolicy, People
from core.ports import DirectoryLookup, UnitOfWorkFactory
from core.request_types import REQUEST_TYPES, RequestType
from core.tickets import TicketService
from core.transport_state import TransportStateStore


@dataclass
class Desk:
    directory: Directory
    tickets: TicketService
    attachments: AttachmentService
    conversations: ConversationStore
    outbox: OutboxService
    transport_state: TransportStateStore
    clock: Clock
    people: People

    @classmethod
    def build(
        cls,
        uow_factory: UnitOfWorkFactory,
        files: FileStore,
        clock: Clock = utc_now,
        request_types: dict[str, RequestType] = REQUEST_TYPES,
        max_attachment_bytes: int | None = None,
        role_channels: Sequence[Address] = (),
        directory_lookup: DirectoryLookup | None = None,
        directory_policy: DirectoryPolicy = DirectoryPolicy(),
    ) -> "Desk":
        attachments = AttachmentService(uow_factory, files, clock, max_attachment_bytes or MAX_ATTACHMENT_BYTES)
        return cls(
            directory=Directory(uow_factory),
            tickets=TicketService(uow_factory, clock, request_types, role_channels),
            attachments=attachments,
            conversations=ConversationStore(uow_factory, clock),
            outbox=OutboxService(uow_factory, clock),
            transport_state=TransportStateStore(uow_factory, clock),
            clock=clock,
            people=People(uow_factory, clock, directory_lookup, directory_policy),
        )
