"""A renewal request: which of the person's contracts, among those due for renewal.
"""
from __future__ import annotations

from core.forms.definition import Form, FormField
from core.forms.kinds import Choice, OwnOptions

RENEWAL_REQUEST_FORM = Form(
    fields=(
        FormField("contract", Choice(OwnOptions("my_renewable_contracts")), searchable=True),
    )
)
