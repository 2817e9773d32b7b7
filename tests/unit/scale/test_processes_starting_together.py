"""Four real `python -m bot` processes started at the same moment on one database: each one
migrates it or waits for the one that does, and all of them start (issue 24).

Before the migrations ran under a lock, three of four crashed on PostgreSQL on a duplicate
key (each made the alembic_version table, or the first tables, at once)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage.db import Database
from storage.schema_version import head_revisions
from tests.databases import database_url
from tests.unit.test_startup import schema_versions
from tests.unit.test_startup_errors import config_with

ROOT = Path(__file__).resolve().parents[3]
PROCESSES = 4


def _start_together(config: Path, data_dir: Path) -> list[subprocess.CompletedProcess[str]]:
    """`python -m bot` four times at once: the console as the example's default user, who quits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIMEH_")}
    env.update(PYTHONPATH=str(ROOT), BIMEH_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8")
    processes = [subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config)], cwd=config.parent,
                                  env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, encoding="utf-8") for _ in range(PROCESSES)]
    finished = []
    for process in processes:
        out, err = process.communicate("/quit\n", timeout=120)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return finished


def _all_started(results: list[subprocess.CompletedProcess[str]]) -> None:
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        assert result.stderr == ""


def test_four_processes_starting_together_on_a_fresh_database_all_start(tmp_path: Path) -> None:
    for trial in range(3):
        url = database_url(tmp_path / f"trial{trial}.db", migrated=False)
        config = config_with(tmp_path, url=url)

        results = _start_together(config, tmp_path / "data")

        _all_started(results)
        assert schema_versions(url) == sorted(head_revisions()), f"trial {trial}"


def test_four_processes_starting_together_on_an_old_database_all_start_on_the_upgraded_schema(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import alembic_config

    url = database_url(tmp_path / "old.db", migrated=False)
    old = Database(url)
    try:
        with old.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0010")  # as a deployment of an older release left it
    finally:
        old.dispose()
    config = config_with(tmp_path, url=url)

    results = _start_together(config, tmp_path / "data")

    _all_started(results)
    assert schema_versions(url) == sorted(head_revisions())
