"""The [directory] section as config.example.toml documents it: an Active Directory example and an
OpenLDAP example, each one a valid section once uncommented, and every key the bot reads named there."""
from __future__ import annotations

import re
import tomllib

import pytest
from pydantic import ValidationError

from bot.config import EXAMPLE_CONFIG, DirectoryAttributes, DirectoryConfig


def example(title: str) -> str:
    """The commented-out example that follows the line `# {title}`, uncommented."""
    lines = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"# {title}"))
    start = next(i for i in range(start, len(lines)) if lines[i] == "# [directory]")
    block = []
    for line in lines[start:]:
        if not line.startswith("# ") or line == "#":
            break  # the example ends at an empty comment line or at the next live section
        block.append(line[2:])
    return "\n".join(block)


def test_the_active_directory_example_is_a_valid_section_with_the_ad_defaults(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("BIMEH_DIRECTORY_PASSWORD", "from-the-environment")
    raw = tomllib.loads(example("Active Directory"))["directory"]
    with pytest.raises(ValidationError, match="ca_file"):  # the example's CA file is not on this machine
        DirectoryConfig(**raw)
    ca_file = tmp_path_factory.mktemp("ca") / "example-ca.pem"
    ca_file.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    section = DirectoryConfig(**{**raw, "ca_file": str(ca_file)})
    assert section.url.startswith("ldaps://") and section.user_filter == "(sAMAccountName={username})"
    assert "userAccountControl" in section.enabled_filter and section.group_membership == "memberOf"
    assert section.resolved_bind_password == "from-the-environment"  # bind_password = "" in the file
    assert section.attributes.unit == "department" and set(section.group_roles.values()) >= {"welfare_expert"}


def test_the_openldap_example_is_a_valid_section():
    section = DirectoryConfig(**tomllib.loads(example("OpenLDAP"))["directory"])
    assert section.user_filter == "(uid={username})" and section.group_membership == "search"
    assert section.group_base_dn and section.start_tls


@pytest.mark.parametrize("key", [*DirectoryConfig.model_fields, *DirectoryAttributes.model_fields])
def test_every_directory_key_is_documented_in_the_example(key: str):
    # set in the Active Directory example, shown there commented out (group_base_dn), or a table
    pattern = rf"^((# )?{key} = |\[directory\.{key}\])"
    assert re.search(pattern, example("Active Directory"), re.MULTILINE), key
