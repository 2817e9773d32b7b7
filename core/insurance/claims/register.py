"""The claims register as the claims service's steps read and write it (docs/claims.md).

ClaimsRegister holds what every step shares: the unit of work, the clock and the settings,
finding a contract, a claim or an order (refused with ClaimRefused when absent), the injured
person on the roster, eligibility and the kardex from the records, the missing documents, the
payout by the rules, and a claim saved with its history. ClaimsService (claims_service) adds
the steps themselves.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jdatetime

from core.clock import Clock, utc_now
from core.insurance.claims.documents import ClaimCase, missing_documents, required_documents
from core.insurance.claims.eligibility import Eligibility, checks_json, eligibility_of
from core.insurance.claims.kardex import KardexResult, kardex
from core.insurance.claims.models import PAID_STATUSES, Claim, PaymentOrder
from core.insurance.claims.money import Payout
from core.insurance.claims.payout import is_minor
from core.insurance.claims.payout_inputs import claim_payout, kardex_entries
from core.insurance.claims.records import ClaimView, DoctorAnalysis, InsuredPerson
from core.insurance.contracts.coverage import Coverage
from core.insurance.contracts.service_types import InsuranceError
from core.insurance.shared.models import Contract
from core.insurance.shared.national_id import national_id_problem, normalize_national_id
from core.insurance.shared.settings import InsuranceSettings
from core.jalali import MIN_YEAR, TEHRAN, today_jalali
from core.ports import UnitOfWork
from core.transactions import OverUnits

EARLIEST_INCIDENT = jdatetime.date(MIN_YEAR, 1, 1).togregorian()  # no date before 1300/01/01 is taken


Found = TypeVar("Found")


class ClaimRefused(InsuranceError):
    """A claims step the desk will not take; ``rule`` says why (claim_not_found, ineligible, already_paid...)."""


@dataclass
class ClaimsRegister(OverUnits):
    clock: Clock = utc_now
    settings: InsuranceSettings = field(default_factory=InsuranceSettings)

    def today(self) -> dt.date:
        return today_jalali(self.clock()).togregorian()

    # ---- internals --------------------------------------------------------------------------
    def _contract(self, u: UnitOfWork, number: int) -> Contract:
        return _found(Coverage.contract(u, number), "contract_not_found", number)

    @staticmethod
    def _claim(u: UnitOfWork, number: int) -> Claim:
        return _found(u.claims.by_number(number), "claim_not_found", number)

    @staticmethod
    def _order(u: UnitOfWork, number: int) -> PaymentOrder:
        return _found(u.payment_orders.by_number(number), "order_not_found", number)

    @staticmethod
    def _order_for(u: UnitOfWork, claim: Claim) -> PaymentOrder:
        return _present(u.payment_orders.for_claim(claim.id))

    @staticmethod
    def _national_id(text: str) -> str:
        nid = normalize_national_id(text)
        problem = national_id_problem(nid)
        if problem:
            raise ClaimRefused(problem)
        return nid

    def _check_not_future(self, day: dt.date, hour: dt.time | None) -> None:
        if day < EARLIEST_INCIDENT:
            raise ClaimRefused("incident_too_old")
        now = self.clock().astimezone(TEHRAN)
        if day > now.date() or (day == now.date() and hour is not None and hour > now.time()):
            raise ClaimRefused("incident_in_future")

    @staticmethod
    def _check_open(claim: Claim) -> None:
        if claim.status in PAID_STATUSES:
            raise ClaimRefused("not_valid_in_status", status=claim.status)

    def _person(self, u: UnitOfWork, contract: Contract, nid: str, day: dt.date) -> InsuredPerson:
        """The insured person as the roster had them on the day, else as it last had them."""
        cover = Coverage.of(u, contract, nid, day, self.settings.payment_deadline_days)
        members = cover.on_day or cover.memberships
        if not members:
            raise ClaimRefused("not_on_contract", contract=contract.number)
        person = members[-1].person
        return InsuredPerson(nid, person.full_name, person.birth_date, bool(cover.on_day))

    def _refresh_eligibility(self, u: UnitOfWork, claim: Claim) -> Claim:
        """Eligibility on today's records (a payment or an endorsement may have come in since)."""
        contract = Coverage.contract_by_id(u, claim.contract_id)
        result = self._eligibility(u, contract, claim.national_id, claim.kind, claim.incident_date,
                                   claim.incident_time)
        return replace_claim(claim, checks=checks_json(result), eligible=result.eligible)

    def _eligibility(self, u: UnitOfWork, contract: Contract, nid: str, kind: str, day: dt.date,
                     hour: dt.time | None) -> Eligibility:
        cover = Coverage.of(u, contract, nid, day, self.settings.payment_deadline_days)
        return eligibility_of(cover, kind, day, hour)

    def _kardex(self, u: UnitOfWork, claim: Claim) -> KardexResult:
        return kardex(kardex_entries(u, claim.national_id), person=claim.national_id,
                      incident_date=claim.incident_date, kind=claim.kind, incident_time=claim.incident_time,
                      exclude_number=claim.number)

    def _case(self, u: UnitOfWork, contract: Contract, claim: Claim) -> ClaimCase:
        person = self._person(u, contract, claim.national_id, claim.incident_date)
        analysis = DoctorAnalysis.from_json(claim.analysis)
        return ClaimCase(minor=is_minor(person.birth_date, claim.incident_date),
                         primary_insurer_paid=analysis.primary_insurer_paid > 0,
                         radiographs_needed=claim.radiographs_needed)

    def _missing(self, u: UnitOfWork, claim: Claim) -> tuple[str, ...]:
        contract = Coverage.contract_by_id(u, claim.contract_id)
        ticked = {d.code for d in u.claims.documents(claim.id)}
        return missing_documents(claim.kind, ticked, self._case(u, contract, claim))

    def _payout(self, u: UnitOfWork, contract: Contract, claim: Claim, analysis: DoctorAnalysis) -> Payout:
        person = self._person(u, contract, claim.national_id, claim.incident_date)
        return claim_payout(kardex_entries(u, claim.national_id), contract, claim, analysis,
                            is_minor(person.birth_date, claim.incident_date), self.settings)

    def _save(self, u: UnitOfWork, claim: Claim, action: str, actor: str, details: dict[str, Any]) -> Claim:
        now = self.clock()
        saved = u.claims.save(claim, now)
        if saved is None:
            raise ClaimRefused("changed_meanwhile", number=claim.number)
        u.claims.add_event(claim.id, action, actor, details, now)
        return saved

    def _claim_view(self, u: UnitOfWork, claim: Claim) -> ClaimView:
        contract = Coverage.contract_by_id(u, claim.contract_id)
        case = self._case(u, contract, claim)
        documents = u.claims.documents(claim.id)
        return ClaimView(claim, contract, Coverage.holder(u, contract), self._kardex(u, claim),
                         required_documents(claim.kind, case), documents,
                         missing_documents(claim.kind, {d.code for d in documents}, case),
                         u.payment_orders.for_claim(claim.id), u.claims.events(claim.id), case.minor)


def _found(record: Found | None, rule: str, number: int) -> Found:
    """The record looked up by its number, or the refusal saying it does not exist."""
    if record is None:
        raise ClaimRefused(rule, number=number)
    return record


def _present(record: Found | None) -> Found:
    """A record another one points to (a foreign key): it is there."""
    assert record is not None
    return record


def replace_claim(claim: Claim, **changes: Any) -> Claim:
    return dataclasses.replace(claim, **changes)
