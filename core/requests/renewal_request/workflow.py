"""A renewal request's path: the issuing workflow (core/requests/insurer_shared.py), proposing the renewal.
"""
from __future__ import annotations

from core.requests.insurer_shared import issuing_workflow

RENEWAL_REQUEST = issuing_workflow("renewal_request", "propose_renewal", holder_decision=False)
