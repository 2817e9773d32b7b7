"""What the payout rules take from the records: the person's earlier payments and the year's amounts.

The claims service gathers, for one claim, what the pure rules need besides the doctor's
analysis: what the same person was already paid under the same contract (the one capital
for death and disability, the medical capital, the kidney purchase of the term), and the
fixed amounts of the contract's Jalali year for the items paid beyond the medical capital.
A renewal is a new contract, so a new term: nothing paid under the old one is counted.
"""
from __future__ import annotations

from typing import Any

import jdatetime

from core.insurance.claims.bill_items import KIDNEY_PURCHASE, LITHOTRIPSY
from core.insurance.claims.capital import capital_used
from core.insurance.claims.kardex import (
    PAID,
    KardexEntry,
    medical_capital_used,
    paid_beyond_capital,
    payouts_paid,
)
from core.insurance.claims.kinds import DISABILITY, MEDICAL
from core.insurance.claims.medical import ExtraAmounts, medical_payout
from core.insurance.claims.models import PAID_STATUSES, Claim
from core.insurance.claims.money import ClaimInputError, Payout
from core.insurance.claims.payout import death_payout, disability_payout
from core.insurance.claims.records import DoctorAnalysis
from core.insurance.shared.models import Contract
from core.insurance.shared.settings import InsuranceSettings
from core.ports import UnitOfWork


def kardex_entries(u: UnitOfWork, national_id: str) -> list[KardexEntry]:
    """Every claim of the person, under any contract, as the kardex reads it; a paid one with its
    order's amount and what of it was paid beyond the medical capital."""
    entries = []
    for c in u.claims.for_person(national_id):
        order = u.payment_orders.for_claim(c.id) if c.status in PAID_STATUSES else None
        beyond = tuple((b["item"], b["amount"]) for b in (c.assessment or {}).get("beyond_capital", [])) \
            if order else ()
        entries.append(KardexEntry(c.number, national_id, c.incident_date, c.kind, PAID if order else c.status,
                                   c.incident_time, c.contract_id, order.amount if order else 0, beyond))
    return entries


def contract_year(contract: Contract) -> int:
    """The Jalali year of the contract's start: the year whose fixed amounts its claims are paid at."""
    return jdatetime.date.fromgregorian(date=contract.start).year


def extra_amounts(settings: InsuranceSettings, contract: Contract) -> ExtraAmounts:
    year = contract_year(contract)
    tables = {KIDNEY_PURCHASE: settings.kidney_purchase_rials, LITHOTRIPSY: settings.lithotripsy_rials}
    return ExtraAmounts(year, {item: table[year] for item, table in tables.items() if year in table})


def claim_payout(entries: list[KardexEntry], contract: Contract, claim: Claim, analysis: DoctorAnalysis,
                 minor: bool, settings: InsuranceSettings) -> Payout:
    """The claim's payout by the rules, with what the person's other paid claims under this
    contract already took (``entries``: the person's kardex)."""
    earlier = [e for e in entries if e.number != claim.number]
    person, contract_id = claim.national_id, contract.id
    if claim.kind == MEDICAL:
        return medical_payout(
            analysis.bill, medical_capital=contract.medical_capital,
            primary_insurer_paid=analysis.primary_insurer_paid,
            medical_already_paid=medical_capital_used(earlier, person=person, contract=contract_id,
                                                      medical_kind=MEDICAL),
            extras=extra_amounts(settings, contract),
            kidney_already_paid=paid_beyond_capital(earlier, person=person, contract=contract_id,
                                                    item=KIDNEY_PURCHASE),
            kidney_approval=analysis.kidney_approval)
    used = capital_used(payouts_paid(earlier, person=person, contract=contract_id))
    if claim.kind == DISABILITY:
        return disability_payout(contract.death_capital, items=analysis.disability_items,
                                 assessed_percent=analysis.disability_percent, teeth=analysis.teeth,
                                 disability_already_paid=used.disability, death_already_paid=used.death)
    if not minor and not analysis.heirs:
        raise ClaimInputError(problem="heirs_required")
    return death_payout(contract.death_capital, minor=minor, heirs=() if minor else analysis.heirs,
                        responsible=analysis.responsible, disability_already_paid=used.disability,
                        death_already_paid=used.death)


def payout_json(payout: Payout) -> dict[str, Any]:
    """The payout as kept on the claim (its assessment) and shown: payable, breakdown, shares, and
    what the medical capital did not bear."""
    return {"payable": payout.payable,
            "breakdown": [{"rule": rule, "amount": amount} for rule, amount in payout.breakdown],
            "shares": [{"to": to, "amount": amount} for to, amount in payout.shares],
            "beyond_capital": [{"item": item, "amount": amount} for item, amount in payout.beyond_capital]}
