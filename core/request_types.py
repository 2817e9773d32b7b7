"""The request types the desk knows: each a form and the workflow it follows."""
from __future__ import annotations

from dataclasses import dataclass

from core.forms.definition import Form
from core.forms.premium_issuance import PREMIUM_ISSUANCE_FORM
from core.workflow.definition import Workflow
from core.workflow.premium_issuance import PREMIUM_ISSUANCE


@dataclass(frozen=True)
class RequestType:
    code: str
    form: Form
    workflow: Workflow


PREMIUM_ISSUANCE_TYPE = RequestType("premium_issuance", PREMIUM_ISSUANCE_FORM, PREMIUM_ISSUANCE)

REQUEST_TYPES: dict[str, RequestType] = {t.code: t for t in (PREMIUM_ISSUANCE_TYPE,)}
