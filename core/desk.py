"""The desk: every core service, built once over one unit-of-work factory."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.attachments import MAX_ATTACHMENT_BYTES, AttachmentService, FileStore
from core.clock import Clock, utc_now
from core.conversations import ConversationStore
from core.identity import Directory
from core.insurance.claims_service import ClaimsService
from core.insurance.service import InsuranceService
from core.insurance.settings import InsuranceSettings
from core.notifications import Address
from core.outbox import OutboxService
from core.ports import UnitOfWorkFactory
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
    insurance: InsuranceService
    claims: ClaimsService

    @classmethod
    def build(
        cls,
        uow_factory: UnitOfWorkFactory,
        files: FileStore,
        clock: Clock = utc_now,
        request_types: dict[str, RequestType] = REQUEST_TYPES,
        max_attachment_bytes: int | None = None,
        role_channels: Sequence[Address] = (),
        insurance_settings: InsuranceSettings | None = None,
    ) -> "Desk":
        attachments = AttachmentService(uow_factory, files, clock, max_attachment_bytes or MAX_ATTACHMENT_BYTES)
        insurance_settings = insurance_settings or InsuranceSettings()
        return cls(
            directory=Directory(uow_factory),
            tickets=TicketService(uow_factory, clock, request_types, role_channels),
            attachments=attachments,
            conversations=ConversationStore(uow_factory, clock),
            outbox=OutboxService(uow_factory, clock),
            transport_state=TransportStateStore(uow_factory, clock),
            clock=clock,
            insurance=InsuranceService(uow_factory, clock, insurance_settings),
            claims=ClaimsService(uow_factory, clock, insurance_settings),
        )
