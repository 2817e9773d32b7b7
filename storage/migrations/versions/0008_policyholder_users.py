"""Users linked to a policyholder: who speaks for a kindergarten or organisation in chat.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "policyholder_users",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_policyholder_users_user_id_users"),
                  nullable=False),
        sa.Column("policyholder_id", sa.Integer(),
                  sa.ForeignKey("policyholders.id", name="fk_policyholder_users_policyholder_id_policyholders"),
                  nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_policyholder_users"),
    )
    op.create_index("ix_policyholder_users_policyholder_id", "policyholder_users", ["policyholder_id"])


def downgrade() -> None:
    op.drop_index("ix_policyholder_users_policyholder_id", table_name="policyholder_users")
    op.drop_table("policyholder_users")
