"""What the backup tools are given: the database's address without its password (that goes in the
environment, where another user's `ps` cannot read it), and which pg_dump is taken."""
from __future__ import annotations

import pytest

from storage import dumps


def test_the_password_goes_in_the_environment_never_on_the_command_line():
    target = dumps.target("postgresql+psycopg://desk:s3cr%40t@db.example:5433/bimeh?sslmode=require")
    conninfo = target.conninfo()
    assert "s3cr" not in conninfo
    assert {"host=db.example", "port=5433", "user=desk", "dbname=bimeh", "sslmode=require"} <= set(conninfo.split())
    assert target.tool_env()["PGPASSWORD"] == "s3cr@t"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "not a url", "mysql://u@h/db"])
def test_a_database_that_cannot_be_copied_is_named(url):
    with pytest.raises(dumps.BackupError) as refused:
        dumps.target(url)
    assert refused.value.key in ("bad_url", "unsupported_backend")


def test_pg_bin_comes_first(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("pgbin")
    (folder / "pg_dump").write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("BIMEH_PG_BIN", str(folder))
    assert dumps.pg_tool("pg_dump") == str(folder / "pg_dump")
    monkeypatch.setenv("BIMEH_PG_BIN", str(folder / "nothing-here"))
    assert dumps.pg_tool("pg_dump") != str(folder / "nothing-here" / "pg_dump")
