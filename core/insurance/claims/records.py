"""What the claims service takes and gives: the notice, the injured person, the trusted doctor's
analysis, the policy inquiry, and a claim as the expert sees it (plain values, no storage)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.insurance.claims.bill_items import bill_item_code
from core.insurance.claims.kardex import KardexResult
from core.insurance.claims.medical import BillLine
from core.insurance.claims.models import ASSESSED, Claim, ClaimDocument, ClaimEvent, PaymentOrder
from core.insurance.shared.models import Contract, Policyholder


@dataclass(frozen=True)
class ClaimNotice:
    """The notice (اعلام خسارت): what the policyholder or the guardian gives."""

    contract_number: int
    national_id: str
    kind: str  # death | disability | medical
    incident_date: dt.date
    description: str
    incident_time: dt.time | None = None
    ticket_id: int | None = None  # the chat request carrying the claim, if any


@dataclass(frozen=True)
class InsuredPerson:
    """The injured person as the roster knows them (the chat offers the name back to confirm)."""

    national_id: str
    name: str
    birth_date: dt.date
    insured_on_incident_date: bool


@dataclass(frozen=True)
class DoctorAnalysis:
    """The trusted doctor's analysis («آنالیز پزشکی»): what the payout rules take from him.

    medical: the bill lines with his approved amounts, and what a primary insurer paid;
    disability: table items, an assessed percentage, teeth lost;
    death: for an adult, the heirs and their shares by the inheritance certificate (a minor's
    benefit goes to the father and the mother); the beneficiaries responsible for the accident.
    kidney_approval: the letter (number) of the Education's welfare department approving a kidney
    purchase on the bill (the seed: «برحسب تقاضا و تائید اداره کل تعاون و تامین اجتماعی»).
    """

    bill: Sequence[BillLine] = ()
    primary_insurer_paid: int = 0
    disability_items: Sequence[str] = ()
    disability_percent: int | str = 0
    teeth: int = 0
    heirs: Sequence[tuple[str, str]] = ()
    responsible: Sequence[str] = ()
    note: str = ""
    kidney_approval: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "bill": [{"item": bill_item_code(line.item), "billed": line.billed, "approved": line.approved}
                     for line in self.bill],
            "primary_insurer_paid": self.primary_insurer_paid,
            "disability_items": list(self.disability_items),
            "disability_percent": str(self.disability_percent),
            "teeth": self.teeth,
            "heirs": [[name, str(share)] for name, share in self.heirs],
            "responsible": list(self.responsible),
            "note": self.note,
            "kidney_approval": self.kidney_approval,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DoctorAnalysis:
        return cls(
            bill=tuple(BillLine(b["item"], b["billed"], b.get("approved")) for b in data.get("bill", [])),
            primary_insurer_paid=data.get("primary_insurer_paid", 0),
            disability_items=tuple(data.get("disability_items", [])),
            disability_percent=data.get("disability_percent", "0"),
            teeth=data.get("teeth", 0),
            heirs=tuple((name, share) for name, share in data.get("heirs", [])),
            responsible=tuple(data.get("responsible", [])),
            note=data.get("note", ""),
            kidney_approval=data.get("kidney_approval", ""),
        )


@dataclass(frozen=True)
class Inquiry:
    """The policy inquiry («استعلام بیمه عمر و حوادث»), filled from the contract: the four
    items the seed says it must hold, and the person's roster and payment records."""

    contract_number: int
    policyholder: str
    plan: str
    cover_start: dt.date
    cover_end: dt.date  # the last day of cover
    national_id: str
    name: str
    birth_date: dt.date
    memberships: tuple[tuple[dt.date, dt.date | None], ...]  # (from, until exclusive)
    premium_due: int
    payments: tuple[tuple[int, dt.date, int], ...]  # (receipt number, paid on, amount)
    payment_deadline: dt.date
    death_disability_capital: int
    medical_capital: int
    office: str
    checks: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "contract": self.contract_number, "policyholder": self.policyholder, "plan": self.plan,
            "cover_start": self.cover_start.isoformat(), "cover_end": self.cover_end.isoformat(),
            "national_id": self.national_id, "name": self.name, "birth_date": self.birth_date.isoformat(),
            "memberships": [[f.isoformat(), t.isoformat() if t else None] for f, t in self.memberships],
            "premium_due": self.premium_due,
            "payments": [[n, d.isoformat(), a] for n, d, a in self.payments],
            "payment_deadline": self.payment_deadline.isoformat(),
            "death_disability_capital": self.death_disability_capital, "medical_capital": self.medical_capital,
            "office": self.office, "checks": list(self.checks),
        }


@dataclass(frozen=True)
class ClaimView:
    """A claim with everything the expert is shown."""

    claim: Claim
    contract: Contract
    policyholder: Policyholder
    kardex: KardexResult
    required: tuple[str, ...]
    documents: list[ClaimDocument]
    missing: tuple[str, ...]
    order: PaymentOrder | None
    events: list[ClaimEvent] = field(default_factory=list)
    minor: bool = True  # the injured person on the incident date (a death: the parents, or the heirs)

    @property
    def number(self) -> int:
        return self.claim.number

    @property
    def returned_at_assessment(self) -> bool:
        """Whether the claim's last return for documents came at the assessment (its resubmission
        goes back there, the inquiry and the doctor's analysis kept)."""
        returns = [e for e in self.events if e.action == "returned"]
        return bool(returns) and returns[-1].details.get("from") == ASSESSED
