"""Repository interfaces that core owns and storage implements.

Core never imports SQLAlchemy: it asks for a unit of work from a factory and
talks to these protocols. Every method runs inside that unit's transaction;
nothing is visible to others until ``commit``.
"""
from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from core.insurance.claims.models import Claim, ClaimDocument, ClaimEvent, NewClaim, NewPaymentOrder, PaymentOrder
from core.insurance.shared.models import (
    Contract,
    Endorsement,
    Guardian,
    Member,
    NewMember,
    Payment,
    Person,
    Policyholder,
    Proposal,
    RefundSettlement,
)
from core.models import (
    AttachmentMeta,
    ChatAccount,
    Comment,
    Conversation,
    DirectoryPerson,
    HistoryEntry,
    LinkCode,
    LinkFailures,
    OutboxMessage,
    Ticket,
    User,
)

if TYPE_CHECKING:  # core.kept_replies uses these ports at run time
    from core.insurance.contracts.document_codes import DocumentCode
    from core.kept_replies import KeptReply, ReplyLease


class UserRepository(Protocol):
    def get(self, user_id: int) -> User | None: ...
    def by_username(self, username: str) -> User | None: ...
    def add(self, username: str, full_name: str, roles: Iterable[str], lang: str = "fa") -> User: ...
    def update(self, user: User) -> User:
        """Store full_name, roles and lang of an existing user (matched by id)."""
    def list(self) -> builtins.list[User]: ...
    def with_role(self, role: str) -> builtins.list[User]: ...
    def accounts(self, user_id: int) -> builtins.list[ChatAccount]: ...
    def link_account(self, user_id: int, platform: str, address: str) -> ChatAccount:
        """Idempotent: linking the same (platform, address) again returns the existing link
        (re-pointing it at user_id and clearing undeliverable_reason)."""
    def find_by_account(self, platform: str, address: str) -> User | None: ...
    def find_writer(self, platform: str, address: str) -> tuple[User, bool] | None:
        """find_by_account, and whether that account is marked undeliverable (one query)."""
    def unlink_account(self, platform: str, address: str) -> None: ...
    def set_directory_state(
        self,
        user_id: int,
        full_name: str,
        directory_roles: Iterable[str],
        disabled: bool,
        mobile: str | None,
        unit: str | None,
        checked_at: datetime,
    ) -> User:
        """Store what the directory said about a user, and when."""
    def mark_undeliverable(self, platform: str, address: str, reason: str | None) -> None: ...


class TicketRepository(Protocol):
    def add(self, request_type: str, owner_id: int, fields: dict[str, Any], status: str, now: datetime) -> Ticket: ...
    def get(self, ticket_id: int) -> Ticket | None: ...
    def list(
        self,
        owner_id: int | None = None,
        statuses: Sequence[str] | None = None,
        request_type: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Ticket]:
        """Newest first; `limit` and `offset` cut out one page."""
    def longest_waiting(self, status: str, request_type: str, limit: int) -> builtins.list[Ticket]:
        """Of one type in one status, the `limit` that entered it first (then by id)."""
    def count(self, statuses: Sequence[str], request_type: str) -> int: ...
    def compare_and_set_status(self, ticket_id: int, expected_version: int, new_status: str, now: datetime) -> bool:
        """Set status and bump version only if the version is still expected_version."""
    def add_history(
        self,
        ticket_id: int,
        action: str,
        actor_id: int,
        from_status: str | None,
        to_status: str,
        inputs: dict[str, Any],
        now: datetime,
    ) -> HistoryEntry: ...
    def history(self, ticket_id: int) -> builtins.list[HistoryEntry]:
        """Oldest first."""
    def add_comment(self, ticket_id: int, author_id: int, text: str, now: datetime) -> Comment: ...
    def comments(self, ticket_id: int) -> builtins.list[Comment]:
        """Oldest first."""


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


class ConversationRepository(Protocol):
    def get(self, chat_key: str) -> Conversation | None: ...
    def put(self, chat_key: str, user_id: int, state: dict[str, Any], now: datetime) -> None: ...
    def delete(self, chat_key: str) -> None: ...


class OutboxRepository(Protocol):
    def add(
        self,
        user_id: int | None,  # None: a shared channel, read by no one user
        platform: str,
        address: str,
        kind: str,
        ticket_id: int | None,
        payload: dict[str, Any],
        now: datetime,
    ) -> OutboxMessage: ...
    def due(self, platform: str, now: datetime, limit: int = 100,
            address: str | None = None) -> builtins.list[OutboxMessage]:
        """Undelivered, not failed, next_attempt_at <= now (or unset); oldest first."""
    def claim(
        self, platform: str, now: datetime, until: datetime, limit: int = 100, address: str | None = None
    ) -> builtins.list[OutboxMessage]:
        """Like due, leaving out rows another dispatcher holds, and hold the returned rows until
        `until` (PostgreSQL: FOR UPDATE SKIP LOCKED, so two processes never claim one row)."""
    def claimable(self, platform: str, now: datetime, address: str | None = None) -> bool:
        """Whether claim would find a row now (a read: nothing is held)."""
    def release(self, message_ids: Iterable[int]) -> None:
        """Give claimed rows back unsent."""
    def mark_delivered(self, message_id: int, now: datetime) -> None: ...
    def mark_retry(self, message_id: int, next_attempt_at: datetime, error: str) -> None:
        """attempts += 1, remember the error, try again at next_attempt_at."""
    def mark_failed(self, message_id: int, now: datetime, error: str) -> None: ...
    def list(self, user_id: int | None = None) -> builtins.list[OutboxMessage]: ...


class SentMessageRepository(Protocol):
    """Which ticket a message the bot sent was about, so a reply to it can be routed."""

    def record(self, platform: str, address: str, message_id: str, ticket_id: int) -> None: ...
    def ticket_for(self, platform: str, address: str, message_id: str) -> int | None: ...


class ProcessedMessageRepository(Protocol):
    """Inbound message ids already handled, so a redelivered message is handled once."""

    def seen(self, platform: str, message_id: str) -> bool: ...
    def remember(self, platform: str, message_id: str, now: datetime) -> bool:
        """Insert-if-absent, safe between processes: True when the id was new."""


class InboxRepository(Protocol):
    """Updates a polling transport received and stored before confirming them (unique by update id)."""

    def store(self, platform: str, updates: Sequence[tuple[int, dict[str, Any]]], now: datetime) -> list[int]:
        """Insert-if-absent; the ids that were new (the others were stored before)."""
    def unhandled(self, platform: str, limit: int) -> list[dict[str, Any]]:
        """The payloads not yet handled, oldest update first."""
    def mark_handled(self, platform: str, update_id: int, now: datetime, replies: dict[str, Any] | None) -> None:
        """Handled, with the direct replies to send (kept until marked replied)."""
    def unsent_replies(self, platform: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """(update id, replies) of handled updates whose replies were not sent, oldest first."""
    def mark_replied(self, platform: str, update_ids: Sequence[int]) -> None: ...
    def prune(self, platform: str, handled_before: datetime) -> int:
        """Forget updates handled before then; how many rows went."""


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


class TransportStateRepository(Protocol):
    """Small JSON documents a transport keeps across restarts (poll cursors, menus)."""

    def get(self, platform: str, key: str) -> dict[str, Any] | None: ...
    def put(self, platform: str, key: str, value: dict[str, Any], now: datetime) -> None: ...


class PolicyholderRepository(Protocol):
    def get(self, policyholder_id: int) -> Policyholder | None: ...
    def by_name(self, name: str) -> Policyholder | None:
        """The first of that name: names are not unique."""
    def named(self, name: str) -> builtins.list[Policyholder]: ...
    def by_identifier(self, identifier: str) -> Policyholder | None: ...
    def add(self, name: str, kind: str, now: datetime, identifier: str | None = None) -> Policyholder:
        """A new policyholder; with an identifier, the one of that identifier, added if absent (two
        processes adding it at once get one row)."""
    def set_identifier(self, policyholder_id: int, identifier: str) -> None: ...
    def link_user(self, user_id: int, policyholder_id: int) -> None:
        """The user speaks for this policyholder in chat (replacing any earlier link)."""
    def unlink_user(self, user_id: int) -> None: ...
    def of_user(self, user_id: int) -> Policyholder | None: ...
    def users_of(self, policyholder_id: int) -> builtins.list[int]:
        """Ids of the users linked to the policyholder."""


class GuardianRepository(Protocol):
    """Guardians linked to contracts (national_id "" : any person on the contract)."""

    def link(self, contract_id: int, user_id: int, national_id: str, linked_by: str, now: datetime) -> bool:
        """False when that very link was there already."""
    def unlink(self, contract_id: int, user_id: int, national_id: str | None) -> int:
        """Remove the link for that person (None: every link of the user on the contract); how many went."""
    def of_user(self, user_id: int) -> builtins.list[Guardian]: ...
    def for_contract(self, contract_id: int) -> builtins.list[Guardian]: ...


class ContractRepository(Protocol):
    def add(self, contract: Contract) -> Contract:
        """Store a new contract (its id is ignored) and return it with its id."""
    def get(self, contract_id: int) -> Contract | None: ...
    def by_number(self, number: int) -> Contract | None: ...
    def list(self) -> builtins.list[Contract]:
        """By number."""
    def renewed_by(self, contract_id: int) -> Contract | None:
        """The contract that renews this one, if any."""
    def cancel(self, contract_id: int, on: date) -> None: ...


class MemberRepository(Protocol):
    """The roster: persons on a contract, each from member_from until member_to."""

    def add_many(self, contract_id: int, members: Sequence[NewMember], member_from: date,
                 added_by: int | None = None) -> None: ...
    def for_contract(self, contract_id: int) -> builtins.list[Member]:
        """Everyone who was ever on the roster, in roster order."""
    def insured_on(self, contract_id: int, day: date) -> builtins.list[Member]:
        """The roster as it stood on a day, endorsements counted."""
    def count_insured_on(self, contract_id: int, day: date) -> int: ...
    def end_membership(self, member_ids: Iterable[int], on: date, removed_by: int) -> None: ...
    def correct_person(self, member_id: int, person: Person) -> None: ...


class EndorsementRepository(Protocol):
    def add(self, number: int, contract_id: int, kind: str, effective: date, amount: int,
            details: dict[str, Any], now: datetime, issued_on: date | None = None) -> Endorsement: ...
    def for_contract(self, contract_id: int) -> builtins.list[Endorsement]: ...
    def list(self) -> builtins.list[Endorsement]: ...
    def get(self, endorsement_id: int) -> Endorsement | None: ...
    def by_number(self, number: int) -> Endorsement | None: ...


class PaymentRepository(Protocol):
    def add(self, receipt_number: int, contract_id: int, amount: int, cheque: str, paid_on: date,
            now: datetime, endorsement_id: int | None = None, proposal_id: int | None = None) -> Payment: ...
    def for_contract(self, contract_id: int) -> builtins.list[Payment]: ...
    def by_receipt(self, receipt_number: int) -> Payment | None: ...


class ProposalRepository(Protocol):
    """Quotes sent to policyholders, waiting for the cheque."""

    def add(self, number: int, kind: str, policyholder_id: int, contract_id: int | None, proposed_on: date,
            amount: int, terms: dict[str, Any], actor: str, now: datetime) -> Proposal: ...
    def by_number(self, number: int) -> Proposal | None: ...
    def list(self, status: str | None = None, contract_id: int | None = None) -> builtins.list[Proposal]:
        """By number."""
    def close(self, proposal_id: int, status: str, contract_id: int | None = None,
              endorsement_id: int | None = None) -> bool:
        """Issue or withdraw a proposal still open; False when it was not (another process closed it)."""


class RefundRepository(Protocol):
    def settle(self, settlement: RefundSettlement) -> bool:
        """False when that endorsement's refund was settled already."""
    def for_endorsements(self, endorsement_ids: builtins.list[int]) -> dict[int, RefundSettlement]: ...


class RegisterRepository(Protocol):
    def next_number(self, register: str, start: int) -> int:
        """The register's next number (start for the first), taken atomically in this transaction:
        two transactions never get the same number."""


class RenewalNoticeRepository(Protocol):
    def claim(self, contract_id: int, period_end: date, now: datetime) -> bool:
        """Record that the reminder for this contract and period goes out; False when it already went."""


class ReportDispatchRepository(Protocol):
    def claim(self, report: str, period: str, now: datetime) -> bool:
        """Record that a report of a period is sent; False when it was already (by any process)."""
    def sent(self, report: str, period: str) -> bool: ...


class OperationsRepository(Protocol):
    """Assignment, reminders sent, the search index and the figures of a period."""

    def assign(self, ticket_id: int, user_id: int | None) -> None: ...
    def claim_reminder(self, ticket_id: int, state_entered_at: datetime, kind: str, now: datetime) -> bool:
        """Record that reminder `kind` for this stay of the ticket in its state goes out; False when
        it was recorded before (by this process or another): then it must not be sent again."""
    def claim_digest(self, user_id: int, day: str, now: datetime) -> bool:
        """Likewise for one user's daily digest of `day` (Jalali YYYY/MM/DD)."""
    def index_terms(self, ticket_id: int, terms: Iterable[str]) -> None:
        """Add search terms of a ticket (terms it has already are kept once)."""
    def search(
        self, words: Sequence[str], owner_id: int | None, limit: int, before_id: int | None = None
    ) -> builtins.list[Ticket]:
        """Tickets having, for every word, a term that starts with it; newest (highest id) first."""
    def created_between(self, start: datetime, end: datetime) -> builtins.list[Ticket]: ...
    def history_between(self, start: datetime, end: datetime) -> builtins.list[HistoryEntry]: ...
    def history_of(self, ticket_ids: Iterable[int]) -> dict[int, builtins.list[HistoryEntry]]:
        """Each ticket's history, oldest first."""
    def tickets_by_id(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]: ...
class LinkCodeRepository(Protocol):
    def add(self, code_hash: str, user_id: int, expires_at: datetime) -> None: ...
    def get(self, code_hash: str) -> LinkCode | None: ...
    def mark_used(self, code_hash: str, now: datetime) -> bool:
        """Only if still unused (a conditional write: a code is used once, even by two at once)."""


class LinkFailureRepository(Protocol):
    def get(self, key: str) -> LinkFailures | None: ...
    def put(self, key: str, count: int, locked_until: datetime | None, now: datetime) -> None: ...
    def delete(self, key: str) -> None: ...


class DirectoryLookup(Protocol):
    """The organisation's directory (Active Directory, OpenLDAP), read with a service account.

    Both methods raise core.errors.DirectoryUnavailable when the directory does not answer.
    """

    def find(self, username: str) -> DirectoryPerson | None:
        """The person whose entry matches the user filter for `username` (escaped), or None."""

    def check_password(self, person: DirectoryPerson, password: str) -> bool:
        """Bind as person.dn (the DN the search found) with `password`; never an empty password."""


class ClaimRepository(Protocol):
    """The claims register: claim files, their ticked documents and their history."""

    def add(self, claim: NewClaim, now: datetime) -> Claim: ...
    def get(self, claim_id: int) -> Claim | None: ...
    def by_number(self, number: int) -> Claim | None: ...
    def by_ticket(self, ticket_id: int) -> Claim | None:
        """The claim a chat request carries."""
    def for_person(self, national_id: str) -> builtins.list[Claim]:
        """Every claim of the person, under any contract, by number (the kardex)."""
    def list(self, contract_id: int | None = None) -> builtins.list[Claim]:
        """By number."""
    def save(self, claim: Claim, now: datetime) -> Claim | None:
        """Store the claim's changeable fields (status, checks, eligible, override, radiographs_needed,
        analysis, assessment, payable, ticket_id) only if its version is still claim.version; returns
        it with the version bumped, or None when someone changed it meanwhile."""
    def tick_document(self, claim_id: int, code: str, actor: str, now: datetime, attachment_id: int | None = None,
                      note: str = "") -> bool:
        """False when that document was already ticked."""
    def untick_document(self, claim_id: int, code: str) -> bool: ...
    def documents(self, claim_id: int) -> builtins.list[ClaimDocument]: ...
    def add_event(self, claim_id: int, action: str, actor: str, details: dict[str, Any],
                  now: datetime) -> ClaimEvent: ...
    def events(self, claim_id: int) -> builtins.list[ClaimEvent]:
        """Oldest first."""
    def lock_person(self, contract_id: int, national_id: str) -> None:
        """Hold the person's claims under the contract until the transaction ends (PostgreSQL: their
        rows FOR UPDATE; SQLite's writers are one at a time already), so two payment orders for the
        same person are worked out one after the other."""


class PaymentOrderRepository(Protocol):
    """The payment-order register (دفتر صدور حواله)."""

    def add(self, order: NewPaymentOrder, now: datetime) -> PaymentOrder | None:
        """None, writing nothing, when the case (contract, national id, incident date, kind) or the
        claim already has an order: storage enforces it, so two experts at once cannot both pay."""
    def by_number(self, number: int) -> PaymentOrder | None: ...
    def for_claim(self, claim_id: int) -> PaymentOrder | None: ...
    def list(self, contract_id: int | None = None) -> builtins.list[PaymentOrder]:
        """By number."""
    def mark_collected(self, number: int, actor: str, cheque: str | None, now: datetime) -> bool:
        """False when it was already collected (or does not exist)."""


class DocumentCodeRepository(Protocol):
    """Verification codes of the documents printed (core/insurance/contracts/document_codes.py)."""

    def add(self, code: DocumentCode) -> bool:
        """False, writing nothing, when the code or the document (kind, number, period, amount) has one."""
    def find(self, kind: str, number: int, period: int, amount: int) -> DocumentCode | None: ...
    def latest(self, kind: str, number: int, period: int = 0) -> DocumentCode | None:
        """The newest code of a document, whatever its amount."""
    def by_code(self, code: str) -> DocumentCode | None: ...
    def set_sha256(self, code: str, sha256: str) -> None:
        """The PDF's hash, kept from its first print."""


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
    def __exit__(self, *exc: object) -> None:
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
