"""Migration 0004 on a desk that already has tickets: their clocks and search terms are filled in."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from core.search import SearchService
from core.transactions import OwnUnits
from storage.db import Database, alembic_config
from tests.unit.storage.support import T0


def test_existing_tickets_get_a_clock_and_are_found_after_the_upgrade(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'bimeh.db'}")
    try:
        with database.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0002")
        with database.engine.begin() as connection:
            connection.execute(text("INSERT INTO users (id, username, full_name, roles, lang) "
                                    "VALUES (1, 'reza', 'رضا كريمي', '[]', 'fa')"))
            connection.execute(text(
                "INSERT INTO tickets (id, request_type, status, owner_id, fields, version, created_at, updated_at) "
                "VALUES (7, 'premium_issuance', 'document_review', 1, :fields, 2, :t0, :t0)"),
                {"fields": '{"letter_number": "1403/2345", "mobile": "09121234567"}', "t0": T0.replace(tzinfo=None)})
            connection.execute(text(
                "INSERT INTO ticket_history (ticket_id, action, actor_id, from_status, to_status, inputs, at) "
                "VALUES (7, 'approve', 1, 'submitted', 'document_review', '{}', :t1)"),
                {"t1": "2025-03-21 09:00:00.000000"})
        database.migrate()
        with database.uow() as uow:
            ticket = uow.tickets.get(7)
            reza = uow.users.get(1)
        assert ticket is not None and reza is not None
        assert ticket.state_entered_at is not None and ticket.state_entered_at.isoformat() == "2025-03-21T09:00:00+00:00"
        staff = reza.__class__(2, "welfare", "زهرا", frozenset({"welfare_expert"}))
        search = SearchService(OwnUnits(database.uow))
        for query in ("1403/2345", "+989121234567", "رضا کریمی"):
            assert [t.id for t in search.find(staff, query).tickets] == [7], query
    finally:
        database.dispose()
