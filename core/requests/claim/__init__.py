"""A claim («اعلام خسارت») on a contract, by its policyholder or a guardian linked to it (docs/claims.md)."""
from core.requests.claim import hooks  # noqa: F401 - registers the type's hooks
from core.requests.claim.form import CLAIM_FORM
from core.requests.claim.workflow import CLAIM
from core.requests.types import POLICYHOLDERS, RequestType

REQUEST_TYPE = RequestType("claim", CLAIM_FORM, CLAIM, starters=POLICYHOLDERS, review="claim",
                           requester_review="claim_requester", starter="claim_guardian")
