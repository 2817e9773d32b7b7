"""The hooks the insurer's chat requests name (core/forms/insurance_requests.py and
core/workflow/insurance_requests.py): reading rosters, the person's own contracts, checks
against the rules, the authority-limit route, issuing and receipts, and what the expert sees.

Everything here calls InsuranceService (``env.insurance``); inside a transition with ``uow=``
so that the register numbers, the ticket's move and the notifications commit together.
Text for people is catalog keys (``insurance.*``, ``insurance_chat.*``) with params.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from core.insurance.contracts import ContractRefused, ContractTerms, above_authority, check_terms, one_year_after
from core.insurance.endorsements import EndorsementQuote, EndorsementRefused, check_effective
from core.insurance.models import ACTIVE, ADDITIONAL, CANCELLATIONS, NO_FINANCIAL, RETURN, Person
from core.insurance.premium import PersonPremium
from core.insurance.roster import RosterUnreadable, RowProblem
from core.insurance.service import ContractQuote, ContractRequest, EndorsementRequest, InsuranceError
from core.jalali import from_iso
from core.models import User
from core.request_hooks import (
    AnswerRefused,
    Document,
    EffectRefused,
    EffectResult,
    HookEnv,
    Line,
    Option,
    condition,
    effect,
    field_check,
    file_parser,
    option_source,
    prefill,
    review,
)

SHOWN_PERSONS = 10  # persons listed one by one in a review; the rest are counted in the totals
SHOWN_PROBLEMS = 30  # bad roster rows listed in one reply; the rest are counted


def _refusal(error: Exception) -> Line:
    """A domain refusal as a line: the rule's own message (insurance.rule.<rule>)."""
    rule = getattr(error, "rule", None) or getattr(error, "reason", "unknown")
    params = {k: (", ".join(v) if isinstance(v, list | tuple) else v) for k, v in getattr(error, "params", {}).items()}
    return Line("insurance_chat.refused", {"reason": Line(f"insurance.rule.{rule}", params)})


# ---- rosters ------------------------------------------------------------------------------

def _person_row(p: Person) -> list[Any]:
    return [p.national_id, p.first_name, p.last_name, p.birth_date.isoformat(), p.role, p.exemption or "",
            1 if p.extra_risk else 0]


def persons_of(value: dict[str, Any] | None) -> list[Person]:
    """The persons a roster answer holds (as kept in the draft and the ticket)."""
    return [Person(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], r[5] or None, bool(r[6]))
            for r in (value or {}).get("rows", [])]


def roster_unreadable_line(error: RosterUnreadable) -> Line:
    """Why a file is no roster we read, in the reader's words (the missing columns by their names)."""
    params = dict(error.params)
    if "columns" in params:
        params["columns"] = [Line(f"insurance.roster.column.{c}") for c in params["columns"]]
    return Line(f"insurance.roster.{error.reason}", params)


def roster_problem_line(problem: RowProblem) -> Line:
    """One bad row: its line, the column by its name, and the reason."""
    return Line("insurance.roster.row", {
        "line": problem.line,
        "column": Line(f"insurance.roster.column.{problem.column}") if problem.column else "—",
        "reason": Line(f"insurance.roster.reason.{problem.reason}",
                       {"value": problem.value, "first_line": problem.first_line or ""}),
    })


def _read_roster(env: HookEnv, filename: str, data: bytes) -> list[Person]:
    try:
        result = env.insurance.read_roster(filename, data)
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
    persons = _read_roster(env, filename, data)
    return {"filename": filename, "count": len(persons), "rows": [_person_row(p) for p in persons]}


@file_parser("roster_ids")
def parse_roster_ids(env: HookEnv, user: User, filename: str, data: bytes, values: dict[str, Any]) -> dict[str, Any]:
    """The national ids of a roster file (who leaves)."""
    persons = _read_roster(env, filename, data)
    return {"filename": filename, "count": len(persons), "national_ids": [p.national_id for p in persons]}


# ---- the person's own data ------------------------------------------------------------------

@prefill("my_policyholder")
def my_policyholder(env: HookEnv, user: User) -> str | None:
    holder = env.insurance.policyholder_of(user.id)
    return holder.name if holder else None


def _own_contracts(env: HookEnv, user: User):  # noqa: ANN202
    holder = env.insurance.policyholder_of(user.id)
    if holder is None:
        return []
    return [c for c in env.insurance.contracts_of(holder.id) if c.status == ACTIVE]


def _contract_option(contract) -> Option:  # noqa: ANN001
    return Option(str(contract.number), Line("insurance_chat.contract_option", {
        "number": contract.number, "start": contract.start.isoformat(), "end": contract.end.isoformat()}))


@option_source("my_contracts")
def my_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """The active contracts of the policyholder the user speaks for."""
    return [_contract_option(c) for c in _own_contracts(env, user)]


@option_source("my_renewable_contracts")
def my_renewable_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """Those not renewed yet."""
    with env.uow_factory(write=False) as uow:
        return [_contract_option(c) for c in _own_contracts(env, user) if uow.contracts.renewed_by(c.id) is None]


# ---- checks against the rules ---------------------------------------------------------------

def _terms(values: dict[str, Any], medical: int | None = None) -> ContractTerms:
    start = date.today()
    return ContractTerms(values["plan"], values["death_capital"], medical or 0, 1, start, one_year_after(start))


@field_check("death_capital")
def check_death_capital(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    """The plan without medical cover must reach the minimum commitment with this capital alone."""
    if values.get("plan") != "death_disability_medical":
        try:
            check_terms(_terms({**values, "death_capital": value}))
        except ContractRefused as error:
            raise AnswerRefused(_refusal(error)) from None
    return value


@field_check("medical_capital")
def check_medical_capital(env: HookEnv, user: User, value: int, values: dict[str, Any]) -> int:
    try:
        check_terms(_terms(values, value))
    except ContractRefused as error:
        raise AnswerRefused(_refusal(error)) from None
    return value


@field_check("effective_in_contract")
def check_effective_date(env: HookEnv, user: User, value: str, values: dict[str, Any]) -> str:
    try:
        contract = env.insurance.contract(int(values["contract"])).contract
        check_effective(contract, from_iso(value).togregorian())
    except (EndorsementRefused, InsuranceError) as error:
        raise AnswerRefused(_refusal(error)) from None
    return value


def endorsement_request(fields: dict[str, Any]) -> EndorsementRequest:
    kind = fields["endorsement_kind"]
    persons = persons_of(fields.get("persons_joining") if kind == ADDITIONAL else fields.get("corrections"))
    leaving = (fields.get("persons_leaving") or {}).get("national_ids", []) if kind == RETURN else []
    return EndorsementRequest(int(fields["contract"]), kind, from_iso(fields["effective_date"]).togregorian(),
                              persons=persons, national_ids=leaving)


@field_check("endorsement_persons")
def check_endorsement_persons(env: HookEnv, user: User, value: Any, values: dict[str, Any]) -> Any:
    """The persons fit the contract's roster on the effective date (not yet on it, or on it)."""
    if isinstance(value, list):  # typed national ids
        value = {"filename": "", "count": len(value), "national_ids": value}
    field = {ADDITIONAL: "persons_joining", RETURN: "persons_leaving", NO_FINANCIAL: "corrections"}
    try:
        env.insurance.quote_endorsement(endorsement_request({**values, field[values["endorsement_kind"]]: value}))
    except (EndorsementRefused, InsuranceError) as error:
        raise AnswerRefused(_refusal(error)) from None
    return value


# ---- the route: above the office's authority --------------------------------------------------

def contract_request(fields: dict[str, Any], env: HookEnv) -> ContractRequest:
    return ContractRequest(
        policyholder=fields["policyholder_name"], plan=fields["plan"], death_capital=int(fields["death_capital"]),
        medical_capital=int(fields.get("medical_capital") or 0), rate=int(fields["rate"]),
        start=from_iso(fields["start_date"]).togregorian(), persons=persons_of(fields["roster"]),
        policyholder_kind=fields["policyholder_kind"])


@condition("above_authority")
def is_above_authority(env: HookEnv, uow, ticket, results: dict[str, Any]) -> bool:  # noqa: ANN001
    """The commitment per person is above the issuing office's limit: the manager approves."""
    settings = env.insurance.settings
    if ticket.request_type == "renewal_request":
        old = env.insurance.contract(int(ticket.fields["contract"]), uow=uow).contract
        terms = ContractTerms(old.plan, old.death_capital, old.medical_capital, old.rate, old.start, old.end)
        return above_authority(terms, settings.authority_limit(old.office))
    f = ticket.fields
    terms = ContractTerms(f["plan"], int(f["death_capital"]), int(f.get("medical_capital") or 0), int(f["rate"]),
                          date.today(), date.today() + timedelta(days=365))
    return above_authority(terms, settings.authority_limit(settings.default_office))


@condition("endorsement_owes")
def endorsement_owes(env: HookEnv, uow, ticket, results: dict[str, Any]) -> bool:  # noqa: ANN001
    """The endorsement charges premium: the cheque is recorded after it."""
    try:
        return env.insurance.quote_endorsement(endorsement_request(ticket.fields), uow=uow).amount > 0
    except (EndorsementRefused, InsuranceError) as error:
        raise EffectRefused(line=_refusal(error)) from None


# ---- effects: issuing, paying ------------------------------------------------------------------

@effect("issue_contract")
def issue_contract(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                   results: dict[str, Any]) -> EffectResult:
    try:
        issued = env.insurance.issue_contract(contract_request(ticket.fields, env), uow=uow)
    except (ContractRefused, InsuranceError) as error:
        raise EffectRefused(line=_refusal(error)) from None
    if uow.policyholders.of_user(ticket.owner_id) is None:  # the requester now speaks for it
        uow.policyholders.link_user(ticket.owner_id, issued.policyholder.id)
    return EffectResult({"contract_number": issued.contract.number, "premium": issued.contract.premium})


@effect("renew_contract")
def renew_contract(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                   results: dict[str, Any]) -> EffectResult:
    try:
        issued = env.insurance.renew(int(ticket.fields["contract"]), uow=uow)
    except (ContractRefused, InsuranceError) as error:
        raise EffectRefused(line=_refusal(error)) from None
    return EffectResult({"contract_number": issued.contract.number, "premium": issued.contract.premium})


@effect("issue_endorsement")
def issue_endorsement(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                      results: dict[str, Any]) -> EffectResult:
    try:
        issued = env.insurance.add_endorsement(endorsement_request(ticket.fields), uow=uow)
    except (EndorsementRefused, InsuranceError) as error:
        raise EffectRefused(line=_refusal(error)) from None
    return EffectResult({"endorsement_number": issued.endorsement.number, "amount": issued.endorsement.amount})


@effect("record_payment")
def record_payment(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                   results: dict[str, Any]) -> EffectResult:
    """The policyholder's cheque for the balance due; the receipt PDF goes to the requester."""
    number = int(results.get("contract_number") or ticket.fields["contract"])
    try:
        receipt = env.insurance.record_payment(number, from_iso(inputs["paid_on"]).togregorian(),
                                               inputs["cheque_number"], uow=uow)
        pdf = env.insurance.receipt_pdf(receipt.payment.receipt_number, uow=uow)
    except InsuranceError as error:
        raise EffectRefused(line=_refusal(error)) from None
    n = receipt.payment.receipt_number
    caption = Line("insurance_chat.receipt_caption", {"receipt": n, "contract": number,
                                                      "amount": receipt.payment.amount})
    return EffectResult({"receipt_number": n, "amount": receipt.payment.amount},
                        (Document(f"receipt-{n}.pdf", pdf, caption=caption),))


# ---- what the expert sees before approving -------------------------------------------------------

def _rule_totals(premiums: Iterable[PersonPremium]) -> list[Line]:
    """The breakdown per rule: how many persons each rule touched and its amount in all."""
    count: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    percents: dict[str, set[int]] = defaultdict(set)
    for p in premiums:
        for r in p.rules:
            count[r.code] += 1
            total[r.code] += r.amount
            percents[r.code].add(r.percent)
    order = ("exempt", "age_surcharge", "extra_risk", "group_discount")
    return [Line("insurance_chat.review.rule", {"rule": Line(f"insurance_chat.rule.{code}"), "persons": count[code],
                                                "amount": total[code]})
            for code in order if code in count]


def _person_lines(premiums: Sequence[PersonPremium], persons: Sequence[Person]) -> list[Line]:
    names = {p.national_id: p.full_name for p in persons}
    lines = []
    for p in premiums[:SHOWN_PERSONS]:
        rules = [Line("insurance_chat.review.person_rule", {"rule": Line(f"insurance_chat.rule.{r.code}"),
                                                             "percent": r.percent}) for r in p.rules] or "—"
        lines.append(Line("insurance_chat.review.person", {"name": names.get(p.national_id, ""),
                                                           "national_id": p.national_id, "premium": p.premium,
                                                           "rules": rules}))
    if len(premiums) > SHOWN_PERSONS:
        lines.append(Line("insurance_chat.review.more_persons", {"count": len(premiums) - SHOWN_PERSONS}))
    return lines


def _quote_lines(quote: ContractQuote, persons: Sequence[Person]) -> list[Line]:
    base = quote.terms.rate * len(quote.premiums)
    return [
        Line("insurance_chat.review.terms", {"plan": Line(f"plan.{quote.terms.plan}"),
                                             "death_capital": quote.terms.death_capital,
                                             "medical_capital": quote.terms.medical_capital,
                                             "start": quote.terms.start.isoformat(), "end": quote.terms.end.isoformat(),
                                             "days": quote.days}),
        Line("insurance_chat.review.base", {"persons": len(quote.premiums), "rate": quote.terms.rate, "total": base,
                                            "discount": quote.discount_percent}),
        *_rule_totals(quote.premiums),
        Line("insurance_chat.review.premium", {"premium": quote.premium}),
        Line("insurance_chat.review.above_authority" if quote.above_authority else "insurance_chat.review.within_authority",
             {"commitment": quote.terms.commitment, "limit": quote.authority_limit, "office": quote.office}),
        *_person_lines(quote.premiums, persons),
    ]


def _results_lines(results: dict[str, Any]) -> list[Line]:
    if "contract_number" in results:
        return [Line("insurance_chat.review.issued", {"number": results["contract_number"],
                                                      "premium": results.get("premium", 0)})]
    return []


@review("contract_quote")
def contract_quote(env: HookEnv, user: User, ticket, results: dict[str, Any]) -> list[Line]:  # noqa: ANN001
    if "contract_number" in results:
        return _results_lines(results)
    try:
        request = contract_request(ticket.fields, env)
        quote = env.insurance.quote_contract(request)
    except (ContractRefused, InsuranceError, KeyError) as error:
        return [_refusal(error)]
    return [Line("insurance_chat.review.title"), *_quote_lines(quote, request.persons)]


@review("renewal_quote")
def renewal_quote(env: HookEnv, user: User, ticket, results: dict[str, Any]) -> list[Line]:  # noqa: ANN001
    if "contract_number" in results:
        return _results_lines(results)
    number = int(ticket.fields["contract"])
    try:
        quote = env.insurance.renewal_quote(number)
        view = env.insurance.contract(number)
    except (ContractRefused, InsuranceError) as error:
        return [_refusal(error)]
    persons = [m.person for m in view.members]
    return [Line("insurance_chat.review.renewal_title", {"number": number}), *_quote_lines(quote, persons)]


def _endorsement_lines(quote: EndorsementQuote) -> list[Line]:
    lines = [Line("insurance_chat.review.endorsement", {
        "kind": Line(f"endorsement_kind.{quote.kind}"), "effective": quote.effective.isoformat(),
        "cover_days": quote.cover_days, "remaining_days": quote.remaining_days, "contract_days": quote.contract_days})]
    for line in quote.lines[:SHOWN_PERSONS]:
        lines.append(Line("insurance_chat.review.endorsement_line", {"national_id": line.national_id,
                                                                     "amount": line.amount}))
    if len(quote.lines) > SHOWN_PERSONS:
        lines.append(Line("insurance_chat.review.more_persons", {"count": len(quote.lines) - SHOWN_PERSONS}))
    if quote.kind in CANCELLATIONS and quote.short_term_percent is not None:
        lines.append(Line("insurance_chat.review.short_term", {"percent": quote.short_term_percent}))
    if quote.kind == NO_FINANCIAL:
        lines.append(Line("insurance_chat.review.corrections", {"count": len(quote.details.get("corrections", []))}))
    key = "insurance_chat.review.owed" if quote.amount > 0 else "insurance_chat.review.refund"
    lines.append(Line(key, {"amount": abs(quote.amount)}))
    return lines


@review("endorsement_quote")
def endorsement_quote(env: HookEnv, user: User, ticket, results: dict[str, Any]) -> list[Line]:  # noqa: ANN001
    if "endorsement_number" in results:
        return [Line("insurance_chat.review.endorsement_issued", {"number": results["endorsement_number"],
                                                                  "amount": results.get("amount", 0)})]
    try:
        quote = env.insurance.quote_endorsement(endorsement_request(ticket.fields))
    except (EndorsementRefused, InsuranceError, KeyError) as error:
        return [_refusal(error)]
    return [Line("insurance_chat.review.endorsement_title", {"contract": ticket.fields["contract"]}),
            *_endorsement_lines(quote)]
