"""All repositories over one session, each made on first use; the unit of work that owns its transaction."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy.orm import Session

from storage.repositories.attachments import SqlAttachmentRepository
from storage.repositories.claims import SqlClaimRepository, SqlPaymentOrderRepository
from storage.repositories.contracts import (
    SqlContractRepository,
    SqlEndorsementRepository,
    SqlMemberRepository,
    SqlPaymentRepository,
    SqlRegisterRepository,
    SqlRenewalNoticeRepository,
)
from storage.repositories.conversations import SqlConversationRepository
from storage.repositories.document_codes import SqlDocumentCodeRepository
from storage.repositories.kept_replies import SqlKeptReplyRepository, SqlReplyLeaseRepository
from storage.repositories.messages import (
    OUTBOX_ROWS_COMMITTED,
    OUTBOX_ROWS_INFO_KEY,
    SqlInboxRepository,
    SqlOutboxRepository,
    SqlProcessedMessageRepository,
    SqlSentMessageRepository,
)
from storage.repositories.policyholders import SqlGuardianRepository, SqlPolicyholderRepository
from storage.repositories.proposals import SqlProposalRepository, SqlRefundRepository
from storage.repositories.report_dispatches import SqlReportDispatchRepository
from storage.repositories.tickets import SqlOperationsRepository, SqlTicketRepository
from storage.repositories.transport_state import SqlTransportStateRepository
from storage.repositories.users import SqlLinkCodeRepository, SqlLinkFailureRepository, SqlUserRepository

T = TypeVar("T")


class _Repository(Generic[T]):
    """A unit of work's repository, made on first use: a unit uses two or three of them, and
    making all twenty-two for each was a measurable part of handling an update."""

    def __init__(self, make: Callable[[Session], T]) -> None:
        self._make = make

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: SqlUnitOfWork | None, owner: type | None = None) -> T:
        if uow is None:
            return self  # type: ignore[return-value]  # the class attribute itself
        repository = uow.__dict__[self._name] = self._make(uow._session)  # found there from now on
        return repository


class SqlUnitOfWork:
    """All repositories over one session: what a piece of a service's work reads and writes
    through. It neither commits nor rolls back: whoever holds the transaction does
    (SqlOwnUnitOfWork, or storage.db.Transaction)."""

    users = _Repository(SqlUserRepository)
    tickets = _Repository(SqlTicketRepository)
    attachments = _Repository(SqlAttachmentRepository)
    conversations = _Repository(SqlConversationRepository)
    outbox = _Repository(SqlOutboxRepository)
    sent_messages = _Repository(SqlSentMessageRepository)
    processed = _Repository(SqlProcessedMessageRepository)
    inbox = _Repository(SqlInboxRepository)
    kept_replies = _Repository(SqlKeptReplyRepository)
    reply_leases = _Repository(SqlReplyLeaseRepository)
    transport_state = _Repository(SqlTransportStateRepository)
    policyholders = _Repository(SqlPolicyholderRepository)
    guardians = _Repository(SqlGuardianRepository)
    contracts = _Repository(SqlContractRepository)
    members = _Repository(SqlMemberRepository)
    endorsements = _Repository(SqlEndorsementRepository)
    payments = _Repository(SqlPaymentRepository)
    proposals = _Repository(SqlProposalRepository)
    refunds = _Repository(SqlRefundRepository)
    registers = _Repository(SqlRegisterRepository)
    renewal_notices = _Repository(SqlRenewalNoticeRepository)
    report_dispatches = _Repository(SqlReportDispatchRepository)
    operations = _Repository(SqlOperationsRepository)
    link_codes = _Repository(SqlLinkCodeRepository)
    link_failures = _Repository(SqlLinkFailureRepository)
    claims = _Repository(SqlClaimRepository)
    payment_orders = _Repository(SqlPaymentOrderRepository)
    document_codes = _Repository(SqlDocumentCodeRepository)

    def __init__(self, session: Session) -> None:
        self._session = session


class SqlOwnUnitOfWork(SqlUnitOfWork):
    """A unit of work that owns its transaction (Database.uow): commit() commits it; closing it
    drops what was not committed."""

    def __enter__(self) -> SqlOwnUnitOfWork:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.rollback()
        self._session.close()

    def commit(self) -> None:
        self._session.commit()
        OUTBOX_ROWS_COMMITTED.add_from(self._session)

    def rollback(self) -> None:
        self._session.rollback()
        self._session.info.pop(OUTBOX_ROWS_INFO_KEY, None)


if TYPE_CHECKING:  # mypy checks the adapter against its port, repository by repository (core/ports/)
    from core.ports import OwnUnitOfWork, UnitOfWork

    _ADAPTS: type[UnitOfWork] = SqlUnitOfWork
    _OWNS: type[OwnUnitOfWork] = SqlOwnUnitOfWork
