"""An endorsement request: the contract, the kind, the effective day, and who joins, leaves or is
corrected (a roster file, or national ids typed).
"""
from __future__ import annotations

from core.forms import validators
from core.forms.definition import Form, FormField
from core.forms.kinds import Choice, Date, File, FixedOptions, OwnOptions
from core.insurance.shared.models import (
    ADDITIONAL,
    CANCEL_POLICYHOLDER,
    NO_FINANCIAL,
    RETURN,
    SWAP,
)

# What a policyholder may ask for; cancellation by the insurer is the insurer's own act (command line).
ENDORSEMENT_KINDS_ASKED = (ADDITIONAL, RETURN, SWAP, NO_FINANCIAL, CANCEL_POLICYHOLDER)


ENDORSEMENT_REQUEST_FORM = Form(
    fields=(
        FormField("contract", Choice(OwnOptions("my_contracts")), searchable=True),
        FormField("endorsement_kind", Choice(FixedOptions(ENDORSEMENT_KINDS_ASKED))),
        FormField("effective_date", Date(validators.any_date), check="effective_in_contract"),
        FormField("persons_joining", File(parser="roster"), check="endorsement_persons",
                  when=("endorsement_kind", (ADDITIONAL, SWAP))),
        # national ids typed, or a roster file
        FormField("persons_leaving", File(parser="roster_ids", typed_validator=validators.national_id_list),
                  check="endorsement_persons",
                  when=("endorsement_kind", (RETURN, SWAP))),
        FormField("corrections", File(parser="roster"), check="endorsement_persons",
                  when=("endorsement_kind", (NO_FINANCIAL,))),
    )
)
