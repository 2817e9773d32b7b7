"""Guardians linked to a contract by its policyholder: who may file a claim for an insured person.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contract_guardians",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(),
                  sa.ForeignKey("insurance_contracts.id", name="fk_contract_guardians_contract_id_insurance_contracts"),
                  nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_contract_guardians_user_id_users"),
                  nullable=False),
        sa.Column("national_id", sa.String(length=10), nullable=False),
        sa.Column("linked_by", sa.String(length=64), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contract_guardians"),
        sa.UniqueConstraint("contract_id", "user_id", "national_id", name="uq_contract_guardians_link"),
    )
    op.create_index("ix_contract_guardians_user_id", "contract_guardians", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_contract_guardians_user_id", table_name="contract_guardians")
    op.drop_table("contract_guardians")
