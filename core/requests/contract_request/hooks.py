"""A contract request's hooks: the policyholder offered from the person's own, the capital checked
against the rules as each answer arrives, who the policyholder is (the expert decides when the name
or identifier matches another's), and the quote proposed.
"""
from __future__ import annotations

from typing import Any

from core.insurance.contracts.policyholders import matching, normalize_identifier
from core.insurance.contracts.terms import ContractRefused, ContractTerms, check_terms
from core.insurance.shared.models import (
    Policyholder,
)
from core.jalali import one_year_after
from core.models import Ticket, User
from core.ports import UnitOfWork
from core.requests.hooks import (
    AnswerRefused,
    EffectRefused,
    EffectResult,
    HookEnv,
    Line,
    condition,
    effect,
    field_check,
    prefill,
)
from core.requests.insurer_shared import REFUSALS, agreed_discount, contract_request, proposed_result, refusal
from core.values import Money


@prefill("my_policyholder")
def my_policyholder(env: HookEnv, user: User) -> str | None:
    holder = env.insurance.policyholder_of(user.id)
    return holder.name if holder else None


@prefill("my_policyholder_identifier")
def my_policyholder_identifier(env: HookEnv, user: User) -> str | None:
    holder = env.insurance.policyholder_of(user.id)
    return holder.identifier if holder else None


def _terms(env: HookEnv, values: dict[str, Any], medical: int | None = None, medical_rate: int = 0) -> ContractTerms:
    start = env.insurance.today()  # the desk's day in Tehran, by its clock (not the server's local date)
    return ContractTerms(values["plan"], values["death_capital"], medical or 0, max(1, values.get("rate", 1)), start,
                         one_year_after(start), medical_rate)


def _checked(terms: ContractTerms) -> None:
    try:
        check_terms(terms)
    except ContractRefused as error:
        raise AnswerRefused(refusal(error)) from None


@field_check("death_capital")
def check_death_capital(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    """The plan without medical cover must reach the minimum commitment with this capital alone."""
    if values.get("plan") != "death_disability_medical":
        _checked(_terms(env, {**values, "death_capital": value}))
    return value


@field_check("medical_capital")
def check_medical_capital(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    _checked(_terms(env, values, value))
    return value


@field_check("medical_rate")
def check_medical_rate(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    """The part of the rate for the medical cover: not above the rate."""
    _checked(_terms(env, values, values.get("medical_capital"), value))
    return value


SAME, NEW = "same", "new"


def _own(uow: UnitOfWork, ticket: Ticket) -> Policyholder | None:
    """The policyholder the requester already speaks for, when the request names it: its identifier,
    or its name when it has no identifier yet."""
    own = uow.policyholders.of_user(ticket.owner_id)
    if own is None or ticket.request_type != "contract_request":
        return None
    f = ticket.fields
    typed = normalize_identifier(f.get("policyholder_identifier") or "")
    if own.identifier is not None:
        return own if typed == own.identifier else None
    return own if own.name == f["policyholder_name"].strip() else None


def policyholder_candidates(uow: UnitOfWork, ticket: Ticket) -> list[Policyholder]:
    """Existing policyholders the request's may be (its identifier, or its name), unless it names the
    one the requester already speaks for."""
    if ticket.request_type != "contract_request" or _own(uow, ticket) is not None:
        return []
    f = ticket.fields
    return matching(uow, f["policyholder_name"], f.get("policyholder_identifier"))


@condition("holder_undecided")
def holder_undecided(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """The request names an existing policyholder the requester is not linked to, and the expert has not
    said yet whether it is the same one."""
    return "_holder_decision" not in results and bool(policyholder_candidates(uow, ticket))


def _same_target(uow: UnitOfWork, ticket: Ticket) -> Policyholder | None:
    """The existing policyholder "the same" means: the one of the typed identifier, else the only one of
    the name whose identifier is not another's."""
    typed = normalize_identifier(ticket.fields.get("policyholder_identifier") or "")
    found = policyholder_candidates(uow, ticket)
    by_identifier = [h for h in found if typed and h.identifier == typed]
    if by_identifier:
        return by_identifier[0]
    open_ones = [h for h in found if h.identifier is None]
    return open_ones[0] if len(open_ones) == 1 else None


@effect("decide_holder_same")
def decide_holder_same(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                       results: dict[str, Any]) -> EffectResult:
    """The expert says it is the existing policyholder: the requester is linked to it now."""
    target = _same_target(uow, ticket)
    if target is None:
        raise EffectRefused(line=Line("insurance_chat.holder_same_impossible"))
    typed = normalize_identifier(ticket.fields.get("policyholder_identifier") or "")
    if target.identifier is None and typed:
        uow.policyholders.set_identifier(target.id, typed)
    uow.policyholders.link_user(ticket.owner_id, target.id, actor=actor.username)
    return EffectResult({"_holder_decision": SAME, "_holder_id": target.id, "policyholder": target.name})


@effect("decide_holder_new")
def decide_holder_new(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                      results: dict[str, Any]) -> EffectResult:
    """The expert says it is another policyholder of the same name: it is added when the quote goes out."""
    typed = normalize_identifier(ticket.fields.get("policyholder_identifier") or "")
    if typed and uow.policyholders.by_identifier(typed) is not None:
        raise EffectRefused(line=Line("insurance_chat.holder_identifier_taken"))
    return EffectResult({"_holder_decision": NEW})


@effect("holder_decided")
def holder_decided(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                   results: dict[str, Any]) -> EffectResult:
    """Before the manager: the expert has said who the policyholder is."""
    if holder_undecided(env, uow, ticket, results):
        raise EffectRefused(line=Line("insurance_chat.holder_decide_first"))
    return EffectResult()


def _policyholder_for(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any],
                      actor: User) -> Policyholder:
    """The policyholder the quote is for: the requester's own, the existing one the expert decided on,
    or a new one; a requester with no link yet becomes the new one's person (the expert approved them)."""
    if holder_undecided(env, uow, ticket, results):
        raise EffectRefused(line=Line("insurance_chat.holder_decide_first"))
    f = ticket.fields
    typed = normalize_identifier(f.get("policyholder_identifier") or "")
    own = _own(uow, ticket)
    if own is not None:
        if own.identifier is None and typed and uow.policyholders.by_identifier(typed) is None:
            uow.policyholders.set_identifier(own.id, typed)  # its own person told us its identifier
        return uow.policyholders.get(own.id) or own
    if results.get("_holder_decision") == SAME:
        holder = uow.policyholders.get(int(results["_holder_id"]))
        assert holder is not None
        return holder
    if typed and uow.policyholders.by_identifier(typed) is not None:  # never a way into another's record
        raise EffectRefused(line=Line("insurance_chat.holder_identifier_taken"))
    holder = uow.policyholders.add(f["policyholder_name"].strip(), f["policyholder_kind"], env.clock(), typed)
    if uow.policyholders.of_user(ticket.owner_id) is None:
        uow.policyholders.link_user(ticket.owner_id, holder.id, actor=actor.username)
    return holder


@effect("propose_contract", values={"premium": Money})
def propose_contract(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                     results: dict[str, Any]) -> EffectResult:
    discount = agreed_discount(inputs, results)
    try:
        holder = _policyholder_for(env, uow, ticket, results, actor)
        proposed = env.insurance.within(uow).proposals.propose_contract(
            contract_request(ticket.fields, discount), actor=actor.username, policyholder=holder)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    return proposed_result(env, uow, proposed, discount)
