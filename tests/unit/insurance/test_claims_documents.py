"""The document checklist by claim type, as the seed lists it, and what is still missing."""
from __future__ import annotations

import pytest

from core.insurance.claims.documents import ClaimCase, all_document_codes, missing_documents, required_documents
from core.insurance.claims.money import ClaimInputError

# Written out from the seed by hand, not read from the module.
COMMON = (
    "policyholder_request",
    "insured_id_copy",
    "guardian_id_copy",
    "doctor_certificate",
    "incident_reports",
    "policy_inquiry",
)


@pytest.mark.parametrize(
    "kind, case, own",
    [
        pytest.param(
            "death", ClaimCase(minor=True), ("death_certificate_summary", "parents_id_copies"), id="death of a child"
        ),
        pytest.param(
            "death",
            ClaimCase(minor=False),
            ("death_certificate_summary", "inheritance_certificate"),
            id="death of an adult",
        ),
        pytest.param(
            "disability",
            ClaimCase(),
            ("first_treatment_certificate", "final_disability_certificate", "company_doctor_opinion"),
            id="disability",
        ),
        pytest.param(
            "disability",
            ClaimCase(radiographs_needed=True),
            ("first_treatment_certificate", "final_disability_certificate", "company_doctor_opinion", "radiographs"),
            id="disability with radiographs",
        ),
        pytest.param("medical", ClaimCase(), ("anaesthesia_time_certificate", "original_bills"), id="medical"),
        pytest.param(
            "medical",
            ClaimCase(primary_insurer_paid=True),
            ("anaesthesia_time_certificate", "original_bills", "certified_medical_copies", "primary_insurer_statement"),
            id="medical after a primary insurer",
        ),
    ],
)
def test_checklist_is_the_common_documents_then_the_claim_types_own(kind, case, own):
    assert required_documents(kind, case) == COMMON + own


def test_a_kindergarten_claim_is_a_childs_by_default():
    assert required_documents("death") == COMMON + ("death_certificate_summary", "parents_id_copies")


def test_missing_is_what_is_not_ticked_in_checklist_order():
    ticked = {"original_bills", "policyholder_request", "incident_reports", "something_else"}
    assert missing_documents("medical", ticked) == (
        "insured_id_copy",
        "guardian_id_copy",
        "doctor_certificate",
        "policy_inquiry",
        "anaesthesia_time_certificate",
    )
    assert missing_documents("medical", set(required_documents("medical"))) == ()


def test_every_document_code_is_listed_once_for_the_catalogs():
    codes = all_document_codes()
    assert len(codes) == len(set(codes)) == 17
    for kind in ("death", "disability", "medical"):
        for case in (ClaimCase(), ClaimCase(False, True, True)):
            assert set(required_documents(kind, case)) <= set(codes)


def test_an_unknown_claim_type_is_refused():
    with pytest.raises(ClaimInputError):
        required_documents("theft")
