"""An endorsement request's hooks: the person's contracts, the effective day and the persons checked
against the contract as each answer arrives, and the endorsement issued or quoted.
"""
from __future__ import annotations

from typing import Any

from core.insurance.contracts.endorsements import EndorsementRefused, check_effective
from core.insurance.contracts.service_types import EndorsementRequest, InsuranceError
from core.insurance.shared.models import (
    ADDITIONAL,
    NO_FINANCIAL,
    RETURN,
    SWAP,
)
from core.jalali import from_iso
from core.models import Ticket, User
from core.ports import UnitOfWork
from core.requests.hooks import (
    AnswerRefused,
    EffectRefused,
    EffectResult,
    HookEnv,
    Line,
    Option,
    condition,
    effect,
    field_check,
    option_source,
)
from core.requests.insurer_shared import (
    REFUSALS,
    contract_option,
    endorsement_document,
    own_contracts,
    persons_of,
    quote_documents,
    refusal,
)
from core.values import Money


@option_source("my_contracts")
def my_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """The active contracts of the policyholder the user speaks for."""
    return [contract_option(c) for c in own_contracts(env, user)]


@field_check("effective_in_contract")
def check_effective_date(env: HookEnv, user: User, value: str, values: dict[str, Any]) -> str:
    try:
        contract = env.insurance.contract(int(values["contract"])).contract
        check_effective(contract, from_iso(value).togregorian())
    except (EndorsementRefused, InsuranceError) as error:
        raise AnswerRefused(refusal(error)) from None
    return value


def endorsement_request(fields: dict[str, Any]) -> EndorsementRequest:
    kind = fields["endorsement_kind"]
    joining = fields.get("persons_joining") if kind in (ADDITIONAL, SWAP) else None
    persons = persons_of(joining if joining is not None else fields.get("corrections") if kind == NO_FINANCIAL
                         else None)
    leaving = (fields.get("persons_leaving") or {}).get("national_ids", []) if kind in (RETURN, SWAP) else []
    return EndorsementRequest(int(fields["contract"]), kind, from_iso(fields["effective_date"]).togregorian(),
                              persons=persons, national_ids=leaving)


@field_check("endorsement_persons")
def check_endorsement_persons(env: HookEnv, user: User, value: Any, values: dict[str, Any]) -> Any:
    """The persons fit the contract's roster on the effective date (not yet on it, or on it). A swap's
    joiners are checked as an addition; its leavers, with the joiners, as the whole swap."""
    if isinstance(value, list):  # typed national ids
        value = {"filename": "", "count": len(value), "national_ids": value}
    kind = values["endorsement_kind"]
    if kind == SWAP and "rows" in value:
        answers = {**values, "endorsement_kind": ADDITIONAL, "persons_joining": value}
    elif kind == SWAP:
        answers = {**values, "persons_leaving": value}
    else:
        field = {ADDITIONAL: "persons_joining", RETURN: "persons_leaving", NO_FINANCIAL: "corrections"}[kind]
        answers = {**values, field: value}
    try:
        env.insurance.endorsements.quote(endorsement_request(answers))
    except (EndorsementRefused, InsuranceError) as error:
        raise AnswerRefused(refusal(error)) from None
    return value


@condition("endorsement_owes")
def endorsement_owes(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """The endorsement charges premium: it is quoted and waits for the cheque."""
    try:
        return env.insurance.within(uow).endorsements.quote(endorsement_request(ticket.fields)).amount > 0
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None


@effect("endorse", values={"amount": Money})
def endorse(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
            results: dict[str, Any]) -> EffectResult:
    """Issue the endorsement (a refund is owed to the policyholder), or quote it when it costs."""
    try:
        outcome = env.insurance.within(uow).endorsements.add(endorsement_request(ticket.fields), actor=actor.username)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    if outcome.proposal is not None:
        proposal = outcome.proposal.proposal
        documents, notes = quote_documents(env, uow, proposal)
        return EffectResult({"proposal_number": proposal.number, "amount": proposal.amount}, documents, notes)
    assert outcome.endorsement is not None
    e = outcome.endorsement
    notes = (Line("insurance_chat.refund_owed", {"amount": Money(-e.amount)}),) if e.amount < 0 else ()
    documents, not_made = endorsement_document(env, uow, e.number, outcome.contract.number)
    return EffectResult({"endorsement_number": e.number, "amount": e.amount}, documents, notes + not_made)
