"""Indexes for the pages of /my and /queue: one owner's tickets newest first, one status's
tickets longest waiting first, so a page costs the same at 1,000 tickets as at 100,000.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_tickets_owner_created", "tickets", ["owner_id", "created_at", "id"])
    op.create_index("ix_tickets_waiting", "tickets", ["status", "request_type", "state_entered_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_tickets_waiting", table_name="tickets")
    op.drop_index("ix_tickets_owner_created", table_name="tickets")
