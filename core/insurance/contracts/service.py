"""InsuranceService: the insurer's operations over the unit of work.

The command line and the chat call these same methods: each opens its own unit of
work and commits it. ``within(uow)`` is the same service inside a caller's unit of
work, which none of its methods commits (a chat workflow transition carries the
issuance and its own bookkeeping in one transaction, as ClaimsService does). Refusals raise
ContractRefused / EndorsementRefused / InsuranceError with a rule code; the
caller turns the code into a message.

The seed's order of money (K57–63, K88–91, K117–126) lives in the parts this
facade hands out: ``proposals`` (a quote, then the cheque, then the contract,
renewal or additional endorsement with its register number), ``endorsements``
(those issued at once: returns, corrections, cancellations, swaps that cost
nothing) and ``refunds`` (what a return or cancellation owes back, and its
settlement).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from core.clock import Clock, utc_now
from core.insurance.contracts.documents import DocumentNotFound, InsuranceDocuments
from core.insurance.contracts.endorsing import Endorsements
from core.insurance.contracts.guardians import GuardianLinks
from core.insurance.contracts.insurable import roster_problems
from core.insurance.contracts.policyholders import find_or_add
from core.insurance.contracts.premium import PremiumTerms, group_discount, roster_premiums
from core.insurance.contracts.proposals import ContractProposal, IssuedProposal, Proposals
from core.insurance.contracts.receipts import ReceiptData, receipt_data
from core.insurance.contracts.refunds import Refunds
from core.insurance.contracts.renewals import RenewalDue, is_due, renewal_period
from core.insurance.contracts.roster import RosterResult, parse_roster
from core.insurance.contracts.service_types import (
    INSURER_STAFF,
    ContractQuote,
    ContractRequest,
    ContractView,
    InsuranceError,
    IssuedContract,
    check_not_too_old,
)
from core.insurance.contracts.terms import (
    ContractRefused,
    ContractTerms,
    above_authority,
    check_amount,
    check_discount,
    check_terms,
)
from core.insurance.reports.monthly import IssuanceMonth, Label, issuance_month
from core.insurance.reports.saman import saman_rows
from core.insurance.shared.models import (
    POLICYHOLDER_KINDS,
    PROPOSED,
    Contract,
    Member,
    Person,
    Policyholder,
    Proposal,
)
from core.insurance.shared.money import prorate
from core.insurance.shared.settings import InsuranceSettings
from core.jalali import one_year_after, today_jalali
from core.models import POLICYHOLDER, User
from core.ports import UnitOfWork
from core.transactions import OverUnits
from core.values import Day


@dataclass
class InsuranceService(OverUnits):
    clock: Clock = utc_now
    settings: InsuranceSettings = field(default_factory=InsuranceSettings)

    # ---- the parts -----------------------------------------------------------------
    @cached_property
    def proposals(self) -> Proposals:
        """Quotes, the cheque, and the contract, renewal or endorsement it issues (proposals.py)."""
        return Proposals(self)

    @cached_property
    def endorsements(self) -> Endorsements:
        """Endorsements: their quotes, and those issued at once (endorsing.py)."""
        return Endorsements(self)

    @cached_property
    def refunds(self) -> Refunds:
        """Refunds owed by returns and cancellations, and their settlement (refunds.py)."""
        return Refunds(self)

    @property
    def guardians(self) -> GuardianLinks:
        """Guardians linked to contracts by their policyholders (core/insurance/contracts/guardians.py)."""
        return GuardianLinks(self)

    # ---- days -------------------------------------------------------------------------
    def today(self) -> date:
        return today_jalali(self.clock()).togregorian()

    def check_past_day(self, day: date, rule: str) -> None:
        """A day something happened (a proposal, a receipt, a settlement): not in the future, and
        not before the Jalali year 1300 (refused with `rule`, the rule's own message)."""
        if day > self.today():
            raise InsuranceError(rule, day=Day(day))
        check_not_too_old(day)

    # ---- rosters ----------------------------------------------------------------
    def read_roster(self, filename: str, data: bytes, progress: Callable[[int], None] | None = None,
                    cover_start: date | None = None) -> RosterResult:
        """Every row checked (with cover_start: who may be insured from that day too); import only when
        `.ok`. Raises RosterUnreadable for a file that is no roster."""
        return parse_roster(filename, data, today=self.today(), progress=progress, cover_start=cover_start)

    # ---- contracts --------------------------------------------------------------
    def quote_contract(self, request: ContractRequest) -> ContractQuote:
        """The premium and the rule checks, without proposing or issuing anything."""
        check_not_too_old(request.start)
        end = request.end or one_year_after(request.start)
        terms = ContractTerms(request.plan, request.death_capital, request.medical_capital, request.rate,
                              request.start, end, request.medical_rate)
        check_terms(terms)
        if request.policyholder_kind not in POLICYHOLDER_KINDS:
            raise ContractRefused("unknown_policyholder_kind", kind=request.policyholder_kind)
        if not request.policyholder.strip():
            raise ContractRefused("policyholder_missing")
        if not request.persons:
            raise ContractRefused("empty_roster")
        problems = roster_problems(request.persons, request.start)
        if problems:
            raise ContractRefused("not_insurable", national_ids=", ".join(nid for nid, _ in problems))
        if request.discount_percent is not None:
            check_discount(request.discount_percent)
            discount = request.discount_percent
        else:
            discount = group_discount(len(request.persons), self.settings.group_discounts)
        premiums = roster_premiums(request.persons, self.premium_terms(request.rate, request.start, discount,
                                                                        request.medical_rate))
        year_days = (one_year_after(request.start) - request.start).days
        charges = [prorate(p.premium, terms.days, year_days) for p in premiums]
        total = sum(charges)
        check_amount(total, "premium")
        office = request.office or self.settings.default_office
        limit = self.settings.authority_limit(office)
        return ContractQuote(terms, office, discount, premiums, charges, total, above_authority(terms, limit), limit)

    def premium_terms(self, rate: int, start: date, discount: int, medical_rate: int = 0) -> PremiumTerms:
        return PremiumTerms(rate, start, discount, medical_rate, self.settings.primary_insurer_medical_discount_percent)

    def contract_premium_terms(self, contract: Contract) -> PremiumTerms:
        """The terms an added or corrected person's premium is worked out by: the contract's own."""
        return self.premium_terms(contract.rate, contract.start, contract.discount_percent, contract.medical_rate)

    def issue_contract(self, request: ContractRequest, *, paid_on: date, cheque: str, actor: str) -> IssuedContract:
        """The whole of the seed's order at once, for an office entering a contract whose cheque it
        already has: the proposal (dated, unless said, the cheque's day), the cheque's receipt, the
        contract with its number."""
        request = dataclasses.replace(request, proposed_on=request.proposed_on or paid_on)
        with self.units.write() as u:
            proposals = self.within(u).proposals
            proposed = proposals.propose_contract(request, actor=actor)
            issued = proposals.pay(proposed.proposal.number, paid_on, cheque, actor=actor)
            assert issued.contract is not None
            return IssuedContract(issued.contract, proposed.policyholder, proposed.quote)

    def contract(self, number: int) -> ContractView:
        with self.units.read() as u:
            return self._view(u, self._contract(u, number))

    def contract_for(self, user: User, number: int) -> ContractView:
        """The contract, for its policyholder's linked people and the insurer's staff; anyone else
        is told it does not exist (no leak of which numbers are taken)."""
        with self.units.read() as u:
            contract = self._contract(u, number)
            holder = u.policyholders.of_user(user.id)
            mine = holder is not None and holder.id == contract.policyholder_id and user.has_role(POLICYHOLDER)
            if not (mine or user.all_roles & INSURER_STAFF) or user.disabled:
                raise InsuranceError("contract_not_found", number=number)
            return self._view(u, contract)

    # ---- who holds what: users linked to a policyholder -----------------------------
    def link_user(self, user_id: int, policyholder: str, kind: str = "kindergarten", identifier: str | None = None,
                  *, actor: str) -> Policyholder:
        """Link a user (a policyholder's person in chat) to the policyholder: the one of that
        identifier, else the only one of that name; added if absent (the admin's act, by `actor`)."""
        with self.units.write() as u:
            holder = find_or_add(u, policyholder, kind, identifier, self.clock())
            u.policyholders.link_user(user_id, holder.id, actor=actor)
        return holder

    def unlink_user(self, user_id: int) -> None:
        with self.units.write() as u:
            u.policyholders.unlink_user(user_id)

    def policyholder_of(self, user_id: int) -> Policyholder | None:
        with self.units.read() as u:
            return u.policyholders.of_user(user_id)

    def contracts_of(self, policyholder_id: int) -> list[Contract]:
        """The policyholder's contracts, by number."""
        with self.units.read() as u:
            return [c for c in u.contracts.list() if c.policyholder_id == policyholder_id]

    def contracts(self) -> list[ContractView]:
        """Every contract, by number, without the roster (members left empty)."""
        with self.units.read() as uow:
            return [self._view(uow, c, roster=False) for c in uow.contracts.list()]

    def members_on(self, number: int, day: date) -> list[Member]:
        """The roster as it stood on a day, endorsements counted (for claims)."""
        with self.units.read() as uow:
            return uow.members.insured_on(self._contract(uow, number).id, day)

    def _contract(self, uow: UnitOfWork, number: int) -> Contract:
        contract = uow.contracts.by_number(number)
        if contract is None:
            raise InsuranceError("contract_not_found", number=number)
        return contract

    def _holder(self, uow: UnitOfWork, contract: Contract | Proposal) -> Policyholder:
        holder = uow.policyholders.get(contract.policyholder_id)
        assert holder is not None  # a foreign key
        return holder

    def _view(self, uow: UnitOfWork, contract: Contract, roster: bool = True) -> ContractView:
        endorsements = uow.endorsements.for_contract(contract.id)
        settled = uow.refunds.for_endorsements([e.id for e in endorsements if e.amount < 0])
        return ContractView(contract, self._holder(uow, contract),
                            uow.members.for_contract(contract.id) if roster else [], endorsements,
                            uow.payments.for_contract(contract.id), sum(s.amount for s in settled.values()),
                            uow.proposals.list(PROPOSED, contract_id=contract.id))

    # ---- receipts ---------------------------------------------------------------
    def receipt_data(self, receipt_number: int) -> ReceiptData:
        with self.units.read() as u:
            payment = u.payments.by_receipt(receipt_number)
            if payment is None:
                raise InsuranceError("receipt_not_found", number=receipt_number)
            return receipt_data(u, self, payment)

    def receipt_pdf(self, receipt_number: int) -> bytes:
        """The receipt of a payment, in four copies: printed when paid, and again whenever asked (the same
        file, with its verification code: core/insurance/contracts/documents.py)."""
        try:
            return InsuranceDocuments(self).print("receipt", receipt_number, str).data
        except DocumentNotFound:
            raise InsuranceError("receipt_not_found", number=receipt_number) from None

    # ---- renewals ---------------------------------------------------------------
    def renewals_due(self, today: date | None = None, days: int | None = None) -> list[RenewalDue]:
        """Active contracts ending within `days` (default: renewal_notice_days) and not renewed yet."""
        today = today or self.today()
        days = self.settings.renewal_notice_days if days is None else days
        with self.units.read() as uow:
            return [self._renewal(uow, c, today) for c in uow.contracts.list()
                    if is_due(c, today, days, renewed=uow.contracts.renewed_by(c.id) is not None)]

    def _renewal(self, uow: UnitOfWork, contract: Contract, today: date) -> RenewalDue:
        holder = self._holder(uow, contract)
        quote, persons = self.renewal_terms(uow, contract, contract.rate, contract.discount_percent)
        return RenewalDue(contract, holder.name, (contract.end - today).days, quote.terms.start, quote.terms.end,
                          len(persons), quote.premium)

    def renewal_terms(self, uow: UnitOfWork, contract: Contract, rate: int,
                      discount: int) -> tuple[ContractQuote, list[Person]]:
        """What renewing would charge: the roster on the old contract's last day, for a year from
        its end, at the given rate and agreed discount."""
        holder = self._holder(uow, contract)
        last_day = contract.end - timedelta(days=1)
        persons = [m.person for m in uow.members.insured_on(contract.id, last_day)]
        start, end = renewal_period(contract)
        request = ContractRequest(holder.name, contract.plan, contract.death_capital, rate, start, persons,
                                  contract.medical_capital, end, holder.kind, discount, contract.office,
                                  contract.agency, holder.identifier, contract.medical_rate)
        return self.quote_contract(request), persons

    def renewal_quote(self, number: int, rate: int | None = None, discount: int | None = None) -> ContractQuote:
        """What renewing would charge now (the current roster, the same or a new rate)."""
        with self.units.read() as u:
            old = self._contract(u, number)
            return self.renewal_terms(u, old, rate or old.rate,
                                      old.discount_percent if discount is None else discount)[0]

    def send_renewal_reminders(self, notify: Callable[[UnitOfWork, RenewalDue, Proposal | None], None],
                               today: date | None = None) -> list[RenewalDue]:
        """For the daily job, one month before the end (K116–119): each due contract's new premium is
        proposed (the letter: a renewal proposal, unless one is open already) and told, once per
        period, even across restarts. `notify` writes the notifications in the same transaction."""
        sent = []
        for due in self.renewals_due(today):
            with self.units.write() as uow:
                if uow.renewal_notices.claim(due.contract.id, due.contract.end, self.clock()):
                    proposal = self.within(uow).proposals.renewal_letter(due.contract)
                    notify(uow, due, proposal)
                    sent.append(due)
        return sent

    def renew(self, number: int, rate: int | None = None, *, actor: str, discount: int | None = None,
              proposed_on: date | None = None) -> ContractProposal:
        """The renewal's proposal (the new premium, sent by letter, K119); paying it issues the
        renewal endorsement («الحاقی تمدیدی») numbered in the contract register."""
        return self.proposals.propose_renewal(number, actor=actor, rate=rate, discount=discount,
                                              proposed_on=proposed_on)

    def pay(self, proposal_number: int, paid_on: date, cheque: str, *, actor: str,
            amount: int | None = None) -> IssuedProposal:
        return self.proposals.pay(proposal_number, paid_on, cheque, actor=actor, amount=amount)

    # ---- reports ----------------------------------------------------------------
    def monthly_report(self, year: int, month: int) -> IssuanceMonth:
        """Contracts, renewals and endorsements issued in a Jalali month (core/insurance/reports/monthly.py): only
        what was issued, so nothing unpaid (a proposal) is in it."""
        with self.units.read() as uow:
            return issuance_month(uow, year, month)

    def saman_rows(self, year: int, month: int, label: Label) -> list[list[object]]:
        """The month's contracts and endorsements for Saman: a header and a row each
        (core/insurance/reports/saman.py)."""
        with self.units.read() as uow:
            return saman_rows(uow, year, month, label)

