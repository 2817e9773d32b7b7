"""Usernames in their one canonical form: NFKC, case-folded (core.identity.canonical_username).

Before, `PARISA` and `Parisa` could become two users beside `parisa`, and a fullwidth `ｎｅｄａ`
was another name than `neda` for the /link lockout. Every row is folded to the form the desk
now looks people up by. When two rows fold to one name, nothing is changed and the start is
refused with their names: which of them is the person is the operator's decision.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.identity import canonical_username
from storage.db import MigrationRefused

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("username", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    by_name: dict[str, list[str]] = {}
    for _, username in rows:
        by_name.setdefault(canonical_username(username), []).append(username)
    clashes = [names for names in by_name.values() if len(names) > 1]
    if clashes:
        listed = "; ".join(" = ".join(repr(n) for n in names) for names in clashes)
        raise MigrationRefused(
            f"these users are one username written differently: {listed}. Rename or remove all but one "
            "of each (users keep their tickets by id), then start again")
    for user_id, username in rows:
        if canonical_username(username) != username:
            connection.execute(users.update().where(users.c.id == user_id)
                               .values(username=canonical_username(username)))


def downgrade() -> None:
    pass  # the folded names are the same people; nothing to undo
