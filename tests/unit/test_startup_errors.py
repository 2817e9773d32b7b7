"""What an operator sees when the bot cannot start: one line on stderr naming the fault, exit code 2.

Never a traceback, never a silent fallback to the console.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.harness import EXAMPLE_CONFIG

# they run the desk on a SQLite file of their own (or none): once is enough
pytestmark = pytest.mark.no_database

ROOT = Path(__file__).resolve().parents[2]
CREDENTIAL_ENV = ("BIMEH_TELEGRAM_TOKEN", "BIMEH_ROCKETCHAT_USER", "BIMEH_ROCKETCHAT_PASSWORD",
                  "BIMEH_ROCKETCHAT_USER_ID", "BIMEH_ROCKETCHAT_AUTH_TOKEN")


def config_with(tmp_path: Path, extra: str = "", url: str | None = None) -> Path:
    """The example config, on a database in tmp_path (or `url`), plus `extra` sections."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    db_url = url or f"sqlite:///{tmp_path / 'bimeh.db'}"
    text = text.replace('url = "sqlite:///data/bimeh.db"', f'url = "{db_url}"', 1)
    assert db_url in text
    path = tmp_path / "config.toml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    for name in (*CREDENTIAL_ENV, "BIMEH_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))

    def go(*args: str) -> tuple[int, str]:
        code = main(list(args))
        err = capsys.readouterr().err
        return code, err

    return go


def one_clear_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# -- a platform section without its credentials --------------------------------------------


@pytest.mark.parametrize("section,words", [
    ("[telegram]\n", ["token", "$BIMEH_TELEGRAM_TOKEN"]),
    ('[rocketchat]\nserver_url = "http://127.0.0.1:9"\nuser = "bimeh.bot"\n', ["password", "$BIMEH_ROCKETCHAT_PASSWORD"]),
    ('[rocketchat]\nserver_url = "http://127.0.0.1:9"\nuser_id = "x"\n', ["auth_token", "$BIMEH_ROCKETCHAT_AUTH_TOKEN"]),
    ('[rocketchat]\nuser = "b"\npassword = "p"\n', ["server_url"]),
])
def test_a_platform_without_credentials_is_a_config_error(tmp_path, run, section, words):
    code, err = run("run", "--config", str(config_with(tmp_path, section)))
    line = one_clear_line(err)
    assert code == 2
    for word in words:
        assert word in line, line


def test_run_under_a_service_manager_does_not_fall_back_to_the_console(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_ENV}
    proc = subprocess.run([sys.executable, "-m", "bot", "run", "--config", str(config_with(tmp_path, "[telegram]\n"))],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={**env, "PYTHONPATH": str(ROOT), "BIMEH_DATA_DIR": str(tmp_path / "data")})
    assert proc.returncode == 2
    assert "$BIMEH_TELEGRAM_TOKEN" in one_clear_line(proc.stderr)
    assert proc.stdout == ""


def test_the_token_from_the_environment_is_enough(tmp_path, monkeypatch):
    from bot.config import load_config

    monkeypatch.setenv("BIMEH_TELEGRAM_TOKEN", "123:abc")
    assert load_config(str(config_with(tmp_path, "[telegram]\n"))).platform_problems() == []


# -- startup faults ------------------------------------------------------------------------------


def test_a_config_file_that_is_not_utf8(tmp_path, run):
    path = tmp_path / "config.toml"
    path.write_bytes(EXAMPLE_CONFIG.read_text(encoding="utf-8").encode("cp1256", errors="replace"))
    code, err = run("users", "list", "--config", str(path))
    assert code == 2
    assert "UTF-8" in one_clear_line(err) and "config.toml" in err


@pytest.mark.parametrize("url,words", [
    ("notaurl", ["not a URL", "sqlite:///"]),
    ("nosuchdb://x/y", ["nosuchdb"]),
])
def test_a_database_url_that_is_not_one(tmp_path, run, url, words):
    code, err = run("users", "list", "--config", str(config_with(tmp_path, url=url)))
    line = one_clear_line(err)
    assert code == 2
    for word in words:
        assert word in line, line


def test_a_postgresql_url_without_its_driver(tmp_path, run, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a machine where it is not installed
    url = "postgresql+psycopg://desk:secret@127.0.0.1:9/desk"
    code, err = run("users", "list", "--config", str(config_with(tmp_path, url=url)))
    line = one_clear_line(err)
    assert code == 2
    assert "psycopg" in line and "not installed" in line
    assert "secret" not in line  # the password is not shown


def test_a_sqlite_file_that_is_not_a_database(tmp_path, run):
    (tmp_path / "bimeh.db").write_bytes(b"this is a text file, not a database\n" * 100)
    code, err = run("users", "list", "--config", str(config_with(tmp_path)))
    assert code == 2
    assert "file is not a database" in one_clear_line(err)


def test_a_database_directory_that_cannot_be_written(tmp_path, run):
    if os.geteuid() == 0:  # root writes anywhere but where the kernel itself refuses (CI runs as root)
        locked = Path("/proc")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, err = run("users", "list", "--config", str(config_with(tmp_path, url=f"sqlite:///{locked}/bimeh.db")))
    finally:
        if locked != Path("/proc"):
            locked.chmod(stat.S_IRWXU)
    assert code == 2
    assert "unable to open database file" in one_clear_line(err)


def test_a_database_path_under_a_file(tmp_path, run):
    """Works as root too: a directory cannot be made where a file stands."""
    (tmp_path / "plain").write_text("x")
    code, err = run("users", "list", "--config", str(config_with(tmp_path, url=f"sqlite:///{tmp_path}/plain/bimeh.db")))
    assert code == 2
    assert "cannot create its directory" in one_clear_line(err)
