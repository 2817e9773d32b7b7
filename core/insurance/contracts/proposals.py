"""The seed's order of money: a quote, the cheque, then the contract or endorsement with its number.

- Contracts (K57–63): the premium of every person is worked out and sent to the policyholder as
  «طرح بیمه حوادث» (a proposal); with the cheque a receipt is made in four copies; the contract
  is issued and only then takes its number in the contract register.
- Renewals (K117–126): the new premium is sent by letter (a renewal proposal, one month before the
  end or on request); the cheque, the receipt, then the renewal («الحاقی تمدیدی») in the contract
  register.
- Additional endorsements and swaps that cost something (K88–91): the same, in the endorsement
  register.
A proposal whose amount is nothing (everyone exempt) is issued at once: nothing waits for a cheque.
Nothing unpaid is ever in a register, so no report counts it. A proposal's number is the desk's
own, from 1.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from core.insurance.contracts.document_codes import QUOTE as QUOTE_DOCUMENT
from core.insurance.contracts.document_codes import RECEIPT as RECEIPT_DOCUMENT
from core.insurance.contracts.document_codes import issue_code
from core.insurance.contracts.endorsements import EndorsementLine, EndorsementQuote
from core.insurance.contracts.premium import PersonPremium, RuleApplied
from core.insurance.contracts.quotes import QuoteData, QuoteLine
from core.insurance.contracts.receipts import ReceiptData, receipt_data
from core.insurance.contracts.service_types import ContractQuote, ContractRequest, EndorsementRequest, InsuranceError
from core.insurance.contracts.terms import ContractTerms
from core.insurance.shared.models import (
    ACTIVE,
    ISSUED,
    PROPOSAL_CONTRACT,
    PROPOSAL_RENEWAL,
    PROPOSED,
    WITHDRAWN,
    Contract,
    Endorsement,
    NewMember,
    Payment,
    Person,
    Policyholder,
    Proposal,
)
from core.insurance.shared.registers import CONTRACT, PROPOSAL, RECEIPT, next_number
from core.ports import UnitOfWork
from core.values import Day, Money

if TYPE_CHECKING:
    from core.insurance.contracts.service import InsuranceService

RENEWAL_JOB = "renewal_job"  # the actor of the renewal letters the daily job makes


@dataclass(frozen=True)
class ContractProposal:
    """A contract's or renewal's quote as sent; `issued` when it cost nothing and was issued at once."""

    proposal: Proposal
    policyholder: Policyholder
    quote: ContractQuote
    persons: list[Person]
    issued: IssuedProposal | None = None


@dataclass(frozen=True)
class EndorsementProposal:
    proposal: Proposal
    contract: Contract
    quote: EndorsementQuote


@dataclass(frozen=True)
class IssuedProposal:
    """What paying a proposal issued: the contract (new, renewal, or the one endorsed), the
    endorsement when it was one, and the payment with its receipt (None when it cost nothing)."""

    proposal: Proposal
    contract: Contract
    endorsement: Endorsement | None
    payment: Payment | None
    receipt: ReceiptData | None


def person_row(p: Person) -> list[Any]:
    return [p.national_id, p.first_name, p.last_name, p.birth_date.isoformat(), p.role, p.exemption or "",
            bool(p.extra_risk), bool(p.primary_insurer)]


def person_of(row: list[Any]) -> Person:
    return Person(row[0], row[1], row[2], date.fromisoformat(row[3]), row[4], row[5] or None, bool(row[6]),
                  bool(row[7]) if len(row) > 7 else False)


def _premium_rows(premiums: list[PersonPremium], charges: list[int]) -> list[list[Any]]:
    return [[p.premium, charged, p.rules_json()] for p, charged in zip(premiums, charges)]


def _premiums_of(terms: dict[str, Any]) -> list[PersonPremium]:
    persons = [person_of(r) for r in terms["persons"]]
    return [PersonPremium(p.national_id, terms.get("rate", 0), row[0],
                          tuple(RuleApplied(r["rule"], r["percent"], r["amount"]) for r in row[2]))
            for p, row in zip(persons, terms["premiums"])]


class Proposals:
    """Proposals over InsuranceService's transactions."""

    def __init__(self, service: InsuranceService) -> None:
        self.service = service

    # ---- contracts and renewals -----------------------------------------------------------
    def propose_contract(self, request: ContractRequest, *, actor: str,
                         policyholder: Policyholder | None = None) -> ContractProposal:
        """The quote for a new contract. `policyholder`: the one the issuing expert decided on in chat;
        None (the command line): the one of the request's identifier, else the only one of its name,
        else a new one."""
        from core.insurance.contracts.policyholders import find_or_add

        service = self.service
        quote = service.quote_contract(request)
        proposed_on = self._proposed_on(request.proposed_on)
        with service.units.write() as u:
            holder = policyholder or find_or_add(u, request.policyholder.strip(), request.policyholder_kind,
                                                 request.policyholder_identifier, service.clock())
            proposal = self._add(u, PROPOSAL_CONTRACT, holder, None, proposed_on, quote, request.persons,
                                 request.agency, None, actor)
            issued = self._issue_free(u, proposal, actor) if proposal.amount == 0 else None
        return ContractProposal(issued.proposal if issued else proposal, holder, quote, list(request.persons), issued)

    def propose_renewal(self, number: int, *, actor: str, rate: int | None = None, discount: int | None = None,
                        proposed_on: date | None = None) -> ContractProposal:
        """The renewal's new premium (K118–119): the roster on the contract's last day, a year from its
        end, at the same or a new rate and agreed discount. An open renewal proposal of the same
        contract is withdrawn: the newest letter is the one that counts."""
        service = self.service
        on = self._proposed_on(proposed_on)
        with service.units.write() as u:
            old = service._contract(u, number)
            if old.status != ACTIVE:
                raise InsuranceError("contract_not_active", status=old.status)
            if u.contracts.renewed_by(old.id) is not None:
                raise InsuranceError("already_renewed")
            quote, persons = service.renewal_terms(u, old, rate or old.rate,
                                                   old.discount_percent if discount is None else discount)
            for open_one in u.proposals.list(PROPOSED, contract_id=old.id):
                if open_one.kind == PROPOSAL_RENEWAL:
                    u.proposals.close(open_one.id, WITHDRAWN, actor=actor)
            holder = service._holder(u, old)
            proposal = self._add(u, PROPOSAL_RENEWAL, holder, old, on, quote, persons, old.agency, old.id, actor)
            issued = self._issue_free(u, proposal, actor) if proposal.amount == 0 else None
        return ContractProposal(issued.proposal if issued else proposal, holder, quote, persons, issued)

    def renewal_letter(self, contract: Contract) -> Proposal | None:
        """For the daily job: the renewal proposal of a contract due, unless one is open already;
        None when the roster cannot be quoted (the office is told by the reminder all the same)."""
        from core.insurance.contracts.terms import ContractRefused
        with self.service.units.read() as uow:
            open_ones = uow.proposals.list(PROPOSED, contract_id=contract.id)
        for open_one in open_ones:
            if open_one.kind == PROPOSAL_RENEWAL:
                return open_one
        try:
            return self.propose_renewal(contract.number, actor=RENEWAL_JOB).proposal
        except (ContractRefused, InsuranceError):
            return None

    def _proposed_on(self, day: date | None) -> date:
        """A proposal's date: today unless given (an office entering what happened before it used the
        desk), never in the future."""
        if day is None:
            return self.service.today()
        self.service.check_past_day(day, "proposed_in_future")
        return day

    def _add(self, uow: UnitOfWork, kind: str, holder: Policyholder, contract: Contract | None, proposed_on: date,
             quote: ContractQuote, persons: list[Person] | Any, agency: str | None, renewal_of: int | None,
             actor: str) -> Proposal:
        terms = quote.terms
        data = {
            "plan": terms.plan, "death_capital": terms.death_capital, "medical_capital": terms.medical_capital,
            "rate": terms.rate, "medical_rate": terms.medical_rate, "start": terms.start.isoformat(),
            "end": terms.end.isoformat(), "office": quote.office, "agency": agency or None,
            "discount_percent": quote.discount_percent, "above_authority": quote.above_authority,
            "authority_limit": quote.authority_limit, "renewal_of": renewal_of,
            "renewal_of_number": contract.number if contract else None,
            "persons": [person_row(p) for p in persons],
            "premiums": _premium_rows(quote.premiums, quote.charges),
        }
        proposal = uow.proposals.add(next_number(uow, PROPOSAL), kind, holder.id, contract.id if contract else None,
                                     proposed_on, quote.premium, data, actor, self.service.clock())
        issue_code(uow, QUOTE_DOCUMENT, proposal.number, proposal.amount, proposed_on, self.service.clock())
        return proposal

    def quote_of(self, proposal: Proposal) -> tuple[ContractQuote, list[Person]]:
        """A contract or renewal proposal's quote as it was sent."""
        t = proposal.terms
        terms = ContractTerms(t["plan"], t["death_capital"], t["medical_capital"], t["rate"],
                              date.fromisoformat(t["start"]), date.fromisoformat(t["end"]), t["medical_rate"])
        charges = [row[1] for row in t["premiums"]]
        quote = ContractQuote(terms, t["office"], t["discount_percent"], _premiums_of(t), charges, sum(charges),
                              t["above_authority"], t["authority_limit"])
        return quote, [person_of(r) for r in t["persons"]]

    # ---- endorsements -----------------------------------------------------------------------
    def propose_endorsement(self, uow: UnitOfWork, contract: Contract, request: EndorsementRequest,
                            quote: EndorsementQuote, premiums: dict[str, tuple[int, list[dict[str, Any]]]],
                            actor: str) -> EndorsementProposal:
        """An additional endorsement's or a swap's quote, waiting for its cheque (called by endorsing.py)."""
        data = {
            "kind": request.kind, "effective": request.effective.isoformat(), "note": request.note,
            "persons": [person_row(p) for p in request.persons], "leaving": list(request.national_ids),
            "premiums": {nid: [annual, rules] for nid, (annual, rules) in premiums.items()},
            "lines": [[x.national_id, x.amount] for x in quote.lines],
            "details": dict(quote.details),
        }
        holder_id = contract.policyholder_id
        proposed_on = min(request.effective, self.service.today())
        proposal = uow.proposals.add(next_number(uow, PROPOSAL), request.kind, holder_id, contract.id, proposed_on,
                                     quote.amount, data, actor, self.service.clock())
        issue_code(uow, QUOTE_DOCUMENT, proposal.number, proposal.amount, proposed_on, self.service.clock())
        return EndorsementProposal(proposal, contract, quote)

    def endorsement_request_of(self, proposal: Proposal) -> EndorsementRequest:
        t = proposal.terms
        contract = self._contract_of(proposal)
        return EndorsementRequest(contract.number, t["kind"], date.fromisoformat(t["effective"]),
                                  [person_of(r) for r in t["persons"]], t["leaving"], t.get("note", ""))

    def endorsement_quote_of(self, proposal: Proposal) -> EndorsementQuote:
        """An endorsement proposal's quote as it was sent."""
        t = proposal.terms
        contract = self._contract_of(proposal)
        effective = date.fromisoformat(t["effective"])
        return EndorsementQuote(t["kind"], effective, proposal.amount, (effective - contract.start).days,
                                (contract.end - effective).days, contract.days,
                                tuple(EndorsementLine(nid, amount) for nid, amount in t["lines"]),
                                details=t.get("details", {}), year_days=contract.year_days)

    def _contract_of(self, proposal: Proposal) -> Contract:
        with self.service.units.read() as u:
            contract = u.contracts.get(proposal.contract_id or 0)
        assert contract is not None, "an endorsement proposal names its contract"
        return contract

    # ---- the cheque ---------------------------------------------------------------------------
    def pay(self, number: int, paid_on: date, cheque: str, *, actor: str, amount: int | None = None,
            kinds: tuple[str, ...] | None = None) -> IssuedProposal:
        """Record the policyholder's cheque for a proposal: the receipt (four copies), then the
        contract, renewal or endorsement with its register number, in one transaction.
        `kinds`: the proposal kinds the caller takes (the command line's contracts pay takes contracts
        and renewals; endorsements pay, endorsements)."""
        service = self.service
        cheque = cheque.strip()
        if not cheque:
            raise InsuranceError("cheque_missing")
        with service.units.write() as u:
            proposal = self._open(u, number, kinds)
            if proposal.amount <= 0:
                raise InsuranceError("nothing_due", balance=Money(proposal.amount))
            if amount is not None and amount != proposal.amount:
                raise InsuranceError("amount_not_due", due=Money(proposal.amount))
            service.check_past_day(paid_on, "paid_in_future")
            if paid_on < proposal.proposed_on:
                raise InsuranceError("paid_before_proposal", proposed_on=Day(proposal.proposed_on))
            receipt_number = next_number(u, RECEIPT)
            return self._issue(u, proposal, actor, paid=(receipt_number, paid_on, cheque))

    def _issue_free(self, uow: UnitOfWork, proposal: Proposal, actor: str) -> IssuedProposal:
        """A proposal that costs nothing is issued at once, on its own date."""
        return self._issue(uow, proposal, actor, paid=None)

    def _open(self, uow: UnitOfWork, number: int, kinds: tuple[str, ...] | None) -> Proposal:
        proposal = uow.proposals.by_number(number)
        if proposal is None or (kinds is not None and proposal.kind not in kinds):
            raise InsuranceError("proposal_not_found", number=number)
        if proposal.status != PROPOSED:
            raise InsuranceError(f"proposal_{proposal.status}", number=number)
        return proposal

    def _issue(self, uow: UnitOfWork, proposal: Proposal, actor: str,
               paid: tuple[int, date, str] | None) -> IssuedProposal:
        issued_on = paid[1] if paid else proposal.proposed_on
        endorsement = None
        if proposal.kind in (PROPOSAL_CONTRACT, PROPOSAL_RENEWAL):
            contract = self._issue_contract(uow, proposal, issued_on)
        else:
            endorsement, contract = self._issue_endorsement(uow, proposal, issued_on, actor)
        if not uow.proposals.close(proposal.id, ISSUED, contract.id, endorsement.id if endorsement else None,
                                   actor=actor):
            raise InsuranceError(f"proposal_{ISSUED}", number=proposal.number)  # another office paid it first
        closed = uow.proposals.by_number(proposal.number)
        assert closed is not None
        if paid is None:
            return IssuedProposal(closed, contract, endorsement, None, None)
        receipt_number, paid_on, cheque = paid
        payment = uow.payments.add(receipt_number, contract.id, proposal.amount, cheque, paid_on,
                                   self.service.clock(), endorsement.id if endorsement else None, proposal.id,
                                   actor=actor)
        issue_code(uow, RECEIPT_DOCUMENT, receipt_number, proposal.amount, paid_on, self.service.clock())
        return IssuedProposal(closed, contract, endorsement, payment, receipt_data(uow, self.service, payment))

    def _issue_contract(self, uow: UnitOfWork, proposal: Proposal, issued_on: date) -> Contract:
        service = self.service
        t = proposal.terms
        if proposal.kind == PROPOSAL_RENEWAL:
            old = uow.contracts.get(t["renewal_of"])
            if old is None or old.status != ACTIVE or uow.contracts.renewed_by(old.id) is not None:
                raise InsuranceError("already_renewed")
        start = date.fromisoformat(t["start"])
        contract = uow.contracts.add(Contract(
            id=0, number=next_number(uow, CONTRACT, service.settings.contract_number_start),
            policyholder_id=proposal.policyholder_id, plan=t["plan"], death_capital=t["death_capital"],
            medical_capital=t["medical_capital"], rate=t["rate"], discount_percent=t["discount_percent"],
            start=start, end=date.fromisoformat(t["end"]), office=t["office"], agency=t["agency"],
            premium=proposal.amount, above_authority=t["above_authority"],
            payment_due=start + timedelta(days=service.settings.payment_deadline_days),
            status=ACTIVE, renewal_of=t["renewal_of"], created_at=service.clock(), issued_on=issued_on,
            medical_rate=t["medical_rate"],
        ))
        uow.members.add_many(contract.id, [
            NewMember(person_of(p), row[0], row[1], row[2]) for p, row in zip(t["persons"], t["premiums"])
        ], member_from=start)
        return contract

    def _issue_endorsement(self, uow: UnitOfWork, proposal: Proposal, issued_on: date,
                           actor: str) -> tuple[Endorsement, Contract]:
        """The endorsement as quoted, checked again against the roster as it is now: a roster changed
        since the quote (another endorsement) makes the proposal out of date, never a wrong figure."""
        request = self.endorsement_request_of(proposal)
        endorsements = self.service.endorsements
        contract = self.service._contract(uow, request.contract_number)
        quote, members, premiums = endorsements.quote_in(uow, contract, request)
        if quote.amount != proposal.amount:
            raise InsuranceError("proposal_outdated", number=proposal.number)
        endorsement = endorsements.store(uow, contract, request, quote, members, premiums, issued_on, actor=actor)
        return endorsement, uow.contracts.get(contract.id) or contract

    # ---- the quote as a document ------------------------------------------------------------------
    def quote_data(self, proposal: Proposal) -> QuoteData:
        """What the quote («طرح») says: each person's charge with the rules applied, and the total."""
        with self.service.units.read() as u:
            holder = u.policyholders.get(proposal.policyholder_id)
            endorsed = u.contracts.get(proposal.contract_id) if proposal.contract_id else None
        assert holder is not None
        t = proposal.terms
        persons = {r[0]: person_of(r) for r in t["persons"]}
        if proposal.kind in (PROPOSAL_CONTRACT, PROPOSAL_RENEWAL):
            lines = [QuoteLine(p.national_id, p.full_name, p.role, row[1],
                               tuple((r["rule"], r["percent"], r["amount"]) for r in row[2]))
                     for p, row in zip(persons.values(), t["premiums"])]
            return QuoteData(proposal.number, proposal.kind, holder.name, t["plan"], t["death_capital"],
                             t["medical_capital"], date.fromisoformat(t["start"]), date.fromisoformat(t["end"]),
                             proposal.proposed_on, t["office"], t["agency"], t["discount_percent"], lines,
                             proposal.amount, endorsed.number if endorsed else None)
        assert endorsed is not None
        lines = []
        for nid, amount in t["lines"]:
            person = persons.get(nid)
            rules = tuple((r["rule"], r["percent"], r["amount"]) for r in t["premiums"].get(nid, [0, []])[1])
            lines.append(QuoteLine(nid, person.full_name if person else "", person.role if person else "leaving",
                                   amount, rules))
        return QuoteData(proposal.number, proposal.kind, holder.name, endorsed.plan, endorsed.death_capital,
                         endorsed.medical_capital, date.fromisoformat(t["effective"]), endorsed.end,
                         proposal.proposed_on, endorsed.office, endorsed.agency, endorsed.discount_percent, lines,
                         proposal.amount, endorsed.number)

    def quote_pdf(self, number: int, label: Callable[[str], str]) -> bytes:
        """The quote with its verification code (core/insurance/contracts/documents.py)."""
        from core.insurance.contracts.documents import InsuranceDocuments

        self.get(number)  # refused when there is none
        return InsuranceDocuments(self.service).print("quote", number, label).data

    # ---- reading, withdrawing -------------------------------------------------------------------
    def get(self, number: int) -> Proposal:
        with self.service.units.read() as u:
            proposal = u.proposals.by_number(number)
        if proposal is None:
            raise InsuranceError("proposal_not_found", number=number)
        return proposal

    def listing(self, status: str | None = PROPOSED) -> list[Proposal]:
        with self.service.units.read() as u:
            return u.proposals.list(status)

    def withdraw(self, number: int, *, actor: str) -> Proposal:
        """The policyholder declined, or the quote was wrong: it can no longer be paid."""
        with self.service.units.write() as u:
            proposal = self._open(u, number, None)
            if not u.proposals.close(proposal.id, WITHDRAWN, actor=actor):
                raise InsuranceError(f"proposal_{ISSUED}", number=number)
            closed = u.proposals.by_number(number)
        assert closed is not None
        return closed
