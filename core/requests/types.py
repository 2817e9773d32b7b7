"""A request type: its form, the workflow it follows, and the named hooks that are its own."""
from __future__ import annotations

from dataclasses import dataclass

from core.forms.definition import Form
from core.models import User
from core.requests.hooks import RequestHooks, WorkflowHooks
from core.workflow.definition import Workflow

POLICYHOLDERS = frozenset({"policyholder"})


@dataclass(frozen=True)
class RequestType:
    code: str
    form: Form
    workflow: Workflow
    # who may file it: None, anyone; else holders of one of these roles (others do not see it in /new)
    starters: frozenset[str] | None = None
    # a named review (core.requests.hooks): what the staff see before acting (e.g. the premium breakdown)
    review: str | None = None
    # a named review of the requester's own request, shown to them in /show (e.g. a claim's payout)
    requester_review: str | None = None
    # a named starter (core.requests.hooks.starter): who else may file it, by their data rather than
    # a role (a guardian linked to a contract may file a claim on it)
    starter: str | None = None

    def may_start(self, user: User, hooks: RequestHooks | WorkflowHooks | None = None) -> bool:
        if self.starters is None or self.starters & user.all_roles:
            return True
        return self.starter is not None and hooks is not None and hooks.may_start(self.starter, user)
