"""A command's start (issue 24), the way an operator runs it: `python -m bot ...` as a process.

What it imports is checked, not how long it takes (bench/startup.py measures that): `--help`
and a mistyped command answer without the database, the platforms or the documents' libraries;
a command of the CLI on a current database imports neither Alembic nor the chat side. And
`python -m bot migrate`: the migrations alone, for an upgrade by hand.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.text import to_persian_digits
from storage.db import open_database
from storage.schema_version import head_revisions, known_revisions
from tests.databases import database_url
from tests.unit.test_startup_errors import config_with

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS_AND_DOCUMENTS = {"telegram", "aiogram", "aiohttp", "httpx", "rocketchat_API", "matplotlib", "fpdf",
                           "openpyxl", "prometheus_client", "ldap3"}
NOT_FOR_THE_PARSER = PLATFORMS_AND_DOCUMENTS | {"sqlalchemy", "alembic", "psycopg", "pydantic", "jdatetime",
                                                "core.desk", "core.insurance.contracts.service"}
NOT_FOR_A_COMMAND = PLATFORMS_AND_DOCUMENTS | {"alembic", "bot.handlers", "bot.runtime", "bot.transports"}


def _bot(*args: str, cwd: Path, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIMEH_")}
    env.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", BIMEH_DATA_DIR=str(cwd / "data"))
    options = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *options, "-m", "bot", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=120)


def _imported(done: subprocess.CompletedProcess[str]) -> set[str]:
    """The modules a run imported, from -X importtime's lines on stderr."""
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def _among(modules: set[str], names: set[str]) -> set[str]:
    """Which of names (packages or modules) were imported."""
    return {name for name in names for module in modules if module == name or module.startswith(name + ".")}


def _messages(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("import time:")]


@pytest.mark.no_database
@pytest.mark.parametrize("args", [["--help"], ["insurance", "contracts", "add", "--help"],
                                  ["insurance", "claims", "--help"], ["nosuchcommand"]])
def test_help_and_a_mistyped_command_answer_without_any_library(tmp_path: Path, args: list[str]) -> None:
    done = _bot(*args, cwd=tmp_path, importtime=True)

    assert done.returncode == (0 if "--help" in args else 2), done.stderr
    if "--help" in args:
        assert "usage:" in done.stdout
    else:  # one line naming what was typed
        [message] = _messages(done)
        assert "nosuchcommand" in message
    assert _among(_imported(done), NOT_FOR_THE_PARSER) == set()


@pytest.mark.parametrize("args,shown", [(["insurance", "contracts", "list", "--json"], "[]"),
                                        (["tickets", "list", "--json"], "[]"),
                                        (["users", "list"], "maryam")])
def test_a_command_on_a_current_database_imports_neither_alembic_nor_the_chat_side(
        tmp_path: Path, args: list[str], shown: str) -> None:
    url = database_url(tmp_path / "bimeh.db")
    open_database(url).dispose()  # migrated, as by the start before

    done = _bot(*args, "--config", str(config_with(tmp_path, url=url)), cwd=tmp_path, importtime=True)

    assert done.returncode == 0, _messages(done)
    assert done.stdout.startswith(shown)
    assert _among(_imported(done), NOT_FOR_A_COMMAND) == set()


def schema_versions(url: str) -> list[str]:
    """The revisions alembic_version holds, read with an engine of the test's own."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    finally:
        engine.dispose()


def test_migrate_applies_each_migration_and_says_so_then_says_there_was_nothing(tmp_path: Path) -> None:
    url = database_url(tmp_path / "fresh.db", migrated=False)
    config = str(config_with(tmp_path, url=url))

    first = _bot("migrate", "--config", config, cwd=tmp_path)
    second = _bot("migrate", "--config", config, cwd=tmp_path)

    assert (first.returncode, first.stderr) == (0, "")
    applied = first.stdout.splitlines()
    assert len(applied) == len(known_revisions()) + 1
    head, count = to_persian_digits(max(head_revisions())), to_persian_digits(str(len(known_revisions())))
    assert applied[0] == "مهاجرت ۰۰۰۱ اعمال شد: \u2066Initial schema.\u2069"
    assert applied[-1] == f"طرح پایگاه داده به آخرین نسخه ({head}) رسید: {count} مهاجرت اعمال شد."
    assert schema_versions(url) == sorted(head_revisions())
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout == f"طرح پایگاه داده در آخرین نسخه ({head}) است؛ مهاجرتی برای اعمال نبود.\n"


def test_migrate_on_a_database_a_newer_release_upgraded_says_so_in_one_line(tmp_path: Path) -> None:
    url = database_url(tmp_path / "bimeh.db")
    open_database(url).dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    config = str(config_with(tmp_path, url=url))

    for args in (["migrate"], ["users", "list"]):  # and a start, likewise
        done = _bot(*args, "--config", config, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stdout == ""
        [line] = done.stderr.splitlines()
        assert "revision 0099" in line and "newer release" in line


@pytest.mark.no_database
def test_migrate_without_a_database_server_says_so_in_one_line(tmp_path: Path) -> None:
    config = str(config_with(tmp_path, url="postgresql+psycopg://bimeh@127.0.0.1:9/bimeh"))

    done = _bot("migrate", "--config", config, cwd=tmp_path)

    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert "127.0.0.1" in line and "Traceback" not in line
