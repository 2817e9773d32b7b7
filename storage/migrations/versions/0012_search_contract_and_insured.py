"""Search: claims, endorsement and renewal requests found by the contract they are on, claims also by
the insured person's national id and name (form fields marked searchable; new tickets are indexed
on submit). This indexes the tickets filed before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.search import ticket_terms, value_terms

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the searchable fields as they stood at this revision (core/forms: FormField.searchable)
SEARCHABLE = {"endorsement_request": ("contract",), "renewal_request": ("contract",),
              "claim": ("contract", "insured")}


def upgrade() -> None:
    connection = op.get_bind()
    meta = sa.MetaData()
    tickets = sa.Table("tickets", meta, autoload_with=connection)
    terms_table = sa.Table("ticket_search_terms", meta, autoload_with=connection)
    rows = connection.execute(sa.select(tickets.c.id, tickets.c.request_type, tickets.c.fields)
                              .where(tickets.c.request_type.in_(list(SEARCHABLE))))
    for row in rows.all():
        fields = row.fields or {}
        terms: set[str] = set()
        for field_id in SEARCHABLE[row.request_type]:
            value = fields.get(field_id)
            terms |= ticket_terms(value) if isinstance(value, dict) else value_terms(value)
        have = set(connection.execute(sa.select(terms_table.c.term)
                                      .where(terms_table.c.ticket_id == row.id)).scalars())
        if terms - have:
            connection.execute(sa.insert(terms_table),
                               [{"term": t, "ticket_id": row.id} for t in sorted(terms - have)])


def downgrade() -> None:
    pass  # extra search terms are harmless to an older revision
