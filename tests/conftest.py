from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import databases, system_packages
from tests.harness import ChatHarness

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(name): a Debian package the test needs (tests/system_packages.py)")
    config.addinivalue_line("markers", "smoke: the few tests `./desk test -m smoke` runs to check an installation")
    config.addinivalue_line("markers", "no_database: makes no database, so it runs once, not on every backend "
                                       "(a test so marked that asks for a database fails)")
    config.addinivalue_line("markers", "one_backend(twin): an end-to-end test run on the first backend only, "
                                       "because `twin` runs what it does on every backend in process")


def pytest_sessionstart(session: pytest.Session) -> None:
    # once, at the top of the run (not in each xdist worker), even with -q
    if not hasattr(session.config, "workerinput"):
        _compile_the_desk()
    line = system_packages.missing_line()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if line and reporter is not None and not hasattr(session.config, "workerinput"):
        reporter.write_line(line, yellow=True, bold=True)


def _compile_the_desk() -> None:
    # The tests start hundreds of `python -m bot` processes. Where PYTHONDONTWRITEBYTECODE is
    # set (as on CI) each of them compiled the desk's ~180 modules from source again, a fifth of its
    # start; compiled once here, they read the bytecode (up to date ones are left alone).
    import compileall

    for package in ("bot", "core", "storage"):
        compileall.compile_dir(ROOT / package, quiet=2, workers=0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The slow end-to-end tests first (the order is stable otherwise): the workers take tests in
    # this order, and a run whose last test is a fresh install keeps one worker busy for minutes
    # while the other has nothing left.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _needs(item: pytest.Item) -> set[str]:
    needs = {name for marker in item.iter_markers("needs") for name in marker.args}
    if "ldap" in getattr(item, "fixturenames", ()):
        needs.add("slapd")  # the session's throwaway OpenLDAP (tests/directory/conftest.py)
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("database_backend") == databases.POSTGRESQL:
        needs.add("postgresql")
    return needs


def pytest_runtest_setup(item: pytest.Item) -> None:
    gone = [need for need in system_packages.missing() if need.name in _needs(item)]
    if gone:
        _missing(gone)


def _missing(gone: list[system_packages.Need]) -> None:
    packages = " ".join(p for need in gone for p in need.packages)
    if system_packages.required():
        pytest.fail(f"needs {packages}, which is not installed (${system_packages.REQUIRE_ALL_ENV} is set)")
    pytest.skip(f"needs {packages}")


def _backends() -> tuple[str, ...]:
    # BIMEH_TEST_DB=sqlite (or postgresql) runs one backend only, e.g. while working on a test
    chosen = os.environ.get("BIMEH_TEST_DB")
    return (chosen,) if chosen else databases.BACKENDS


# A platform's variants (Telegram's and Bale's two drivers, Rocket.Chat's poll and webhook modes,
# the directory's two ways of reading groups) and the database are layers that never meet: a driver
# only speaks HTTP to the platform, the directory only LDAP, and the storage never knows which driver,
# mode or group reading brought an update. A test with a variant therefore runs each variant once and
# each backend once, in pairs, rather than in all four combinations: the fourth proves nothing the
# pairs do not. Rocket.Chat's webhook mode goes with PostgreSQL, as an office running several webhook
# workers has it (the chat's advisory lock).
VARIANT_PAIRS = {
    "driver": (("ptb", databases.SQLITE), ("aiogram", databases.POSTGRESQL)),
    "rc_mode": (("poll", databases.SQLITE), ("webhook", databases.POSTGRESQL)),
    "group_membership": (("memberOf", databases.SQLITE), ("search", databases.POSTGRESQL)),
}


def _one_backend(metafunc: pytest.Metafunc) -> bool:
    """An end-to-end test marked one_backend: a console or command-line journey whose every database
    step is run on each backend in process by its twin (named in the mark), so its second run would
    only start the same subprocesses again. What the database changes end to end (processes at once,
    backup and restore, the seed's whole order, the reports' sums) is never so marked."""
    marker = metafunc.definition.get_closest_marker("one_backend")
    if marker is None:
        return False
    twin = marker.args[0] if marker.args else ""
    path, _, name = twin.partition("::")
    twin_file = ROOT / path
    assert twin.startswith("tests/") and twin_file.is_file() and (
        not name or f"def {name}(" in twin_file.read_text(encoding="utf-8")), (
        f"{metafunc.definition.nodeid}: one_backend names the test (file, or file::test) that runs what it "
        f"does on every backend; {twin!r} is not one")
    return True


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # A test with a tmp_path may make a database there: it runs on every backend, unless it is
    # marked no_database. Session scope groups the tests by backend, so the server starts once.
    on_backends = "tmp_path" in metafunc.fixturenames and not metafunc.definition.get_closest_marker("no_database")
    variant = next((name for name in VARIANT_PAIRS if name in metafunc.fixturenames), None)
    if variant is None:
        if on_backends:
            backends = _backends()[:1] if _one_backend(metafunc) else _backends()
            metafunc.parametrize("database_backend", backends, indirect=True, scope="session")
        return
    pairs = VARIANT_PAIRS[variant]
    if not on_backends:
        metafunc.parametrize(variant, [value for value, _ in pairs], indirect=True)
    elif len(_backends()) == 1:  # one backend chosen (BIMEH_TEST_DB): every variant on it
        metafunc.parametrize((variant, "database_backend"), [(value, _backends()[0]) for value, _ in pairs],
                             indirect=True, scope="session")
    else:
        metafunc.parametrize((variant, "database_backend"), pairs, indirect=True, scope="session")


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


@pytest.fixture(autouse=True)
def _each_tests_databases(request: pytest.FixtureRequest) -> Iterator[None]:
    # a test marked no_database runs on one backend only: it must not make a database
    databases.current.forbidden = request.node.get_closest_marker("no_database") is not None
    yield
    databases.current.forbidden = False
    databases.current.drop_made()  # the backend stays set for the rest of its group


@pytest.fixture
def driver(request: pytest.FixtureRequest) -> str:
    """Telegram's or Bale's client library: "ptb" (python-telegram-bot) or "aiogram" (VARIANT_PAIRS)."""
    return str(request.param)


@pytest.fixture
def rc_mode(request: pytest.FixtureRequest) -> str:
    """How Rocket.Chat's messages reach the desk: "poll" or "webhook" (VARIANT_PAIRS)."""
    return str(request.param)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[ChatHarness]:
    harness = ChatHarness(tmp_path)
    yield harness
    harness.close()
