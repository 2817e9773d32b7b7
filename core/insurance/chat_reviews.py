"""What the issuing office sees of the insurer's chat requests before acting (the types' reviews):
the premium per rule and per person, the authority check, an existing policyholder the request
may mean, an endorsement's amount per person; and, once done, the quote or what was issued."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from core.insurance.chat_effects import REFUSALS, _candidates, contract_request
from core.insurance.chat_hooks import endorsement_request, refusal
from core.insurance.endorsements import EndorsementQuote
from core.insurance.models import CANCELLATIONS, NO_FINANCIAL, Person
from core.insurance.premium import PersonPremium
from core.insurance.service_types import ContractQuote
from core.models import User
from core.request_hooks import HookEnv, Line, review

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
                                                "amount": total[code]})
            for code in RULE_ORDER if code in count]


def _person_lines(premiums: Sequence[PersonPremium], persons: Sequence[Person]) -> list[Line]:
    names = {p.national_id: p.full_name for p in persons}
    lines = []
    for p in premiums[:SHOWN_PERSONS]:
        rules = [Line("insurance_chat.review.person_rule", {"rule": Line(f"insurance_chat.rule.{r.code}"),
                                                            "percent": r.percent}) for r in p.rules]
        lines.append(Line("insurance_chat.review.person", {
            "name": names.get(p.national_id, ""), "national_id": p.national_id, "premium": p.premium,
            "rules": rules or "-"}))
    if len(premiums) > SHOWN_PERSONS:
        lines.append(Line("insurance_chat.review.more_persons", {"count": len(premiums) - SHOWN_PERSONS}))
    return lines


def quote_lines(quote: ContractQuote, persons: Sequence[Person]) -> list[Line]:
    base = quote.terms.rate * len(quote.premiums)
    lines = [
        Line("insurance_chat.review.terms", {"plan": Line(f"plan.{quote.terms.plan}"),
                                             "death_capital": quote.terms.death_capital,
                                             "medical_capital": quote.terms.medical_capital,
                                             "start": quote.terms.start.isoformat(), "end": quote.terms.end.isoformat(),
                                             "days": quote.days}),
        Line("insurance_chat.review.base", {"persons": len(quote.premiums), "rate": quote.terms.rate, "total": base,
                                            "discount": quote.discount_percent}),
        *_rule_totals(quote.premiums),
        Line("insurance_chat.review.premium", {"premium": quote.annual_premium}),
    ]
    if quote.premium != quote.annual_premium:  # a term shorter than a year pays its share
        lines.append(Line("insurance_chat.review.prorated", {"days": quote.days, "premium": quote.premium}))
    lines += [
        Line("insurance_chat.review.above_authority" if quote.above_authority else "insurance_chat.review.within_authority",
             {"commitment": quote.terms.commitment, "limit": quote.authority_limit, "office": quote.office}),
        *_person_lines(quote.premiums, persons),
    ]
    return lines


def _done_lines(results: dict[str, Any]) -> list[Line] | None:
    """Once quoted or issued: what went out, instead of a quote worked out again."""
    if "receipt_number" in results or ("contract_number" in results and "endorsement_number" not in results):
        return [Line("insurance_chat.review.issued", {"number": results["contract_number"],
                                                      "premium": results.get("premium", 0)})]
    if "endorsement_number" in results:
        return [Line("insurance_chat.review.endorsement_issued", {"number": results["endorsement_number"],
                                                                  "amount": results.get("amount", 0)})]
    if "proposal_number" in results:
        return [Line("insurance_chat.review.quoted", {"proposal": results["proposal_number"],
                                                      "amount": results.get("premium", results.get("amount", 0))})]
    return None


def _holder_lines(env: HookEnv, ticket, results: dict[str, Any]) -> list[Line]:  # noqa: ANN001
    """An existing policyholder the request's name or identifier matches: the expert decides first."""
    if "_holder_decision" in results:
        key = "insurance_chat.review.holder_same" if results["_holder_decision"] == "same" else \
            "insurance_chat.review.holder_new"
        return [Line(key)]
    with env.uow_factory(write=False) as uow:
        found = _candidates(uow, ticket)
    return [Line("insurance_chat.review.holder_match", {"name": h.name, "identifier": h.identifier or "-"})
            for h in found] + ([Line("insurance_chat.review.holder_decide")] if found else [])


@review("contract_quote")
def contract_quote(env: HookEnv, user: User, ticket, results: dict[str, Any]) -> list[Line]:  # noqa: ANN001
    done = _done_lines(results)
    if done is not None:
        return done
    try:
        request = contract_request(ticket.fields, int(results.get("discount_percent", 0)))
        quote = env.insurance.quote_contract(request)
    except (*REFUSALS, KeyError) as error:
        return [refusal(error)]
    return [Line("insurance_chat.review.title"), *_holder_lines(env, ticket, results),
            *quote_lines(quote, request.persons)]


@review("renewal_quote")
def renewal_quote(env: HookEnv, user: User, ticket, results: dict[str, Any]) -> list[Line]:  # noqa: ANN001
    done = _done_lines(results)
    if done is not None:
        return done
    number = int(ticket.fields["contract"])
    try:
        quote = env.insurance.renewal_quote(number)
    except REFUSALS as error:
        return [refusal(error)]
    persons = [m.person for m in env.insurance.members_on(number, quote.terms.start - timedelta(days=1))]
    return [Line("insurance_chat.review.renewal_title", {"number": number}), *quote_lines(quote, persons)]


def endorsement_lines(quote: EndorsementQuote) -> list[Line]:
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
    done = _done_lines(results)
    if done is not None:
        return done
    try:
        quote = env.insurance.endorsements.quote(endorsement_request(ticket.fields))
    except (*REFUSALS, KeyError) as error:
        return [refusal(error)]
    return [Line("insurance_chat.review.endorsement_title", {"contract": ticket.fields["contract"]}),
            *endorsement_lines(quote)]
