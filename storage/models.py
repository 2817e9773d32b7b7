"""ORM tables. Only storage uses these; core sees the dataclasses in core.models.

JSON columns are plain (not mutation-tracked): code that changes one must assign
a new value to the attribute, otherwise the change is not written.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Explicit constraint names, so later migrations (batch mode on SQLite) can
# refer to constraints by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC without an offset; always returns an aware UTC datetime.

    SQLite has no time zone support, so the offset is normalised away on the
    way in and put back on the way out. Naive datetimes are refused: their
    meaning is a guess.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware (UTC) datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    roles: Mapped[list[str]]  # granted in the database
    lang: Mapped[str] = mapped_column(String(8))
    # what the directory said when last asked (directory_checked_at: None for database-only users)
    directory_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(300))
    directory_checked_at: Mapped[datetime | None]


class ChatAccountRow(Base):
    __tablename__ = "chat_accounts"
    __table_args__ = (UniqueConstraint("platform", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255))
    undeliverable_reason: Mapped[str | None] = mapped_column(Text)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # a page of /my (one owner's, newest first) and of /queue (one status, longest waiting
        # first) read straight from an index, however many tickets there are
        Index("ix_tickets_owner_created", "owner_id", "created_at", "id"),
        Index("ix_tickets_waiting", "status", "request_type", "state_entered_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    fields: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    state_entered_at: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class TicketHistoryRow(Base):
    __tablename__ = "ticket_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(64))
    to_status: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]]
    at: Mapped[datetime]


class CommentRow(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class AttachmentRow(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Null while the file belongs to a form that has not been submitted yet.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(1024))
    created_at: Mapped[datetime]


class ConversationRow(Base):
    __tablename__ = "conversations"

    chat_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # Serves OutboxRepository.due: pending rows of one platform (and address).
        Index("ix_outbox_due", "platform", "delivered_at", "failed_at", "next_attempt_at"),
        Index("ix_outbox_platform_address", "platform", "address"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # null for a row addressed to a shared channel rather than to one person
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # a dispatcher is sending it until then (several processes share the outbox)
    claimed_until: Mapped[datetime | None]


class SentMessageRow(Base):
    __tablename__ = "sent_messages"
    __table_args__ = (UniqueConstraint("platform", "address", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))


class ProcessedMessageRow(Base):
    __tablename__ = "processed_messages"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime]


class InboxRow(Base):
    """An update a polling transport received; handled_at is set once it has been handled, with
    the direct replies to it, which stay until they are sent."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_platform_handled_at", "platform", "handled_at"),
                      Index("ix_inbox_unsent_replies", "platform", "update_id",
                            sqlite_where=text("replies IS NOT NULL"), postgresql_where=text("replies IS NOT NULL")))

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    handled_at: Mapped[datetime | None]
    replies: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class KeptReplyRow(Base):
    """The direct replies of a handled message (webhooks, Rocket.Chat), kept until sent, under the
    owner id of the process sending them (its lease: ReplyLeaseRow)."""

    __tablename__ = "kept_replies"
    __table_args__ = (Index("ix_kept_replies_platform_owner", "platform", "owner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(255))
    owner: Mapped[str] = mapped_column(String(64))
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON())
    kept_at: Mapped[datetime]


class ReplyLeaseRow(Base):
    """A running process's claim on the replies it keeps, renewed while it lives."""

    __tablename__ = "reply_leases"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime]


class TransportStateRow(Base):
    """What a transport must remember across restarts (poll cursors, button menus)."""

    __tablename__ = "transport_state"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


# ---- the insurer's side (migration 0003) -------------------------------------------------


class PolicyholderRow(Base):
    """A policyholder is known by its identifier (the legal entity's national id or registration
    number); two may share a name."""

    __tablename__ = "policyholders"
    # One record without an identifier per name: the command line finds (or adds) a policyholder by its
    # name alone, and two processes adding one at once must find the same row.
    __table_args__ = (Index("uq_policyholders_name_without_identifier", "name", unique=True,
                            sqlite_where=text("identifier IS NULL"), postgresql_where=text("identifier IS NULL")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    identifier: Mapped[str | None] = mapped_column(String(20), unique=True)


class PolicyholderUserRow(Base):
    """A user who speaks for a policyholder in chat (the `policyholder` role's link): one per user."""

    __tablename__ = "policyholder_users"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    policyholder_id: Mapped[int] = mapped_column(ForeignKey("policyholders.id"), index=True)


class ContractGuardianRow(Base):
    """A guardian the policyholder linked to a contract: they may file claims on it, for the
    person of `national_id` only, or for anyone on it when it is "" (migration 0010)."""

    __tablename__ = "contract_guardians"
    __table_args__ = (UniqueConstraint("contract_id", "user_id", "national_id", name="uq_contract_guardians_link"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    national_id: Mapped[str] = mapped_column(String(10))
    linked_by: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime]


class ContractRow(Base):
    __tablename__ = "insurance_contracts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)  # the contract register: never alike
    policyholder_id: Mapped[int] = mapped_column(ForeignKey("policyholders.id"), index=True)
    plan: Mapped[str] = mapped_column(String(32))
    death_capital: Mapped[int] = mapped_column(BigInteger)
    medical_capital: Mapped[int] = mapped_column(BigInteger)
    rate: Mapped[int] = mapped_column(BigInteger)
    discount_percent: Mapped[int] = mapped_column(Integer)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    office: Mapped[str] = mapped_column(String(300))
    agency: Mapped[str | None] = mapped_column(String(300))
    premium: Mapped[int] = mapped_column(BigInteger)
    above_authority: Mapped[bool] = mapped_column(Boolean)
    payment_due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    renewal_of: Mapped[int | None] = mapped_column(ForeignKey("insurance_contracts.id"), index=True)
    created_at: Mapped[datetime]
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    issued_on: Mapped[date | None] = mapped_column(Date)
    medical_rate: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))


class InsuredPersonRow(Base):
    """A person on a contract's roster from member_from until member_to (exclusive; null: still on it)."""

    __tablename__ = "insured_persons"
    __table_args__ = (Index("ix_insured_persons_contract_national_id", "contract_id", "national_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"))
    national_id: Mapped[str] = mapped_column(String(10))
    first_name: Mapped[str] = mapped_column(String(150))
    last_name: Mapped[str] = mapped_column(String(150))
    birth_date: Mapped[date] = mapped_column(Date)
    role: Mapped[str] = mapped_column(String(16))
    exemption: Mapped[str | None] = mapped_column(String(32))
    extra_risk: Mapped[bool] = mapped_column(Boolean)
    primary_insurer: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    annual_premium: Mapped[int] = mapped_column(BigInteger)
    charged: Mapped[int] = mapped_column(BigInteger)
    rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    member_from: Mapped[date] = mapped_column(Date)
    member_to: Mapped[date | None] = mapped_column(Date)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("endorsements.id"))
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("endorsements.id"))


class EndorsementRow(Base):
    __tablename__ = "endorsements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)  # the endorsement register
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    effective: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    issued_on: Mapped[date | None] = mapped_column(Date)


class PaymentRow(Base):
    """A premium cheque and its receipt (قبض رسید)."""

    __tablename__ = "insurance_payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_number: Mapped[int] = mapped_column(BigInteger, unique=True)  # the receipt register
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    cheque: Mapped[str] = mapped_column(String(64))
    paid_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]
    endorsement_id: Mapped[int | None] = mapped_column(ForeignKey("endorsements.id"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("insurance_proposals.id"))


class ProposalRow(Base):
    """A quote sent to the policyholder (طرح بیمه حوادث): paying it issues the contract, renewal or
    endorsement. Its number is the desk's own (not a register of the seed's)."""

    __tablename__ = "insurance_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    policyholder_id: Mapped[int] = mapped_column(ForeignKey("policyholders.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("insurance_contracts.id"), index=True)
    proposed_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    terms: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    issued_contract_id: Mapped[int | None] = mapped_column(ForeignKey("insurance_contracts.id"))
    issued_endorsement_id: Mapped[int | None] = mapped_column(ForeignKey("endorsements.id"))


class RefundSettlementRow(Base):
    """A refund (return endorsement, cancellation) paid back to the policyholder: once per endorsement."""

    __tablename__ = "refund_settlements"

    endorsement_id: Mapped[int] = mapped_column(ForeignKey("endorsements.id"), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    settled_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class RegisterCounterRow(Base):
    """The last number given by each register; updated in place, so numbers are never alike."""

    __tablename__ = "register_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_number: Mapped[int] = mapped_column(BigInteger)


class RenewalNoticeRow(Base):
    __tablename__ = "renewal_notices"
    __table_args__ = (UniqueConstraint("contract_id", "period_end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"))
    period_end: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime]
class ReportDispatchRow(Base):
    """A report the desk sent by itself: one row per report and period, ever (a monthly report to the
    departments, a contract's six-monthly claims statistics to its policyholder)."""

    __tablename__ = "report_dispatches"
    __table_args__ = (UniqueConstraint("report", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(64))  # contracts, renewals, endorsements, claims, semiannual:300000
    period: Mapped[str] = mapped_column(String(16))  # 1403/08, or a contract's six months: 1, 2, ...
    sent_at: Mapped[datetime]


class ReminderSentRow(Base):
    """A deadline reminder that went out: one per ticket, stay in a state, and kind, ever."""

    __tablename__ = "reminders_sent"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    state_entered_at: Mapped[datetime] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    sent_at: Mapped[datetime]


class DigestSentRow(Base):
    """A daily digest that went out: one per person and day."""

    __tablename__ = "digests_sent"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # Jalali YYYY/MM/DD
    sent_at: Mapped[datetime]


class TicketSearchTermRow(Base):
    """The search index: folded terms of a ticket's numbers and names (core.search).

    The primary key (term, ticket_id) is the index a prefix search scans as a range."""

    __tablename__ = "ticket_search_terms"
    __table_args__ = (Index("ix_ticket_search_terms_ticket_id", "ticket_id"),)

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
class LinkCodeRow(Base):
    """A one-time code for linking a chat account: its SHA-256, never the code itself."""

    __tablename__ = "link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class LinkFailureRow(Base):
    """Wrong passwords or codes against a chat account or a username, and the lockout they caused."""

    __tablename__ = "link_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]


# ---- claims (migration 0008) ------------------------------------------------------------


class ClaimRow(Base):
    """A claim file in the claims register (دفتر اعلام خسارت); number is its file number."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_national_id", "national_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"), index=True)
    national_id: Mapped[str] = mapped_column(String(10))
    person_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    incident_date: Mapped[date] = mapped_column(Date)
    incident_time: Mapped[time | None] = mapped_column(Time)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    eligible: Mapped[bool] = mapped_column(Boolean)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(150))
    radiographs_needed: Mapped[bool] = mapped_column(Boolean)
    analysis: Mapped[dict[str, Any]]
    assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payable: Mapped[int | None] = mapped_column(BigInteger)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    filed_by: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)


class ClaimDocumentRow(Base):
    """A document of the checklist ticked off on a claim: once per (claim, code)."""

    __tablename__ = "claim_documents"
    __table_args__ = (UniqueConstraint("claim_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    code: Mapped[str] = mapped_column(String(64))
    ticked_at: Mapped[datetime]
    ticked_by: Mapped[str] = mapped_column(String(150))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    note: Mapped[str] = mapped_column(Text)


class ClaimEventRow(Base):
    """The claim's history: every step, with who took it and its details (an override's reason)."""

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(150))
    details: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class PaymentOrderRow(Base):
    """A payment order (حواله) in the payment-order register. The paid case key
    (contract, national id, incident date, kind) is unique: two experts ordering the
    same case at the same instant cannot both succeed, whatever the code above does."""

    __tablename__ = "claim_payment_orders"
    __table_args__ = (UniqueConstraint("contract_id", "national_id", "incident_date", "kind",
                                       name="uq_claim_payment_orders_paid_case"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), unique=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("insurance_contracts.id"), index=True)
    national_id: Mapped[str] = mapped_column(String(10))
    incident_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    shares: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(150))
    collected_at: Mapped[datetime | None]
    collected_by: Mapped[str | None] = mapped_column(String(150))
    cheque: Mapped[str | None] = mapped_column(String(64))


class DocumentCodeRow(Base):
    """A document's verification code (core/insurance/contracts/document_codes.py): one per document and amount."""

    __tablename__ = "document_codes"
    __table_args__ = (UniqueConstraint("kind", "number", "period", "amount", name="uq_document_codes_document"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(BigInteger)
    period: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    issued_on: Mapped[date] = mapped_column(Date)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
