"""A renewal request: which of the person's contracts, among those due for renewal.
"""
from __future__ import annotations

from core.forms.definition import Form, FormField

RENEWAL_REQUEST_FORM = Form(
    fields=(
        FormField("contract", "choice", "choice", options_source="source:my_renewable_contracts",
                  searchable=True),
    )
)
