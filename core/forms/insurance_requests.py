"""The insurer's request forms (seed: kindergarten group accident insurance): a contract, an
endorsement, a renewal. Hooks named here are in core/insurance/chat_hooks.py.

The contract request names its policyholder by name and identifier (the legal entity's national id
or registration number); the issuing expert decides whether that is an existing policyholder
before anyone is linked to it (core/workflow/insurance_requests.py)."""
from core.forms.definition import Form, FormField
from core.insurance.models import (
    ADDITIONAL,
    CANCEL_POLICYHOLDER,
    DEATH_DISABILITY_MEDICAL,
    NO_FINANCIAL,
    PLANS,
    POLICYHOLDER_KINDS,
    RETURN,
    SWAP,
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

# What a policyholder may ask for; cancellation by the insurer is the insurer's own act (command line).
ENDORSEMENT_KINDS_ASKED = (ADDITIONAL, RETURN, SWAP, NO_FINANCIAL, CANCEL_POLICYHOLDER)

ENDORSEMENT_REQUEST_FORM = Form(
    fields=(
        FormField("contract", "choice", "choice", options_source="source:my_contracts", searchable=True),
        FormField("endorsement_kind", "choice", "choice", options_source="fixed", fixed_options=ENDORSEMENT_KINDS_ASKED),
        FormField("effective_date", "date", "any_date", check="effective_in_contract"),
        FormField("persons_joining", "file", "file", parser="roster", check="endorsement_persons",
                  when=("endorsement_kind", (ADDITIONAL, SWAP))),
        # national ids typed, or a roster file
        FormField("persons_leaving", "file", "national_id_list", parser="roster_ids", check="endorsement_persons",
                  when=("endorsement_kind", (RETURN, SWAP))),
        FormField("corrections", "file", "file", parser="roster", check="endorsement_persons",
                  when=("endorsement_kind", (NO_FINANCIAL,))),
    )
)

RENEWAL_REQUEST_FORM = Form(
    fields=(
        FormField("contract", "choice", "choice", options_source="source:my_renewable_contracts",
                  searchable=True),
    )
)
