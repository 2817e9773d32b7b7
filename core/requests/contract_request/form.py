"""A contract request (seed: kindergarten group accident insurance): the policyholder by name and
identifier (the legal entity's national id or registration number), the plan, the capital and rate,
the start and the roster. The issuing expert decides whether that is an existing policyholder before
anyone is linked to it (workflow.py).
"""
from __future__ import annotations

from core.forms.definition import Form, FormField
from core.insurance.shared.models import (
    DEATH_DISABILITY_MEDICAL,
    PLANS,
    POLICYHOLDER_KINDS,
)

CONTRACT_REQUEST_FORM = Form(
    fields=(
        FormField("policyholder_name", "text", "org_name", prefill="hook:my_policyholder"),
        FormField("policyholder_identifier", "text", "org_identifier", prefill="hook:my_policyholder_identifier",
                  searchable=True),
        FormField("policyholder_kind", "choice", "choice", options_source="fixed", fixed_options=POLICYHOLDER_KINDS),
        FormField("plan", "choice", "choice", options_source="fixed", fixed_options=PLANS),
        FormField("death_capital", "money", "amount_rials", check="death_capital"),
        FormField("medical_capital", "money", "amount_rials", check="medical_capital",
                  when=("plan", (DEATH_DISABILITY_MEDICAL,))),
        FormField("rate", "money", "amount_rials"),
        FormField("medical_rate", "money", "amount_rials_or_zero", check="medical_rate",
                  when=("plan", (DEATH_DISABILITY_MEDICAL,))),
        FormField("start_date", "date", "any_date"),
        FormField("roster", "file", "file", parser="roster"),
    )
)
