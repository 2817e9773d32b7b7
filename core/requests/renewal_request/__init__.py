"""A policyholder's request to renew one of their contracts for another year."""
from core.requests.renewal_request import hooks, review  # noqa: F401 - registers the type's hooks
from core.requests.renewal_request.form import RENEWAL_REQUEST_FORM
from core.requests.renewal_request.workflow import RENEWAL_REQUEST
from core.requests.types import POLICYHOLDERS, RequestType

REQUEST_TYPE = RequestType("renewal_request", RENEWAL_REQUEST_FORM, RENEWAL_REQUEST,
                           starters=POLICYHOLDERS, review="renewal_quote")
