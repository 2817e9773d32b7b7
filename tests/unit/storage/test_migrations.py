from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from storage.db import open_database
from storage.migrate import main as migrate_main
from storage.models import Base
from tests.databases import database_url
from tests.unit.storage.support import T0, add_user

EXPECTED_TABLES = {
    "users",
    "policyholder_users",
    "document_codes",
    "contract_guardians",
    "chat_accounts",
    "tickets",
    "ticket_history",
    "comments",
    "attachments",
    "conversations",
    "outbox",
    "sent_messages",
    "processed_messages",
    "kept_replies",
    "reply_leases",
    "inbox",
    "transport_state",
    "policyholders",
    "insurance_contracts",
    "insured_persons",
    "endorsements",
    "insurance_payments",
    "register_counters",
    "renewal_notices",
    "report_dispatches",
    "reminders_sent",
    "digests_sent",
    "ticket_search_terms",
    "link_codes",
    "link_failures",
    "claims",
    "claim_documents",
    "claim_events",
    "claim_payment_orders",
    "insurance_proposals",
    "refund_settlements",
}


def test_metadata_declares_the_expected_tables() -> None:
    assert set(Base.metadata.tables) == EXPECTED_TABLES


def test_fresh_file_database_gets_all_tables(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dirs" / "bimeh.db"  # parents are created

    database = open_database(f"sqlite:///{path}")
    try:
        tables = set(inspect(database.engine).get_table_names())
        with database.engine.connect() as connection:
            journal_mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    finally:
        database.dispose()

    assert path.exists()
    assert tables == EXPECTED_TABLES | {"alembic_version"}
    assert journal_mode == "wal"
    assert busy_timeout == 15000


def test_migrating_twice_is_harmless_and_keeps_data(tmp_path: Path) -> None:
    url = database_url(tmp_path / "bimeh.db", migrated=False)
    database = open_database(url)
    try:
        with database.uow() as uow:
            user = add_user(uow)
            uow.commit()

        database.migrate()
        database.dispose()
        database = open_database(url)

        with database.uow() as uow:
            assert uow.users.list() == [user]
        with database.engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    finally:
        database.dispose()

    assert versions == [_latest_revision()]


def _latest_revision() -> str:
    """The head of the migrations' chain (a number handed out earlier may be chained after a later one)."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    database = open_database(database_url(tmp_path / "bimeh.db", migrated=False))
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        database.dispose()

    assert differences == []


def test_migrate_command_creates_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "ops" / "bimeh.db"

    url = database_url(path, migrated=False)
    assert migrate_main([url]) == 0

    database = open_database(url)
    try:
        assert EXPECTED_TABLES <= set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()


def test_claims_filed_before_0012_are_found_by_contract_and_insured(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import alembic_config

    database = open_database(database_url(tmp_path / "bimeh.db"))
    try:
        with database.uow() as uow:
            owner = add_user(uow)
            # as filed before 0012: tickets.add indexes only the ids core.search knows by their ending
            claim = uow.tickets.add("claim", owner.id, {"contract": "300001", "insured": {
                "national_id": "0000000019", "name": "سارا محمدی"}}, "claim_review", T0)
            uow.commit()
        with database.uow() as uow:
            assert uow.operations.search(["300001"], None, 10) == []
        with database.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0011")
            command.upgrade(alembic_config(connection), "head")
        with database.uow() as uow:
            for word in ("300001", "0000000019", "سارا"):
                assert [t.id for t in uow.operations.search([word], None, 10)] == [claim.id], word
    finally:
        database.dispose()
