"""The unit of work: every repository over one transaction; the units that own their transaction,
the factory that makes them, the update's transaction, and where a service's pieces of work go."""
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
    """Every repository over one transaction: what a piece of a service's work reads and writes
    through. It has no commit: the Units that gave it end the piece (see Units below)."""

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


class OwnUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that owns its transaction (what a UnitOfWorkFactory gives): commit()
    commits it. Only its owner (core/transactions.py OwnUnits, a command, a test) ends it; a
    service sees a UnitOfWork, which has no commit."""

    def __enter__(self) -> "OwnUnitOfWork": ...
    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        """Roll back whatever was not committed."""
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class OneTransaction(Protocol):
    def __call__(self, chat_key: str | None = None) -> AbstractContextManager[Units]:
        """One update's transaction, committed when the block ends well: all of it or, if
        anything failed at the database, none of it (StorageUnavailable, even if that failure
        was caught inside). What handles the update builds its services over the Units it gives
        (Desk.within): each piece of their work is a part of it (Units). `chat_key`: the chat
        whose update it is; on a database shared by several processes (PostgreSQL) the
        transaction holds that chat, so its updates are handled one at a time and in order."""


class Units(Protocol):
    """Where a service's pieces of work go (core/transactions.py). Each piece is a block
    ``with units.write() as uow:``; ``read()`` for one that only reads (SQLite: no write lock;
    inside an update's transaction: no savepoint), ``statement()`` for one write statement that
    happens or fails the whole transaction (no savepoint). A service never commits: the Units
    end each block.
    - Over a unit-of-work factory (OwnUnits: the command line, jobs, tests): each block is a
      unit of its own, committed when the block ends well.
    - An update's transaction (OneTransaction; storage.db.Transaction): each write block is a
      savepoint, released when it ends well (kept, to be committed with the whole update) and
      rolled back when it raises (a refusal undoes that piece only; the update's other writes
      stay). A database failure in any block rolls the whole update back.
    - Inside a caller's unit (JoinedUnit, a service's ``within(uow)``: a workflow hook inside a
      transition): each block is that unit, which the caller ends."""

    def write(self) -> AbstractContextManager[UnitOfWork]: ...
    def read(self) -> AbstractContextManager[UnitOfWork]: ...
    def statement(self) -> AbstractContextManager[UnitOfWork]: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, write: bool = True) -> OwnUnitOfWork:
        """A new unit of work, with a transaction of its own. write=False promises it (mostly)
        only reads: on SQLite it then takes no write lock; a write in it still works, after
        what it read."""
