"""Transport state and channel notifications.

A key/value table for what a transport must keep across restarts (Rocket.Chat
poll cursors and button menus), and outbox rows without a user: a notification
for a shared expert channel belongs to no single person.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transport_state",
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "key", name=op.f("pk_transport_state")),
    )
    # batch mode: SQLite cannot alter a column in place
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE user_id IS NULL")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("transport_state")
