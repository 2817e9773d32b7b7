"""Outbox claims, so several bot processes share one outbox.

A dispatcher claims the rows it is about to send until `claimed_until` (a
lease): other processes skip them, and the rows of a process that died are
claimed again when the lease runs out.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claimed_until")
