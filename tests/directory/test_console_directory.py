"""`python -m bot console --user NAME`, the README's way to check a directory set-up, asks the directory
for someone the database has not seen, as the router does: run as a subprocess against the test slapd."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.driver import Deployment
from tests.ldap_server import GROUPS, INSURANCE_GROUP, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, WELFARE_GROUP, LdapServer


@pytest.fixture
def deployment(tmp_path: Path, ldap: LdapServer) -> Deployment:
    deployment = Deployment(tmp_path)
    section = {
        "url": ldap.url, "bind_dn": SERVICE_DN, "bind_password": SERVICE_PASSWORD, "base_dn": PEOPLE,
        "user_filter": "(uid={username})", "enabled_filter": "(!(description=disabled))",
        "group_membership": "search", "group_base_dn": GROUPS, "timeout_seconds": 2.0,
    }
    lines = ["", "[directory]", *(f"{key} = {json.dumps(value)}" for key, value in section.items()),
             "[directory.attributes]", 'unit = "departmentNumber"',
             "[directory.group_roles]", f'"{WELFARE_GROUP}" = "welfare_expert"',
             f'"{INSURANCE_GROUP}" = "insurance_expert"']
    with deployment.config.open("a", encoding="utf-8") as config:
        config.write("\n".join(lines) + "\n")
    return deployment


def test_someone_the_database_has_not_seen_is_served_from_the_directory(deployment: Deployment):
    assert "parisa" not in deployment.run("users", "list").stdout.decode()
    out = deployment.console("PARISA", ["/whoami", "/quit"])  # in capitals, as a person may type it
    assert "پریسا نوری" in out and "کارشناس بیمه" in out
    listed = json.loads(deployment.run("users", "list", "--json").stdout)
    assert [u["username"] for u in listed].count("parisa") == 1


def test_a_disabled_account_is_told_so(deployment: Deployment):
    out = deployment.console("ghost", ["/new", "/quit"])
    assert out.count("غیرفعال است") >= 2  # at the start, and when it tries to file


def test_someone_the_directory_does_not_know_is_told_they_were_not_found(deployment: Deployment):
    proc = deployment.run("console", "--user", "nobody", stdin="/quit\n", expect_rc=2)
    err = proc.stderr.decode()
    assert "«\u2066nobody\u2069» در فهرست سازمانی پیدا نشد" in err and err.count("\n") == 1
    assert proc.stdout == b""
