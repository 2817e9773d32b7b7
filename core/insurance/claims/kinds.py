"""Claim types and contract plans, as codes (labels live in the bot's catalogs)."""
from __future__ import annotations

DEATH, DISABILITY, MEDICAL = "death", "disability", "medical"
CLAIM_KINDS = (DEATH, DISABILITY, MEDICAL)

# The seed's two plans: «غرامت فوت و نقص عضو» and the same «به همراه هزینه پزشکی».
PLAN_DEATH_DISABILITY = "death_disability"
PLAN_DEATH_DISABILITY_MEDICAL = "death_disability_medical"
PLAN_KINDS = {
    PLAN_DEATH_DISABILITY: frozenset({DEATH, DISABILITY}),
    PLAN_DEATH_DISABILITY_MEDICAL: frozenset({DEATH, DISABILITY, MEDICAL}),
}
