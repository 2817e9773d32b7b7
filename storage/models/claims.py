"""Claims (migration 0008): claim files, their documents and events, and payment orders."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


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
