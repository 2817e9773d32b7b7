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
    # read-only, so an adapter's own repository types (SqlUserRepository...) match the ports
    @property
    def users(self) -> UserRepository: ...
    @property
    def tickets(self) -> TicketRepository: ...
    @property
    def attachments(self) -> AttachmentRepository: ...
    @property
    def conversations(self) -> ConversationRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def sent_messages(self) -> SentMessageRepository: ...
    @property
    def processed(self) -> ProcessedMessageRepository: ...
    @property
    def inbox(self) -> InboxRepository: ...
    @property
    def kept_replies(self) -> KeptReplyRepository: ...
    @property
    def reply_leases(self) -> ReplyLeaseRepository: ...
    @property
    def transport_state(self) -> TransportStateRepository: ...
    @property
    def policyholders(self) -> PolicyholderRepository: ...
    @property
    def guardians(self) -> GuardianRepository: ...
    @property
    def contracts(self) -> ContractRepository: ...
    @property
    def members(self) -> MemberRepository: ...
    @property
    def endorsements(self) -> EndorsementRepository: ...
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def proposals(self) -> ProposalRepository: ...
    @property
    def refunds(self) -> RefundRepository: ...
    @property
    def registers(self) -> RegisterRepository: ...
    @property
    def renewal_notices(self) -> RenewalNoticeRepository: ...
    @property
    def report_dispatches(self) -> ReportDispatchRepository: ...
    @property
    def operations(self) -> OperationsRepository: ...
    @property
    def link_codes(self) -> LinkCodeRepository: ...
    @property
    def link_failures(self) -> LinkFailureRepository: ...
    @property
    def claims(self) -> ClaimRepository: ...
    @property
    def payment_orders(self) -> PaymentOrderRepository: ...
    @property
    def document_codes(self) -> DocumentCodeRepository: ...

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


class Units(Protocol):
    """Where a service's pieces of work go (core/transactions.py). Each piece is a block
    ``with units.write() as uow:``; ``read()`` for one that only reads (SQLite: no write lock;
    inside an update's transaction: no savepoint), ``statement()`` for one write statement that
    happens or fails the whole transaction (no savepoint). A service never commits: the Units
    end each block. Over a unit-of-work factory (OwnUnits: the command line, jobs, tests) each
    block is a unit of its own, committed when the block ends well; inside a caller's unit
    (JoinedUnit, a service's ``within(uow)``: a workflow hook inside a transition) each block is
    that unit, which the caller ends."""

    def write(self) -> AbstractContextManager[UnitOfWork]: ...
    def read(self) -> AbstractContextManager[UnitOfWork]: ...
    def statement(self) -> AbstractContextManager[UnitOfWork]: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, write: bool = True, alone: bool = True) -> UnitOfWork:
        """A new unit of work. write=False promises it (mostly) only reads: on SQLite it
        then takes no write lock; a write in it still works, after what it read.
        alone=False, inside one transaction, says the unit is one statement that happens or
        fails the whole transaction: it need not be undone on its own (no savepoint)."""
