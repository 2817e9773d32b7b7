from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import databases
from tests.harness import ChatHarness


def _backends() -> tuple[str, ...]:
    # BIMEH_TEST_DB=sqlite (or postgresql) runs one backend only, e.g. while working on a test
    chosen = os.environ.get("BIMEH_TEST_DB")
    return (chosen,) if chosen else databases.BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # A test with a tmp_path may make a database there: it runs on every backend.
    # Session scope groups the tests by backend, so the server starts once.
    if "tmp_path" in metafunc.fixturenames:
        metafunc.parametrize("database_backend", _backends(), indirect=True, scope="session")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[databases.PostgresServer]:
    server = databases.PostgresServer()
    server.start()
    try:
        server.make_template()
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def database_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    backend = getattr(request, "param", databases.SQLITE)
    if backend == databases.POSTGRESQL:
        databases.current.server = request.getfixturevalue("postgres_server")
    databases.current.backend = backend
    yield backend
    databases.current.finish_test()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[ChatHarness]:
    harness = ChatHarness(tmp_path)
    yield harness
    harness.close()
