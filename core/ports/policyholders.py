"""Policyholders and the guardians linked to contracts."""
from __future__ import annotations

import builtins
from datetime import datetime
from typing import Protocol

from core.insurance.shared.models import Guardian, Policyholder


class PolicyholderRepository(Protocol):
    def get(self, policyholder_id: int) -> Policyholder | None: ...
    def by_name(self, name: str) -> Policyholder | None:
        """The first of that name: names are not unique."""
    def named(self, name: str) -> builtins.list[Policyholder]: ...
    def by_identifier(self, identifier: str) -> Policyholder | None: ...
    def add(self, name: str, kind: str, now: datetime, identifier: str | None = None) -> Policyholder:
        """A new policyholder; with an identifier, the one of that identifier, added if absent (two
        processes adding it at once get one row)."""
    def set_identifier(self, policyholder_id: int, identifier: str) -> None: ...
    def link_user(self, user_id: int, policyholder_id: int, *, actor: str) -> None:
        """The user speaks for this policyholder in chat (replacing any earlier link); `actor` linked them."""
    def unlink_user(self, user_id: int) -> None: ...
    def of_user(self, user_id: int) -> Policyholder | None: ...
    def users_of(self, policyholder_id: int) -> builtins.list[int]:
        """Ids of the users linked to the policyholder."""


class GuardianRepository(Protocol):
    """Guardians linked to contracts (national_id "" : any person on the contract)."""

    def link(self, contract_id: int, user_id: int, national_id: str, linked_by: str, now: datetime) -> bool:
        """False when that very link was there already."""
    def unlink(self, contract_id: int, user_id: int, national_id: str | None) -> int:
        """Remove the link for that person (None: every link of the user on the contract); how many went."""
    def of_user(self, user_id: int) -> builtins.list[Guardian]: ...
    def for_contract(self, contract_id: int) -> builtins.list[Guardian]: ...
