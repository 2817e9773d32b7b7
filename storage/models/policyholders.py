"""The insurer's side (migration 0003): policyholders, the users speaking for them, guardians."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


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
    linked_by: Mapped[str | None] = mapped_column(String(64))  # NULL: linked before the desk kept who


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
