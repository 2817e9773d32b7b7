"""A Debian package the tests need and cannot find: one line at the top of the run names it, and the
tests that need it are skipped; with $BIMEH_REQUIRE_ALL set (CI) they fail instead. Run as a person
runs the suite: pytest in a subprocess, here on one test that makes a database (so it has a
PostgreSQL run) with PostgreSQL made missing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
A_TEST_ON_BOTH_DATABASES = "tests/unit/test_config.py::test_nothing_is_guessed_when_no_file_is_named_or_found"


def pytest_run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BIMEH_", "PYTEST_"))}
    clean.update(PYTHONPATH=str(ROOT), BIMEH_PG_BIN=str(ROOT / "no-postgresql-here"), **env)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args,
                           A_TEST_ON_BOTH_DATABASES], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300)


def test_a_missing_package_is_named_once_at_the_top_and_its_tests_are_skipped():
    run = pytest_run("-n", "2")
    assert run.returncode == 0, run.stdout
    named = [line for line in run.stdout.splitlines() if line.startswith("Not installed:")]
    assert named == [run.stdout.splitlines()[0]]  # one line, the first, however many workers
    assert "postgresql" in named[0] and "skipped" in named[0]
    assert run.stdout.splitlines()[-1].startswith("1 passed, 1 skipped")


def test_with_require_all_a_missing_package_fails_its_tests():
    run = pytest_run("-n", "0", BIMEH_REQUIRE_ALL="1")
    assert run.returncode == 1, run.stdout
    assert run.stdout.splitlines()[0].startswith("Not installed: postgresql") and "fail" in run.stdout.splitlines()[0]
    assert "needs postgresql, which is not installed" in run.stdout
    last = run.stdout.splitlines()[-1]
    assert last.startswith("1 passed") and "1 error" in last and "skipped" not in last, last
