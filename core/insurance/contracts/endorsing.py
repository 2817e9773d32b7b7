"""Endorsements over the roster (K70–98): what each costs or returns, and issuing them.

- additional (K87–91) and swap (K34, K79): a quote first; what costs something waits for the
  cheque (proposals.py) and is issued when paid; what costs nothing is issued at once;
- return and cancellation (K92–98): issued at once with the refund owed (refunds.py settles it);
- without financial effect: corrections that leave every premium as it was.
An endorsement dated before one already issued for the same person (for a cancellation: before
any later endorsement of the contract) is refused with the reason: a person is never refunded
twice, whatever order the endorsements were keyed in.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from core.insurance.contracts import endorsements as rules
from core.insurance.contracts.document_codes import ENDORSEMENT as ENDORSEMENT_DOCUMENT
from core.insurance.contracts.document_codes import issue_code
from core.insurance.contracts.endorsements import EndorsementLine, EndorsementQuote, EndorsementRefused
from core.insurance.contracts.insurable import person_problem
from core.insurance.contracts.premium import person_premium, roster_premiums
from core.insurance.contracts.service_types import EndorsementRequest, check_not_too_old
from core.insurance.shared.models import (
    ACTIVE,
    ADDITIONAL,
    CANCEL_INSURER,
    CANCELLATIONS,
    ENDORSEMENT_KINDS,
    NO_FINANCIAL,
    RETURN,
    SWAP,
    Contract,
    Endorsement,
    Member,
    NewMember,
    Person,
)
from core.insurance.shared.registers import ENDORSEMENT, next_number
from core.ports import UnitOfWork
from core.values import Day

if TYPE_CHECKING:
    from core.insurance.contracts.proposals import EndorsementProposal
    from core.insurance.contracts.service import InsuranceService
# A joining person's annual premium and its rules, by national id
Premiums = dict[str, tuple[int, list[dict[str, Any]]]]


@dataclass(frozen=True)
class EndorsementOutcome:
    """Issued at once (`endorsement`), or quoted and waiting for the cheque (`proposal`)."""

    contract: Contract
    quote: EndorsementQuote
    endorsement: Endorsement | None = None
    proposal: EndorsementProposal | None = None


def touched(endorsement: Endorsement) -> set[str]:
    """The national ids an issued endorsement changed."""
    d = endorsement.details
    ids = set(d.get("persons", [])) | set(d.get("leaving", []))
    return ids | {c["national_id"] for c in d.get("corrections", [])}


class Endorsements:
    def __init__(self, service: InsuranceService) -> None:
        self.service = service

    def quote(self, request: EndorsementRequest) -> EndorsementQuote:
        with self.service.units.read() as u:
            return self.quote_in(u, self.service._contract(u, request.contract_number), request)[0]

    def add(self, request: EndorsementRequest, *, actor: str) -> EndorsementOutcome:
        """Issue the endorsement at once, or (an addition or swap that costs something) propose it."""
        service = self.service
        with service.units.write() as u:
            contract = service._contract(u, request.contract_number)
            quote, members, premiums = self.quote_in(u, contract, request)
            if request.kind in (ADDITIONAL, SWAP) and quote.amount > 0:
                proposal = service.proposals.propose_endorsement(u, contract, request, quote, premiums, actor)
                return EndorsementOutcome(contract, quote, proposal=proposal)
            issued_on = min(request.effective, service.today())
            endorsement = self.store(u, contract, request, quote, members, premiums, issued_on, actor=actor)
            return EndorsementOutcome(u.contracts.get(contract.id) or contract, quote, endorsement)

    def store(self, uow: UnitOfWork, contract: Contract, request: EndorsementRequest, quote: EndorsementQuote,
              members: Sequence[Member], premiums: Premiums, issued_on: date, *, actor: str) -> Endorsement:
        """Number the endorsement in its register and change the roster as it says."""
        details = dict(quote.details)
        if request.note:
            details["note"] = request.note
        details["lines"] = [[line.national_id, line.amount] for line in quote.lines]  # each person's, for its document
        endorsement = uow.endorsements.add(next_number(uow, ENDORSEMENT), contract.id, request.kind,
                                           request.effective, quote.amount, details, self.service.clock(), issued_on,
                                           actor=actor)
        issue_code(uow, ENDORSEMENT_DOCUMENT, endorsement.number, endorsement.amount, issued_on, self.service.clock())
        if request.kind in (ADDITIONAL, SWAP):
            charged = {line.national_id: line.amount for line in quote.lines}
            uow.members.add_many(contract.id, [
                NewMember(p, premiums[p.national_id][0], charged[p.national_id], premiums[p.national_id][1])
                for p in request.persons
            ], member_from=request.effective, added_by=endorsement.id)
        if request.kind in (RETURN, SWAP, *CANCELLATIONS):
            uow.members.end_membership([m.id for m in members], request.effective, endorsement.id)
            if request.kind in CANCELLATIONS:
                uow.contracts.cancel(contract.id, request.effective)
        elif request.kind == NO_FINANCIAL:
            by_id = {m.person.national_id: m for m in members}
            for person in request.persons:
                uow.members.correct_person(by_id[person.national_id].id, person)
        return endorsement

    # ---- the quote -----------------------------------------------------------------------------
    def quote_in(self, uow: UnitOfWork, contract: Contract,
                 request: EndorsementRequest) -> tuple[EndorsementQuote, list[Member], Premiums]:
        """The quote, the members it removes or corrects, and the joiners' annual premiums."""
        if request.kind not in ENDORSEMENT_KINDS:
            raise EndorsementRefused("unknown_kind", kind=request.kind)
        if contract.status != ACTIVE:
            raise EndorsementRefused("contract_not_active", status=contract.status)
        check_not_too_old(request.effective)
        rules.check_effective(contract, request.effective)
        insured = uow.members.insured_on(contract.id, request.effective)
        by_id = {m.person.national_id: m for m in insured}
        later = [e for e in uow.endorsements.for_contract(contract.id) if e.effective > request.effective]
        base = dict(kind=request.kind, effective=request.effective,
                    cover_days=rules.cover_days(contract, request.effective),
                    remaining_days=rules.remaining_days(contract, request.effective),
                    contract_days=contract.days, year_days=contract.year_days)
        if request.kind in CANCELLATIONS:
            if later:
                _refuse_later(later[0])
            if request.kind == CANCEL_INSURER:
                lines: list[EndorsementLine] = rules.refund_lines(contract, request.effective, insured)
                return _quote(base, lines), insured, {}
            lines = rules.policyholder_cancellation_lines(contract, request.effective, insured,
                                                          self.service.settings.short_term_tariff)
            percent = rules.short_term_percent(rules.cover_days(contract, request.effective),
                                               self.service.settings.short_term_tariff)
            return (_quote(base, lines, short_term_percent=percent, details={"short_term_percent": percent}),
                    insured, {})
        joining = list(request.persons) if request.kind in (ADDITIONAL, SWAP) else []
        leaving = list(dict.fromkeys(request.national_ids or ([] if request.kind != RETURN else
                                                              [p.national_id for p in request.persons])))
        corrections = list(request.persons) if request.kind == NO_FINANCIAL else []
        ids = {p.national_id for p in joining} | set(leaving) | {p.national_id for p in corrections}
        for e in later:
            if touched(e) & ids:
                _refuse_later(e)
        if request.kind == NO_FINANCIAL:
            return self._corrections(contract, base, insured, by_id, corrections)
        if request.kind in (ADDITIONAL, SWAP) and not joining:
            raise EndorsementRefused("no_persons")
        if request.kind in (RETURN, SWAP) and not leaving:
            raise EndorsementRefused("no_persons")
        both = sorted({p.national_id for p in joining} & set(leaving))
        if both:
            raise EndorsementRefused("joins_and_leaves", national_ids=", ".join(both))
        absent = sorted(i for i in leaving if i not in by_id)
        if absent:
            raise EndorsementRefused("not_insured", national_ids=", ".join(absent))
        leavers = [by_id[i] for i in leaving]
        lines = []
        premiums: Premiums = {}
        if joining:
            if request.effective >= contract.end:
                raise EndorsementRefused("effective_outside_contract")
            present = sorted(p.national_id for p in joining if p.national_id in by_id)
            if present:
                raise EndorsementRefused("already_insured", national_ids=", ".join(present))
            unfit = sorted(p.national_id for p in joining if person_problem(p, request.effective))
            if unfit:
                raise EndorsementRefused("not_insurable", national_ids=", ".join(unfit))
            annual = roster_premiums(joining, self.service.contract_premium_terms(contract))
            premiums = {p.national_id: (p.premium, p.rules_json()) for p in annual}
            lines += rules.additional_lines(contract, request.effective, [(p.national_id, p.premium) for p in annual])
        lines += rules.refund_lines(contract, request.effective, leavers)
        details: dict[str, object] = {"persons": [p.national_id for p in joining] if joining else leaving}
        if request.kind == SWAP:
            details["leaving"] = leaving
        return _quote(base, lines, details=details), leavers, premiums

    def _corrections(self, contract: Contract, base: dict[str, Any], insured: list[Member],
                     by_id: dict[str, Member],
                     persons: list[Person]) -> tuple[EndorsementQuote, list[Member], Premiums]:
        """Corrections of names, dates and the like: refused when one would change what the person
        pays (then it is not without financial effect) or make them someone who may not be insured."""
        if not persons:
            raise EndorsementRefused("no_persons")
        absent = sorted(p.national_id for p in persons if p.national_id not in by_id)
        if absent:
            raise EndorsementRefused("not_insured", national_ids=", ".join(absent))
        terms = self.service.contract_premium_terms(contract)
        changes = []
        for person in persons:
            member = by_id[person.national_id]
            if person_problem(person, max(member.member_from, contract.start)):
                raise EndorsementRefused("not_insurable", national_ids=person.national_id)
            if person_premium(person, terms).premium != member.annual_premium:
                raise EndorsementRefused("correction_changes_premium", national_ids=person.national_id)
            changes.append({"national_id": person.national_id, "before": _person_json(member.person),
                            "after": _person_json(person)})
        return _quote(base, [], details={"corrections": changes}), insured, {}


def _quote(base: dict[str, Any], lines: list[EndorsementLine], **extra: Any) -> EndorsementQuote:
    return EndorsementQuote(**base, amount=sum(x.amount for x in lines), lines=tuple(lines), **extra)


def _refuse_later(endorsement: Endorsement) -> None:
    raise EndorsementRefused("before_later_endorsement", number=endorsement.number,
                             effective=Day(endorsement.effective))


def _person_json(person: Person) -> dict[str, object]:
    data = dataclasses.asdict(person)
    data["birth_date"] = person.birth_date.isoformat()
    return data
