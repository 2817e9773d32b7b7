"""ClaimsService: the claims office's steps over the unit of work (docs/claims.md).

Each step is one method, which opens a unit of work of its own and commits it;
``within(uow)`` is the same service inside the caller's unit of work, which none of
its steps commits, so a chat workflow transition can carry the step and its own
bookkeeping (ticket status, outbox) in one transaction. Refusals raise
ClaimRefused with a rule code (labels: ``claims.refusal.<rule>`` in the
catalogs); a payout input the rules cannot use raises ClaimInputError.

The pure rules do the deciding (eligibility.py, kardex.py, documents.py, payout.py,
medical.py, capital.py); this module and the register it builds on (register.py,
payout_inputs.py) only gather their inputs: a contract's cover, its roster and its
payments by asking core/insurance/contracts/coverage.py, the claims from the claims register.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from core.insurance.claims.documents import ClaimCase, all_document_codes, required_documents
from core.insurance.claims.eligibility import checks_json
from core.insurance.claims.kinds import CLAIM_KINDS
from core.insurance.claims.models import (
    ASSESSED,
    CLAIMS_MANAGER,
    COLLECTED,
    FILED,
    ORDERED,
    PAID_STATUSES,
    RETURNED,
    Claim,
    NewClaim,
    NewPaymentOrder,
    PaymentOrder,
)
from core.insurance.claims.payment_orders import PaymentOrderData, payment_order_pdf
from core.insurance.claims.payout import is_minor
from core.insurance.claims.payout_inputs import payout_json
from core.insurance.claims.records import ClaimNotice, ClaimView, DoctorAnalysis, Inquiry, InsuredPerson
from core.insurance.claims.register import ClaimRefused, ClaimsRegister, replace_claim
from core.insurance.contracts.coverage import Coverage
from core.insurance.contracts.document_codes import PAYMENT_ORDER as PAYMENT_ORDER_DOCUMENT
from core.insurance.contracts.document_codes import issue_code
from core.insurance.reports.claims import (
    ClaimsMonthlyReport,
    OrderLine,
    SemiannualStatistics,
    semiannual_period,
)
from core.insurance.reports.monthly import in_month
from core.insurance.shared.models import Contract
from core.insurance.shared.registers import next_number
from core.jalali import TEHRAN
from core.ports import UnitOfWork
from core.text import clean_text, normalize_text

CLAIM_REGISTER = "claim"  # دفتر اعلام خسارت
PAYMENT_ORDER_REGISTER = "payment_order"  # دفتر صدور حواله
DESCRIPTION_MAX = 4000
POLICY_INQUIRY = "policy_inquiry"

Label = Callable[[str], str]


@dataclass
class ClaimsService(ClaimsRegister):
    # ---- notice -----------------------------------------------------------------------------
    def person(self, contract_number: int, national_id: str, incident_date: dt.date) -> InsuredPerson:
        """Who the national id is on the contract's roster, as it stood on the incident date
        (endorsements counted); a person who was on it only at another time is returned too,
        marked not insured that day. Refused (not_on_contract) for anyone never on it."""
        with self.units.read() as u:
            contract = self._contract(u, contract_number)
            nid = self._national_id(national_id)
            return self._person(u, contract, nid, incident_date)

    def cover(self, contract_number: int) -> tuple[dt.date, dt.date]:
        """The contract's cover: its first and last day (the day before its end, or before a
        cancellation took effect). A claim for an incident inside it may be filed whatever the
        contract's status now: cancelled or expired since is no reason to refuse it."""
        with self.units.read() as u:
            contract = self._contract(u, contract_number)
            return Coverage.period(contract)

    def file(self, notice: ClaimNotice, *, actor: str) -> ClaimView:
        """Put the claim in the claims register with the next file number, and run the kardex and
        eligibility checks at once (an ineligible claim is filed all the same, to be reviewed)."""
        if notice.kind not in CLAIM_KINDS:
            raise ClaimRefused("unknown_claim_kind", kind=notice.kind)
        description = clean_text(notice.description).strip()
        if not description:
            raise ClaimRefused("description_missing")
        if len(description) > DESCRIPTION_MAX:
            raise ClaimRefused("description_too_long", maximum=DESCRIPTION_MAX)
        self._check_not_future(notice.incident_date, notice.incident_time)
        now = self.clock()
        with self.units.write() as u:
            contract = self._contract(u, notice.contract_number)
            nid = self._national_id(notice.national_id)
            person = self._person(u, contract, nid, notice.incident_date)
            eligibility = self._eligibility(u, contract, nid, notice.kind, notice.incident_date, notice.incident_time)
            claim = u.claims.add(NewClaim(
                number=next_number(u, CLAIM_REGISTER), contract_id=contract.id, national_id=nid,
                person_name=person.name, kind=notice.kind, incident_date=notice.incident_date,
                incident_time=notice.incident_time, description=description, checks=checks_json(eligibility),
                eligible=eligibility.eligible, filed_by=actor, ticket_id=notice.ticket_id), now)
            u.claims.add_event(claim.id, "filed", actor, {"eligible": eligibility.eligible,
                                                          "reasons": list(eligibility.reasons)}, now)
            return self._claim_view(u, claim)

    def requester_documents(self, contract_number: int, national_id: str, incident_date: dt.date,
                            kind: str) -> tuple[str, ...]:
        """The checklist the requester sends with a notice: the documents the claim will need,
        but the policy inquiry, which the issuing office fills in."""
        with self.units.read() as u:
            contract = self._contract(u, contract_number)
            person = self._person(u, contract, self._national_id(national_id), incident_date)
            case = ClaimCase(minor=is_minor(person.birth_date, incident_date))
            return tuple(code for code in required_documents(kind, case) if code != POLICY_INQUIRY)

    # ---- reading ----------------------------------------------------------------------------
    def claim(self, number: int) -> ClaimView:
        with self.units.read() as u:
            return self._claim_view(u, self._claim(u, number))

    def claim_for_ticket(self, ticket_id: int) -> ClaimView | None:
        """The claim a chat request carries (ClaimNotice.ticket_id), or None."""
        with self.units.read() as u:
            claim = u.claims.by_ticket(ticket_id)
            return self._claim_view(u, claim) if claim else None

    def claims(self, contract_number: int | None = None) -> list[Claim]:
        with self.units.read() as u:
            contract_id = self._contract(u, contract_number).id if contract_number is not None else None
            return u.claims.list(contract_id)

    def order(self, order_number: int) -> PaymentOrder:
        with self.units.read() as u:
            return self._order(u, order_number)

    # ---- documents --------------------------------------------------------------------------
    def tick_document(self, number: int, code: str, *, actor: str, attachment_id: int | None = None,
                      note: str = "") -> ClaimView:
        """Tick one document of the checklist off (the file the requester sent, when given)."""
        if code not in all_document_codes():
            raise ClaimRefused("unknown_document", code=code)
        now = self.clock()
        with self.units.write() as u:
            claim = self._claim(u, number)
            self._check_open(claim)
            if u.claims.tick_document(claim.id, code, actor, now, attachment_id, clean_text(note)):
                u.claims.add_event(claim.id, "document_ticked", actor, {"code": code, "attachment_id": attachment_id},
                                   now)
            return self._claim_view(u, claim)

    def untick_document(self, number: int, code: str, *, actor: str) -> ClaimView:
        now = self.clock()
        with self.units.write() as u:
            claim = self._claim(u, number)
            self._check_open(claim)
            if u.claims.untick_document(claim.id, code):
                u.claims.add_event(claim.id, "document_unticked", actor, {"code": code}, now)
            return self._claim_view(u, claim)

    def require_radiographs(self, number: int, needed: bool = True, *, actor: str) -> ClaimView:
        """The seed's «در موارد لزوم»: the expert says the radiographs are needed for this disability."""
        with self.units.write() as u:
            claim = self._claim(u, number)
            self._check_open(claim)
            claim = self._save(u, replace_claim(claim, radiographs_needed=needed), "radiographs", actor,
                               {"needed": needed})
            return self._claim_view(u, claim)

    def return_for_documents(self, number: int, *, actor: str, note: str = "") -> ClaimView:
        """Send the claim back to the requester; the history keeps what was missing and the note."""
        with self.units.write() as u:
            claim = self._claim(u, number)
            if claim.status not in (FILED, ASSESSED):
                raise ClaimRefused("not_valid_in_status", status=claim.status)
            missing = self._missing(u, claim)
            claim = self._save(u, replace_claim(claim, status=RETURNED), "returned", actor,
                               {"missing": list(missing), "note": clean_text(note), "from": claim.status})
            return self._claim_view(u, claim)

    def resubmit(self, number: int, *, actor: str, note: str = "") -> ClaimView:
        """The requester sends the returned claim back (after ticking what was missing). Returned at
        the assessment, it goes back to the assessment with the inquiry and the doctor's analysis
        kept, and the payout is worked out again (a document sent may change it); returned before,
        it is filed for review again."""
        with self.units.write() as u:
            claim = self._claim(u, number)
            if claim.status != RETURNED:
                raise ClaimRefused("not_valid_in_status", status=claim.status)
            at_assessment = self._claim_view(u, claim).returned_at_assessment
            claim = self._save(u, replace_claim(claim, status=FILED), "resubmitted", actor,
                               {"note": clean_text(note), "to": ASSESSED if at_assessment else FILED})
            if at_assessment:
                claim = self._assessed(u, claim, actor)
            return self._claim_view(u, claim)

    # ---- inquiry and the doctor's analysis ---------------------------------------------------
    def inquiry(self, number: int) -> Inquiry:
        """The policy inquiry filled from the contract data, for the issuing office to confirm."""
        with self.units.read() as u:
            claim = self._claim(u, number)
            contract = Coverage.contract_by_id(u, claim.contract_id)
            cover = Coverage.of(u, contract, claim.national_id, claim.incident_date,
                                self.settings.payment_deadline_days)
            person = self._person(u, contract, claim.national_id, claim.incident_date)
            return Inquiry(
                contract.number, Coverage.holder(u, contract).name, contract.plan, cover.cover_start,
                cover.cover_end, claim.national_id, person.name, person.birth_date,
                tuple((m.member_from, m.member_to) for m in cover.memberships), cover.due,
                tuple((p.receipt_number, p.paid_on, p.amount) for p in cover.payments),
                cover.deadline, contract.death_capital, contract.medical_capital, contract.office,
                tuple(claim.checks))

    def confirm_inquiry(self, number: int, *, actor: str, note: str = "") -> ClaimView:
        """The issuing office confirms the inquiry: it is kept in the history as it stood, the
        eligibility is run again on today's records, and the inquiry document is ticked."""
        now = self.clock()
        with self.units.write() as u:
            inquiry = self.within(u).inquiry(number)
            claim = self._refresh_eligibility(u, self._claim(u, number))
            claim = self._save(u, claim, "inquiry", actor, {"inquiry": inquiry.to_json(), "note": clean_text(note)})
            u.claims.tick_document(claim.id, POLICY_INQUIRY, actor, now)
            return self._claim_view(u, claim)

    def record_analysis(self, number: int, analysis: DoctorAnalysis, *, actor: str) -> ClaimView:
        """The trusted doctor's analysis. Checked against the rules at once (an unknown bill item
        or disability item, shares that do not sum to one...) so a mistake is told to the doctor."""
        data = analysis.to_json()
        with self.units.write() as u:
            claim = self._claim(u, number)
            self._check_open(claim)
            contract = Coverage.contract_by_id(u, claim.contract_id)
            self._payout(u, contract, claim, DoctorAnalysis.from_json(data))  # raises ClaimInputError
            claim = self._save(u, replace_claim(claim, analysis=data), "analysis", actor, {"analysis": data})
            return self._claim_view(u, claim)

    # ---- assessment, override, order, collection ---------------------------------------------
    def assess(self, number: int, *, actor: str) -> ClaimView:
        """The payout by the rules from the doctor's analysis, less what the same person was
        already paid under the contract; kept on the claim with its breakdown and shares."""
        with self.units.write() as u:
            claim = self._claim(u, number)
            if claim.status not in (FILED, ASSESSED):
                raise ClaimRefused("not_valid_in_status", status=claim.status)
            return self._claim_view(u, self._assessed(u, claim, actor))

    def _assessed(self, u: UnitOfWork, claim: Claim, actor: str) -> Claim:
        contract = Coverage.contract_by_id(u, claim.contract_id)
        claim = self._refresh_eligibility(u, claim)
        payout = self._payout(u, contract, claim, DoctorAnalysis.from_json(claim.analysis))
        assessment = payout_json(payout)
        return self._save(u, replace_claim(claim, status=ASSESSED, assessment=assessment, payable=payout.payable),
                          "assessed", actor, assessment)

    def override(self, number: int, reason: str, *, actor: str, roles: Collection[str] | None = None) -> ClaimView:
        """The claims manager lets an ineligible claim be paid; the reason stays in the history.
        ``roles``: the actor's roles, when the caller wants the service to check them."""
        if roles is not None and CLAIMS_MANAGER not in roles:
            raise ClaimRefused("override_needs_claims_manager")
        reason = clean_text(reason).strip()
        if not reason:
            raise ClaimRefused("override_reason_missing")
        with self.units.write() as u:
            claim = self._refresh_eligibility(u, self._claim(u, number))
            self._check_open(claim)
            if claim.eligible:
                raise ClaimRefused("override_not_needed")
            claim = self._save(u, replace_claim(claim, override_reason=reason, override_by=actor), "override", actor,
                               {"reason": reason, "reasons": claim.reasons})
            return self._claim_view(u, claim)

    def order_payment(self, number: int, *, actor: str, require_documents: bool = True) -> PaymentOrder:
        """The payment order (حواله) for the assessed amount, numbered in the payment-order register.

        Refused for a claim not assessed, ineligible without an override, with documents missing
        (unless ``require_documents`` is False: the operator's rights), whose case was already paid
        (the kardex; storage's unique paid-case key catches two experts at the same instant),
        whose figure changed since it was assessed, or with nothing payable."""
        now = self.clock()
        with self.units.write() as u:
            claim = self._claim(u, number)
            # Orders for one person under one contract are taken one at a time: two experts ordering
            # two of their claims at once (a disability and a death, two bills) must not each see
            # the capital untouched. The second waits here, then finds its figure stale.
            u.claims.lock_person(claim.contract_id, claim.national_id)
            claim = self._claim(u, number)
            if claim.status in PAID_STATUSES:
                raise ClaimRefused("already_ordered", order=self._order_for(u, claim).number)
            if claim.status != ASSESSED or claim.payable is None:
                raise ClaimRefused("not_assessed", status=claim.status)
            contract = Coverage.contract_by_id(u, claim.contract_id)
            claim = self._refresh_eligibility(u, claim)
            if not claim.payable_despite_checks:
                raise ClaimRefused("ineligible", reasons=", ".join(claim.reasons))
            missing = self._missing(u, claim)
            if require_documents and missing:
                raise ClaimRefused("documents_missing", codes=", ".join(missing))
            same_case_paid = self._kardex(u, claim).same_case_paid
            if same_case_paid:
                raise ClaimRefused("already_paid", claims=", ".join(str(n) for n in same_case_paid))
            payout = self._payout(u, contract, claim, DoctorAnalysis.from_json(claim.analysis))
            if payout.payable != claim.payable:
                raise ClaimRefused("assessment_stale", assessed=claim.payable, now=payout.payable)
            if payout.payable <= 0:
                raise ClaimRefused("nothing_payable")
            order = u.payment_orders.add(NewPaymentOrder(
                next_number(u, PAYMENT_ORDER_REGISTER), claim.id, contract.id, claim.national_id,
                claim.incident_date, claim.kind, payout.payable,
                [{"to": to, "amount": amount} for to, amount in payout.shares], actor), now)
            if order is None:  # another expert ordered the same case at the same instant
                mine = u.payment_orders.for_claim(claim.id)  # the same file, pressed twice
                if mine is not None:
                    raise ClaimRefused("already_ordered", order=mine.number)
                raise ClaimRefused("already_paid", claims="")
            self._save(u, replace_claim(claim, status=ORDERED), "ordered", actor,
                       {"order": order.number, "amount": order.amount})
            issue_code(u, PAYMENT_ORDER_DOCUMENT, order.number, order.amount, now.astimezone(TEHRAN).date(), now)
            return order

    def collected(self, order_number: int, *, actor: str, cheque: str | None = None) -> PaymentOrder:
        """Accounting: the cheque was collected; the payment-order register entry is complete."""
        now = self.clock()
        cheque = normalize_text(cheque).strip() or None if cheque else None
        with self.units.write() as u:
            order = self._order(u, order_number)
            if not u.payment_orders.mark_collected(order_number, actor, cheque, now):
                raise ClaimRefused("already_collected", order=order_number)
            claim = u.claims.get(order.claim_id)
            assert claim is not None  # a foreign key
            self._save(u, replace_claim(claim, status=COLLECTED), "collected", actor,
                       {"order": order_number, "cheque": cheque})
            return self._order(u, order_number)

    def order_pdf(self, order_number: int, label: Label = str,
                  code: str | None = None) -> bytes:
        """The payment order in three copies (claims archive, policyholder, accounting).
        ``label`` names the codes (claim kind, breakdown rules, beneficiaries) in Persian.
        Through ``within(uow)``: read inside the caller's transaction (an order it has just written)."""
        with self.units.write() as u:
            order = self._order(u, order_number)
            # the one issued with the order (core/insurance/contracts/documents.py prints it with its hash)
            if code is None:
                code = issue_code(u, PAYMENT_ORDER_DOCUMENT, order.number, order.amount,
                                  order.created_at.astimezone(TEHRAN).date(), self.clock()).code
            claim = u.claims.get(order.claim_id)
            assert claim is not None
            contract = Coverage.contract_by_id(u, claim.contract_id)
            data = PaymentOrderData(
                order.number, claim.number, contract.number, Coverage.holder(u, contract).name, claim.person_name,
                claim.national_id, claim.kind, claim.incident_date, order.amount,
                [(b["rule"], b["amount"]) for b in (claim.assessment or {}).get("breakdown", [])],
                [(s["to"], s["amount"]) for s in order.shares], order.created_at, contract.office)
        return payment_order_pdf(data, self.settings.font_dir, label, code, self.settings.insurer_name)

    # ---- reports ----------------------------------------------------------------------------
    def monthly_report(self, year: int, month: int) -> ClaimsMonthlyReport:
        """Payment orders issued in a Jalali month, by contract, for the three departments."""
        with self.units.write() as u:
            lines = [line for line in self._order_lines(u, None) if in_month(line.ordered_at, year, month)]
        return ClaimsMonthlyReport(year, month, lines)

    def semiannual_statistics(self, contract_number: int, period: int = 1) -> SemiannualStatistics:
        """Paid claims of one contract in its ``period``-th six months from its start (the seed:
        every six months, three copies for the policyholder and the contract's officers)."""
        if period < 1:
            raise ClaimRefused("period_not_positive")
        with self.units.write() as u:
            contract = self._contract(u, contract_number)
            start, end = semiannual_period(contract.start, period)
            lines = [line for line in self._order_lines(u, contract.id)
                     if start <= line.ordered_at.astimezone(TEHRAN).date() < end]
            return SemiannualStatistics(contract.number, Coverage.holder(u, contract).name, contract.office, period,
                                        start, end, lines)

    def _order_lines(self, u: UnitOfWork, contract_id: int | None) -> list[OrderLine]:
        lines = []
        contracts: dict[int, Contract] = {}
        for order in u.payment_orders.list(contract_id):
            claim = u.claims.get(order.claim_id)
            assert claim is not None
            contract = contracts.get(order.contract_id) or Coverage.contract_by_id(u, order.contract_id)
            contracts[contract.id] = contract
            lines.append(OrderLine(order.number, claim.number, contract.number, Coverage.holder(u, contract).name,
                                   contract.office, claim.person_name, claim.kind, claim.incident_date,
                                   order.created_at, order.amount, order.collected_at))
        return lines
