"""How the suite spends its two database backends (tests/conftest.py): a platform's variants are
paired with the backends (each variant once, each backend once), and an end-to-end journey marked
one_backend runs on the first backend only, naming the test that runs it on every backend."""
from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from tests import conftest

pytestmark = pytest.mark.no_database


def collected(*paths: str) -> list[str]:
    found = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
                            "-p", "no:cacheprovider", *paths], capture_output=True, text=True, cwd=conftest.ROOT,
                           env={**os.environ, "BIMEH_TEST_DB": ""}, timeout=120)
    return [line for line in found.stdout.splitlines() if "::" in line]


def ids_of(tests: list[str], name: str) -> set[str]:
    return {test.split("[", 1)[1].rstrip("]") for test in tests if f"::{name}[" in test}


def test_variants_and_backends_are_paired_and_journeys_marked_one_backend_run_once():
    tests = collected("tests/platforms/telegram/test_journeys.py", "tests/platforms/rocketchat/test_journeys.py",
                      "tests/e2e/test_console_subprocess.py")
    assert ids_of(tests, "test_full_life") == {"ptb-sqlite", "aiogram-postgresql", "poll-sqlite",
                                               "webhook-postgresql"}
    assert ids_of(tests, "test_ticket_life_from_submitted_to_paid_with_a_return") == {"sqlite"}
    # processes at once: what the database does is the point, so it runs on both
    assert ids_of(tests, "test_two_experts_approving_at_once_one_wins") == {"sqlite", "postgresql"}


def test_one_backend_must_name_a_test_that_exists():
    def metafunc(*twin: str) -> SimpleNamespace:
        mark = pytest.mark.one_backend(*twin).mark
        return SimpleNamespace(definition=SimpleNamespace(get_closest_marker=lambda name: mark, nodeid="t"))

    assert conftest._one_backend(metafunc("tests/unit/test_workflow_rules.py::"
                                          "test_a_missing_reason_is_asked_for_and_then_kept"))
    for wrong in ("tests/unit/test_workflow_rules.py::test_that_is_not_there", "tests/nowhere.py", ""):
        with pytest.raises(AssertionError, match="one_backend names the test"):
            conftest._one_backend(metafunc(wrong))
