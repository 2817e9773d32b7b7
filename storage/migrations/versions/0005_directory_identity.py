"""Identity from the directory: what it said about each user, one-time link codes, link lockouts.

Users get the directory's roles (beside the ones granted in the database), whether
the account is disabled, the profile offered in forms, and when the directory was
last asked. Link codes are stored hashed; link failures count wrong passwords and
codes per chat account and per username.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: rebuilding `users` drops a table that tickets,
    # history and the outbox reference, which SQLite refuses once there are rows.
    op.add_column("users", sa.Column("directory_roles", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("users", sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("users", sa.Column("mobile", sa.String(length=32), nullable=True))
    op.add_column("users", sa.Column("unit", sa.String(length=300), nullable=True))
    op.add_column("users", sa.Column("directory_checked_at", sa.DateTime(), nullable=True))
    op.create_table(
        "link_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_link_codes_user_id_users")),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_link_codes")),
    )
    op.create_index(op.f("ix_link_codes_user_id"), "link_codes", ["user_id"])
    op.create_table(
        "link_failures",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_link_failures")),
    )


def downgrade() -> None:
    op.drop_table("link_failures")
    op.drop_index(op.f("ix_link_codes_user_id"), table_name="link_codes")
    op.drop_table("link_codes")
    with op.batch_alter_table("users") as batch:
        for column in ("directory_checked_at", "unit", "mobile", "disabled", "directory_roles"):
            batch.drop_column(column)
