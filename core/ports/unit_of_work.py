"""The unit of work: one transaction over all repositories, and the factory that makes units."""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from core.ports.attachments import AttachmentRepository
from core.ports.claims import ClaimRepository, PaymentOrderRepository
from core.ports.contracts import (
    ContractRepository,
    EndorsementRepository,
    MemberRepository,
    PaymentRepository,
    RegisterRepository,
    RenewalNoticeRepository,
)
from core.ports.conversations import ConversationRepository
from core.ports.document_codes import DocumentCodeRepository
from core.ports.kept_replies import KeptReplyRepository, ReplyLeaseRepository
from core.ports.messages import InboxRepository, OutboxRepository, ProcessedMessageRepository, SentMessageRepository
from core.ports.policyholders import GuardianRepository, PolicyholderRepository
from core.ports.proposals import ProposalRepository, RefundRepository
from core.ports.report_dispatches import ReportDispatchRepository
from core.ports.tickets import OperationsRepository, TicketRepository
from core.ports.transport_state import TransportStateRepository
from core.ports.users import LinkCodeRepository, LinkFailureRepository, UserRepository


class UnitOfWork(Protocol):
    users: UserRepository
    tickets: TicketRepository
    attachments: AttachmentRepository
    conversations: ConversationRepository
    outbox: OutboxRepository
    sent_messages: SentMessageRepository
    processed: ProcessedMessageRepository
    inbox: InboxRepository
    kept_replies: KeptReplyRepository
    reply_leases: ReplyLeaseRepository
    transport_state: TransportStateRepository
    policyholders: PolicyholderRepository
    guardians: GuardianRepository
    contracts: ContractRepository
    members: MemberRepository
    endorsements: EndorsementRepository
    payments: PaymentRepository
    proposals: ProposalRepository
    refunds: RefundRepository
    registers: RegisterRepository
    renewal_notices: RenewalNoticeRepository
    report_dispatches: ReportDispatchRepository
    operations: OperationsRepository
    link_codes: LinkCodeRepository
    link_failures: LinkFailureRepository
    claims: ClaimRepository
    payment_orders: PaymentOrderRepository
    document_codes: DocumentCodeRepository

    def __enter__(self) -> "UnitOfWork": ...
    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        """Roll back whatever was not committed."""
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class OneTransaction(Protocol):
    def __call__(self) -> AbstractContextManager[None]:
        """A block whose units of work (in this thread) all go into one transaction, committed at
        its end: each unit's commit and rollback then act on its own part only, and the whole is
        kept only if the block ends well and the commit succeeds. Raises StorageUnavailable when
        the database failed inside the block (nothing of it is kept)."""


class UnitOfWorkFactory(Protocol):
    def __call__(self, write: bool = True, alone: bool = True) -> UnitOfWork:
        """A new unit of work. write=False promises it (mostly) only reads: on SQLite it
        then takes no write lock; a write in it still works, after what it read.
        alone=False, inside one transaction, says the unit is one statement that happens or
        fails the whole transaction: it need not be undone on its own (no savepoint)."""
