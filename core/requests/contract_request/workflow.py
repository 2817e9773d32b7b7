"""A contract request's path: the issuing workflow (core/requests/insurer_shared.py) with the
expert's decision first when the policyholder named matches an existing one (the requester is then
linked to it, recorded with who decided) or is a different one: typing a name never links anyone.
"""
from __future__ import annotations

from core.requests.insurer_shared import issuing_workflow

CONTRACT_REQUEST = issuing_workflow("contract_request", "propose_contract", holder_decision=True)
