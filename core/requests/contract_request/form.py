"""A contract request (seed: kindergarten group accident insurance): the policyholder by name and
identifier (the legal entity's national id or registration number), the plan, the capital and rate,
the start and the roster. The issuing expert decides whether that is an existing policyholder before
anyone is linked to it (workflow.py).
"""
from __future__ import annotations

from core.forms import validators
from core.forms.definition import Form, FormField
from core.forms.kinds import Choice, Date, File, FixedOptions, Money, Text
from core.insurance.shared.models import (
    DEATH_DISABILITY_MEDICAL,
    PLANS,
    POLICYHOLDER_KINDS,
)

CONTRACT_REQUEST_FORM = Form(
    fields=(
        FormField("policyholder_name", Text(validators.org_name), prefill="hook:my_policyholder"),
        FormField("policyholder_identifier", Text(validators.org_identifier), prefill="hook:my_policyholder_identifier",
                  searchable=True),
        FormField("policyholder_kind", Choice(FixedOptions(POLICYHOLDER_KINDS))),
        FormField("plan", Choice(FixedOptions(PLANS))),
        FormField("death_capital", Money(validators.amount_rials), check="death_capital"),
        FormField("medical_capital", Money(validators.amount_rials), check="medical_capital",
                  when=("plan", (DEATH_DISABILITY_MEDICAL,))),
        FormField("rate", Money(validators.amount_rials)),
        # amount_rials_or_zero was named here, but the engine always read money with amount_rials (0 refused);
        # kept so until it is decided that 0 may be typed
        FormField("medical_rate", Money(validators.amount_rials), check="medical_rate",
                  when=("plan", (DEATH_DISABILITY_MEDICAL,))),
        FormField("start_date", Date(validators.any_date)),
        FormField("roster", File(parser="roster")),
    )
)
