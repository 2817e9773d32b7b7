"""The university's premium issuance and payment request («درخواست صدور و پرداخت حق بیمه»)."""
from core.requests.premium_issuance.form import PREMIUM_ISSUANCE_FORM
from core.requests.premium_issuance.workflow import PREMIUM_ISSUANCE
from core.requests.types import RequestType

REQUEST_TYPE = RequestType("premium_issuance", PREMIUM_ISSUANCE_FORM, PREMIUM_ISSUANCE)
