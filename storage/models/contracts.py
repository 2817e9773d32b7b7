"""Contracts, the insured persons, endorsements, payments, register counters, renewal notices."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


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
    actor: Mapped[str | None] = mapped_column(String(64))  # NULL: issued before the desk kept who


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
    actor: Mapped[str | None] = mapped_column(String(64))  # NULL: recorded before the desk kept who


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
