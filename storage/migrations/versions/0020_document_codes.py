"""Verification codes of the documents the desk prints (issue 23).

- document_codes: a document's code (kind, number, the statistics' period, amount, date, the PDF's
  SHA-256), unique per code and per document and amount; issued with the document's record.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-07

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_document_codes"),
        sa.UniqueConstraint("code", name="uq_document_codes_code"),
        sa.UniqueConstraint("kind", "number", "period", "amount", name="uq_document_codes_document"),
    )


def downgrade() -> None:
    op.drop_table("document_codes")
