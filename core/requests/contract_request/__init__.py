"""A policyholder's request for a new contract (seed: kindergarten group accident insurance)."""
from core.requests.contract_request import hooks, review  # noqa: F401 - registers the type's hooks
from core.requests.contract_request.form import CONTRACT_REQUEST_FORM
from core.requests.contract_request.workflow import CONTRACT_REQUEST
from core.requests.types import POLICYHOLDERS, RequestType

REQUEST_TYPE = RequestType("contract_request", CONTRACT_REQUEST_FORM, CONTRACT_REQUEST,
                           starters=POLICYHOLDERS, review="contract_quote")
