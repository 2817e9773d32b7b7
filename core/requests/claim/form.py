"""The claim notice («اعلام خسارت»): the seed's questions, in the order the checks need them.

The incident's date comes before the injured person, since the roster is read as it
stood on that day (and it must fall inside the chosen contract's cover: a contract
cancelled or expired since is offered, its dates decide); the checklist comes last, since it depends on the claim type and
on whether the injured person was a minor.
"""
from core.forms.definition import Form, FormField
from core.insurance.claims.kinds import CLAIM_KINDS

CLAIM_FORM = Form(
    fields=(
        FormField("contract", "choice", "choice", options_source="source:claim_contracts", searchable=True),
        FormField("incident_at", "datetime", "incident_datetime", check="claim_incident_in_cover"),
        FormField("insured", "text", "national_id", check="insured_person", confirm=True, searchable=True),
        FormField("kind", "choice", "choice", options_source="fixed", fixed_options=CLAIM_KINDS),
        FormField("description", "text", "description"),
        FormField("documents", "checklist", "attachment", optional=True, checklist="claim_documents"),
    )
)
