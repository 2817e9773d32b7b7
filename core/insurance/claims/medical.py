"""Medical expenses (seed K15–16, K165–170, K175): the bill by the doctor's analysis, less what is
not payable, the ambulance at most a fifth of the treatment, only the difference after a primary
insurer, within what is left of the person's medical capital; a kidney purchase and lithotripsy
at the year's fixed amounts, beyond that capital (docs/claims.md gives the order and readings).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from core.insurance.claims.bill_items import (
    AMBULANCE,
    BEYOND_CAPITAL_ITEMS,
    KIDNEY_PURCHASE,
    LITHOTRIPSY,
    NON_PAYABLE_ITEMS,
    bill_item_code,
)
from core.insurance.claims.money import MAX_RIALS, ClaimInputError, Payout, deduct, floor_rials, rials
from core.values import Money

AMBULANCE_SHARE_OF_TREATMENT = Fraction(20, 100)


@dataclass(frozen=True)
class BillLine:
    """One line of the bill: the item (English or Persian name), the billed rials and,
    once the trusted doctor has analysed the bill, the amount approved by the tariff."""

    item: str
    billed: int
    approved: int | None = None


@dataclass(frozen=True)
class ExtraAmounts:
    """The fixed amounts of the contract's Jalali ``year`` for the items paid beyond the medical
    capital ([insurance] kidney_purchase_rials, lithotripsy_rials); an item not in ``amounts``
    has no amount set for that year."""

    year: int
    amounts: Mapping[str, int] = field(default_factory=dict)

    def amount(self, item: str) -> int:
        if item not in self.amounts:
            raise ClaimInputError(problem=f"{item}_amount_not_set", year=self.year)
        return rials(self.amounts[item], item)


def medical_payout(
    lines: Iterable[BillLine],
    *,
    medical_capital: int,
    primary_insurer_paid: int = 0,
    medical_already_paid: int = 0,
    extras: ExtraAmounts | None = None,
    kidney_already_paid: int = 0,
    kidney_approval: str = "",
) -> Payout:
    """The payout of a medical claim; ``Payout.beyond_capital`` says what of it the medical capital
    does not bear (the kidney purchase and lithotripsy, after the primary insurer).

    ``medical_already_paid``: what the person's medical capital already bore under this contract;
    ``kidney_already_paid``: the kidney purchase already paid to them in this contract term (the
    year's amount is the most for the term); ``kidney_approval``: the letter of the Education's
    welfare department (اداره کل تعاون و تامین اجتماعی) approving the purchase, which the seed requires.
    """
    medical_capital = rials(medical_capital, "medical_capital")
    primary = rials(primary_insurer_paid, "primary_insurer_paid")
    already = rials(medical_already_paid, "medical_already_paid")

    billed = approved = non_payable = ambulance = 0
    extra_basis = {item: 0 for item in BEYOND_CAPITAL_ITEMS}
    for line in lines:
        code = bill_item_code(line.item)
        line_billed = rials(line.billed, line.item)
        # The doctor's figure is the basis; it can lower a line, never raise it
        # above what was billed (the seed: the bill or the tariff, whichever is less).
        basis = line_billed if line.approved is None else min(line_billed, rials(line.approved, line.item))
        if code in extra_basis:
            extra_basis[code] = _bounded(extra_basis[code] + basis, code)
            continue
        billed = _bounded(billed + line_billed, "bill")
        approved += basis
        if code in NON_PAYABLE_ITEMS:
            non_payable += basis
        elif code == AMBULANCE:
            ambulance += basis

    extra = _extra_allowed(extra_basis, extras, rials(kidney_already_paid, "kidney_already_paid"), kidney_approval)
    treatment = approved - non_payable - ambulance
    ambulance_allowed = min(ambulance, floor_rials(treatment * AMBULANCE_SHARE_OF_TREATMENT))
    cost = treatment + ambulance_allowed
    # The primary insurer's payment comes off the whole cost (K168: the two together never above the
    # costs less the non-payable items): first off the costs the capital bears, the rest off the extras.
    regular_after_primary = max(0, cost - primary)
    excess = max(0, primary - cost)
    lithotripsy = max(0, extra[LITHOTRIPSY] - excess)
    kidney = max(0, extra[KIDNEY_PURCHASE] - max(0, excess - extra[LITHOTRIPSY]))
    capital_left = max(0, medical_capital - already)
    regular = min(regular_after_primary, capital_left)

    breakdown = [("medical_billed", billed)]
    deduct(breakdown, "medical_doctor_analysis", billed - approved)
    deduct(breakdown, "medical_non_payable", non_payable)
    deduct(breakdown, "medical_ambulance_cap", ambulance - ambulance_allowed)
    for item in BEYOND_CAPITAL_ITEMS:
        if extra[item]:
            breakdown.append((f"medical_{item}", extra[item]))
    deduct(breakdown, "medical_primary_insurer", cost + sum(extra.values()) - regular_after_primary - kidney - lithotripsy)
    deduct(breakdown, "medical_capital_cap", regular_after_primary - regular)
    beyond = tuple((item, amount) for item, amount in ((KIDNEY_PURCHASE, kidney), (LITHOTRIPSY, lithotripsy)) if amount)
    return Payout(regular + kidney + lithotripsy, tuple(breakdown), beyond_capital=beyond)


def _extra_allowed(basis: dict[str, int], extras: ExtraAmounts | None, kidney_already_paid: int,
                   kidney_approval: str) -> dict[str, int]:
    """Each extra item at most its year's amount (the kidney: less what the term already paid),
    never more than its lines of the bill; an item on the bill with no amount for the year, or a
    kidney purchase without the welfare department's approval, is refused."""
    allowed = {}
    for item, amount in basis.items():
        if not amount:
            allowed[item] = 0
            continue
        if item == KIDNEY_PURCHASE and not kidney_approval.strip():
            raise ClaimInputError(problem="kidney_needs_welfare_approval")
        if extras is None:
            raise ClaimInputError(problem=f"{item}_amount_not_set", year="")
        limit = extras.amount(item)
        if item == KIDNEY_PURCHASE:
            limit = max(0, limit - kidney_already_paid)
        allowed[item] = min(amount, limit)
    return allowed


def _bounded(total: int, what: str) -> int:
    """A running sum of bill lines, each bounded, can still pass what a money column holds."""
    if total > MAX_RIALS:
        raise ClaimInputError(problem="amount_too_large", what=what, limit=Money(MAX_RIALS))
    return total
