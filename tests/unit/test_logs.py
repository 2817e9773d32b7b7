"""The log: stderr, as text or JSON ([logging] format), at a level from the file or -v; never a secret."""
from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import JsonFormatter, TextFormatter, redact
from tests.harness import EXAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("text", "hidden"), [
    ("GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe", "AAHdqTcv"),
    ("mobile 09121234567 given", "09121234567"),
    ("mobile ۰۹۱۲۱۲۳۴۵۶۷ given", "۰۹۱۲۱۲۳۴۵۶۷"),
    ("mobile +98 912 123 4567", "912 123 4567"),
    ("national id 0012345679 refused", "0012345679"),
])
def test_secrets_never_reach_a_log_line(text, hidden):
    assert hidden not in redact(text)


def test_other_numbers_stay(caplog):
    assert redact("outbox=12 round took 0.25 s, ticket 300001") == "outbox=12 round took 0.25 s, ticket 300001"


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("bot.test", logging.WARNING, __file__, 1, message, args, None)


def test_json_is_one_object_a_line_with_the_secret_masked():
    line = JsonFormatter().format(_record("linking %s failed for %s", "09121234567", "neda"))
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message"} and "\n" not in line
    assert entry["level"] == "warning" and entry["logger"] == "bot.test"
    assert entry["message"] == "linking <mobile> failed for neda"
    assert "09121234567" not in TextFormatter().format(_record("mobile %s", "09121234567"))


def _run(tmp: Path, logging_section: str, *flags: str) -> subprocess.CompletedProcess:
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace('url = "sqlite:///data/bimeh.db"',
                                                             f'url = "sqlite:///{tmp / "bimeh.db"}"')
    text = text[:text.index("[logging]")] + logging_section
    (tmp / "config.toml").write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "bot", "users", "list", "--config", str(tmp / "config.toml"), *flags],
                          capture_output=True, text=True, timeout=60, cwd=tmp,
                          env={"PYTHONPATH": str(ROOT), "PATH": "", "BIMEH_DATA_DIR": str(tmp / "data")})


def test_json_logs_on_stderr_at_the_level_asked_for(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("json-logs")
    quiet = _run(tmp, '[logging]\nformat = "json"\n')
    assert quiet.returncode == 0 and quiet.stderr == ""  # warning by default: migrating says nothing
    (tmp / "bimeh.db").unlink()
    told = _run(tmp, '[logging]\nformat = "json"\nlevel = "INFO"\n')
    entries = [json.loads(line) for line in told.stderr.splitlines()]
    assert entries and all(e["level"] == "info" for e in entries)
    assert any(e["logger"].startswith("alembic") and "0001" in e["message"] for e in entries)
    assert "maryam" in told.stdout  # the listing itself is untouched on stdout


def test_v_says_more_than_the_file_and_text_is_the_default(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("text-logs")
    told = _run(tmp, '[logging]\nlevel = "error"\n', "-v")
    records = [line for line in told.stderr.splitlines() if re.match(r"\d{4}-\d\d-\d\d \d\d:", line)]
    assert told.returncode == 0 and records and all(" INFO " in line for line in records)
    with pytest.raises(json.JSONDecodeError):
        json.loads(records[0])
