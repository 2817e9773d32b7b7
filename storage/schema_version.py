"""Which revision the schema is at, and which it should be at, without importing Alembic.

Every start checks that its database is current; Alembic's import alone costs about ten bare
interpreter starts (bench/startup.py), so it is imported only when there is something to
apply. The revisions are read from the migration files' `revision` and `down_revision`
lines (tests/unit/storage/test_schema_version.py checks they agree with Alembic's reading).
"""
from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from sqlalchemy import Connection, inspect, text

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


class UnknownRevision(Exception):
    """The database is at a revision this program has no migration for: a newer release wrote it."""

    def __init__(self, revisions: frozenset[str]) -> None:
        super().__init__(", ".join(sorted(revisions)))
        self.revisions = revisions


@functools.cache
def known_revisions() -> dict[str, tuple[str, ...]]:
    """Each revision with the revisions it follows."""
    revisions: dict[str, tuple[str, ...]] = {}
    for path in sorted(VERSIONS_DIR.glob("*.py")):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue  # not a migration (an __init__, a helper)
        down = ast.literal_eval(found.get("down_revision", "None"))
        revisions[ast.literal_eval(found["revision"])] = (down,) if isinstance(down, str) else tuple(down or ())
    return revisions


def head_revisions() -> frozenset[str]:
    """The revisions no other follows: where `alembic upgrade head` takes a database."""
    revisions = known_revisions()
    followed = {down for downs in revisions.values() for down in downs}
    return frozenset(revisions) - followed


def current_revisions(connection: Connection) -> frozenset[str]:
    """The revisions the database is at; empty for a database never migrated."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return frozenset()
    return frozenset(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def is_current(connection: Connection) -> bool:
    """True when nothing is to be applied. Raises UnknownRevision for a database a newer
    release migrated: Alembic could not go on from there, and this program would not know
    the tables it finds."""
    current = current_revisions(connection)
    unknown = current - set(known_revisions())
    if unknown:
        raise UnknownRevision(unknown)
    return current == head_revisions()
