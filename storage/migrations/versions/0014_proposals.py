"""The seed's order of money: proposals, then the cheque, then the contract or endorsement.

- insurance_proposals: the quote (طرح) sent to the policyholder; paying it issues the contract,
  renewal or additional endorsement, which only then takes its register number.
- refund_settlements: a refund owed by a return endorsement or a cancellation, once paid back.
- policyholders.identifier: the legal entity's national id or registration number, unique; the
  name is no longer unique (two policyholders may share one).
- insurance_contracts.issued_on, endorsements.issued_on: the day of issue (the receipt's date);
  for rows made before this revision, the day they were created.
- insurance_contracts.medical_rate: the part of the rate that buys the medical cover.
- insured_persons.primary_insurer: the person has a primary insurer (a medical-premium discount).
- insurance_payments.endorsement_id, proposal_id: what the cheque paid for.
- Chat requests of the insurer that ended paid (premium_paid) end in issued now.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "insurance_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("policyholder_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("issued_contract_id", sa.Integer(), nullable=True),
        sa.Column("issued_endorsement_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["policyholder_id"], ["policyholders.id"],
                                name="fk_insurance_proposals_policyholder_id_policyholders"),
        sa.ForeignKeyConstraint(["contract_id"], ["insurance_contracts.id"],
                                name="fk_insurance_proposals_contract_id_insurance_contracts"),
        sa.ForeignKeyConstraint(["issued_contract_id"], ["insurance_contracts.id"],
                                name="fk_insurance_proposals_issued_contract_id_insurance_contracts"),
        sa.ForeignKeyConstraint(["issued_endorsement_id"], ["endorsements.id"],
                                name="fk_insurance_proposals_issued_endorsement_id_endorsements"),
        sa.PrimaryKeyConstraint("id", name="pk_insurance_proposals"),
        sa.UniqueConstraint("number", name="uq_insurance_proposals_number"),
    )
    op.create_index("ix_insurance_proposals_status", "insurance_proposals", ["status"])
    op.create_index("ix_insurance_proposals_policyholder_id", "insurance_proposals", ["policyholder_id"])
    op.create_index("ix_insurance_proposals_contract_id", "insurance_proposals", ["contract_id"])
    op.create_table(
        "refund_settlements",
        sa.Column("endorsement_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["endorsement_id"], ["endorsements.id"],
                                name="fk_refund_settlements_endorsement_id_endorsements"),
        sa.PrimaryKeyConstraint("endorsement_id", name="pk_refund_settlements"),
    )
    with op.batch_alter_table("policyholders") as batch:
        batch.add_column(sa.Column("identifier", sa.String(length=20), nullable=True))
        batch.drop_constraint("uq_policyholders_name", type_="unique")
        batch.create_unique_constraint("uq_policyholders_identifier", ["identifier"])
        batch.create_index("ix_policyholders_name", ["name"])
    # at most one record without an identifier per name: adding one by name is insert-if-absent
    op.create_index("uq_policyholders_name_without_identifier", "policyholders", ["name"], unique=True,
                    sqlite_where=sa.text("identifier IS NULL"), postgresql_where=sa.text("identifier IS NULL"))
    with op.batch_alter_table("insurance_contracts") as batch:
        batch.add_column(sa.Column("issued_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("medical_rate", sa.BigInteger(), server_default=sa.text("0"), nullable=False))
    with op.batch_alter_table("endorsements") as batch:
        batch.add_column(sa.Column("issued_on", sa.Date(), nullable=True))
    with op.batch_alter_table("insured_persons") as batch:
        batch.add_column(sa.Column("primary_insurer", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    with op.batch_alter_table("insurance_payments") as batch:
        batch.add_column(sa.Column("endorsement_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("proposal_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_insurance_payments_endorsement_id_endorsements", "endorsements",
                                 ["endorsement_id"], ["id"])
        batch.create_foreign_key("fk_insurance_payments_proposal_id_insurance_proposals", "insurance_proposals",
                                 ["proposal_id"], ["id"])
    # rows made before proposals: issued the day they were created
    for table in ("insurance_contracts", "endorsements"):
        op.execute(sa.text(f"UPDATE {table} SET issued_on = CAST(created_at AS DATE) WHERE issued_on IS NULL")
                   if op.get_bind().dialect.name == "postgresql" else
                   sa.text(f"UPDATE {table} SET issued_on = date(created_at) WHERE issued_on IS NULL"))
    op.execute(sa.text("UPDATE tickets SET status = 'issued' WHERE status = 'premium_paid' "
                       "AND request_type IN ('contract_request', 'renewal_request', 'endorsement_request')"))


def downgrade() -> None:
    with op.batch_alter_table("insurance_payments") as batch:
        batch.drop_constraint("fk_insurance_payments_proposal_id_insurance_proposals", type_="foreignkey")
        batch.drop_constraint("fk_insurance_payments_endorsement_id_endorsements", type_="foreignkey")
        batch.drop_column("proposal_id")
        batch.drop_column("endorsement_id")
    with op.batch_alter_table("insured_persons") as batch:
        batch.drop_column("primary_insurer")
    with op.batch_alter_table("endorsements") as batch:
        batch.drop_column("issued_on")
    with op.batch_alter_table("insurance_contracts") as batch:
        batch.drop_column("medical_rate")
        batch.drop_column("issued_on")
    op.drop_index("uq_policyholders_name_without_identifier", table_name="policyholders")
    with op.batch_alter_table("policyholders") as batch:
        batch.drop_index("ix_policyholders_name")
        batch.drop_constraint("uq_policyholders_identifier", type_="unique")
        batch.create_unique_constraint("uq_policyholders_name", ["name"])
        batch.drop_column("identifier")
    op.drop_table("refund_settlements")
    op.drop_index("ix_insurance_proposals_contract_id", table_name="insurance_proposals")
    op.drop_index("ix_insurance_proposals_policyholder_id", table_name="insurance_proposals")
    op.drop_index("ix_insurance_proposals_status", table_name="insurance_proposals")
    op.drop_table("insurance_proposals")
