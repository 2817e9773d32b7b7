"""One capital for death and disability (seed K171–174): what is left of it for a person.

The seed pays disability by the table as a share of the death-and-disability capital, and
a death «عیناً» (the capital) less any disability paid before it. Read together, death and
disability draw on one capital per person per contract term (a renewal is a new contract,
so a new term and a new capital), in either order:

- disability paid earlier is taken off a later death benefit, and off a later disability
  (the whole body is at most 100%);
- a death paid earlier leaves nothing for a later disability or a second death: the
  benefit was the whole capital, even when the share of a beneficiary responsible for the
  accident was kept back (kept back is not given to anyone else).

Pure: the earlier payouts are handed in; the claims service reads them from the payment
orders of the person's other claims under the same contract.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.insurance.claims.kinds import DEATH, DISABILITY
from core.insurance.claims.money import rials


@dataclass(frozen=True)
class CapitalUsed:
    """What earlier payouts took from one person's death-and-disability capital under one contract."""

    disability: int = 0  # rials of disability paid earlier
    death: bool = False  # a death benefit was paid: the capital is spent

    def left(self, capital: int) -> int:
        """What is left of ``capital`` for the next death or disability payout (never below zero)."""
        capital = rials(capital, "capital")
        if self.death:
            return 0
        return max(0, capital - rials(self.disability, "disability_already_paid"))


def capital_used(earlier: Iterable[tuple[str, int]]) -> CapitalUsed:
    """The use of the capital from earlier payouts, each (claim kind, rials paid); medical
    expenses have their own capital and are not counted here."""
    disability, death = 0, False
    for kind, amount in earlier:
        if kind == DISABILITY:
            disability += rials(amount, "disability_already_paid")
        elif kind == DEATH:
            death = True
    return CapitalUsed(disability, death)
