"""Kept replies and reply leases: the direct replies of a handled message, kept until sent, for
the transports without an inbox (Telegram and Bale webhooks, Rocket.Chat), and which process
each belongs to.

A reply is written in its handling's transaction, under the owner id of the process that
handled it, and deleted once sent. A process holds a lease (renewed while it runs); a start
sends the replies whose owner's lease ran out (or whose process on this host is gone), never
those of a live process.

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-20

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.String(length=255), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_replies")),
    )
    op.create_index("ix_kept_replies_platform_owner", "kept_replies", ["platform", "owner"])
    op.create_table(
        "reply_leases",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_reply_leases")),
    )


def downgrade() -> None:
    op.drop_table("reply_leases")
    op.drop_index("ix_kept_replies_platform_owner", table_name="kept_replies")
    op.drop_table("kept_replies")
