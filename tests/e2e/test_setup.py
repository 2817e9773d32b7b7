"""A new office's first minutes, as a subprocess in an empty folder: no configuration is guessed,
`init` writes one from the packaged example, `--demo` runs on a throwaway database of its own,
`--version` says which desk this is."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot import __version__
from bot.config import EXAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder (not tmp_path: these tests make no test database, so they run once)."""
    return tmp_path_factory.mktemp("office")


def desk(cwd: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BIMEH_")}
    clean.update(PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=clean, input=stdin,
                          capture_output=True, text=True, timeout=120)


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr


def test_without_a_config_file_the_desk_says_how_to_make_one_and_writes_nothing(folder: Path) -> None:
    for args in ((), ("users", "list"), ("console", "--user", "admin"), ("backup", "copy.tar.gz")):
        said = one_line(desk(folder, *args))
        assert "config.toml" in said and "init" in said and "--demo" in said, said
    assert list(folder.iterdir()) == []  # no data folder, no database, no demo users anywhere


def test_init_writes_the_packaged_example_and_never_over_a_file(folder: Path) -> None:
    written = desk(folder, "init")
    assert written.returncode == 0, written.stderr
    config = folder / "config.toml"
    assert config.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert "[[users]]" in written.stdout and "run" in written.stdout

    config.write_text("# the office's own\n", encoding="utf-8")
    assert "--force" in one_line(desk(folder, "init"))
    assert config.read_text(encoding="utf-8") == "# the office's own\n"
    assert desk(folder, "init", "--force").returncode == 0
    assert config.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")

    # the file it wrote is the one the desk then runs on
    listed = desk(folder, "users", "list")
    assert listed.returncode == 0 and "maryam" in listed.stdout, listed.stderr
    assert (folder / "data" / "bimeh.db").exists()


def test_demo_runs_on_a_throwaway_database_never_the_configured_one(folder: Path) -> None:
    real = folder / "real.db"
    listed = desk(folder, "--demo", "users", "list", BIMEH_DATABASE_URL=f"sqlite:///{real}")
    assert listed.returncode == 0, listed.stderr
    assert {"maryam", "welfare", "admin"} <= {line.split("\t")[0] for line in listed.stdout.splitlines()}
    assert not real.exists()  # the environment's database is the office's: the demo never writes to it
    assert (folder / "data" / "demo" / "bimeh.db").exists()
    assert "data/demo" in listed.stderr and len(listed.stderr.strip().splitlines()) == 1

    # run --demo: with no platform configured, the desk in this terminal as the example's requester
    shown = desk(folder, "run", "--demo", stdin="/my\n/quit\n")
    assert shown.returncode == 0, shown.stderr
    assert "هنوز درخواستی ثبت نکرده‌اید" in shown.stdout

    # under $BIMEH_DATA_DIR when it is set; and never together with a configuration of one's own
    elsewhere = folder / "elsewhere"
    assert desk(folder, "--demo", "users", "list", BIMEH_DATA_DIR=str(elsewhere)).returncode == 0
    assert (elsewhere / "demo" / "bimeh.db").exists()
    assert "--config" in one_line(desk(folder, "--demo", "users", "list", "--config", str(EXAMPLE_CONFIG)))


def test_version_changelog_and_licence(folder: Path) -> None:
    shown = desk(folder, "--version")
    assert shown.stdout == f"bimeh-desk {__version__}\n"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d\d-\d\d$", changelog, re.MULTILINE)
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Bimeh Desk contributors" in licence
