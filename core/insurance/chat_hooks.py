"""The hooks the insurer's chat request forms name (core/forms/insurance_requests.py): reading
rosters, the person's own contracts and policyholder, and checks against the rules as each answer
arrives. The workflows' conditions and effects are in chat_effects.py, what the expert sees in
chat_reviews.py.

Everything here calls InsuranceService (``env.insurance``). Text for people is catalog keys
(``insurance.*``, ``insurance_chat.*``) with params.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from core.insurance.contracts import ContractRefused, ContractTerms, check_terms
from core.insurance.endorsements import EndorsementRefused, check_effective
from core.insurance.models import ACTIVE, ADDITIONAL, NO_FINANCIAL, RETURN, SWAP, Contract, Person
from core.insurance.proposals import person_of, person_row
from core.insurance.roster import RosterUnreadable, RowProblem
from core.insurance.service_types import EndorsementRequest, InsuranceError
from core.jalali import from_iso, one_year_after
from core.models import User
from core.request_hooks import (
    AnswerRefused,
    HookEnv,
    Line,
    Option,
    field_check,
    file_parser,
    option_source,
    prefill,
)

SHOWN_PROBLEMS = 30  # bad roster rows listed in one reply; the rest are counted


def refusal(error: Exception) -> Line:
    """A domain refusal as a line: the rule's own message (insurance.rule.<rule>)."""
    rule = getattr(error, "rule", None) or getattr(error, "reason", "unknown")
    params: dict[str, Any] = {}
    for name, value in getattr(error, "params", {}).items():
        if name == "what":  # a figure named by its code: its Persian name
            value = Line(f"insurance.amount_name.{value}")
        params[name] = ", ".join(value) if isinstance(value, list | tuple) else value
    return Line("insurance_chat.refused", {"reason": Line(f"insurance.rule.{rule}", params)})


# ---- rosters ------------------------------------------------------------------------------

def persons_of(value: dict[str, Any] | None) -> list[Person]:
    """The persons a roster answer holds (as kept in the draft and the ticket)."""
    return [person_of(r) for r in (value or {}).get("rows", [])]


def _cover_start(values: dict[str, Any]) -> date | None:
    """The day the roster's persons are insured from: the contract's start, or the endorsement's date."""
    day = values.get("start_date") or values.get("effective_date")
    return from_iso(day).togregorian() if day else None


def roster_unreadable_line(error: RosterUnreadable) -> Line:
    """Why a file is no roster we read, in the reader's words (the missing columns by their names)."""
    params = dict(error.params)
    if "columns" in params:
        params["columns"] = [Line(f"insurance.column.{c}") for c in params["columns"]]
    return Line(f"insurance.roster.{error.reason}", params)


def roster_problem_line(problem: RowProblem) -> Line:
    """One bad row: its line, the column by its name, and the reason."""
    return Line("insurance.roster.row", {
        "line": problem.line,
        "column": Line(f"insurance.column.{problem.column}") if problem.column else "—",
        "reason": Line(f"insurance.roster.reason.{problem.reason}",
                       {"value": problem.value, "first_line": problem.first_line or ""}),
    })


def _read_roster(env: HookEnv, filename: str, data: bytes, values: dict[str, Any]) -> list[Person]:
    try:
        result = env.insurance.read_roster(filename, data, cover_start=_cover_start(values))
    except RosterUnreadable as error:
        raise AnswerRefused(roster_unreadable_line(error)) from None
    if not result.ok:
        problems = [roster_problem_line(p) for p in result.problems[:SHOWN_PROBLEMS]]
        if len(result.problems) > SHOWN_PROBLEMS:
            problems.append(Line("insurance_chat.more_problems", {"count": len(result.problems) - SHOWN_PROBLEMS}))
        raise AnswerRefused(Line("insurance.roster.bad_rows", {"count": len({p.line for p in result.problems})}),
                            problems)
    return result.persons


@file_parser("roster")
def parse_roster_file(env: HookEnv, user: User, filename: str, data: bytes, values: dict[str, Any]) -> dict[str, Any]:
    persons = _read_roster(env, filename, data, values)
    return {"filename": filename, "count": len(persons), "rows": [person_row(p) for p in persons]}


@file_parser("roster_ids")
def parse_roster_ids(env: HookEnv, user: User, filename: str, data: bytes, values: dict[str, Any]) -> dict[str, Any]:
    """The national ids of a roster file (who leaves)."""
    persons = _read_roster(env, filename, data, {})
    return {"filename": filename, "count": len(persons), "national_ids": [p.national_id for p in persons]}


# ---- the person's own data ------------------------------------------------------------------

@prefill("my_policyholder")
def my_policyholder(env: HookEnv, user: User) -> str | None:
    holder = env.insurance.policyholder_of(user.id)
    return holder.name if holder else None


@prefill("my_policyholder_identifier")
def my_policyholder_identifier(env: HookEnv, user: User) -> str | None:
    holder = env.insurance.policyholder_of(user.id)
    return holder.identifier if holder else None


def own_contracts(env: HookEnv, user: User) -> list[Contract]:
    holder = env.insurance.policyholder_of(user.id)
    if holder is None:
        return []
    return [c for c in env.insurance.contracts_of(holder.id) if c.status == ACTIVE]


def contract_option(contract: Contract) -> Option:
    return Option(str(contract.number), Line("insurance_chat.contract_option", {
        "number": contract.number, "start": contract.start.isoformat(), "end": contract.end.isoformat()}))


@option_source("my_contracts")
def my_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """The active contracts of the policyholder the user speaks for."""
    return [contract_option(c) for c in own_contracts(env, user)]


@option_source("my_renewable_contracts")
def my_renewable_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """Those not renewed yet."""
    with env.uow_factory(write=False) as uow:
        return [contract_option(c) for c in own_contracts(env, user) if uow.contracts.renewed_by(c.id) is None]


# ---- checks against the rules ---------------------------------------------------------------

def _terms(values: dict[str, Any], medical: int | None = None, medical_rate: int = 0) -> ContractTerms:
    start = date.today()
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
        _checked(_terms({**values, "death_capital": value}))
    return value


@field_check("medical_capital")
def check_medical_capital(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    _checked(_terms(values, value))
    return value


@field_check("medical_rate")
def check_medical_rate(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    """The part of the rate for the medical cover: not above the rate."""
    _checked(_terms(values, values.get("medical_capital"), value))
    return value


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
