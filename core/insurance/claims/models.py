"""The claims office's records: a claim file, its ticked documents, its history, payment orders.

Dates are Gregorian ``datetime.date`` inside and shown in Jalali at the edges;
money is integer rials. Codes only: labels live in the bot's catalogs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

# A claim's path: filed → (returned ⇄ filed) → assessed → ordered → collected.
FILED = "filed"  # in the claims register; documents, inquiry and the doctor's analysis come in
RETURNED = "returned"  # sent back to the requester for missing documents
ASSESSED = "assessed"  # the payout is computed
ORDERED = "ordered"  # a payment order (حواله) is issued: the case counts as paid
COLLECTED = "collected"  # the cheque was collected; the payment-order register entry is complete
CLAIM_STATUSES = (FILED, RETURNED, ASSESSED, ORDERED, COLLECTED)
PAID_STATUSES = (ORDERED, COLLECTED)

# The roles of the claims steps (docs/claims.md): who may call what is the caller's to check,
# except the override, which the service refuses to anyone but the claims manager when told the roles.
CLAIMS_EXPERT, CLAIMS_MANAGER = "claims_expert", "claims_manager"
ISSUANCE_EXPERT, TRUSTED_DOCTOR, CLAIMS_ACCOUNTANT = "issuance_expert", "trusted_doctor", "claims_accountant"


@dataclass(frozen=True)
class Claim:
    id: int
    number: int  # the file number in the claims register
    contract_id: int
    national_id: str
    person_name: str
    kind: str
    incident_date: date
    incident_time: time | None
    description: str
    status: str
    checks: list[dict[str, Any]]  # eligibility as last computed: name, passed, reason
    eligible: bool
    override_reason: str | None  # the claims manager's reason to pay an ineligible claim
    override_by: str | None
    radiographs_needed: bool
    analysis: dict[str, Any]  # the trusted doctor's analysis (see ClaimsService.record_analysis)
    assessment: dict[str, Any] | None  # payable, breakdown, shares, as last assessed
    payable: int | None
    ticket_id: int | None  # the chat request that carries this claim, if any
    filed_by: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def reasons(self) -> list[str]:
        return [c["reason"] for c in self.checks if c.get("reason")]

    @property
    def payable_despite_checks(self) -> bool:
        """Eligible, or an ineligible claim the claims manager overrode."""
        return self.eligible or self.override_reason is not None


@dataclass(frozen=True)
class NewClaim:
    """What storage needs to put a claim in the register."""

    number: int
    contract_id: int
    national_id: str
    person_name: str
    kind: str
    incident_date: date
    incident_time: time | None
    description: str
    checks: list[dict[str, Any]]
    eligible: bool
    filed_by: str
    ticket_id: int | None = None


@dataclass(frozen=True)
class ClaimDocument:
    claim_id: int
    code: str
    ticked_at: datetime
    ticked_by: str
    attachment_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ClaimEvent:
    id: int
    claim_id: int
    action: str  # filed, document_ticked, returned, resubmitted, inquiry, analysis, assessed, override, ordered...
    actor: str
    details: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class PaymentOrder:
    """A payment order (حواله پرداخت خسارت), numbered in the payment-order register.
    (contract, national id, incident date, kind) is unique in storage: the same case is paid once."""

    id: int
    number: int
    claim_id: int
    contract_id: int
    national_id: str
    incident_date: date
    kind: str
    amount: int
    shares: list[dict[str, Any]]  # to, amount
    created_at: datetime
    created_by: str
    collected_at: datetime | None = None
    collected_by: str | None = None
    cheque: str | None = None


@dataclass(frozen=True)
class NewPaymentOrder:
    number: int
    claim_id: int
    contract_id: int
    national_id: str
    incident_date: date
    kind: str
    amount: int
    shares: list[dict[str, Any]] = field(default_factory=list)
    created_by: str = ""
