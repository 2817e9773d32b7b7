"""Proposals (quotes waiting for the cheque) and refunds settled."""
from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any, Protocol

from core.insurance.shared.models import Proposal, RefundSettlement


class ProposalRepository(Protocol):
    """Quotes sent to policyholders, waiting for the cheque."""

    def add(self, number: int, kind: str, policyholder_id: int, contract_id: int | None, proposed_on: date,
            amount: int, terms: dict[str, Any], actor: str, now: datetime) -> Proposal: ...
    def by_number(self, number: int) -> Proposal | None: ...
    def list(self, status: str | None = None, contract_id: int | None = None) -> builtins.list[Proposal]:
        """By number."""
    def close(self, proposal_id: int, status: str, contract_id: int | None = None,
              endorsement_id: int | None = None, *, actor: str) -> bool:
        """Issue or withdraw a proposal still open; False when it was not (another process closed it)."""


class RefundRepository(Protocol):
    def settle(self, settlement: RefundSettlement) -> bool:
        """False when that endorsement's refund was settled already."""
    def for_endorsements(self, endorsement_ids: builtins.list[int]) -> dict[int, RefundSettlement]: ...
