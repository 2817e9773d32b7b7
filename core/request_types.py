"""The request types the desk knows: each a form and the workflow it follows.

Every type is data read by the same engines (core.forms, core.workflow, core.tickets);
the named hooks its form and workflow refer to (parsers, option sources, checks,
conditions, effects, reviews) live in core.request_hooks and the modules registering
them, imported here so that they are known wherever the types are.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.forms.claim import CLAIM_FORM
from core.forms.definition import Form
from core.forms.insurance_requests import CONTRACT_REQUEST_FORM, ENDORSEMENT_REQUEST_FORM, RENEWAL_REQUEST_FORM
from core.forms.premium_issuance import PREMIUM_ISSUANCE_FORM
from core.insurance import (  # noqa: F401 - register the insurance requests' hooks
    chat_effects,
    chat_hooks,
    chat_reviews,
    claim_hooks,
)
from core.models import User
from core.request_hooks import RequestHooks, WorkflowHooks
from core.workflow.claim import CLAIM
from core.workflow.definition import Workflow
from core.workflow.insurance_requests import CONTRACT_REQUEST, ENDORSEMENT_REQUEST, RENEWAL_REQUEST
from core.workflow.premium_issuance import PREMIUM_ISSUANCE


@dataclass(frozen=True)
class RequestType:
    code: str
    form: Form
    workflow: Workflow
    # who may file it: None, anyone; else holders of one of these roles (others do not see it in /new)
    starters: frozenset[str] | None = None
    # a named review (core.request_hooks): what the staff see before acting (e.g. the premium breakdown)
    review: str | None = None
    # a named review of the requester's own request, shown to them in /show (e.g. a claim's payout)
    requester_review: str | None = None
    # a named starter (core.request_hooks.starter): who else may file it, by their data rather than
    # a role (a guardian linked to a contract may file a claim on it)
    starter: str | None = None

    def may_start(self, user: User, hooks: RequestHooks | WorkflowHooks | None = None) -> bool:
        if self.starters is None or self.starters & user.all_roles:
            return True
        return self.starter is not None and hooks is not None and hooks.may_start(self.starter, user)


PREMIUM_ISSUANCE_TYPE = RequestType("premium_issuance", PREMIUM_ISSUANCE_FORM, PREMIUM_ISSUANCE)
POLICYHOLDERS = frozenset({"policyholder"})
CONTRACT_REQUEST_TYPE = RequestType("contract_request", CONTRACT_REQUEST_FORM, CONTRACT_REQUEST,
                                    starters=POLICYHOLDERS, review="contract_quote")
ENDORSEMENT_REQUEST_TYPE = RequestType("endorsement_request", ENDORSEMENT_REQUEST_FORM, ENDORSEMENT_REQUEST,
                                       starters=POLICYHOLDERS, review="endorsement_quote")
RENEWAL_REQUEST_TYPE = RequestType("renewal_request", RENEWAL_REQUEST_FORM, RENEWAL_REQUEST,
                                   starters=POLICYHOLDERS, review="renewal_quote")

CLAIM_TYPE = RequestType("claim", CLAIM_FORM, CLAIM, starters=POLICYHOLDERS, review="claim",
                         requester_review="claim_requester", starter="claim_guardian")

REQUEST_TYPES: dict[str, RequestType] = {t.code: t for t in (
    PREMIUM_ISSUANCE_TYPE, CONTRACT_REQUEST_TYPE, ENDORSEMENT_REQUEST_TYPE, RENEWAL_REQUEST_TYPE, CLAIM_TYPE)}
