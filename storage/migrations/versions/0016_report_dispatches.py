"""Reports the desk sends by itself, each recorded once: the monthly reports to the departments,
a contract's six-monthly claims statistics to its policyholder (issue 23).

Revision ID: 0016
Revises: 0019
Create Date: 2026-12-10

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_dispatches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_dispatches"),
        sa.UniqueConstraint("report", "period", name="uq_report_dispatches_report_period"),
    )


def downgrade() -> None:
    op.drop_table("report_dispatches")
