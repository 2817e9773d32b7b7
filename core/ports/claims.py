"""The claims register and the payment-order register."""
from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, Protocol

from core.insurance.claims.models import Claim, ClaimDocument, ClaimEvent, NewClaim, NewPaymentOrder, PaymentOrder


class ClaimRepository(Protocol):
    """The claims register: claim files, their ticked documents and their history."""

    def add(self, claim: NewClaim, now: datetime) -> Claim: ...
    def get(self, claim_id: int) -> Claim | None: ...
    def by_number(self, number: int) -> Claim | None: ...
    def by_ticket(self, ticket_id: int) -> Claim | None:
        """The claim a chat request carries."""
    def for_person(self, national_id: str) -> builtins.list[Claim]:
        """Every claim of the person, under any contract, by number (the kardex)."""
    def list(self, contract_id: int | None = None) -> builtins.list[Claim]:
        """By number."""
    def save(self, claim: Claim, now: datetime) -> Claim | None:
        """Store the claim's changeable fields (status, checks, eligible, override, radiographs_needed,
        analysis, assessment, payable, ticket_id) only if its version is still claim.version; returns
        it with the version bumped, or None when someone changed it meanwhile."""
    def tick_document(self, claim_id: int, code: str, actor: str, now: datetime, attachment_id: int | None = None,
                      note: str = "") -> bool:
        """False when that document was already ticked."""
    def untick_document(self, claim_id: int, code: str) -> bool: ...
    def documents(self, claim_id: int) -> builtins.list[ClaimDocument]: ...
    def add_event(self, claim_id: int, action: str, actor: str, details: dict[str, Any],
                  now: datetime) -> ClaimEvent: ...
    def events(self, claim_id: int) -> builtins.list[ClaimEvent]:
        """Oldest first."""
    def lock_person(self, contract_id: int, national_id: str) -> None:
        """Hold the person's claims under the contract until the transaction ends (PostgreSQL: their
        rows FOR UPDATE; SQLite's writers are one at a time already), so two payment orders for the
        same person are worked out one after the other."""


class PaymentOrderRepository(Protocol):
    """The payment-order register (دفتر صدور حواله)."""

    def add(self, order: NewPaymentOrder, now: datetime) -> PaymentOrder | None:
        """None, writing nothing, when the case (contract, national id, incident date, kind) or the
        claim already has an order: storage enforces it, so two experts at once cannot both pay."""
    def by_number(self, number: int) -> PaymentOrder | None: ...
    def for_claim(self, claim_id: int) -> PaymentOrder | None: ...
    def list(self, contract_id: int | None = None) -> builtins.list[PaymentOrder]:
        """By number."""
    def mark_collected(self, number: int, actor: str, cheque: str | None, now: datetime) -> bool:
        """False when it was already collected (or does not exist)."""
