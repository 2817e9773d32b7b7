"""Verification codes of the documents printed."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


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
