"""The insurer's side: policyholders, contracts, rosters, endorsements, payments, registers.

insured_persons keeps each person's membership dates (member_from, member_to), so
the roster on any day, endorsements counted, can be rebuilt for claims.
register_counters holds the last number of each register (contract, endorsement,
receipt), updated in place inside the transaction that uses the number.
renewal_notices is unique per (contract, period end): a reminder goes out once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('policyholders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policyholders')),
    sa.UniqueConstraint('name', name=op.f('uq_policyholders_name'))
    )
    op.create_table('register_counters',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('last_number', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_register_counters'))
    )
    op.create_table('insurance_contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('policyholder_id', sa.Integer(), nullable=False),
    sa.Column('plan', sa.String(length=32), nullable=False),
    sa.Column('death_capital', sa.BigInteger(), nullable=False),
    sa.Column('medical_capital', sa.BigInteger(), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('discount_percent', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('office', sa.String(length=300), nullable=False),
    sa.Column('agency', sa.String(length=300), nullable=True),
    sa.Column('premium', sa.BigInteger(), nullable=False),
    sa.Column('above_authority', sa.Boolean(), nullable=False),
    sa.Column('payment_due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('renewal_of', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['policyholder_id'], ['policyholders.id'], name=op.f('fk_insurance_contracts_policyholder_id_policyholders')),
    sa.ForeignKeyConstraint(['renewal_of'], ['insurance_contracts.id'], name=op.f('fk_insurance_contracts_renewal_of_insurance_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_contracts')),
    sa.UniqueConstraint('number', name=op.f('uq_insurance_contracts_number'))
    )
    with op.batch_alter_table('insurance_contracts') as batch_op:
        batch_op.create_index(batch_op.f('ix_insurance_contracts_policyholder_id'), ['policyholder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_insurance_contracts_renewal_of'), ['renewal_of'], unique=False)

    op.create_table('endorsements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('effective', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['insurance_contracts.id'], name=op.f('fk_endorsements_contract_id_insurance_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_endorsements')),
    sa.UniqueConstraint('number', name=op.f('uq_endorsements_number'))
    )
    with op.batch_alter_table('endorsements') as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsements_contract_id'), ['contract_id'], unique=False)

    op.create_table('insurance_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_number', sa.BigInteger(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('cheque', sa.String(length=64), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['insurance_contracts.id'], name=op.f('fk_insurance_payments_contract_id_insurance_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_payments')),
    sa.UniqueConstraint('receipt_number', name=op.f('uq_insurance_payments_receipt_number'))
    )
    with op.batch_alter_table('insurance_payments') as batch_op:
        batch_op.create_index(batch_op.f('ix_insurance_payments_contract_id'), ['contract_id'], unique=False)

    op.create_table('renewal_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['insurance_contracts.id'], name=op.f('fk_renewal_notices_contract_id_insurance_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_renewal_notices')),
    sa.UniqueConstraint('contract_id', 'period_end', name=op.f('uq_renewal_notices_contract_id_period_end'))
    )
    op.create_table('insured_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('national_id', sa.String(length=10), nullable=False),
    sa.Column('first_name', sa.String(length=150), nullable=False),
    sa.Column('last_name', sa.String(length=150), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('exemption', sa.String(length=32), nullable=True),
    sa.Column('extra_risk', sa.Boolean(), nullable=False),
    sa.Column('annual_premium', sa.BigInteger(), nullable=False),
    sa.Column('charged', sa.BigInteger(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('member_from', sa.Date(), nullable=False),
    sa.Column('member_to', sa.Date(), nullable=True),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('removed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by'], ['endorsements.id'], name=op.f('fk_insured_persons_added_by_endorsements')),
    sa.ForeignKeyConstraint(['contract_id'], ['insurance_contracts.id'], name=op.f('fk_insured_persons_contract_id_insurance_contracts')),
    sa.ForeignKeyConstraint(['removed_by'], ['endorsements.id'], name=op.f('fk_insured_persons_removed_by_endorsements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_persons'))
    )
    with op.batch_alter_table('insured_persons') as batch_op:
        batch_op.create_index('ix_insured_persons_contract_national_id', ['contract_id', 'national_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('insured_persons') as batch_op:
        batch_op.drop_index('ix_insured_persons_contract_national_id')

    op.drop_table('insured_persons')
    op.drop_table('renewal_notices')
    with op.batch_alter_table('insurance_payments') as batch_op:
        batch_op.drop_index(batch_op.f('ix_insurance_payments_contract_id'))

    op.drop_table('insurance_payments')
    with op.batch_alter_table('endorsements') as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsements_contract_id'))

    op.drop_table('endorsements')
    with op.batch_alter_table('insurance_contracts') as batch_op:
        batch_op.drop_index(batch_op.f('ix_insurance_contracts_renewal_of'))
        batch_op.drop_index(batch_op.f('ix_insurance_contracts_policyholder_id'))

    op.drop_table('insurance_contracts')
    op.drop_table('register_counters')
    op.drop_table('policyholders')
