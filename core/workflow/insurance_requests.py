"""The insurer's request workflows, in the seed's order of money (K57–63, K88–91, K117–126):
the expert approves with the group discount agreed, the quote («طرح») goes to the requester (in
chat and as a PDF), the cheque is recorded with its receipt, and only then is the contract, the
renewal or the endorsement issued with its register number (`issued`).

A commitment above the issuing office's authority limit goes to the issuance manager first (a
`when` twin). A quote that costs nothing (everyone exempt; an endorsement that returns premium or
corrects data) is issued at approval: nothing waits for a cheque. When the contract request's
policyholder matches an existing one (its name or identifier), the expert decides first whether
it is the same policyholder (the requester is then linked to it, recorded with who decided) or a
different one: typing a name never links anyone.
"""
from core.workflow.definition import OWNER, Action, ActionInput, Workflow

REASON = ActionInput("reason", "reason")
DISCOUNT = ActionInput("discount_percent", "discount_percent")
PAYMENT_INPUTS = (ActionInput("cheque_number", "reference_number"), ActionInput("paid_on", "past_date"))
EXPERT = "issuance_expert"
MANAGER = "issuance_manager"
STATES = ("issuance_review", "manager_review", "quoted", "issued", "rejected", "cancelled")
FINAL = frozenset({"issued", "rejected", "cancelled"})


def _issuing_workflow(code: str, propose: str, holder_decision: bool) -> Workflow:
    """A new contract or a renewal: the same path, with its own proposing effect."""
    decisions = (
        Action("holder_same", frozenset({"issuance_review"}), "issuance_review", EXPERT, when="holder_undecided",
               effect="decide_holder_same", confirm=True, public_note=False),
        Action("holder_new", frozenset({"issuance_review"}), "issuance_review", EXPERT, when="holder_undecided",
               effect="decide_holder_new", confirm=True, public_note=False),
    ) if holder_decision else ()
    return Workflow(
        code=code,
        initial_state="issuance_review",
        states=STATES,
        final_states=FINAL,
        actions=(
            *decisions,
            Action("approve", frozenset({"issuance_review"}), "manager_review", EXPERT, (DISCOUNT,),
                   when="above_authority", confirm=True, effect="holder_decided"),
            Action("approve", frozenset({"issuance_review"}), "issued", EXPERT, (DISCOUNT,), when="quote_free",
                   effect=propose, confirm=True),
            Action("approve", frozenset({"issuance_review"}), "quoted", EXPERT, (DISCOUNT,), effect=propose,
                   confirm=True),
            Action("approve", frozenset({"manager_review"}), "issued", MANAGER, when="quote_free", effect=propose,
                   confirm=True),
            Action("approve", frozenset({"manager_review"}), "quoted", MANAGER, effect=propose, confirm=True),
            Action("reject", frozenset({"issuance_review"}), "rejected", EXPERT, (REASON,)),
            Action("reject", frozenset({"manager_review"}), "rejected", MANAGER, (REASON,)),
            Action("reject", frozenset({"quoted"}), "rejected", EXPERT, (REASON,), effect="withdraw_proposal"),
            Action("record_payment", frozenset({"quoted"}), "issued", EXPERT, PAYMENT_INPUTS, effect="pay_proposal"),
            Action("cancel", frozenset({"issuance_review", "quoted"}), "cancelled", OWNER, effect="withdraw_proposal"),
        ),
    )


CONTRACT_REQUEST = _issuing_workflow("contract_request", "propose_contract", holder_decision=True)
RENEWAL_REQUEST = _issuing_workflow("renewal_request", "propose_renewal", holder_decision=False)

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
