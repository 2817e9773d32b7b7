"""What the insurer's requests (a contract, an endorsement, a renewal) share: reading rosters,
the person's own contracts, a refusal as a line for the person, the path of an issuing workflow
(the quote, the cheque, what it issues) with its conditions and effects, and the quote's review lines.

Everything here calls InsuranceService (``env.insurance``). Text for people is catalog keys
(``insurance.*``, ``insurance_chat.*``) with params. Effects run inside the transition's transaction
(the services' ``within(uow)``), so the proposal or the register numbers, the ticket's move and the
notifications commit together.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from core.insurance.contracts.document_codes import ENDORSEMENT, QUOTE, RECEIPT
from core.insurance.contracts.endorsements import EndorsementRefused
from core.insurance.contracts.premium import PersonPremium
from core.insurance.contracts.proposals import ContractProposal, IssuedProposal, person_of, person_row
from core.insurance.contracts.roster import RosterUnreadable, RowProblem
from core.insurance.contracts.service_types import ContractQuote, ContractRequest, InsuranceError
from core.insurance.contracts.terms import ContractRefused, ContractTerms, above_authority
from core.insurance.shared.models import (
    ACTIVE,
    Contract,
    Person,
    Proposal,
)
from core.jalali import from_iso
from core.models import Ticket, User
from core.ports import UnitOfWork
from core.requests.hooks import (
    AnswerRefused,
    Document,
    EffectRefused,
    EffectResult,
    HookEnv,
    Line,
    Option,
    condition,
    effect,
    file_parser,
)
from core.values import Day, LeftToRight, Money
from core.workflow.definition import OWNER, Action, ActionInput, Workflow

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
    columns = params.get("columns")
    if isinstance(columns, tuple):  # missing_columns: the column codes
        params["columns"] = [Line(f"insurance.column.{c}") for c in columns]
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


def own_contracts(env: HookEnv, user: User) -> list[Contract]:
    holder = env.insurance.policyholder_of(user.id)
    if holder is None:
        return []
    return [c for c in env.insurance.contracts_of(holder.id) if c.status == ACTIVE]


def contract_option(contract: Contract) -> Option:
    return Option(str(contract.number), Line("insurance_chat.contract_option", {
        "number": contract.number, "start": Day(contract.start), "end": Day(contract.end)}))


REFUSALS = (ContractRefused, EndorsementRefused, InsuranceError)


def contract_request(fields: dict[str, Any], discount: int | None = None) -> ContractRequest:
    return ContractRequest(
        policyholder=fields["policyholder_name"], plan=fields["plan"], death_capital=int(fields["death_capital"]),
        medical_capital=int(fields.get("medical_capital") or 0), rate=int(fields["rate"]),
        start=from_iso(fields["start_date"]).togregorian(), persons=persons_of(fields["roster"]),
        policyholder_kind=fields["policyholder_kind"], discount_percent=discount or 0,
        policyholder_identifier=fields.get("policyholder_identifier"),
        medical_rate=int(fields.get("medical_rate") or 0))


def agreed_discount(inputs: dict[str, Any], results: dict[str, Any]) -> int:
    """The group discount the expert agreed (asked with the approval; the manager's keeps it)."""
    return int(inputs.get("discount_percent", results.get("discount_percent", 0)))


@condition("above_authority")
def is_above_authority(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """The commitment per person is above the issuing office's limit: the manager approves."""
    settings = env.insurance.settings
    if ticket.request_type == "renewal_request":
        old = env.insurance.within(uow).contract(int(ticket.fields["contract"])).contract
        terms = ContractTerms(old.plan, old.death_capital, old.medical_capital, old.rate, old.start, old.end)
        return above_authority(terms, settings.authority_limit(old.office))
    f = ticket.fields
    start = from_iso(f["start_date"]).togregorian()
    terms = ContractTerms(f["plan"], int(f["death_capital"]), int(f.get("medical_capital") or 0), int(f["rate"]),
                          start, start)
    return above_authority(terms, settings.authority_limit(settings.default_office))


@condition("quote_free")
def quote_free(env: HookEnv, uow: UnitOfWork, ticket: Ticket, results: dict[str, Any]) -> bool:
    """The quote costs nothing (everyone on the roster is exempt): issued without waiting for a cheque."""
    try:
        if ticket.request_type == "renewal_request":
            return env.insurance.within(uow).renewal_quote(int(ticket.fields["contract"])).premium == 0
        return env.insurance.quote_contract(contract_request(ticket.fields)).premium == 0
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None


def quote_documents(env: HookEnv, uow: UnitOfWork,
                    proposal: Proposal) -> tuple[tuple[Document, ...], tuple[Line, ...]]:
    caption = Line("insurance_chat.quote_caption", {"proposal": proposal.number, "amount": Money(proposal.amount)})
    return env.documents.for_effect(QUOTE, proposal.number, env.document_label, uow, caption)


def proposed_result(env: HookEnv, uow: UnitOfWork, proposed: ContractProposal, discount: int) -> EffectResult:
    """The quote went out (a document and its figures), or it cost nothing and was issued at once."""
    if proposed.issued is not None:
        return EffectResult({"proposal_number": proposed.proposal.number,
                             "contract_number": proposed.issued.contract.number, "premium": 0})
    documents, notes = quote_documents(env, uow, proposed.proposal)
    return EffectResult({"proposal_number": proposed.proposal.number, "premium": proposed.proposal.amount,
                         "discount_percent": discount}, documents, notes)


@effect("pay_proposal")
def pay_proposal(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                 results: dict[str, Any]) -> EffectResult:
    """The policyholder's cheque for the quote: the receipt (four copies, to the requester as a PDF),
    and the contract, renewal or endorsement issued with its number."""
    try:
        issued: IssuedProposal = env.insurance.within(uow).proposals.pay(
            int(results["proposal_number"]), date.fromisoformat(inputs["paid_on"]), inputs["cheque_number"],
            actor=actor.username)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    assert issued.payment is not None
    n = issued.payment.receipt_number
    values: dict[str, Any] = {"receipt_number": n, "contract_number": issued.contract.number}
    if issued.endorsement is not None:
        values["endorsement_number"] = issued.endorsement.number
        caption = Line("insurance_chat.endorsement_receipt_caption", {
            "receipt": n, "endorsement": issued.endorsement.number, "contract": issued.contract.number,
            "amount": Money(issued.payment.amount)})
    else:
        caption = Line("insurance_chat.receipt_caption", {"receipt": n, "contract": issued.contract.number,
                                                          "amount": Money(issued.payment.amount)})
    # the payment stands even when its receipt cannot be made: the requester is told why and how to reprint it
    documents, notes = env.documents.for_effect(RECEIPT, n, env.document_label, uow, caption)
    if issued.endorsement is not None:
        more, more_notes = endorsement_document(env, uow, issued.endorsement.number, issued.contract.number)
        documents, notes = documents + more, notes + more_notes
    return EffectResult(values, documents, notes)


def endorsement_document(env: HookEnv, uow: UnitOfWork, number: int,
                          contract: int) -> tuple[tuple[Document, ...], tuple[Line, ...]]:
    """The endorsement itself (الحاقیه), for the policyholder, when it is issued."""
    caption = Line("documents.endorsement_caption", {"endorsement": number, "contract": contract})
    return env.documents.for_effect(ENDORSEMENT, number, env.document_label, uow, caption)


@effect("withdraw_proposal")
def withdraw_proposal(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                      results: dict[str, Any]) -> EffectResult:
    """A request rejected or cancelled after its quote went out: the quote can no longer be paid."""
    number = results.get("proposal_number")
    if number is not None and "receipt_number" not in results:
        try:
            env.insurance.within(uow).proposals.withdraw(int(number), actor=actor.username)
        except InsuranceError:
            pass  # withdrawn already
    return EffectResult()


REASON = ActionInput("reason", "reason")


DISCOUNT = ActionInput("discount_percent", "discount_percent")


PAYMENT_INPUTS = (ActionInput("cheque_number", "reference_number"), ActionInput("paid_on", "past_date"))


EXPERT = "issuance_expert"


MANAGER = "issuance_manager"


STATES = ("issuance_review", "manager_review", "quoted", "issued", "rejected", "cancelled")


FINAL = frozenset({"issued", "rejected", "cancelled"})


def issuing_workflow(code: str, propose: str, holder_decision: bool) -> Workflow:
    """A new contract or a renewal: the same path, with its own proposing effect."""
    decisions = (
        Action("holder_same", frozenset({"issuance_review"}), "issuance_review", EXPERT, when="holder_undecided",
               effect="decide_holder_same", confirm=True, public_note=False),
        Action("holder_new", frozenset({"issuance_review"}), "issuance_review", EXPERT, when="holder_undecided",
               effect="decide_holder_new", confirm=True, public_note=False),
    ) if holder_decision else ()
    return Workflow(
        code=code,
        initial_state="issuance_review",
        states=STATES,
        final_states=FINAL,
        actions=(
            *decisions,
            Action("approve", frozenset({"issuance_review"}), "manager_review", EXPERT, (DISCOUNT,),
                   when="above_authority", confirm=True, effect="holder_decided"),
            Action("approve", frozenset({"issuance_review"}), "issued", EXPERT, (DISCOUNT,), when="quote_free",
                   effect=propose, confirm=True),
            Action("approve", frozenset({"issuance_review"}), "quoted", EXPERT, (DISCOUNT,), effect=propose,
                   confirm=True),
            Action("approve", frozenset({"manager_review"}), "issued", MANAGER, when="quote_free", effect=propose,
                   confirm=True),
            Action("approve", frozenset({"manager_review"}), "quoted", MANAGER, effect=propose, confirm=True),
            Action("reject", frozenset({"issuance_review"}), "rejected", EXPERT, (REASON,)),
            Action("reject", frozenset({"manager_review"}), "rejected", MANAGER, (REASON,)),
            Action("reject", frozenset({"quoted"}), "rejected", EXPERT, (REASON,), effect="withdraw_proposal"),
            Action("record_payment", frozenset({"quoted"}), "issued", EXPERT, PAYMENT_INPUTS, effect="pay_proposal"),
            Action("cancel", frozenset({"issuance_review", "quoted"}), "cancelled", OWNER, effect="withdraw_proposal"),
        ),
    )


SHOWN_PERSONS = 10  # persons listed one by one in a review; the rest are counted in the totals


RULE_ORDER = ("exempt", "age_surcharge", "extra_risk", "primary_insurer", "group_discount")


def _rule_totals(premiums: Iterable[PersonPremium]) -> list[Line]:
    """The breakdown per rule: how many persons each rule touched and its amount in all."""
    count: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for p in premiums:
        for r in p.rules:
            count[r.code] += 1
            total[r.code] += r.amount
    return [Line("insurance_chat.review.rule", {"rule": Line(f"insurance_chat.rule.{code}"), "persons": count[code],
                                                "amount": Money(total[code])})
            for code in RULE_ORDER if code in count]


def _person_lines(premiums: Sequence[PersonPremium], persons: Sequence[Person]) -> list[Line]:
    names = {p.national_id: p.full_name for p in persons}
    lines = []
    for p in premiums[:SHOWN_PERSONS]:
        rules = [Line("insurance_chat.review.person_rule", {"rule": Line(f"insurance_chat.rule.{r.code}"),
                                                            "percent": r.percent}) for r in p.rules]
        lines.append(Line("insurance_chat.review.person", {
            "name": names.get(p.national_id, ""), "national_id": LeftToRight(p.national_id), "premium": Money(p.premium),
            "rules": rules or "-"}))
    if len(premiums) > SHOWN_PERSONS:
        lines.append(Line("insurance_chat.review.more_persons", {"count": len(premiums) - SHOWN_PERSONS}))
    return lines


def quote_lines(quote: ContractQuote, persons: Sequence[Person]) -> list[Line]:
    base = quote.terms.rate * len(quote.premiums)
    lines = [
        Line("insurance_chat.review.terms", {"plan": Line(f"plan.{quote.terms.plan}"),
                                             "death_capital": Money(quote.terms.death_capital),
                                             "medical_capital": Money(quote.terms.medical_capital),
                                             "start": Day(quote.terms.start), "end": Day(quote.terms.end),
                                             "days": quote.days}),
        Line("insurance_chat.review.base", {"persons": len(quote.premiums), "rate": Money(quote.terms.rate), "total": Money(base),
                                            "discount": quote.discount_percent}),
        *_rule_totals(quote.premiums),
        Line("insurance_chat.review.premium", {"premium": Money(quote.annual_premium)}),
    ]
    if quote.premium != quote.annual_premium:  # a term shorter than a year pays its share
        lines.append(Line("insurance_chat.review.prorated", {"days": quote.days, "premium": Money(quote.premium)}))
    lines += [
        Line("insurance_chat.review.above_authority" if quote.above_authority else "insurance_chat.review.within_authority",
             {"commitment": Money(quote.terms.commitment), "limit": Money(quote.authority_limit), "office": quote.office}),
        *_person_lines(quote.premiums, persons),
    ]
    return lines


def done_lines(results: dict[str, Any]) -> list[Line] | None:
    """Once quoted or issued: what went out, instead of a quote worked out again."""
    if "receipt_number" in results or ("contract_number" in results and "endorsement_number" not in results):
        return [Line("insurance_chat.review.issued", {"number": results["contract_number"],
                                                      "premium": Money(results.get("premium", 0))})]
    if "endorsement_number" in results:
        return [Line("insurance_chat.review.endorsement_issued", {"number": results["endorsement_number"],
                                                                  "amount": Money(results.get("amount", 0))})]
    if "proposal_number" in results:
        return [Line("insurance_chat.review.quoted", {"proposal": results["proposal_number"],
                                                      "amount": Money(results.get("premium", results.get("amount", 0)))})]
    return None
