"""Proposals and refund settlements."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


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
    closed_by: Mapped[str | None] = mapped_column(String(64))  # who issued or withdrew it; NULL: open, or before


class RefundSettlementRow(Base):
    """A refund (return endorsement, cancellation) paid back to the policyholder: once per endorsement."""

    __tablename__ = "refund_settlements"

    endorsement_id: Mapped[int] = mapped_column(ForeignKey("endorsements.id"), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    settled_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
