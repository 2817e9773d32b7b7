"""The request types the desk knows, listed one by one.

Each type is a folder of core/requests/ (its form, workflow, hooks and review) whose package
defines ``REQUEST_TYPE``; importing it registers its named hooks (core/requests/hooks.py). Adding a
type is one folder and one line here (docs/engine.md).
"""
from __future__ import annotations

from core.requests import claim, contract_request, endorsement_request, premium_issuance, renewal_request
from core.requests.types import RequestType

REQUEST_TYPES: dict[str, RequestType] = {t.code: t for t in (
    premium_issuance.REQUEST_TYPE,
    contract_request.REQUEST_TYPE,
    endorsement_request.REQUEST_TYPE,
    renewal_request.REQUEST_TYPE,
    claim.REQUEST_TYPE,
)}
