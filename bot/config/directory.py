"""Who the people are: [[users]] of the file, and the [directory] (LDAP or Active Directory) when there is one."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from bot.config.base import Strict, secret
from bot.config.checks import NonEmpty, Username, existing_file
from core.identity import DirectoryEntry, check_roles


class UserConfig(Strict):
    username: Username
    name: NonEmpty
    roles: list[str] = Field(default_factory=list)
    lang: Literal["fa", "en"] = "fa"

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: list[str]) -> list[str]:
        check_roles(value)
        return value

    def entry(self) -> DirectoryEntry:
        return DirectoryEntry(self.username, self.name, tuple(self.roles), self.lang)


class DirectoryAttributes(Strict):
    """Which directory attribute holds each thing the desk reads about a person."""

    name: str = "displayName"
    mobile: str = "mobile"
    unit: str = "department"
    email: str = "mail"


class DirectoryConfig(Strict):
    """Active Directory (or any LDAP directory): who people are, and their roles from groups."""

    url: str = Field(pattern=r"^ldaps?://\S+$")
    start_tls: bool = False
    ca_file: Annotated[str | None, AfterValidator(existing_file)] = None
    bind_dn: str | None = None
    bind_password: str | None = None  # else $BIMEH_DIRECTORY_PASSWORD
    base_dn: NonEmpty
    user_filter: str = "(sAMAccountName={username})"
    # Active Directory: not disabled (bit 2 of userAccountControl); "" checks nothing
    enabled_filter: str = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"
    attributes: DirectoryAttributes = DirectoryAttributes()
    group_roles: dict[str, str] = Field(default_factory=dict)  # group DN -> role
    group_membership: Literal["memberOf", "search"] = "memberOf"
    group_base_dn: str | None = None  # where groups are searched in "search" mode (default: base_dn)
    cache_seconds: int = Field(default=300, ge=0, le=86_400)
    link_max_failures: int = Field(default=5, ge=1, le=1000)
    link_lockout_minutes: int = Field(default=15, ge=1, le=10_080)  # at most a week
    timeout_seconds: float = Field(default=5.0, gt=0, le=300)

    @field_validator("group_roles")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        check_roles(value.values())
        return value

    @field_validator("user_filter")
    @classmethod
    def _names_the_username(cls, value: str) -> str:
        if "{username}" not in value:
            raise ValueError("user_filter must contain {username}")
        return value

    @property
    def resolved_bind_password(self) -> str | None:
        return secret(self.bind_password, "BIMEH_DIRECTORY_PASSWORD")
