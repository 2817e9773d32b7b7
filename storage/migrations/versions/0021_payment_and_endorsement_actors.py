"""Who recorded each premium cheque and who issued each endorsement (issue 25, the audit trail).

- insurance_payments.actor, endorsements.actor: the username (or the command line's operator);
  NULL on the rows written before, whose actor the desk did not keep.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("insurance_payments") as batch:
        batch.add_column(sa.Column("actor", sa.String(length=64), nullable=True))
    with op.batch_alter_table("endorsements") as batch:
        batch.add_column(sa.Column("actor", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("endorsements") as batch:
        batch.drop_column("actor")
    with op.batch_alter_table("insurance_payments") as batch:
        batch.drop_column("actor")
