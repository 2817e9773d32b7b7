"""Repository interfaces that core owns and storage implements, one module per aggregate, mirroring
storage/repositories/ one to one (tests/unit/test_ports_mirror.py keeps the two in step).

Core never imports SQLAlchemy: it asks for a unit of work from a factory and
talks to these protocols. Every method runs inside that unit's transaction;
nothing is visible to others until ``commit``.
"""
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
from core.ports.unit_of_work import OneTransaction, OwnUnitOfWork, UnitOfWork, UnitOfWorkFactory, Units
from core.ports.users import DirectoryLookup, LinkCodeRepository, LinkFailureRepository, UserRepository

__all__ = [
    "AttachmentRepository",
    "ClaimRepository",
    "ContractRepository",
    "ConversationRepository",
    "DirectoryLookup",
    "DocumentCodeRepository",
    "EndorsementRepository",
    "GuardianRepository",
    "InboxRepository",
    "KeptReplyRepository",
    "LinkCodeRepository",
    "LinkFailureRepository",
    "MemberRepository",
    "OneTransaction",
    "OwnUnitOfWork",
    "OperationsRepository",
    "OutboxRepository",
    "PaymentOrderRepository",
    "PaymentRepository",
    "PolicyholderRepository",
    "ProcessedMessageRepository",
    "ProposalRepository",
    "RefundRepository",
    "RegisterRepository",
    "RenewalNoticeRepository",
    "ReplyLeaseRepository",
    "ReportDispatchRepository",
    "SentMessageRepository",
    "TicketRepository",
    "TransportStateRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "Units",
    "UserRepository",
]
