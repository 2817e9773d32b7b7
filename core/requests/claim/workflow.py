"""A claim's path through the claims office (seed: «اعلام خسارت»; docs/claims.md).

Submitting files the claim in the claims register (kardex and eligibility at once).
The claims expert reviews it and returns it for missing documents or sends it to the
issuing office's inquiry; the trusted doctor's analysis gives the payout by the rules;
the expert orders the payment: an eligible claim (or one the claims manager overrode)
gets its payment order, an ineligible one goes to the claims manager, whose override
with a reason is needed first; accounting records the cheque collected (/collected).
A claim returned for documents at the assessment goes back to the assessment when it is
resubmitted (the inquiry and the analysis kept); returned at the first review, to that review.
The death of an adult is paid by the inheritance certificate: the doctor's step asks for the
heirs and their shares too.
"""
from core.workflow.definition import OWNER, Action, ActionInput, Workflow

REASON = ActionInput("reason", "reason")
ANALYSIS = ActionInput("analysis", "doctor_analysis")
RESUBMISSION = (ActionInput("comment", "comment_or_files"), ActionInput("documents", "checklist", required=False))

CLAIM = Workflow(
    code="claim",
    initial_state="claim_review",
    on_submit="claim_file",
    states=(
        "claim_review",
        "returned",
        "inquiry",
        "medical_analysis",
        "assessment",
        "override_review",
        "ordered",
        "collected",
        "rejected",
    ),
    final_states=frozenset({"collected", "rejected"}),
    actions=(
        Action("return", frozenset({"claim_review", "assessment"}), "returned", "claims_expert", (REASON,),
               effect="claim_return"),
        Action("inquire", frozenset({"claim_review"}), "inquiry", "claims_expert"),
        Action("resubmit", frozenset({"returned"}), "assessment", OWNER, RESUBMISSION,
               when="claim_returned_at_assessment", effect="claim_resubmit"),
        Action("resubmit", frozenset({"returned"}), "claim_review", OWNER, RESUBMISSION, effect="claim_resubmit"),
        Action("confirm_inquiry", frozenset({"inquiry"}), "medical_analysis", "issuance_expert",
               effect="claim_inquiry"),
        # the analysis is internal to the insurer: the policyholder is told the payout breakdown instead
        Action("analyse", frozenset({"medical_analysis"}), "assessment", "trusted_doctor", (ANALYSIS,),
               public_note=False, when="!claim_adult_death", effect="claim_analysis"),
        Action("analyse", frozenset({"medical_analysis"}), "assessment", "trusted_doctor",
               (ANALYSIS, ActionInput("heirs", "heirs")), public_note=False, effect="claim_analysis"),
        # one button for the expert; the rules say where it goes
        Action("order", frozenset({"assessment"}), "ordered", "claims_expert", when="claim_payable",
               effect="claim_order", confirm=True),
        Action("order", frozenset({"assessment"}), "override_review", "claims_expert", confirm=True),
        Action("override", frozenset({"override_review"}), "assessment", "claims_manager", (REASON,),
               effect="claim_override"),
        Action("reject", frozenset({"override_review"}), "rejected", "claims_manager", (REASON,)),
        Action("collected", frozenset({"ordered"}), "collected", "claims_accountant",
               (ActionInput("cheque_number", "reference_number", required=False),), effect="claim_collected"),
    ),
)
