"""Refunds (K94–98): a return endorsement or a cancellation is issued at once with what is owed
back to the policyholder; the office records the day it was paid back (`refunds settle`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from core.insurance.contracts.service_types import InsuranceError
from core.insurance.shared.models import Contract, Endorsement, Policyholder, RefundSettlement
from core.values import Day

if TYPE_CHECKING:
    from core.insurance.contracts.service import InsuranceService

REFERENCE_MAX = 64


@dataclass(frozen=True)
class RefundOwed:
    endorsement: Endorsement
    contract: Contract
    policyholder: Policyholder
    settlement: RefundSettlement | None

    @property
    def amount(self) -> int:
        """What is owed back, a positive figure."""
        return -self.endorsement.amount


class Refunds:
    def __init__(self, service: InsuranceService) -> None:
        self.service = service

    def listing(self, settled: bool | None = False, policyholder_id: int | None = None) -> list[RefundOwed]:
        """Refunds by endorsement number: those still owed (settled=False), those paid back (True), or all."""
        with self.service.units.read() as u:
            refunds = [e for e in u.endorsements.list() if e.amount < 0]
            settlements = u.refunds.for_endorsements([e.id for e in refunds])
            found = []
            for e in refunds:
                settlement = settlements.get(e.id)
                if settled is not None and (settlement is not None) != settled:
                    continue
                contract = u.contracts.get(e.contract_id)
                assert contract is not None
                if policyholder_id is not None and contract.policyholder_id != policyholder_id:
                    continue
                found.append(RefundOwed(e, contract, self.service._holder(u, contract), settlement))
            return found

    def settle(self, endorsement_number: int, settled_on: date, reference: str, *, actor: str) -> RefundOwed:
        """Record that the refund of an endorsement was paid back (by cheque or transfer `reference`)."""
        service = self.service
        reference = reference.strip()
        if not reference or len(reference) > REFERENCE_MAX:
            raise InsuranceError("reference_missing", maximum=REFERENCE_MAX)
        service.check_past_day(settled_on, "settled_in_future")
        with service.units.write() as u:
            endorsement = u.endorsements.by_number(endorsement_number)
            if endorsement is None:
                raise InsuranceError("endorsement_not_found", number=endorsement_number)
            if endorsement.amount >= 0:
                raise InsuranceError("not_a_refund", number=endorsement_number)
            issued_on = endorsement.issued_on or endorsement.created_at.date()
            if settled_on < issued_on:
                raise InsuranceError("settled_before_endorsement", issued_on=Day(issued_on))
            settlement = RefundSettlement(endorsement.id, -endorsement.amount, settled_on, reference, actor,
                                          service.clock())
            if not u.refunds.settle(settlement):
                raise InsuranceError("refund_settled", number=endorsement_number)
            contract = u.contracts.get(endorsement.contract_id)
            assert contract is not None
            return RefundOwed(endorsement, contract, service._holder(u, contract), settlement)
