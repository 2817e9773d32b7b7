from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import DirectoryConfig
from tests.harness import ChatHarness
from tests.ldap_server import GROUPS, INSURANCE_GROUP, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, WELFARE_GROUP, LdapServer


@pytest.fixture(scope="session")
def ldap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapServer]:
    server = LdapServer(tmp_path_factory.mktemp("slapd"))
    server.start()
    server.seed()
    yield server
    server.stop()


def directory_config(server: LdapServer, **overrides) -> DirectoryConfig:  # noqa: ANN003
    settings = {
        "url": server.url, "bind_dn": SERVICE_DN, "bind_password": SERVICE_PASSWORD, "base_dn": PEOPLE,
        # OpenLDAP's names for what Active Directory calls sAMAccountName, department, a disabled account
        "user_filter": "(uid={username})", "enabled_filter": "(!(description=disabled))",
        "attributes": {"name": "displayName", "mobile": "mobile", "unit": "departmentNumber", "email": "mail"},
        "group_roles": {WELFARE_GROUP: "welfare_expert", INSURANCE_GROUP: "insurance_expert"},
        "group_base_dn": GROUPS, "timeout_seconds": 1.0, **overrides,
    }
    return DirectoryConfig(**settings)


@pytest.fixture
def group_membership(request: pytest.FixtureRequest) -> str:
    """How the directory's groups are read: "memberOf" on the person, or a "search" of the groups
    (paired with the database backends: tests/conftest.py VARIANT_PAIRS)."""
    return str(request.param)


@pytest.fixture
def desk(group_membership: str, tmp_path: Path, ldap: LdapServer) -> Iterator[ChatHarness]:
    """The chat harness on a bot whose people come from the test directory, in both group modes."""
    harness = ChatHarness(tmp_path)
    harness.config.directory = directory_config(ldap, group_membership=group_membership)
    harness.restart()
    yield harness
    harness.close()
