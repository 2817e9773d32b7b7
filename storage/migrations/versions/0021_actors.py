"""Who recorded each premium cheque, issued each endorsement, closed each proposal and linked each
policyholder's person (issue 25, the audit trail).

- insurance_payments.actor, endorsements.actor, insurance_proposals.closed_by (who issued or withdrew it),
  policyholder_users.linked_by: a username, or the command line's operator; NULL on the rows written
  before, whose actor the desk did not keep.

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
    with op.batch_alter_table("insurance_proposals") as batch:
        batch.add_column(sa.Column("closed_by", sa.String(length=64), nullable=True))
    with op.batch_alter_table("policyholder_users") as batch:
        batch.add_column(sa.Column("linked_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("policyholder_users") as batch:
        batch.drop_column("linked_by")
    with op.batch_alter_table("insurance_proposals") as batch:
        batch.drop_column("closed_by")
    with op.batch_alter_table("endorsements") as batch:
        batch.drop_column("actor")
    with op.batch_alter_table("insurance_payments") as batch:
        batch.drop_column("actor")
