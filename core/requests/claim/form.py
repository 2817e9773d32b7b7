"""The claim notice («اعلام خسارت»): the seed's questions, in the order the checks need them.

The incident's date comes before the injured person, since the roster is read as it
stood on that day (and it must fall inside the chosen contract's cover: a contract
cancelled or expired since is offered, its dates decide); the checklist comes last, since it depends on the claim type and
on whether the injured person was a minor.
"""
from core.forms import validators
from core.forms.definition import Form, FormField
from core.forms.kinds import Checklist, Choice, DateTime, FixedOptions, LongText, OwnOptions, Text
from core.insurance.claims.kinds import CLAIM_KINDS

CLAIM_FORM = Form(
    fields=(
        FormField("contract", Choice(OwnOptions("claim_contracts")), searchable=True),
        FormField("incident_at", DateTime(validators.incident_datetime), check="claim_incident_in_cover"),
        FormField("insured", Text(validators.national_id), check="insured_person", confirm=True, searchable=True),
        FormField("kind", Choice(FixedOptions(CLAIM_KINDS))),
        FormField("description", LongText(validators.description)),
        FormField("documents", Checklist("claim_documents"), optional=True),
    )
)
