"""A policyholder's request for an endorsement (الحاقیه) on one of their contracts."""
from core.requests.endorsement_request import hooks, review  # noqa: F401 - registers the type's hooks
from core.requests.endorsement_request.form import ENDORSEMENT_REQUEST_FORM
from core.requests.endorsement_request.workflow import ENDORSEMENT_REQUEST
from core.requests.types import POLICYHOLDERS, RequestType

REQUEST_TYPE = RequestType("endorsement_request", ENDORSEMENT_REQUEST_FORM, ENDORSEMENT_REQUEST,
                           starters=POLICYHOLDERS, review="endorsement_quote")
