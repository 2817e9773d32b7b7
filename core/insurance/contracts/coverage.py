"""The contracts side's answer to the claims side's question: was this person covered on this day,
and what was due and paid for it (docs/claims.md, «eligibility»).

The cover runs from the contract's start to the day before its end, or before a cancellation took
effect; the premium that covers a person is the contract's, or, for someone an additional
endorsement added, everything charged up to and with it, by the later of the two deadlines; the
payments are the receipts by the date on them (K144), never the day they were keyed in. The claims
side reads contracts, rosters, endorsements and receipts only through here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.insurance.shared.models import Contract, Member, Payment, Policyholder
from core.ports import UnitOfWork


@dataclass(frozen=True)
class CoverAnswer:
    contract: Contract
    cover_start: dt.date
    cover_end: dt.date  # the last day of cover
    memberships: tuple[Member, ...]  # the person's rows on the roster, every stretch they were on it
    on_day: tuple[Member, ...]  # those of the rows the roster had insured on the day
    due: int  # what must have been paid for the person to be covered on the day
    deadline: dt.date  # by when
    payments: tuple[Payment, ...]  # the contract's receipts


class Coverage:
    """What the claims side may ask of contracts."""

    @staticmethod
    def contract(uow: UnitOfWork, number: int) -> Contract | None:
        return uow.contracts.by_number(number)

    @staticmethod
    def contract_by_id(uow: UnitOfWork, contract_id: int) -> Contract:
        """The contract a claim or an order is on (it is never deleted)."""
        contract = uow.contracts.get(contract_id)
        assert contract is not None
        return contract

    @staticmethod
    def holder(uow: UnitOfWork, contract: Contract) -> Policyholder:
        holder = uow.policyholders.get(contract.policyholder_id)
        assert holder is not None
        return holder

    @staticmethod
    def period(contract: Contract) -> tuple[dt.date, dt.date]:
        """The first and the last day of cover: the day before the end (a renewal starts on the end
        date), or before the day a cancellation took effect."""
        end = min(contract.end, contract.cancelled_on) if contract.cancelled_on else contract.end
        return contract.start, end - dt.timedelta(days=1)

    @classmethod
    def of(cls, uow: UnitOfWork, contract: Contract, national_id: str, day: dt.date,
           payment_deadline_days: int) -> CoverAnswer:
        members = [m for m in uow.members.for_contract(contract.id) if m.person.national_id == national_id]
        on_day = [m for m in uow.members.insured_on(contract.id, day) if m.person.national_id == national_id]
        # What is due: the contract's premium, or, for someone an additional endorsement added, everything
        # charged up to and with that endorsement; nothing due (every person exempt) needs nothing paid.
        covering = [m for m in members if m.insured_on(day)] or list(members)
        endorsement = None
        if covering and covering[-1].added_by is not None:
            endorsement = next((e for e in uow.endorsements.for_contract(contract.id)
                                if e.id == covering[-1].added_by), None)
        due, deadline = contract.premium, contract.payment_due
        if endorsement is not None:
            due += sum(e.amount for e in uow.endorsements.for_contract(contract.id) if e.number <= endorsement.number)
            deadline = max(deadline, endorsement.effective + dt.timedelta(days=payment_deadline_days))
        start, end = cls.period(contract)
        return CoverAnswer(contract, start, end, tuple(members), tuple(on_day), max(0, due), deadline,
                           tuple(uow.payments.for_contract(contract.id)))
