"""The inbox keeps an update's direct replies until they are sent.

They are written with the update's handled mark, in its handling's transaction, and cleared
once sent; a crash between the two leaves them to be sent at the next start, so the person
sees the answer (the form's next question) to what they sent.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("replies", sa.JSON(), nullable=True))
    # only the few rows whose replies were not sent yet are in it
    op.create_index("ix_inbox_unsent_replies", "inbox", ["platform", "update_id"],
                    sqlite_where=sa.text("replies IS NOT NULL"), postgresql_where=sa.text("replies IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_inbox_unsent_replies", table_name="inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("replies")
