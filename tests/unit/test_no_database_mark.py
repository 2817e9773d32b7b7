"""The suite's own rule for database backends (tests/conftest.py): a test with a tmp_path runs on
every backend, since it may make a database there; one marked no_database runs once, and fails if
it makes a database after all (the mark would then hide a backend's failure)."""
from __future__ import annotations

import pytest

from tests import databases


def test_a_test_with_a_tmp_path_runs_on_every_backend(tmp_path, request):
    assert request.node.callspec.params["database_backend"] in databases.BACKENDS


@pytest.mark.no_database
def test_a_test_marked_no_database_runs_once(tmp_path, request):
    assert not hasattr(request.node, "callspec")  # not parametrized by backend
    assert databases.current.backend == databases.SQLITE


@pytest.mark.no_database
def test_a_test_marked_no_database_that_makes_one_fails(tmp_path):
    with pytest.raises(AssertionError, match="marked no_database but makes a database"):
        databases.database_url(tmp_path / "bimeh.db")
