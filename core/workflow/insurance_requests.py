"""The insurer's request workflows: issue a contract, an endorsement, a renewal, then the receipt.

Approving shows the expert the premium or refund with its breakdown (the type's review,
confirm=True) and issues the record with its register number (an effect). A commitment above
the issuing office's authority limit goes to the issuance manager first (a `when` twin).
Recording the policyholder's cheque gives the receipt, sent to the requester as a PDF.
"""
from core.workflow.definition import OWNER, Action, ActionInput, Workflow

REASON = ActionInput("reason", "reason")
PAYMENT_INPUTS = (ActionInput("cheque_number", "reference_number"), ActionInput("paid_on", "past_date"))
EXPERT = "issuance_expert"
MANAGER = "issuance_manager"


def _issuing_workflow(code: str, issue_effect: str) -> Workflow:
    """A new contract or a renewal: the same path, with its own effect."""
    return Workflow(
        code=code,
        initial_state="issuance_review",
        states=("issuance_review", "manager_review", "issued", "premium_paid", "rejected", "cancelled"),
        final_states=frozenset({"premium_paid", "rejected", "cancelled"}),
        actions=(
            Action("approve", frozenset({"issuance_review"}), "manager_review", EXPERT, when="above_authority",
                   confirm=True),
            Action("approve", frozenset({"issuance_review"}), "issued", EXPERT, effect=issue_effect, confirm=True),
            Action("approve", frozenset({"manager_review"}), "issued", MANAGER, effect=issue_effect, confirm=True),
            Action("reject", frozenset({"issuance_review"}), "rejected", EXPERT, (REASON,)),
            Action("reject", frozenset({"manager_review"}), "rejected", MANAGER, (REASON,)),
            Action("record_payment", frozenset({"issued"}), "premium_paid", EXPERT, PAYMENT_INPUTS, effect="record_payment"),
            Action("cancel", frozenset({"issuance_review"}), "cancelled", OWNER),
        ),
    )


CONTRACT_REQUEST = _issuing_workflow("contract_request", "issue_contract")
RENEWAL_REQUEST = _issuing_workflow("renewal_request", "renew_contract")

ENDORSEMENT_REQUEST = Workflow(
    code="endorsement_request",
    initial_state="issuance_review",
    states=("issuance_review", "awaiting_payment", "issued", "premium_paid", "rejected", "cancelled"),
    final_states=frozenset({"issued", "premium_paid", "rejected", "cancelled"}),
    actions=(
        # an endorsement that charges premium waits for the cheque; a refund or a correction is done
        Action("approve", frozenset({"issuance_review"}), "awaiting_payment", EXPERT, when="endorsement_owes",
               effect="issue_endorsement", confirm=True),
        Action("approve", frozenset({"issuance_review"}), "issued", EXPERT, effect="issue_endorsement", confirm=True),
        Action("reject", frozenset({"issuance_review"}), "rejected", EXPERT, (REASON,)),
        Action("record_payment", frozenset({"awaiting_payment"}), "premium_paid", EXPERT, PAYMENT_INPUTS,
               effect="record_payment"),
        Action("cancel", frozenset({"issuance_review"}), "cancelled", OWNER),
    ),
)
