"""InsuranceService: the insurer's operations over the unit of work.

The command line and the chat call these same methods. Called with ``uow=`` a
method runs inside the caller's transaction and does not commit (a chat workflow
transition carries the issuance and its own bookkeeping in one transaction, as
ClaimsService does); without it, it opens its own and commits. Refusals raise
ContractRefused / EndorsementRefused / InsuranceError with a rule code; the
caller turns the code into a message.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.clock import Clock, utc_now
from core.insurance import endorsements as rules
from core.insurance.contracts import (
    ContractRefused,
    ContractTerms,
    above_authority,
    check_discount,
    check_terms,
    one_year_after,
)
from core.insurance.endorsements import EndorsementLine, EndorsementQuote, EndorsementRefused
from core.insurance.guardians import GuardianLinks
from core.insurance.models import (
    ACTIVE,
    ADDITIONAL,
    CANCEL_INSURER,
    CANCEL_POLICYHOLDER,
    CANCELLATIONS,
    ENDORSEMENT_KINDS,
    NO_FINANCIAL,
    POLICYHOLDER_KINDS,
    RETURN,
    Contract,
    Endorsement,
    Member,
    NewMember,
    Payment,
    Person,
    Policyholder,
)
from core.insurance.premium import PersonPremium, group_discount, roster_premiums
from core.insurance.receipts import ReceiptData, receipt_pdf
from core.insurance.registers import CONTRACT, ENDORSEMENT, RECEIPT, next_number
from core.insurance.renewals import RenewalDue, is_due, renewal_period
from core.insurance.reports import IssuanceMonth, Label, issuance_month
from core.insurance.roster import RosterResult, parse_roster
from core.insurance.saman import saman_rows
from core.insurance.settings import InsuranceSettings
from core.jalali import today_jalali
from core.models import POLICYHOLDER, User
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.transactions import joined_or_own

# Who may read any contract in chat (/contract N): the insurer's people and the admin.
INSURER_STAFF = frozenset({"issuance_expert", "issuance_manager", "claims_expert", "claims_manager",
                           "trusted_doctor", "claims_accountant", "report_reader", "admin"})


class InsuranceError(Exception):
    """A request the desk cannot carry out; `rule` says why (contract_not_found, nothing_due, ...)."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


@dataclass(frozen=True)
class ContractRequest:
    policyholder: str
    plan: str
    death_capital: int
    rate: int
    start: date
    persons: Sequence[Person]
    medical_capital: int = 0
    end: date | None = None  # one year by default
    policyholder_kind: str = "kindergarten"
    discount_percent: int | None = None  # None: from the group discount table
    office: str | None = None  # None: the default office
    agency: str | None = None


@dataclass(frozen=True)
class ContractQuote:
    terms: ContractTerms
    office: str
    discount_percent: int
    premiums: list[PersonPremium]
    premium: int
    above_authority: bool
    authority_limit: int

    @property
    def days(self) -> int:
        return self.terms.days


@dataclass(frozen=True)
class IssuedContract:
    contract: Contract
    policyholder: Policyholder
    quote: ContractQuote


@dataclass(frozen=True)
class ContractView:
    contract: Contract
    policyholder: Policyholder
    members: list[Member]
    endorsements: list[Endorsement]
    payments: list[Payment]

    @property
    def charged(self) -> int:
        return self.contract.premium + sum(e.amount for e in self.endorsements)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def balance(self) -> int:
        """Positive: still owed by the policyholder; negative: owed back to them."""
        return self.charged - self.paid

    def insured_on(self, day: date) -> list[Member]:
        return [m for m in self.members if m.insured_on(day)]


@dataclass(frozen=True)
class EndorsementRequest:
    contract_number: int
    kind: str
    effective: date
    persons: Sequence[Person] = ()  # additional: who joins; no_financial: corrected data
    national_ids: Sequence[str] = ()  # return: who leaves
    note: str = ""


@dataclass(frozen=True)
class IssuedEndorsement:
    endorsement: Endorsement
    contract: Contract
    quote: EndorsementQuote


@dataclass(frozen=True)
class Receipt:
    payment: Payment
    data: ReceiptData


@dataclass
class InsuranceService:
    uow_factory: UnitOfWorkFactory
    clock: Clock = utc_now
    settings: InsuranceSettings = field(default_factory=InsuranceSettings)

    def _tx(self, uow: UnitOfWork | None) -> AbstractContextManager[UnitOfWork]:
        return joined_or_own(self.uow_factory, uow)

    def _read(self, uow: UnitOfWork | None) -> AbstractContextManager[UnitOfWork]:
        """The caller's transaction, or one that only reads (inside an update's transaction:
        no savepoint, two statements fewer; on SQLite alone: no write lock)."""
        return joined_or_own(self.uow_factory, uow, write=False)

    # ---- rosters ----------------------------------------------------------------
    def today(self) -> date:
        return today_jalali(self.clock()).togregorian()

    def read_roster(self, filename: str, data: bytes, progress: Callable[[int], None] | None = None) -> RosterResult:
        """Every row checked; import only when `.ok`. Raises RosterUnreadable for a file that is no roster."""
        return parse_roster(filename, data, today=self.today(), progress=progress)

    # ---- contracts --------------------------------------------------------------
    def quote_contract(self, request: ContractRequest) -> ContractQuote:
        """The premium and the rule checks, without issuing anything."""
        end = request.end or one_year_after(request.start)
        terms = ContractTerms(request.plan, request.death_capital, request.medical_capital, request.rate,
                              request.start, end)
        check_terms(terms)
        if request.policyholder_kind not in POLICYHOLDER_KINDS:
            raise ContractRefused("unknown_policyholder_kind", kind=request.policyholder_kind)
        if not request.policyholder.strip():
            raise ContractRefused("policyholder_missing")
        if not request.persons:
            raise ContractRefused("empty_roster")
        if request.discount_percent is not None:
            check_discount(request.discount_percent)
            discount = request.discount_percent
        else:
            discount = group_discount(len(request.persons), self.settings.group_discounts)
        premiums = roster_premiums(request.persons, request.rate, request.start, discount)
        office = request.office or self.settings.default_office
        limit = self.settings.authority_limit(office)
        return ContractQuote(terms, office, discount, premiums, sum(p.premium for p in premiums),
                             above_authority(terms, limit), limit)

    def issue_contract(self, request: ContractRequest, uow: UnitOfWork | None = None) -> IssuedContract:
        """Issue with the next contract number. Above the authority limit it is issued all the
        same (the operator's rights); chat puts an approval step in front of this call."""
        quote = self.quote_contract(request)
        now = self.clock()
        with self._tx(uow) as u:
            holder = u.policyholders.by_name(request.policyholder.strip())
            if holder is None:
                holder = u.policyholders.add(request.policyholder.strip(), request.policyholder_kind, now)
            contract = self._store_contract(u, quote, holder, request.agency, None, request.persons, now)
        return IssuedContract(contract, holder, quote)

    def _store_contract(self, uow: UnitOfWork, quote: ContractQuote, holder: Policyholder, agency: str | None,
                        renewal_of: int | None, persons: Sequence[Person], now: datetime) -> Contract:
        terms = quote.terms
        contract = uow.contracts.add(Contract(
            id=0, number=next_number(uow, CONTRACT, self.settings.contract_number_start),
            policyholder_id=holder.id, plan=terms.plan, death_capital=terms.death_capital,
            medical_capital=terms.medical_capital, rate=terms.rate, discount_percent=quote.discount_percent,
            start=terms.start, end=terms.end, office=quote.office, agency=agency or None, premium=quote.premium,
            above_authority=quote.above_authority,
            payment_due=terms.start + timedelta(days=self.settings.payment_deadline_days),
            status=ACTIVE, renewal_of=renewal_of, created_at=now,
        ))
        uow.members.add_many(contract.id, [
            NewMember(person, p.premium, p.premium, p.rules_json()) for person, p in zip(persons, quote.premiums)
        ], member_from=terms.start)
        return contract

    def contract(self, number: int, uow: UnitOfWork | None = None) -> ContractView:
        with self._tx(uow) as u:
            return self._view(u, self._contract(u, number))

    def contract_for(self, user: User, number: int) -> ContractView:
        """The contract, for its policyholder's linked people and the insurer's staff; anyone else
        is told it does not exist (no leak of which numbers are taken)."""
        with self._tx(None) as u:
            contract = self._contract(u, number)
            holder = u.policyholders.of_user(user.id)
            mine = holder is not None and holder.id == contract.policyholder_id and user.has_role(POLICYHOLDER)
            if not (mine or user.all_roles & INSURER_STAFF) or user.disabled:
                raise InsuranceError("contract_not_found", number=number)
            return self._view(u, contract)

    @property
    def guardians(self) -> GuardianLinks:
        """Guardians linked to contracts by their policyholders (core/insurance/guardians.py)."""
        return GuardianLinks(self)

    # ---- who holds what: users linked to a policyholder -----------------------------
    def link_user(self, user_id: int, policyholder: str, kind: str = "kindergarten",
                  uow: UnitOfWork | None = None) -> Policyholder:
        """Link a user (a policyholder's person in chat) to the policyholder of that name (added if absent)."""
        if kind not in POLICYHOLDER_KINDS:
            raise ContractRefused("unknown_policyholder_kind", kind=kind)
        if not policyholder.strip():
            raise ContractRefused("policyholder_missing")
        with self._tx(uow) as u:
            holder = u.policyholders.by_name(policyholder.strip()) or u.policyholders.add(
                policyholder.strip(), kind, self.clock())
            u.policyholders.link_user(user_id, holder.id)
        return holder

    def unlink_user(self, user_id: int, uow: UnitOfWork | None = None) -> None:
        with self._tx(uow) as u:
            u.policyholders.unlink_user(user_id)

    def policyholder_of(self, user_id: int, uow: UnitOfWork | None = None) -> Policyholder | None:
        with self._tx(uow) as u:
            return u.policyholders.of_user(user_id)

    def contracts_of(self, policyholder_id: int, uow: UnitOfWork | None = None) -> list[Contract]:
        """The policyholder's contracts, by number."""
        with self._tx(uow) as u:
            return [c for c in u.contracts.list() if c.policyholder_id == policyholder_id]

    def contracts(self) -> list[ContractView]:
        """Every contract, by number, without the roster (members left empty)."""
        with self.uow_factory() as uow:
            return [ContractView(c, self._holder(uow, c), [], uow.endorsements.for_contract(c.id),
                                 uow.payments.for_contract(c.id)) for c in uow.contracts.list()]

    def members_on(self, number: int, day: date) -> list[Member]:
        """The roster as it stood on a day, endorsements counted (for claims)."""
        with self.uow_factory() as uow:
            return uow.members.insured_on(self._contract(uow, number).id, day)

    def _contract(self, uow: UnitOfWork, number: int) -> Contract:
        contract = uow.contracts.by_number(number)
        if contract is None:
            raise InsuranceError("contract_not_found", number=number)
        return contract

    def _holder(self, uow: UnitOfWork, contract: Contract) -> Policyholder:
        holder = uow.policyholders.get(contract.policyholder_id)
        assert holder is not None  # a foreign key
        return holder

    def _view(self, uow: UnitOfWork, contract: Contract) -> ContractView:
        return ContractView(contract, self._holder(uow, contract), uow.members.for_contract(contract.id),
                            uow.endorsements.for_contract(contract.id), uow.payments.for_contract(contract.id))

    # ---- payments ---------------------------------------------------------------
    def record_payment(self, number: int, paid_on: date, cheque: str, amount: int | None = None,
                       uow: UnitOfWork | None = None) -> Receipt:
        """The policyholder's cheque for what is due (default: the whole balance), with a receipt number."""
        cheque = cheque.strip()
        if not cheque:
            raise InsuranceError("cheque_missing")
        now = self.clock()
        with self._tx(uow) as uow:
            view = self._view(uow, self._contract(uow, number))
            due = view.balance
            if due <= 0:
                raise InsuranceError("nothing_due", balance=due)
            amount = due if amount is None else amount
            if not 0 < amount <= due:
                raise InsuranceError("amount_not_due", due=due)
            if paid_on > self.today():
                raise InsuranceError("paid_in_future")
            payment = uow.payments.add(next_number(uow, RECEIPT), view.contract.id, amount, cheque, paid_on, now)
            data = self._receipt_data(view, payment, uow.members.count_insured_on(view.contract.id, paid_on))
        return Receipt(payment, data)

    def receipt_pdf(self, receipt_number: int, uow: UnitOfWork | None = None) -> bytes:
        with self._tx(uow) as uow:
            payment = uow.payments.by_receipt(receipt_number)
            if payment is None:
                raise InsuranceError("receipt_not_found", number=receipt_number)
            contract = uow.contracts.get(payment.contract_id)
            assert contract is not None
            view = self._view(uow, contract)
            persons = uow.members.count_insured_on(contract.id, max(payment.paid_on, contract.start))
        return receipt_pdf(self._receipt_data(view, payment, persons), self.settings.font_dir)

    @staticmethod
    def _receipt_data(view: ContractView, payment: Payment, persons: int) -> ReceiptData:
        c = view.contract
        return ReceiptData(payment.receipt_number, c.number, view.policyholder.name, c.plan, payment.amount,
                           payment.cheque, payment.paid_on, c.start, c.end, persons, c.office, c.agency)

    # ---- endorsements -----------------------------------------------------------
    def quote_endorsement(self, request: EndorsementRequest, uow: UnitOfWork | None = None) -> EndorsementQuote:
        with self._tx(uow) as u:
            return self._quote_endorsement(u, self._contract(u, request.contract_number), request)[0]

    def add_endorsement(self, request: EndorsementRequest, uow: UnitOfWork | None = None) -> IssuedEndorsement:
        now = self.clock()
        with self._tx(uow) as uow:
            contract = self._contract(uow, request.contract_number)
            quote, members = self._quote_endorsement(uow, contract, request)
            details = dict(quote.details)
            if request.note:
                details["note"] = request.note
            endorsement = uow.endorsements.add(next_number(uow, ENDORSEMENT), contract.id, request.kind,
                                               request.effective, quote.amount, details, now)
            if request.kind == ADDITIONAL:
                annual = {p.national_id: p for p in roster_premiums(request.persons, contract.rate, contract.start,
                                                                     contract.discount_percent)}
                charged = {line.national_id: line.amount for line in quote.lines}
                uow.members.add_many(contract.id, [
                    NewMember(p, annual[p.national_id].premium, charged[p.national_id],
                              annual[p.national_id].rules_json()) for p in request.persons
                ], member_from=request.effective, added_by=endorsement.id)
            elif request.kind in (RETURN, *CANCELLATIONS):
                uow.members.end_membership([m.id for m in members], request.effective, endorsement.id)
                if request.kind in CANCELLATIONS:
                    uow.contracts.cancel(contract.id, request.effective)
            elif request.kind == NO_FINANCIAL:
                for member, person in members_with_corrections(members, request.persons):
                    uow.members.correct_person(member.id, person)
            contract = uow.contracts.get(contract.id) or contract
        return IssuedEndorsement(endorsement, contract, quote)

    def _quote_endorsement(self, uow: UnitOfWork, contract: Contract,
                           request: EndorsementRequest) -> tuple[EndorsementQuote, list[Member]]:
        if request.kind not in ENDORSEMENT_KINDS:
            raise EndorsementRefused("unknown_kind", kind=request.kind)
        if contract.status != ACTIVE:
            raise EndorsementRefused("contract_not_active", status=contract.status)
        rules.check_effective(contract, request.effective)
        insured = uow.members.insured_on(contract.id, request.effective)
        by_id = {m.person.national_id: m for m in insured}
        base = dict(kind=request.kind, effective=request.effective,
                    cover_days=rules.cover_days(contract, request.effective),
                    remaining_days=rules.remaining_days(contract, request.effective), contract_days=contract.days)
        lines: list[EndorsementLine]
        if request.kind == ADDITIONAL:
            if not request.persons:
                raise EndorsementRefused("no_persons")
            present = sorted(p.national_id for p in request.persons if p.national_id in by_id)
            if present:
                raise EndorsementRefused("already_insured", national_ids=", ".join(present))
            if request.effective >= contract.end:
                raise EndorsementRefused("effective_outside_contract")
            premiums = roster_premiums(request.persons, contract.rate, contract.start, contract.discount_percent)
            lines = rules.additional_lines(contract, request.effective, [(p.national_id, p.premium) for p in premiums])
            return EndorsementQuote(**base, amount=sum(x.amount for x in lines), lines=tuple(lines),
                                    details={"persons": [p.national_id for p in request.persons]}), []
        if request.kind == RETURN:
            ids = list(dict.fromkeys(request.national_ids or [p.national_id for p in request.persons]))
            if not ids:
                raise EndorsementRefused("no_persons")
            absent = sorted(i for i in ids if i not in by_id)
            if absent:
                raise EndorsementRefused("not_insured", national_ids=", ".join(absent))
            members = [by_id[i] for i in ids]
            lines = rules.refund_lines(contract, request.effective, members)
            return EndorsementQuote(**base, amount=sum(x.amount for x in lines), lines=tuple(lines),
                                    details={"persons": ids}), members
        if request.kind == NO_FINANCIAL:
            corrections = members_with_corrections(insured, request.persons)
            if len(corrections) != len(request.persons):
                absent = sorted({p.national_id for p in request.persons} - set(by_id))
                raise EndorsementRefused("not_insured", national_ids=", ".join(absent))
            changes = [{"national_id": m.person.national_id, "before": _person_json(m.person),
                        "after": _person_json(p)} for m, p in corrections]
            return EndorsementQuote(**base, amount=0, details={"corrections": changes}), insured
        if request.kind == CANCEL_INSURER:
            lines = rules.refund_lines(contract, request.effective, insured)
            return EndorsementQuote(**base, amount=sum(x.amount for x in lines), lines=tuple(lines)), insured
        assert request.kind == CANCEL_POLICYHOLDER
        amount, percent = rules.policyholder_cancellation_refund(contract, request.effective, insured,
                                                                 self.settings.short_term_tariff)
        return EndorsementQuote(**base, amount=amount, short_term_percent=percent,
                                details={"short_term_percent": percent}), insured

    # ---- renewals ---------------------------------------------------------------
    def renewals_due(self, today: date | None = None, days: int | None = None) -> list[RenewalDue]:
        """Active contracts ending within `days` (default: renewal_notice_days) and not renewed yet."""
        today = today or self.today()
        days = self.settings.renewal_notice_days if days is None else days
        with self.uow_factory() as uow:
            return [self._renewal(uow, c, today) for c in uow.contracts.list()
                    if is_due(c, today, days, renewed=uow.contracts.renewed_by(c.id) is not None)]

    def _renewal(self, uow: UnitOfWork, contract: Contract, today: date) -> RenewalDue:
        holder = self._holder(uow, contract)
        quote, persons = self._renewal_quote(uow, contract, contract.rate, holder)
        return RenewalDue(contract, holder.name, (contract.end - today).days, quote.terms.start, quote.terms.end,
                          len(persons), quote.premium)

    def _renewal_quote(self, uow: UnitOfWork, contract: Contract, rate: int,
                       holder: Policyholder) -> tuple[ContractQuote, list[Person]]:
        last_day = contract.end - timedelta(days=1)
        persons = [m.person for m in uow.members.insured_on(contract.id, last_day)]
        start, end = renewal_period(contract)
        request = ContractRequest(holder.name, contract.plan, contract.death_capital, rate, start, persons,
                                  contract.medical_capital, end, holder.kind, office=contract.office,
                                  agency=contract.agency)
        return self.quote_contract(request), persons

    def renewal_quote(self, number: int, rate: int | None = None, uow: UnitOfWork | None = None) -> ContractQuote:
        """What renewing would charge now (the current roster, the same or a new rate)."""
        with self._tx(uow) as u:
            old = self._contract(u, number)
            return self._renewal_quote(u, old, rate or old.rate, self._holder(u, old))[0]

    def renew(self, number: int, rate: int | None = None, uow: UnitOfWork | None = None) -> IssuedContract:
        """The renewal: a new contract for the next year, numbered in the contract register,
        with the new premium for the current roster at the given (default: same) rate."""
        now = self.clock()
        with self._tx(uow) as uow:
            old = self._contract(uow, number)
            if old.status != ACTIVE:
                raise InsuranceError("contract_not_active", status=old.status)
            if uow.contracts.renewed_by(old.id) is not None:
                raise InsuranceError("already_renewed")
            holder = self._holder(uow, old)
            quote, persons = self._renewal_quote(uow, old, rate or old.rate, holder)
            contract = self._store_contract(uow, quote, holder, old.agency, old.id, persons, now)
        return IssuedContract(contract, holder, quote)

    def send_renewal_reminders(self, notify: Callable[[UnitOfWork, RenewalDue], None],
                               today: date | None = None) -> list[RenewalDue]:
        """For the daily job: each due contract's reminder goes out once per period, even across
        restarts. `notify` writes the notifications (e.g. to the outbox) in the same transaction."""
        sent = []
        for due in self.renewals_due(today):
            with self.uow_factory() as uow:
                if uow.renewal_notices.claim(due.contract.id, due.contract.end, self.clock()):
                    notify(uow, due)
                    uow.commit()
                    sent.append(due)
        return sent

    # ---- reports ----------------------------------------------------------------
    def monthly_report(self, year: int, month: int) -> IssuanceMonth:
        """Contracts, renewals and endorsements issued in a Jalali month (core/insurance/reports.py)."""
        with self._read(None) as uow:
            return issuance_month(uow, year, month)

    def saman_rows(self, year: int, month: int, label: Label) -> list[list[object]]:
        """The month's contracts and endorsements for Saman: a header and a row each (core/insurance/saman.py)."""
        with self._read(None) as uow:
            return saman_rows(uow, year, month, label)


def members_with_corrections(members: Sequence[Member], persons: Sequence[Person]) -> list[tuple[Member, Person]]:
    by_id = {m.person.national_id: m for m in members}
    return [(by_id[p.national_id], p) for p in persons if p.national_id in by_id]


def _person_json(person: Person) -> dict[str, object]:
    data = dataclasses.asdict(person)
    data["birth_date"] = person.birth_date.isoformat()
    return data
