"""Claims: the claims register, ticked documents, history, payment orders.

claims holds each claim file (its number from the claims register, a counter in
register_counters) with its eligibility checks, the trusted doctor's analysis and
the assessment. claim_documents is unique per (claim, code): a document is ticked
once. claim_payment_orders is unique per paid case (contract, national id,
incident date, kind): the same case is never ordered twice, even by two experts
at the same instant; and unique per claim.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('national_id', sa.String(length=10), nullable=False),
    sa.Column('person_name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('incident_date', sa.Date(), nullable=False),
    sa.Column('incident_time', sa.Time(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('override_by', sa.String(length=150), nullable=True),
    sa.Column('radiographs_needed', sa.Boolean(), nullable=False),
    sa.Column('analysis', sa.JSON(), nullable=False),
    sa.Column('assessment', sa.JSON(), nullable=True),
    sa.Column('payable', sa.BigInteger(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('filed_by', sa.String(length=150), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['insurance_contracts.id'], name=op.f('fk_claims_contract_id_insurance_contracts')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_claims_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('number', name=op.f('uq_claims_number'))
    )
    with op.batch_alter_table('claims') as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_claims_national_id', ['national_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('claim_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('ticked_at', sa.DateTime(), nullable=False),
    sa.Column('ticked_by', sa.String(length=150), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_claim_documents_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_documents_claim_id_claims')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_documents')),
    sa.UniqueConstraint('claim_id', 'code', name=op.f('uq_claim_documents_claim_id_code'))
    )
    op.create_table('claim_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=150), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_events_claim_id_claims')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_events'))
    )
    with op.batch_alter_table('claim_events') as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_events_claim_id'), ['claim_id'], unique=False)

    op.create_table('claim_payment_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('national_id', sa.String(length=10), nullable=False),
    sa.Column('incident_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('shares', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=150), nullable=False),
    sa.Column('collected_at', sa.DateTime(), nullable=True),
    sa.Column('collected_by', sa.String(length=150), nullable=True),
    sa.Column('cheque', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_payment_orders_claim_id_claims')),
    sa.ForeignKeyConstraint(['contract_id'], ['insurance_contracts.id'], name=op.f('fk_claim_payment_orders_contract_id_insurance_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_payment_orders')),
    sa.UniqueConstraint('claim_id', name=op.f('uq_claim_payment_orders_claim_id')),
    sa.UniqueConstraint('contract_id', 'national_id', 'incident_date', 'kind', name='uq_claim_payment_orders_paid_case'),
    sa.UniqueConstraint('number', name=op.f('uq_claim_payment_orders_number'))
    )
    with op.batch_alter_table('claim_payment_orders') as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_payment_orders_contract_id'), ['contract_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claim_payment_orders') as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_payment_orders_contract_id'))

    op.drop_table('claim_payment_orders')
    with op.batch_alter_table('claim_events') as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_events_claim_id'))

    op.drop_table('claim_events')
    op.drop_table('claim_documents')
    with op.batch_alter_table('claims') as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_claims_status'))
        batch_op.drop_index('ix_claims_national_id')
        batch_op.drop_index(batch_op.f('ix_claims_contract_id'))

    op.drop_table('claims')
