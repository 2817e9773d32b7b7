"""The premium issuance and payment path of the university's ticketing guide."""
from core.workflow.definition import OWNER, Action, ActionInput, Workflow

REASON = ActionInput("reason", "reason")

PREMIUM_ISSUANCE = Workflow(
    code="premium_issuance",
    initial_state="submitted",
    states=(
        "submitted",
        "document_review",
        "returned",
        "company_review",
        "draft_policy",
        "policy_issued",
        "voucher_registered",
        "paid",
        "rejected",
        "cancelled",
    ),
    final_states=frozenset({"paid", "rejected", "cancelled"}),
    actions=(
        Action("approve", frozenset({"submitted"}), "document_review", "welfare_expert"),
        Action("reject", frozenset({"submitted"}), "rejected", "welfare_expert", (REASON,)),
        Action("return", frozenset({"document_review"}), "returned", "insurance_expert", (REASON,)),
        Action("forward", frozenset({"document_review"}), "company_review", "insurance_expert"),
        Action(
            "resubmit",
            frozenset({"returned"}),
            "document_review",
            OWNER,
            (ActionInput("comment", "comment_or_files"),),
        ),
        Action("return", frozenset({"company_review"}), "returned", "insurer_expert", (REASON,)),
        Action("draft", frozenset({"company_review"}), "draft_policy", "insurer_expert"),
        Action(
            "policy",
            frozenset({"draft_policy"}),
            "policy_issued",
            "insurer_expert",
            (ActionInput("policy_number", "reference_number"),),
        ),
        Action(
            "voucher",
            frozenset({"policy_issued"}),
            "voucher_registered",
            "finance_officer",
            (ActionInput("voucher_number", "reference_number"),),
        ),
        Action(
            "pay",
            frozenset({"voucher_registered"}),
            "paid",
            "treasurer",
            (ActionInput("cheque_number", "reference_number"), ActionInput("amount", "amount_rials")),
        ),
        Action("cancel", frozenset({"submitted", "document_review", "returned"}), "cancelled", OWNER),
    ),
)
