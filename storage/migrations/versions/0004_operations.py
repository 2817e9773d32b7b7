"""Operations: deadline clocks, assignment, reminders sent once, the search index.

tickets.state_entered_at starts a deadline's clock (filled from the history for
existing tickets), tickets.assignee_id is who took the ticket in its state;
reminders_sent and digests_sent make each reminder go out once across restarts
and processes (their primary keys refuse a second row); ticket_search_terms is
the folded-term index /find scans by prefix.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import User
from core.search import input_terms, ticket_terms

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN, not batch mode: rebuilding tickets would trip the foreign keys
    # that history, comments and the outbox hold on it
    op.add_column("tickets", sa.Column("state_entered_at", sa.DateTime(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # Alembic adds no constraint there; SQLite takes it inline
        op.execute("ALTER TABLE tickets ADD COLUMN assignee_id INTEGER "
                   "CONSTRAINT fk_tickets_assignee_id_users REFERENCES users (id)")
    else:
        op.add_column("tickets", sa.Column("assignee_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_tickets_assignee_id_users"), "tickets", "users", ["assignee_id"], ["id"])
    op.create_index(op.f("ix_tickets_assignee_id"), "tickets", ["assignee_id"])
    op.execute(
        "UPDATE tickets SET state_entered_at = COALESCE("
        "(SELECT MAX(h.at) FROM ticket_history h WHERE h.ticket_id = tickets.id), updated_at)"
    )
    op.create_table(
        "reminders_sent",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("state_entered_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_reminders_sent_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("ticket_id", "state_entered_at", "kind", name=op.f("pk_reminders_sent")),
    )
    op.create_table(
        "digests_sent",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_digests_sent_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_digests_sent")),
    )
    op.create_table(
        "ticket_search_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_search_terms_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("term", "ticket_id", name=op.f("pk_ticket_search_terms")),
    )
    op.create_index("ix_ticket_search_terms_ticket_id", "ticket_search_terms", ["ticket_id"])
    _index_existing_tickets()


def _index_existing_tickets() -> None:
    connection = op.get_bind()
    meta = sa.MetaData()
    tickets = sa.Table("tickets", meta, autoload_with=connection)
    users = sa.Table("users", meta, autoload_with=connection)
    history = sa.Table("ticket_history", meta, autoload_with=connection)
    terms_table = sa.Table("ticket_search_terms", meta, autoload_with=connection)
    owners = {row.id: User(row.id, row.username, row.full_name) for row in connection.execute(sa.select(users))}
    inputs: dict[int, set[str]] = {}
    for row in connection.execute(sa.select(history.c.ticket_id, history.c.inputs)):
        inputs.setdefault(row.ticket_id, set()).update(input_terms(row.inputs or {}))
    for row in connection.execute(sa.select(tickets.c.id, tickets.c.owner_id, tickets.c.fields)):
        terms = ticket_terms(row.fields or {}, owners.get(row.owner_id)) | inputs.get(row.id, set())
        if terms:
            connection.execute(sa.insert(terms_table), [{"term": t, "ticket_id": row.id} for t in sorted(terms)])


def downgrade() -> None:
    op.drop_index("ix_ticket_search_terms_ticket_id", table_name="ticket_search_terms")
    op.drop_table("ticket_search_terms")
    op.drop_table("digests_sent")
    op.drop_table("reminders_sent")
    op.drop_index(op.f("ix_tickets_assignee_id"), table_name="tickets")
    # SQLite drops a column only when nothing refers to it; the foreign key goes with the column
    with op.batch_alter_table("tickets", recreate="never") as batch:
        batch.drop_column("assignee_id")
        batch.drop_column("state_entered_at")
