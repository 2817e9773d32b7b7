"""An endorsement request's path: one that charges premium is quoted and waits for the cheque; a
refund or a correction is issued at once, the refund owed to the policyholder.
"""
from __future__ import annotations

from core.requests.insurer_shared import EXPERT, FINAL, PAYMENT_INPUTS, REASON
from core.workflow.definition import OWNER, Action, Workflow

ENDORSEMENT_REQUEST = Workflow(
    code="endorsement_request",
    initial_state="issuance_review",
    states=("issuance_review", "quoted", "issued", "rejected", "cancelled"),
    final_states=FINAL,
    actions=(
        # an endorsement that charges premium is quoted and waits for the cheque; a refund or a correction
        # is issued at once, the refund owed to the policyholder
        Action("approve", frozenset({"issuance_review"}), "quoted", EXPERT, when="endorsement_owes",
               effect="endorse", confirm=True),
        Action("approve", frozenset({"issuance_review"}), "issued", EXPERT, effect="endorse", confirm=True),
        Action("reject", frozenset({"issuance_review"}), "rejected", EXPERT, (REASON,)),
        Action("reject", frozenset({"quoted"}), "rejected", EXPERT, (REASON,), effect="withdraw_proposal"),
        Action("record_payment", frozenset({"quoted"}), "issued", EXPERT, PAYMENT_INPUTS, effect="pay_proposal"),
        Action("cancel", frozenset({"issuance_review", "quoted"}), "cancelled", OWNER, effect="withdraw_proposal"),
    ),
)
