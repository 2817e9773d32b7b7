"""The inbox: updates a polling transport received, stored before their offset is confirmed.

Telegram's getUpdates offset is confirmed as soon as a batch is stored here, so
updates are not fetched again while they are being handled; a crash leaves the
unhandled rows to the next start.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

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
        "inbox",
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("platform", "update_id", name=op.f("pk_inbox")),
    )
    op.create_index("ix_inbox_platform_handled_at", "inbox", ["platform", "handled_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_platform_handled_at", table_name="inbox")
    op.drop_table("inbox")
