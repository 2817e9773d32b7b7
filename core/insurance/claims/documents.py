"""The documents a claim file needs, by claim type, as codes (labels live in the bot's catalogs).

From the seed: the documents common to every claim, then those a death, a
disability or a medical-expenses claim needs besides. Some are needed only in
a given case (the seed's «در موارد لزوم», the primary insurer, a minor or an
adult who died); ``ClaimCase`` says which case applies.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from core.insurance.claims.kinds import CLAIM_KINDS, DEATH, DISABILITY, MEDICAL
from core.insurance.claims.money import ClaimInputError


@dataclass(frozen=True)
class ClaimCase:
    """What changes the checklist beyond the claim type."""

    minor: bool = True  # a kindergarten's insured are children
    primary_insurer_paid: bool = False
    radiographs_needed: bool = False


@dataclass(frozen=True)
class DocumentItem:
    code: str
    needed: Callable[[ClaimCase], bool] = lambda case: True


COMMON = (
    DocumentItem("policyholder_request"),  # the policyholder's (the school's) written request
    DocumentItem("insured_id_copy"),  # copy of the insured's birth certificate (process step 1)
    DocumentItem("guardian_id_copy"),  # copy of the guardian's birth certificate
    DocumentItem("doctor_certificate"),  # the treating or forensic doctor's certificate
    DocumentItem("incident_reports"),
    DocumentItem("policy_inquiry"),  # «استعلام بیمه‌نامه», filled in by the issuing office
)

BY_KIND = {
    DEATH: (
        DocumentItem("death_certificate_summary"),  # from the civil registry
        DocumentItem("parents_id_copies", lambda case: case.minor),  # a minor's benefit goes to both parents
        DocumentItem("inheritance_certificate", lambda case: not case.minor),  # an adult's by «حصر وراثت»
    ),
    DISABILITY: (
        DocumentItem("first_treatment_certificate"),  # the first treatment centre: how it happened and was treated
        DocumentItem("final_disability_certificate"),  # treatment completed, and the degree of disability
        DocumentItem("company_doctor_opinion"),  # confirms the disability and sets its degree
        DocumentItem("radiographs", lambda case: case.radiographs_needed),  # before and after treatment
    ),
    MEDICAL: (
        DocumentItem("anaesthesia_time_certificate"),
        DocumentItem("original_bills"),  # original hospital and treatment bills
        # Paid in part by a primary insurer: copies certified as true, and its statement of what it paid.
        DocumentItem("certified_medical_copies", lambda case: case.primary_insurer_paid),
        DocumentItem("primary_insurer_statement", lambda case: case.primary_insurer_paid),
    ),
}


def required_documents(kind: str, case: ClaimCase | None = None) -> tuple[str, ...]:
    """The codes of the documents a claim of this type needs in this case, common ones first."""
    if kind not in CLAIM_KINDS:
        raise ClaimInputError(problem="unknown_claim_kind", kind=kind)
    case = case or ClaimCase()
    return tuple(item.code for item in COMMON + BY_KIND[kind] if item.needed(case))


def missing_documents(kind: str, ticked: Collection[str], case: ClaimCase | None = None) -> tuple[str, ...]:
    """What is still missing, in checklist order, once the ``ticked`` codes are in."""
    return tuple(code for code in required_documents(kind, case) if code not in ticked)


def all_document_codes() -> tuple[str, ...]:
    """Every code any checklist can name (for the catalogs to label them all)."""
    items = list(COMMON) + [item for kind in CLAIM_KINDS for item in BY_KIND[kind]]
    return tuple(item.code for item in items)
