"""The claim request's named hooks (core/requests/claim/form.py and core/requests/claim/workflow.py name them).

Each calls one ClaimsService step (``env.claims``) with the transition's unit of
work, so the claims register and the ticket move together; a refusal of the
rules becomes EffectRefused with the catalog key of its reason, and nothing
changes. The review is what the claims office sees before acting.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from core.forms.validators import ValidationError
from core.insurance.claims.analysis_input import parse_analysis
from core.insurance.claims.heirs import parse_heirs
from core.insurance.claims.kinds import DEATH
from core.insurance.claims.models import Claim
from core.insurance.claims.money import ClaimInputError
from core.insurance.claims.service import POLICY_INQUIRY, ClaimNotice, ClaimRefused
from core.insurance.claims.wording import refusal_line
from core.insurance.contracts.document_codes import PAYMENT_ORDER
from core.insurance.shared.models import ACTIVE, Contract
from core.models import Ticket, User
from core.ports import UnitOfWork
from core.requests.claim.review import for_requester, for_staff
from core.requests.claim.review import inquiry as inquiry_lines
from core.requests.claim.review import payout as payout_lines
from core.requests.hooks import (
    AnswerRefused,
    EffectRefused,
    EffectResult,
    HookEnv,
    Line,
    Option,
    checklist,
    condition,
    effect,
    field_check,
    input_parser,
    option_source,
    review,
    starter,
)
from core.text import clean_text
from core.values import Day, Money


def incident_day(values: Mapping[str, Any]) -> dt.date:
    """The incident's day from the datetime answer ("YYYY-MM-DDTHH:MM")."""
    return dt.date.fromisoformat(str(values["incident_at"])[:10])


def incident_time(values: Mapping[str, Any]) -> dt.time:
    return dt.time.fromisoformat(str(values["incident_at"])[11:16])


@contextmanager
def _refusals() -> Iterator[None]:
    """The rules' refusals as the engine's: told with their reason, the transaction rolled back."""
    try:
        yield
    except ClaimRefused as refused:
        raise EffectRefused(line=refusal_line(refused.rule, refused.params)) from None
    except ClaimInputError as bad:
        problem = str(bad.params.get("problem", ""))
        raise EffectRefused(line=Line(f"claims.input.{problem}", dict(bad.params))) from None


# ---- who may file: the policyholder, or a guardian it linked to the contract ----------------------
@starter("claim_guardian")
def guardian_may_start(env: HookEnv, user: User) -> bool:
    """A guardian linked to an active contract may file a claim, without the policyholder role."""
    return env.insurance.guardians.is_guardian(user)


@option_source("claim_contracts")
def claim_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """The contracts the user may claim on: their policyholder's, and those they are a guardian on
    (computed again when the answer arrives: a button is never trusted). Cancelled and expired ones
    are offered too, marked so: an incident inside their cover may be claimed after they ended."""
    return [Option(str(c.number), _contract_label(env, c)) for c in env.insurance.guardians.claimable_contracts(user)]


def _contract_label(env: HookEnv, contract: Contract) -> Line:
    dates = {"number": contract.number, "start": Day(contract.start), "end": Day(contract.end)}
    if contract.status != ACTIVE:
        return Line("claim_chat.contract_option_cancelled", {**dates, "cancelled": Day(contract.cancelled_on or contract.end)})
    if contract.end <= env.today():
        return Line("claim_chat.contract_option_expired", dates)
    return Line("insurance_chat.contract_option", dates)


@field_check("claim_incident_in_cover")
def incident_in_cover(env: HookEnv, user: User, value: Any, values: dict[str, Any]) -> Any:
    """The incident inside the chosen contract's cover (to the day before its end or cancellation):
    told at once, with the cover's dates, rather than filed to fail the inquiry."""
    contract = int(values["contract"])
    start, last = env.claims.cover(contract)
    if not start <= incident_day({"incident_at": value}) <= last:
        raise AnswerRefused(Line("claim_chat.incident_outside_cover", {
            "contract": contract, "start": Day(start), "end": Day(last)}))
    return value


# ---- the form ------------------------------------------------------------------------------
@field_check("insured_person")
def insured_person(env: HookEnv, user: User, value: Any, values: dict[str, Any]) -> dict[str, str]:
    """The national id on the chosen contract's roster as it stood on the incident date
    (endorsements counted); the name comes back to be confirmed."""
    contract = int(values["contract"])
    try:
        person = env.claims.person(contract, str(value), incident_day(values))
    except ClaimRefused as refused:  # the id itself was checked by validators.national_id
        if refused.rule == "not_on_contract":
            raise ValidationError("not_on_contract", contract=contract) from None
        raise
    if not person.insured_on_incident_date:  # on the roster once, but not that day (endorsements counted)
        raise ValidationError("not_insured_on_date", contract=contract)
    if not env.insurance.guardians.may_claim(user, contract, person.national_id):  # a guardian of another child
        raise ValidationError("not_your_ward", contract=contract)
    return {"national_id": person.national_id, "name": person.name}


def requester_documents(env: HookEnv, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The checklist of a claim being filed: what the chosen kind needs for this person."""
    person = values.get("insured") or {}
    if not (values.get("contract") and person.get("national_id") and values.get("kind") and values.get("incident_at")):
        return ()
    return env.claims.requester_documents(int(values["contract"]), person["national_id"], incident_day(values),
                                          values["kind"])


@checklist("claim_documents")
def claim_documents(env: HookEnv, user: User, values: dict[str, Any], ticket: Ticket | None) -> list[Option]:
    """While filing: the documents the claim type needs for this person; on resubmission of a
    returned claim: those still missing from its file."""
    if ticket is None:
        codes = requester_documents(env, values)
    else:
        found = env.claims.claim_for_ticket(ticket.id)
        codes = tuple(c for c in found.missing if c != POLICY_INQUIRY) if found else ()
    return [Option(code, Line(f"claims.document.{code}")) for code in codes]


@input_parser("doctor_analysis")
def doctor_analysis(text: str) -> str:
    """The analysis typed by the trusted doctor, checked entry by entry (kept as typed, read again by
    the effect, so the requester's notification shows what the doctor wrote)."""
    parse_analysis(text)
    return clean_text(text).strip()


@input_parser("heirs")
def heirs(text: str) -> str:
    """An adult's heirs and their shares by the inheritance certificate, and those responsible for
    the accident; checked at once (shares summing to exactly one), kept as typed."""
    parse_heirs(text)
    return clean_text(text).strip()


# ---- the workflow ----------------------------------------------------------------------------
def _claim(uow: UnitOfWork, ticket: Ticket) -> Claim:
    """The claim the request carries, as the register has it (the step needs its number, not its
    view: the service reads what it needs itself)."""
    found = uow.claims.by_ticket(ticket.id)
    if found is None:
        raise EffectRefused(line=Line("claim_chat.no_claim"))
    return found


def _tick(env: HookEnv, uow: UnitOfWork, number: int, documents: Mapping[str, Any], actor: str) -> None:
    for code, attachment_id in (documents or {}).items():
        env.claims.within(uow).tick_document(number, code, actor=actor, attachment_id=int(attachment_id))


@effect("claim_file")
def file_claim(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
               results: dict[str, Any]) -> EffectResult:
    """The notice into the claims register with its file number; kardex and eligibility at once."""
    f = ticket.fields
    if not env.insurance.within(uow).guardians.may_claim(actor, int(f["contract"]), f["insured"]["national_id"]):
        raise EffectRefused(line=Line("claim_chat.not_yours", {"contract": int(f["contract"])}))  # link removed since
    with _refusals():
        filed = env.claims.within(uow).file(
            ClaimNotice(int(f["contract"]), f["insured"]["national_id"], f["kind"], incident_day(f),
                        f["description"], incident_time(f), ticket.id), actor=actor.username)
        _tick(env, uow, filed.number, f.get("documents") or {}, actor.username)
    return EffectResult({"claim_number": filed.number})


@effect("claim_return")
def return_claim(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                 results: dict[str, Any]) -> EffectResult:
    with _refusals():
        env.claims.within(uow).return_for_documents(_claim(uow, ticket).number, actor=actor.username,
                                                    note=inputs.get("reason", ""))
    return EffectResult()


@effect("claim_resubmit")
def resubmit_claim(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                   results: dict[str, Any]) -> EffectResult:
    with _refusals():
        number = _claim(uow, ticket).number
        _tick(env, uow, number, inputs.pop("documents", None) or {}, actor.username)
        env.claims.within(uow).resubmit(number, actor=actor.username, note=inputs.get("comment", ""))
    return EffectResult()


@effect("claim_inquiry")
def confirm_inquiry(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                    results: dict[str, Any]) -> EffectResult:
    with _refusals():
        env.claims.within(uow).confirm_inquiry(_claim(uow, ticket).number, actor=actor.username)
    return EffectResult()


@effect("claim_analysis", values={"amount": Money})
def record_analysis(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                    results: dict[str, Any]) -> EffectResult:
    """The trusted doctor's approved amounts (and an adult's heirs), and the payout by the rules at once."""
    analysis = parse_analysis(inputs["analysis"])
    if inputs.get("heirs"):
        typed = parse_heirs(inputs["heirs"])
        analysis = dataclasses.replace(analysis, heirs=typed.heirs,
                                       responsible=(*analysis.responsible, *typed.responsible))
    with _refusals():
        number = _claim(uow, ticket).number
        claims = env.claims.within(uow)
        claims.record_analysis(number, analysis, actor=actor.username)
        assessed = claims.assess(number, actor=actor.username)
    # the analysis itself is internal (the action's public_note is off); the requester is told the payout
    return EffectResult({"amount": assessed.claim.payable}, notes=tuple(payout_lines(assessed)))


@effect("claim_override")
def override(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
             results: dict[str, Any]) -> EffectResult:
    with _refusals():
        env.claims.within(uow).override(_claim(uow, ticket).number, inputs["reason"], actor=actor.username,
                                        roles=actor.all_roles)
    return EffectResult()


@effect("claim_order", values={"amount": Money})
def order_payment(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                  results: dict[str, Any]) -> EffectResult:
    """The payment order (the service refuses a case already paid, even by another expert at the
    same instant), and its PDF in three copies for the policyholder."""
    with _refusals():
        placed = env.claims.within(uow).order_payment(_claim(uow, ticket).number, actor=actor.username)
    caption = Line("claim_chat.order_document", {"order": placed.number})
    # labels in Persian; the order stands even when its PDF cannot be made (the requester is told how to reprint)
    documents, notes = env.documents.for_effect(
        PAYMENT_ORDER, placed.number, env.document_label, uow, caption)
    return EffectResult({"order_number": placed.number, "amount": placed.amount}, documents, notes)


@effect("claim_collected")
def collected(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
              results: dict[str, Any]) -> EffectResult:
    with _refusals():
        claim = _claim(uow, ticket)
        order = uow.payment_orders.for_claim(claim.id)
        if order is None:
            raise ClaimRefused("not_assessed", status=claim.status)
        env.claims.within(uow).collected(order.number, actor=actor.username, cheque=inputs.get("cheque_number"))
    return EffectResult({"order_number": order.number})


@condition("claim_adult_death")
def adult_death(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """The death of an adult: paid by the inheritance certificate, so the heirs are asked for."""
    found = env.claims.within(uow).claim_for_ticket(ticket.id)
    return found is not None and found.claim.kind == DEATH and not found.minor


@condition("claim_returned_at_assessment")
def returned_at_assessment(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """Returned for documents at the assessment: resubmitted, it goes back there (the inquiry and
    the doctor's analysis kept), not to the claims expert's first review."""
    found = env.claims.within(uow).claim_for_ticket(ticket.id)
    return found is not None and found.returned_at_assessment


@condition("claim_payable")
def payable(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """Eligible, or overridden by the claims manager: the order may be issued."""
    found = uow.claims.by_ticket(ticket.id)
    return found is not None and found.payable_despite_checks


# ---- what the claims office and the policyholder see ---------------------------------------------
@review("claim")
def staff_review(env: HookEnv, user: User, ticket: Ticket, results: dict[str, Any]) -> list[Line]:
    """Payable or not at once: each check with its reason, the kardex, the missing documents; the
    inquiry while the issuing office confirms it; the payout breakdown once assessed."""
    found = env.claims.claim_for_ticket(ticket.id)
    if found is None:
        return [Line("claim_chat.no_claim")]
    inquiry = inquiry_lines(env.claims.inquiry(found.number)) if ticket.status == "inquiry" else []
    return for_staff(found, inquiry)


@review("claim_requester")
def requester_review(env: HookEnv, user: User, ticket: Ticket, results: dict[str, Any]) -> list[Line]:
    found = env.claims.claim_for_ticket(ticket.id)
    return for_requester(found) if found else []
